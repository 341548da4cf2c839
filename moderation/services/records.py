"""Records kept of what staff did: audit exports, actions on a space, and revealing an
e-mail address (with its reason, before it is shown)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from ..models import (
    AuditEntry,
)
from .common import _audit, _require_moderator

if TYPE_CHECKING:
    from community.models import User


logger = logging.getLogger(__name__)


def record_audit_export(*, actor: User, filters: dict[str, str]) -> AuditEntry:
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
    *,
    target: Any,
    moderator: User,
    action: str,
    reason: str = "",
    data: dict[str, Any] | None = None,
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


def email_reveal(*, member: User, admin: User, reason: str) -> str:
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
