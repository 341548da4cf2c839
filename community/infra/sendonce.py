"""Exactly-once sending: a re-sent form finds what its first send saved, or saves it.

Each form a member sends (a reply, a thread, a story, testimony, a report) carries a random
key made by the server in a hidden field (`send_token`). The key is stored WITH the item, in
the transaction that saves it, under a unique constraint on (author, key). Nothing is claimed
anywhere else, so whichever process dies when, a re-send of the same form either

- finds the item its first send committed (`AlreadySent`: the page says so and links to it), or
- saves it, because the first send never committed and left nothing behind.

Two sends racing with one key make one row: the loser's insert fails on the constraint inside a
savepoint, and it looks the winner's row up. Keys count per author only, so another member can
never learn about an item by guessing its key. Items made without a form (seeds, imports) keep
a blank key, which the constraint leaves out.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

T = TypeVar("T")

# The model field every item made from a form carries, and the constraint's shape.
KEY_FIELD = "send_key"
KEY_LENGTH = 64
_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

ALREADY_SENT = "This was already sent - here it is."


class AlreadySent(Exception):
    """This author sent this form before and it was saved: `item` is what was saved."""

    def __init__(self, item: Any) -> None:
        super().__init__(ALREADY_SENT)
        self.item = item


def send_token_new() -> str:
    """A fresh key for one form page."""
    return secrets.token_urlsafe(16)


def send_key_from(value: object) -> str:
    """The key a form carried, or "" (no key: saved without the check) when it is missing or not
    one the server could have made."""
    return value if isinstance(value, str) and _KEY.match(value) else ""


def key_field() -> models.CharField:
    """The field an item stores its send key in ("" for items made without a form)."""
    return models.CharField(max_length=KEY_LENGTH, blank=True, default="", editable=False)


def key_constraint(*, author_field: str, name: str) -> models.UniqueConstraint:
    """One item per author and key; blank keys (items made without a form) are left out."""
    return models.UniqueConstraint(
        fields=[author_field, KEY_FIELD], condition=~models.Q(**{KEY_FIELD: ""}), name=name
    )


def find_sent(items: models.QuerySet, key: str) -> Any | None:
    """The item this author's `items` saved under `key`, if any (`items` is already narrowed to
    the author)."""
    if not key:
        return None
    return items.filter(**{KEY_FIELD: key}).first()


def raise_if_sent(items: models.QuerySet, key: str) -> None:
    """Raise `AlreadySent` when this author's form with `key` was saved before.

    Called before the send's own checks, so a re-send is not refused by what its first send
    changed (slow mode, "you have already given testimony")."""
    found = find_sent(items, key)
    if found is not None:
        raise AlreadySent(found)


def save_once(items: models.QuerySet, key: str, save: Callable[[], T]) -> T:
    """Run `save` (which stores the item with `key`) in a savepoint of the caller's transaction.

    When another send with the same key committed first, the insert breaks the unique
    constraint: the savepoint is rolled back (nothing of this send stays) and `AlreadySent`
    carries the row that won. Any other integrity error is raised as it was.
    """
    try:
        with transaction.atomic():
            return save()
    except IntegrityError:
        found = find_sent(items, key)
        if found is None:
            raise
        raise AlreadySent(found) from None
