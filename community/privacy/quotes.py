"""Quotes: a member's words used outside the place they wrote them (a story quoted on a campaign
page, testimony in an export), always under the author's current consent.

The app that owns the words registers a source kind with a resolver; the app that quotes stores
only the kind and id and asks here every time it shows or exports the quote. So a withdrawal or
an expired consent takes effect everywhere in the same request, and no app imports another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from community.models import QuoteUse

# The channels a member can consent to, named once for every app.
WEBSITE = "website"
CAMPAIGNS = "campaigns"
PRESS = "press"
PARLIAMENT = "parliament"
CHANNELS = {
    WEBSITE: "This website",
    CAMPAIGNS: "Quotes in campaigns",
    PRESS: "Sharing with the press",
    PARLIAMENT: "Evidence to parliament, inquiries and consultations",
}

WITHDRAWN_TEXT = "[withdrawn by the author]"


@dataclass(frozen=True)
class QuoteStatus:
    """What a resolver says of one quotable thing for one channel.

    `usable` is true only while the thing exists, is not withdrawn and its consent covers the
    channel. `byline` is how the author chose to be named (never a pseudonym unless chosen);
    `url` is where the whole text can be read, if public.
    """

    usable: bool
    title: str = ""
    byline: str = ""
    url: str = ""


Resolver = Callable[[int, str], QuoteStatus]
_sources: dict[str, Resolver] = {}


def register_quote_source(kind: str, resolver: Resolver) -> None:
    """Let other apps quote things of this kind; called from the owning app's `ready()`.

    `resolver(object_id, channel)` returns a `QuoteStatus`; it must answer `usable=False` for
    anything missing, withdrawn or not consented for the channel.
    """
    if kind in _sources and _sources[kind] is not resolver:
        raise ValueError(f"Quote source {kind!r} is already registered.")
    _sources[kind] = resolver


def quote_status(*, kind: str, object_id: int, channel: str) -> QuoteStatus:
    """Whether this thing may be quoted in this channel now; unknown kinds are never usable."""
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}.")
    resolver = _sources.get(kind)
    if resolver is None:
        return QuoteStatus(usable=False)
    return resolver(object_id, channel)


def quote_text(*, kind: str, object_id: int, channel: str, text: str) -> str:
    """The quote as it may be shown now: the text, or the withdrawn marker."""
    status = quote_status(kind=kind, object_id=object_id, channel=channel)
    return text if status.usable else WITHDRAWN_TEXT


def record_use(*, kind: str, object_id: int, channel: str, where: str) -> QuoteUse:
    """Remember that these words were used (shown on a page, put in an export), for the
    author's receipt if they withdraw. `where` must not name any member."""
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}.")
    return QuoteUse.objects.create(
        source_kind=kind, source_id=object_id, channel=channel, where=where[:200]
    )


def record_uses(*, kind: str, object_ids: list[int], channel: str, where: str) -> int:
    """`record_use` for many things at once (an export of many testimonies), in one insert.
    Returns how many were recorded."""
    if channel not in CHANNELS:
        raise ValueError(f"Unknown channel {channel!r}.")
    created = QuoteUse.objects.bulk_create(
        QuoteUse(source_kind=kind, source_id=object_id, channel=channel, where=where[:200])
        for object_id in object_ids
    )
    return len(created)


def uses_of(*, kind: str, object_id: int) -> list[QuoteUse]:
    """Every recorded use of this thing, oldest first (for withdrawal receipts)."""
    return list(
        QuoteUse.objects.filter(source_kind=kind, source_id=object_id).order_by("used_at", "pk")
    )
