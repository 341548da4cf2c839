"""Moderators' decisions on a queue item, and the author's own withdrawal: claim, approve,
reject, redact, hide, escalate."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from community.services import notify

from ..models import (
    QueueItem,
    QueueItemState,
    QueueReason,
    Standing,
)
from ..registry import adapter_for
from ..signals import decision_made
from .common import ReasonRequired, _announce, _audit, _require_moderator
from .details import sync_details
from .submitting import _alert_on_call

if TYPE_CHECKING:
    from community.models import User


logger = logging.getLogger(__name__)


def _decide(
    *,
    item: QueueItem,
    moderator: User,
    state: str,
    action: str,
    reason: str = "",
    reason_code: str = "",
    data: dict[str, Any] | None = None,
) -> QueueItem:
    """Close an open item and write its one audit entry."""
    obj = item.content_object
    adapter = adapter_for(obj)
    item.state = state
    item.decided_by = moderator
    item.decided_at = timezone.now()
    item.decision_reason = reason[:500]
    item.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    _audit(
        action=action,
        target=obj,
        actor=moderator,
        title=adapter.title(obj),
        reason_code=reason_code,
        text=adapter.text(obj),
        data={"item": item.pk, **(data or {})},
    )
    _announce("item.closed", item)
    sync_details(obj)
    decision = state if state != QueueItemState.APPROVED else "approved"
    if action == "moderation.redact":
        decision = "redacted"
    _tell_author(obj=obj, decision=decision, reason=reason)
    transaction.on_commit(
        lambda: decision_made.send(
            sender=type(obj), instance=obj, item=item, decision=decision, reason=reason
        )
    )
    return item


AUTHOR_MESSAGES = {
    "approved": "Your {kind} has been approved and is now published.",
    "redacted": "Your {kind} is published. The moderators took out some details to keep "
    "you and your family safe.",
    "rejected": "Your {kind} was not published. The moderators said: {reason} You can change "
    "it and send it again; nothing you wrote has been lost.",
    "hidden": "Your {kind} has been hidden by the moderators. {reason}",
}


def _tell_author(*, obj: Any, decision: str, reason: str = "") -> None:
    """Tell the author what was decided, in their notifications (never who decided)."""
    adapter = adapter_for(obj)
    author = adapter.author(obj)
    if author is None or decision not in AUTHOR_MESSAGES:
        return
    wording = adapter.author_messages.get(decision, AUTHOR_MESSAGES[decision])
    message = wording.format(kind=adapter.kind, reason=reason.strip())
    notify(author, kind=f"moderation.{decision}", message=message.strip(), url=adapter.url(obj))


def _lock_open_item(item: QueueItem) -> QueueItem:
    locked = QueueItem.objects.select_for_update().get(pk=item.pk)
    if not locked.is_open:
        raise ValueError("Another moderator has already decided this item.")
    return locked


def claim(*, item: QueueItem, moderator: User) -> QueueItem:
    """Take an item, so other moderators see someone is on it."""
    _require_moderator(moderator)
    with transaction.atomic():
        item = _lock_open_item(item)
        item.claimed_by = moderator
        item.claimed_at = timezone.now()
        item.save(update_fields=["claimed_by", "claimed_at"])
        _audit(
            action="moderation.claim",
            target=item.content_object,
            actor=moderator,
            title=item.title,
            data={"item": item.pk},
        )
        _announce("item.claimed", item)
    return item


def approve(*, item: QueueItem, moderator: User, reason: str = "") -> QueueItem:
    """Publish held content (or keep flagged content published) and count it to the author."""
    _require_moderator(moderator)
    with transaction.atomic():
        item = _lock_open_item(item)
        sensitive = {QueueReason.IDENTIFYING, QueueReason.RISK} & set(item.reasons)
        if sensitive and not reason.strip():
            raise ReasonRequired(
                "This item has identifying details or a safeguarding risk: say why it can "
                "be published as it is, or redact it."
            )
        obj = item.content_object
        adapter_for(obj).on_approve(obj)
        if item.author_id:
            Standing.objects.get_or_create(member_id=item.author_id)
            Standing.objects.filter(member_id=item.author_id).update(
                approved_count=F("approved_count") + 1
            )
        return _decide(
            item=item,
            moderator=moderator,
            state=QueueItemState.APPROVED,
            action="moderation.approve",
            reason=reason,
            reason_code="override" if sensitive else "",
        )


def reject(*, item: QueueItem, moderator: User, reason: str, reason_code: str = "") -> QueueItem:
    """Refuse held content. It goes back to its author, editable; their count starts again."""
    _require_moderator(moderator)
    if not reason.strip():
        raise ReasonRequired("Tell the author why, so they can change it.")
    with transaction.atomic():
        item = _lock_open_item(item)
        obj = item.content_object
        adapter_for(obj).on_reject(obj, reason)
        if item.author_id:
            Standing.objects.get_or_create(member_id=item.author_id)
            Standing.objects.filter(member_id=item.author_id).update(
                approved_count=0, rejected_count=F("rejected_count") + 1
            )
        return _decide(
            item=item,
            moderator=moderator,
            state=QueueItemState.REJECTED,
            action="moderation.reject",
            reason=reason,
            reason_code=reason_code or "other",
        )


def redact(*, item: QueueItem, moderator: User, text: str, reason: str = "") -> QueueItem:
    """Edit details out, then publish. The trail keeps that a redaction happened, not the words."""
    _require_moderator(moderator)
    with transaction.atomic():
        item = _lock_open_item(item)
        obj = item.content_object
        adapter = adapter_for(obj)
        adapter.on_redact(obj, text)
        adapter.on_approve(obj)
        return _decide(
            item=item,
            moderator=moderator,
            state=QueueItemState.APPROVED,
            action="moderation.redact",
            reason=reason,
            reason_code="redacted",
            data={"redacted": True},
        )


def hide(*, obj: Any, moderator: User, reason: str) -> None:
    """Hide published content from everyone but its author and moderators."""
    _require_moderator(moderator)
    adapter = adapter_for(obj)
    with transaction.atomic():
        adapter.on_hide(obj)
        open_item = QueueItem.for_instance(obj).filter(state=QueueItemState.WAITING).first()
        if open_item is not None:
            _decide(
                item=open_item,
                moderator=moderator,
                state=QueueItemState.HIDDEN,
                action="moderation.hide",
                reason=reason,
                reason_code="hidden",
            )
            return
        _audit(
            action="moderation.hide",
            target=obj,
            actor=moderator,
            title=adapter.title(obj),
            reason_code="hidden",
            text=adapter.text(obj),
        )
        sync_details(obj)
        _tell_author(obj=obj, decision="hidden", reason=reason)
    transaction.on_commit(
        lambda: decision_made.send(
            sender=type(obj), instance=obj, item=None, decision="hidden", reason=reason
        )
    )


def escalate(*, item: QueueItem, moderator: User, note: str = "") -> QueueItem:
    """Pass an item to the safeguarding leads: it becomes urgent and they are told."""
    _require_moderator(moderator)
    with transaction.atomic():
        item = _lock_open_item(item)
        item.urgent = True
        item.escalated = True
        item.save(update_fields=["urgent", "escalated"])
        _audit(
            action="moderation.escalate",
            target=item.content_object,
            actor=moderator,
            title=item.title,
            reason_code="escalated",
            data={"item": item.pk},
        )
        _announce("item.escalated", item)
        _alert_on_call(item)
    return item


def withdraw_by_author(*, obj: Any, author: User) -> None:
    """The author takes their content back; an open item closes."""
    adapter = adapter_for(obj)
    if adapter.author(obj) != author:
        raise PermissionDenied("Only its author can withdraw this.")
    with transaction.atomic():
        adapter.on_withdraw(obj)
        sync_details(obj)
        open_item = QueueItem.for_instance(obj).filter(state=QueueItemState.WAITING).first()
        if open_item is not None:
            open_item.state = QueueItemState.WITHDRAWN
            open_item.decided_at = timezone.now()
            open_item.save(update_fields=["state", "decided_at"])
            _announce("item.closed", open_item)
        _audit(
            action="moderation.withdraw",
            target=obj,
            actor=author,
            title=adapter.title(obj),
            reason_code="author",
        )
