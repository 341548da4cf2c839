"""Moderation's verbs: submit, claim, approve, reject, redact, hide, flag, escalate, sanction.

Each verb is a keyword-only function that checks who is acting, changes state in one
transaction, leaves exactly one audit entry, and returns what changed. Views, consumers,
commands and other apps all call these.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from community.live import topics as live
from community.services import notify

from . import screening
from .models import (
    AuditEntry,
    DetailTag,
    Flag,
    FlagReason,
    ModerationState,
    QueueItem,
    QueueItemState,
    QueueReason,
    Sanction,
    SanctionKind,
    Standing,
)
from .registry import adapter_for
from .screening import combinations
from .screening.types import PRECEDENCE
from .selectors import (
    active_sanctions,
    can_moderate,
    detail_tag_key,
    earlier_tags,
    in_moderation_hours,
    is_safeguarding_lead,
    moderation_settings,
    next_review_time,
    screening_config,
    source_hash,
    standing_of,
)
from .signals import decision_made
from .tasks import alert_on_call

logger = logging.getLogger(__name__)

DESK_GROUP = live.group_name("moderation", "desk")


class ContentBlocked(Exception):
    """The text uses a blocked word. Nothing was saved; give the author their text back."""

    def __init__(self, result: screening.ScreeningResult):
        self.result = result
        super().__init__(
            "Your message uses words this community doesn't allow. Please change the "
            "highlighted words and send it again; nothing you wrote has been lost."
        )


class NotAllowedToContribute(PermissionDenied):
    """The member is silenced or suspended."""


class ReasonRequired(ValueError):
    """Approving an item with identifying details or risk needs a recorded reason."""


@dataclass(frozen=True)
class Submission:
    """What happened to a submitted piece of content."""

    state: str  # ModerationState value
    item: QueueItem | None
    result: screening.ScreeningResult

    @property
    def held(self) -> bool:
        return self.state == ModerationState.HELD

    @property
    def review_by(self) -> datetime | None:
        """Out of hours, when moderators will next look at held content (None: soon)."""
        if not self.held or in_moderation_hours():
            return None
        return next_review_time()

    @property
    def show_signposting(self) -> bool:
        """A risk finding: the author sees 999 and the helplines at once."""
        return self.result.urgent


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _audit(
    *,
    action: str,
    target: Any,
    actor=None,
    reason_code: str = "",
    text: str = "",
    title: str | None = None,
    data: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.log_action(
        target,
        action,
        user=actor,
        title=title or f"{type(target)._meta.verbose_name.capitalize()} {target.pk}",
        reason_code=reason_code,
        content_hash=content_hash(text) if text else "",
        data=data or {},
    )


def _require_moderator(user) -> None:
    if not can_moderate(user):
        raise PermissionDenied("Only moderators can do that.")


def _announce(event: str, item: QueueItem) -> None:
    """Tell every open desk about a change to the queue, after commit."""

    def send() -> None:
        try:
            live.publish(
                DESK_GROUP,
                topic="moderation-desk",
                event=event,
                data={
                    "item": item.pk,
                    "state": item.state,
                    "urgent": item.urgent,
                    "claimed_by": str(item.claimed_by) if item.claimed_by_id else None,
                },
            )
        except Exception:
            # The queue is in the database and desks catch up from it; live news is a bonus.
            logger.warning("Could not announce a queue change to open desks.", exc_info=True)

    transaction.on_commit(send)


def check_may_contribute(member) -> None:
    """Raise if the member is silenced or suspended now."""
    sanction = active_sanctions(member).order_by("-kind").first()
    if sanction is not None:
        until = (
            f" until {timezone.localtime(sanction.ends_at):%-d %B %Y at %H:%M}"
            if sanction.ends_at
            else ""
        )
        raise NotAllowedToContribute(
            f"You can't post at the moment{until}. The moderators told you why by e-mail "
            "and in your notifications."
        )


def _is_trusted_staff(member) -> bool:
    return can_moderate(member)


def submit(*, obj: Any, edited: bool = False, hold: bool = False) -> Submission:
    """Screen saved content and publish it or hold it. Call inside the content's transaction.

    Raises ContentBlocked (roll back and give the text back) or NotAllowedToContribute. Any
    identifying or risk finding holds the content whatever the author's trust, staff
    included; a new member's first contributions and spaces that hold everything are held
    too; a watched word set to "flag" publishes but queues the content for review.
    """
    adapter = adapter_for(obj)
    author = adapter.author(obj)
    check_may_contribute(author)
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
    if not _is_trusted_staff(author) and standing_of(author).approved_count < threshold:
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
        sync_details(obj, text=text, tags=tags)
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


# --- A member's published details (jigsaw identification) ---------------------------------------


def sync_details(
    obj: Any, *, text: str | None = None, tags: list[combinations.Tag] | None = None
) -> None:
    """Keep the tags of an item in step with it: its details while it is published (kind,
    weight, keyed hash: never words), none otherwise. Called whenever moderation changes an
    item's state, and when a registered item is saved with a changed text or deleted."""
    adapter = adapter_for(obj)
    rows = DetailTag.objects.filter(content_type_id=_content_type_id(obj), object_id=str(obj.pk))
    author = adapter.author(obj)
    published = getattr(obj, adapter.state_field, None) == ModerationState.PUBLISHED
    if not published or author is None:
        rows.delete()
        return
    text = adapter.text(obj) if text is None else text
    source = source_hash(text)
    if rows.exists() and not rows.exclude(source_hash=source).exists():
        return  # the same text: its tags are kept already
    if tags is None:
        tags = combinations.item_tags(text, screening.screen(text, screening_config()))
    key = detail_tag_key()
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


def forget_member_details(member) -> int:
    """Every tag of a member's details (their account is being erased); returns how many."""
    deleted, _ = DetailTag.objects.filter(member=member).delete()
    return deleted


def _findings_json(result: screening.ScreeningResult) -> list[dict]:
    rows = []
    for f in result.findings:
        row = {"kind": f.kind, "start": f.start, "end": f.end, "category": f.category}
        if f.rule.startswith("combination-history"):
            row["history"] = True  # completed with the author's earlier items
        rows.append(row)
    return rows


def _open_item(*, obj, adapter, author, space, reasons, result, text, earlier=()) -> QueueItem:
    """The one open item for this content, updated if it was already waiting."""
    existing = QueueItem.for_instance(obj).filter(state=QueueItemState.WAITING).first()
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


def _content_type_id(obj) -> int:
    return ContentType.objects.get_for_model(obj).pk


def _alert_on_call(item: QueueItem) -> None:
    transaction.on_commit(lambda: alert_on_call.enqueue(item_id=item.pk))


def _decide(
    *,
    item: QueueItem,
    moderator,
    state: str,
    action: str,
    reason: str = "",
    reason_code: str = "",
    data: dict | None = None,
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


def claim(*, item: QueueItem, moderator) -> QueueItem:
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


def approve(*, item: QueueItem, moderator, reason: str = "") -> QueueItem:
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


def reject(*, item: QueueItem, moderator, reason: str, reason_code: str = "") -> QueueItem:
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


def redact(*, item: QueueItem, moderator, text: str, reason: str = "") -> QueueItem:
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


def hide(*, obj: Any, moderator, reason: str) -> None:
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


def escalate(*, item: QueueItem, moderator, note: str = "") -> QueueItem:
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


def withdraw_by_author(*, obj: Any, author) -> None:
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


def flag(*, obj: Any, flagger, reason: str, note: str = "") -> Flag:
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
            item = QueueItem.objects.create(
                content_type=ct,
                object_id=str(obj.pk),
                kind=adapter.kind,
                title=adapter.title(obj)[:200],
                author=adapter.author(obj),
                space_key=(adapter.space(obj).key if adapter.space(obj) else ""),
                space_label=(adapter.space(obj).label[:200] if adapter.space(obj) else ""),
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


def dismiss_flags(*, item: QueueItem, moderator, reason: str = "") -> QueueItem:
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
    *, member, moderator, kind: str, reason: str, ends_at: datetime | None = None
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
    opening = {
        SanctionKind.WARN: "The moderators have sent you a warning.",
        SanctionKind.SILENCE: f"The moderators have paused your posting{until}.",
        SanctionKind.SUSPEND: f"The moderators have suspended your account{until}.",
    }[record.kind]
    return f"{opening} They said: {record.reason}"


def record_audit_export(*, actor, filters: dict[str, str]) -> AuditEntry:
    """An admin exported the trail: that too is in the trail."""
    return _audit(
        action="moderation.audit_export",
        target=actor,
        actor=actor,
        title="Audit trail export",
        reason_code="export",
        data={"filters": filters},
    )


def record_space_action(
    *, target: Any, moderator, action: str, reason: str = "", data: dict | None = None
) -> AuditEntry:
    """A moderator changed how a space or thread works (lock, slow mode): one audit entry.

    For content apps, which make the change themselves and record it here.
    """
    _require_moderator(moderator)
    return _audit(
        action=action,
        target=target,
        actor=moderator,
        title=f"{type(target)._meta.verbose_name.capitalize()} {target.pk}",
        reason_code=reason[:40],
        data=data or {},
    )


class RevealRefused(Exception):
    """An e-mail address may not be revealed: not an admin, or no real reason given."""


REVEAL_REASON_MIN = 15


def email_reveal(*, member, admin, reason: str) -> str:
    """An admin sees one member's e-mail address, for a stated reason that goes in the audit
    trail with who asked and when. Moderators and organisers never see addresses; this is the
    only way staff do."""
    if not getattr(admin, "is_superuser", False):
        raise PermissionDenied("Only an admin can reveal an e-mail address.")
    reason = " ".join(reason.split())
    if len(reason) < REVEAL_REASON_MIN:
        raise RevealRefused(
            "Please say why you need this address (at least a short sentence). "
            "The reason is kept in the audit trail."
        )
    _audit(
        action="moderation.reveal_email",
        target=member,
        actor=admin,
        title=f"Member {member.pk}",
        reason_code="reveal",
        data={"reason": reason[:500]},
    )
    return member.email
