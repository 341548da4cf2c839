"""Submitting content: who may contribute, screening what they wrote, and opening a queue item
when it must wait for a moderator."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from .. import screening
from ..models import (
    ModerationState,
    QueueItem,
    QueueItemState,
    QueueReason,
)
from ..registry import ContentAdapter, Space, adapter_for
from ..screening import combinations
from ..screening.types import PRECEDENCE
from ..selectors import (
    Contributor,
    can_moderate,
    contributor,
    detail_tag_key,
    earlier_tags,
    in_moderation_hours,
    moderation_settings,
    screening_config,
)
from ..tasks import alert_on_call
from .common import (
    ContentBlocked,
    NotAllowedToContribute,
    Submission,
    _announce,
    _audit,
    _content_type_id,
    content_hash,
)
from .details import sync_details

if TYPE_CHECKING:
    from community.models import User


logger = logging.getLogger(__name__)


def check_may_contribute(member: User) -> Contributor:
    """Raise if the member is silenced or suspended now; otherwise return what was read (their
    standing comes in the same query)."""
    state = contributor(member)
    if state.restricted:
        until = (
            f" until {timezone.localtime(state.restricted_until):%-d %B %Y at %H:%M}"
            if state.restricted_until
            else ""
        )
        raise NotAllowedToContribute(
            f"You can't post at the moment{until}. The moderators told you why by e-mail "
            "and in your notifications."
        )
    return state


def _is_trusted_staff(member: User) -> bool:
    return can_moderate(member)


def submit(*, obj: Any, edited: bool = False, hold: bool = False) -> Submission:
    """Screen saved content and publish it or hold it. Call inside the content's transaction.

    Raises ContentBlocked (roll back and give the text back) or NotAllowedToContribute. Any
    identifying or risk finding holds the content whatever the author's trust, staff
    included; a new member's first contributions and spaces that hold everything are held
    too; a watched word set to "flag" publishes but queues the content for review.

    `obj` may be unsaved (new content whose app lets moderation save it): it is then saved
    once, with the state decided here, by the adapter's `set_state`.
    """
    adapter = adapter_for(obj)
    author = adapter.author(obj)
    created = bool(obj._state.adding)
    standing = check_may_contribute(author)
    text = adapter.text(obj)
    result = screening.screen(text, screening_config())
    if result.action == "block":
        raise ContentBlocked(result)
    # Jigsaw identification across the author's history: what they already had published,
    # with this, could identify their family.
    tags = combinations.item_tags(text, result)
    history = combinations.with_history(
        text, result, earlier_tags(author, exclude=obj), key=detail_tag_key(), tags=tags
    )
    if history:
        result = with_findings(result, history.findings)

    reasons: list[str] = []
    if result.identifying:
        reasons.append(QueueReason.IDENTIFYING)
    if result.risk:
        reasons.append(QueueReason.RISK)
    if any(f.category == "watched" and f.action == "hold" for f in result.findings):
        reasons.append(QueueReason.WATCHED_HOLD)
    space = adapter.space(obj)
    if space is not None and space.hold_everything:
        reasons.append(QueueReason.SPACE_HOLDS_ALL)
    threshold = moderation_settings().hold_first_contributions
    if not _is_trusted_staff(author) and standing.approved_count < threshold:
        reasons.append(QueueReason.NEW_MEMBER)
    if hold:
        # The content app knows this must be looked at again (an edit of hidden content).
        reasons.append(QueueReason.EDITED)
    hold = bool(reasons)
    if not hold and any(f.category == "watched" for f in result.findings):
        reasons.append(QueueReason.WATCHED_FLAG)
    if edited and hold and QueueReason.EDITED not in reasons:
        reasons.append(QueueReason.EDITED)

    state = ModerationState.HELD if hold else ModerationState.PUBLISHED
    with transaction.atomic():
        adapter.set_state(obj, state)
        item = None
        if reasons:
            item = _open_item(
                obj=obj,
                adapter=adapter,
                author=author,
                space=space,
                reasons=reasons,
                result=result,
                text=text,
                earlier=history.sources,
                created=created,
            )
            _audit(
                action="moderation.hold" if hold else "moderation.queue",
                target=obj,
                title=adapter.title(obj),
                reason_code=reasons[0],
                text=text,
                data={"item": item.pk, "reasons": reasons},
            )
            _announce("item.added", item)
            if item.urgent and not in_moderation_hours():
                _alert_on_call(item)
        sync_details(obj, text=text, tags=tags, created=created)
    return Submission(state=state, item=item, result=result)


def with_findings(
    result: screening.ScreeningResult, extra: tuple[screening.Finding, ...]
) -> screening.ScreeningResult:
    """`result` with more identifying findings (those of a combination with the author's
    history), held; one already inside an identifying finding adds nothing."""
    shown = [(f.start, f.end) for f in result.findings if f.category == "identifying"]
    added = [f for f in extra if not any(a <= f.start and f.end <= b for a, b in shown)]
    findings = tuple(
        sorted((*result.findings, *added), key=lambda f: (f.start, f.end, f.category, f.kind))
    )
    action = result.action
    if added and PRECEDENCE["hold"] > PRECEDENCE[action]:
        action = "hold"
    return screening.ScreeningResult(findings, action, result.urgent)


def _findings_json(result: screening.ScreeningResult) -> list[dict[str, Any]]:
    rows = []
    for f in result.findings:
        row: dict[str, Any] = {
            "kind": f.kind,
            "start": f.start,
            "end": f.end,
            "category": f.category,
        }
        if f.rule.startswith("combination-history"):
            row["history"] = True  # completed with the author's earlier items
        rows.append(row)
    return rows


def _open_item(
    *,
    obj: Any,
    adapter: ContentAdapter,
    author: User,
    space: Space | None,
    reasons: list[str],
    result: screening.ScreeningResult,
    text: str,
    earlier: Sequence[Any] = (),  # (content type id, object id) of the earlier items that took part
    created: bool = False,  # inserted in this transaction: nothing can be waiting for it yet
) -> QueueItem:
    """The one open item for this content, updated if it was already waiting."""
    existing = (
        None
        if created
        else QueueItem.for_instance(obj).filter(state=QueueItemState.WAITING).first()
    )
    fields = {
        "kind": adapter.kind,
        "title": adapter.title(obj)[:200],
        "author": author,
        "space_key": space.key if space else "",
        "space_label": space.label[:200] if space else "",
        "reasons": reasons,
        "findings": _findings_json(result),
        "urgent": result.urgent,
        "content_hash": content_hash(text),
        "earlier": [
            {"content_type": type_id, "object_id": object_id} for type_id, object_id in earlier
        ],
    }
    if existing is not None:
        for name, value in fields.items():
            setattr(existing, name, value)
        existing.urgent = existing.urgent or result.urgent
        existing.save()
        return existing
    return QueueItem.objects.create(
        content_type_id=_content_type_id(obj), object_id=str(obj.pk), **fields
    )


def _alert_on_call(item: QueueItem) -> None:
    transaction.on_commit(lambda: alert_on_call.enqueue(item_id=item.pk))
