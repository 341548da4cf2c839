"""One send per composer form: a double-clicked or re-sent form creates one post, not two.

Each composer page carries a random one-time token in a hidden field. The first send that
presents it claims it with an atomic `cache.add`; another send with the same token is a repeat
of the first (a double click, a browser retry) and creates nothing. A send that fails gives its
token back, so the member can fix their words and send again. If the cache cannot be reached
the claim is granted: a rare duplicate is better than words refused.
"""

from __future__ import annotations

import logging
import re
import secrets

from django.core.cache import cache

logger = logging.getLogger(__name__)

TOKEN_SECONDS = 60 * 60 * 24
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def send_token_new() -> str:
    """A fresh token for one composer page."""
    return secrets.token_urlsafe(16)


def _key(member_id: int, token: str) -> str:
    return f"send-once:{member_id}:{token}"


def send_claim(*, member_id: int, token: str) -> bool:
    """True for the first send of this form (or one without a usable token); False for a
    repeat."""
    if not _TOKEN.match(token or ""):
        return True
    try:
        return bool(cache.add(_key(member_id, token), 1, timeout=TOKEN_SECONDS))
    except Exception:
        logger.warning("Could not check for a repeated send; letting it through.", exc_info=True)
        return True


def send_release(*, member_id: int, token: str) -> None:
    """The send failed: the same form may be sent again."""
    if not _TOKEN.match(token or ""):
        return
    try:
        cache.delete(_key(member_id, token))
    except Exception:
        logger.warning("Could not release a send token.", exc_info=True)
