"""Drafts: what a member was writing, kept server-side so a quick exit or a failed send loses
nothing. Services and selectors in one place; the composer (any app's) names its slot.

A slot is a short opaque key naming one composer, such as "reply:thread:42",
"thread:board:late-nights" or "edit:post:7": a lower-case kind, then one to three parts of
letters, digits, "-" and "_", separated by colons. This module never interprets it, so any app
can keep drafts without community knowing about it. Drafts are keyed by their member alone:
nothing here can return another member's draft.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from community.infra import sql
from community.input.sanitise import SURROGATE_MESSAGE, clean_text
from community.models import Draft, User

MAX_SLOT_LENGTH = 100
SLOT_PATTERN = re.compile(r"\A[a-z][a-z0-9-]{0,19}(?::[A-Za-z0-9_-]{1,80}){1,3}\Z")
FIELD_NAME_PATTERN = re.compile(r"\A[a-z][a-z0-9_]{0,39}\Z")
MAX_FIELDS = 10
# More than any post, title and content note together, so whatever could be sent can be kept.
MAX_CHARS = 30_000
# A draft nobody came back to for this long is forgotten.
KEEP_DAYS = 30
# The most drafts one member keeps; saving another forgets the oldest.
MAX_DRAFTS_PER_MEMBER = 50


class DraftError(ValueError):
    """A draft that cannot be kept; the message is written for the member."""


def draft_slot_check(slot: object) -> str:
    """Return the slot if it is well formed; raise DraftError otherwise."""
    if not isinstance(slot, str) or len(slot) > MAX_SLOT_LENGTH or not SLOT_PATTERN.match(slot):
        raise DraftError("That is not a place a draft can be kept.")
    return slot


def _clean_fields(data: object) -> dict[str, str]:
    if not isinstance(data, Mapping):
        raise DraftError("A draft is a set of named pieces of text.")
    if len(data) > MAX_FIELDS:
        raise DraftError(f"A draft can keep at most {MAX_FIELDS} boxes.")
    cleaned: dict[str, str] = {}
    for name, value in data.items():
        if not isinstance(name, str) or not FIELD_NAME_PATTERN.match(name):
            raise DraftError("A draft's boxes are named with plain lower-case words.")
        if not isinstance(value, str):
            raise DraftError("A draft keeps text only.")
        # The one cleaning path (NUL, which PostgreSQL's JSON cannot hold, goes with the other
        # controls). Line breaks are kept in every box: the composer's own field folds them
        # when the draft is sent. A lone surrogate is refused: kept, it would break the page
        # that restores the draft.
        try:
            cleaned[name] = clean_text(value, multiline=True)
        except ValidationError as error:
            raise DraftError(SURROGATE_MESSAGE) from error
    if sum(len(value) for value in cleaned.values()) > MAX_CHARS:
        raise DraftError(
            f"That's longer than we can keep as a draft ({MAX_CHARS:,} characters). "
            "Your text is still on screen: please copy part of it somewhere safe."
        )
    return cleaned


def _is_blank(fields: Mapping[str, str]) -> bool:
    return not any(value.strip() for value in fields.values())


def _fresh_since() -> datetime:
    return timezone.now() - timedelta(days=KEEP_DAYS)


def draft_save(*, member: User, slot: str, data: object) -> Draft | None:
    """Keep what the member has written in the composer named `slot`, replacing what was kept.

    `data` is what the composer sent (checked here): field names to text. A draft with
    nothing but blanks deletes the one kept (the member cleared the box), and returns None.
    Raises DraftError, with a message for the member, for a malformed slot or data, or more
    than MAX_CHARS characters.
    """
    draft_slot_check(slot)
    fields = _clean_fields(data)
    if _is_blank(fields):
        draft_delete(member=member, slot=slot)
        return None
    draft, _created = Draft.objects.update_or_create(
        member=member, slot=slot, defaults={"fields": fields}
    )
    # Keep the table small and nothing stale: the member's expired drafts, then any beyond
    # the most recent MAX_DRAFTS_PER_MEMBER.
    mine = Draft.objects.filter(member=member)
    mine.filter(updated_at__lt=_fresh_since()).delete()
    surplus = mine.order_by("-updated_at", "-pk").values_list("pk", flat=True)[
        MAX_DRAFTS_PER_MEMBER:
    ]
    if surplus_ids := list(surplus):
        Draft.objects.filter(pk__in=surplus_ids).delete()
    return draft


def draft_delete(*, member: User, slot: str) -> bool:
    """Forget the member's draft for `slot` (sent, or cleared); True if there was one."""
    deleted, _ = Draft.objects.filter(member=member, slot=slot).delete()
    return deleted > 0


def drafts_delete_expired() -> int:
    """Forget every draft not touched for KEEP_DAYS days; returns how many went."""
    deleted, _ = Draft.objects.filter(updated_at__lt=_fresh_since()).delete()
    return deleted


def _fresh_draft_where(member: User, slot: str) -> tuple[str, list]:
    """The member's draft for `slot`, kept in the last KEEP_DAYS days, as a condition on the
    drafts table named `d`."""
    updated_at = Draft._meta.get_field("updated_at")
    return (
        "d.member_id = %s AND d.slot = %s AND d.updated_at >= %s",
        [member.pk, slot, updated_at.get_db_prep_value(_fresh_since(), connection)],
    )


def draft_kept_sql(*, member: User, slot: str) -> tuple[str, list]:
    """Whether `draft_for` finds a draft, as an SQL condition with its parameters, for a page
    that reads it together with its own values (one round trip)."""
    table = connection.ops.quote_name(Draft._meta.db_table)
    where, params = _fresh_draft_where(member, slot)
    return f"EXISTS (SELECT 1 FROM {table} d WHERE {where})", params  # noqa: S608 - names from the model


def draft_for(*, member: User, slot: str) -> Draft | None:
    """The member's own draft for `slot`, if one was kept in the last KEEP_DAYS days."""
    if not getattr(member, "is_authenticated", False):
        return None
    # In plain SQL: every page with a composer asks (see community/infra/sql.py).
    table = connection.ops.quote_name(Draft._meta.db_table)
    where, params = _fresh_draft_where(member, slot)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql.select_list(Draft, 'd')} FROM {table} d WHERE {where}",  # noqa: S608 - names from the model; values are parameters
            params,
        )
        row = cursor.fetchone()
    if row is None:
        return None
    draft = sql.model_from_row(Draft, "d", row)
    # A draft kept before text was cleaned may hold a lone surrogate (the data migration
    # cleans them; this keeps a page working whatever is stored).
    if isinstance(draft.fields, dict):
        draft.fields = {
            name: clean_text(value, drop_surrogates=True) if isinstance(value, str) else value
            for name, value in draft.fields.items()
        }
    return draft
