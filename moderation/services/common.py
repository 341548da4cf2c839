"""What every verb of moderation shares: the refusals it raises, a submission's answer, the
audit entry each verb leaves, and the desk's live news."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import transaction

from community.live import topics as live

from .. import screening
from ..models import (
    AuditEntry,
    ModerationState,
    QueueItem,
)
from ..selectors import (
    can_moderate,
    in_moderation_hours,
    next_review_time,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from community.models import User


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
    actor: User | None = None,
    reason_code: str = "",
    text: str = "",
    title: str | None = None,
    data: dict[str, Any] | None = None,
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


def _require_moderator(user: User | AnonymousUser) -> None:
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


def _content_type_id(obj: Any) -> int:
    return ContentType.objects.get_for_model(obj).pk
