"""A member's published details (jigsaw identification): the details each published item gives
away, kept as keyed hashes so a later item that completes the picture is held."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from .. import screening
from ..models import (
    DetailTag,
    ModerationState,
)
from ..registry import adapter_for
from ..screening import combinations
from ..selectors import (
    detail_tag_key,
    screening_config,
    source_hash,
)
from .common import _content_type_id

if TYPE_CHECKING:
    from community.models import User


logger = logging.getLogger(__name__)
# --- A member's published details (jigsaw identification) ---------------------------------------


def sync_details(
    obj: Any,
    *,
    text: str | None = None,
    tags: list[combinations.Tag] | None = None,
    created: bool = False,
) -> None:
    """Keep the tags of an item in step with it: its details while it is published (kind,
    weight, keyed hash: never words), none otherwise. Called whenever moderation changes an
    item's state, and when a registered item is saved with a changed text or deleted.
    `created`: the item was inserted in this transaction, so it has no tags to compare or
    clear (two queries saved on every new post)."""
    adapter = adapter_for(obj)
    rows = DetailTag.objects.filter(content_type_id=_content_type_id(obj), object_id=str(obj.pk))
    author = adapter.author(obj)
    published = getattr(obj, adapter.state_field, None) == ModerationState.PUBLISHED
    if not published or author is None:
        if not created:
            rows.delete()
        return
    text = adapter.text(obj) if text is None else text
    source = source_hash(text)
    if not created and rows.exists() and not rows.exclude(source_hash=source).exists():
        return  # the same text: its tags are kept already
    if tags is None:
        tags = combinations.item_tags(text, screening.screen(text, screening_config()))
    if not tags:
        if not created:
            rows.delete()
        return
    key = detail_tag_key()
    if not created:
        rows.delete()
    DetailTag.objects.bulk_create(
        DetailTag(
            member=author,
            content_type_id=_content_type_id(obj),
            object_id=str(obj.pk),
            kind=tag.kind,
            weight=tag.weight,
            digest=tag.digest(key),
            source_hash=source,
        )
        for tag in tags
    )


def content_saved(obj: Any, update_fields: Any = None) -> None:
    """A registered item was saved. If it is no longer published, or its text is not the one
    its tags came from (the author emptied or changed it without moderation), they go;
    moderation's own steps record the new text's tags when it is published again."""
    adapter = adapter_for(obj)
    rows = DetailTag.objects.filter(content_type_id=_content_type_id(obj), object_id=str(obj.pk))
    if update_fields is not None and set(update_fields) <= {adapter.state_field}:
        # A change of state (a story's consent ran out...): moderation's verbs record what is
        # published; anything else leaves nothing behind.
        if getattr(obj, adapter.state_field, None) != ModerationState.PUBLISHED:
            rows.delete()
        return
    if rows.exists() and rows.exclude(source_hash=source_hash(adapter.text(obj))).exists():
        rows.delete()


def content_deleted(obj: Any) -> None:
    """A registered item was deleted: its tags go with it."""
    DetailTag.objects.filter(content_type_id=_content_type_id(obj), object_id=str(obj.pk)).delete()


def forget_member_details(member: User) -> int:
    """Every tag of a member's details (their account is being erased); returns how many."""
    deleted, _ = DetailTag.objects.filter(member=member).delete()
    return deleted
