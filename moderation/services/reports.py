"""Reports from members (flags) and the sanctions moderators give."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from community.live import topics as live
from community.services import notify

from ..models import (
    Flag,
    FlagReason,
    ModerationState,
    QueueItem,
    QueueItemState,
    QueueReason,
    Sanction,
    SanctionKind,
)
from ..registry import adapter_for
from ..selectors import (
    is_safeguarding_lead,
    moderation_settings,
)
from .common import ReasonRequired, _announce, _audit, _require_moderator, content_hash
from .decisions import _decide, _lock_open_item
from .details import sync_details

if TYPE_CHECKING:
    from community.models import User


logger = logging.getLogger(__name__)


def flag(*, obj: Any, flagger: User, reason: str, note: str = "") -> Flag:
    """A member reports content. Enough different members hide it until a moderator looks."""
    if reason not in FlagReason.values:
        raise ValueError("Please choose a reason.")
    adapter = adapter_for(obj)
    if adapter.author(obj) == flagger:
        raise PermissionDenied("You can't report your own post; you can edit or delete it.")
    ct = ContentType.objects.get_for_model(obj)
    with transaction.atomic():
        try:
            with transaction.atomic():
                report = Flag.objects.create(
                    content_type=ct,
                    object_id=str(obj.pk),
                    flagger=flagger,
                    reason=reason,
                    note=note[:500],
                )
        except IntegrityError:
            return Flag.objects.get(content_type=ct, object_id=str(obj.pk), flagger=flagger)
        distinct = (
            Flag.objects.filter(content_type=ct, object_id=str(obj.pk), resolved=False)
            .values("flagger")
            .distinct()
            .count()
        )
        reasons = [QueueReason.FLAGS]
        urgent = reason == FlagReason.RISK
        hide_now = distinct >= moderation_settings().flags_to_hide
        text = adapter.text(obj)
        item = QueueItem.for_instance(obj).filter(state=QueueItemState.WAITING).first()
        if item is None:
            space = adapter.space(obj)
            item = QueueItem.objects.create(
                content_type=ct,
                object_id=str(obj.pk),
                kind=adapter.kind,
                title=adapter.title(obj)[:200],
                author=adapter.author(obj),
                space_key=(space.key if space else ""),
                space_label=(space.label[:200] if space else ""),
                reasons=reasons,
                urgent=urgent,
                content_hash=content_hash(text),
            )
            _announce("item.added", item)
        elif QueueReason.FLAGS not in item.reasons or (urgent and not item.urgent):
            item.reasons = [*item.reasons, QueueReason.FLAGS]
            item.urgent = item.urgent or urgent
            item.save(update_fields=["reasons", "urgent"])
        if hide_now and getattr(obj, adapter.state_field) == ModerationState.PUBLISHED:
            adapter.on_hide(obj)
            sync_details(obj)
            _audit(
                action="moderation.auto_hide",
                target=obj,
                title=adapter.title(obj),
                reason_code="flags",
                text=text,
                data={"item": item.pk, "flags": distinct},
            )
    return report


def dismiss_flags(*, item: QueueItem, moderator: User, reason: str = "") -> QueueItem:
    """Reviewed reported content and left (or put back) it published."""
    _require_moderator(moderator)
    with transaction.atomic():
        item = _lock_open_item(item)
        obj = item.content_object
        adapter_for(obj).on_approve(obj)
        Flag.objects.filter(content_type=item.content_type, object_id=item.object_id).update(
            resolved=True
        )
        return _decide(
            item=item,
            moderator=moderator,
            state=QueueItemState.DISMISSED,
            action="moderation.dismiss",
            reason=reason,
            reason_code="reviewed",
        )


def sanction(
    *, member: User, moderator: User, kind: str, reason: str, ends_at: datetime | None = None
) -> Sanction:
    """Warn, silence or suspend a member for a period, with a reason they are told."""
    _require_moderator(moderator)
    if kind not in SanctionKind.values:
        raise ValueError("Unknown sanction.")
    if not reason.strip():
        raise ReasonRequired("Say why: the member is told.")
    if kind == SanctionKind.SUSPEND and not (
        is_safeguarding_lead(moderator) or moderator.is_superuser
    ):
        raise PermissionDenied("Only a safeguarding lead or an admin can suspend a member.")
    with transaction.atomic():
        record = Sanction.objects.create(
            member=member, kind=kind, reason=reason[:500], ends_at=ends_at, created_by=moderator
        )
        _audit(
            action=f"moderation.{kind}",
            target=member,
            actor=moderator,
            title=f"Member {member.pk}",
            reason_code=kind,
            data={"until": ends_at.isoformat() if ends_at else None},
        )
        notify(member, kind=f"moderation.{kind}", message=_sanction_message(record))
        if kind == SanctionKind.SUSPEND:
            transaction.on_commit(lambda: live.close_member_sockets(member.pk))
    return record


def _sanction_message(record: Sanction) -> str:
    until = (
        f" until {timezone.localtime(record.ends_at):%-d %B %Y at %H:%M}" if record.ends_at else ""
    )
    openings: dict[str, str] = {
        SanctionKind.WARN: "The moderators have sent you a warning.",
        SanctionKind.SILENCE: f"The moderators have paused your posting{until}.",
        SanctionKind.SUSPEND: f"The moderators have suspended your account{until}.",
    }
    opening = openings[record.kind]
    return f"{opening} They said: {record.reason}"
