"""Moderation's verbs: submit, claim, approve, reject, redact, hide, flag, escalate, sanction.

Each verb is a keyword-only function that checks who is acting, changes state in one
transaction, leaves exactly one audit entry, and returns what changed. Views, consumers,
commands and other apps all call these, as `moderation.services.<verb>`; the modules here
group them by concern:

- `common`: the refusals verbs raise, a submission's answer, the audit entry, the desk's news;
- `submitting`: who may contribute, screening, opening a queue item;
- `details`: a member's published details, for holding what completes a jigsaw;
- `decisions`: a moderator's claim, approve, reject, redact, hide, escalate; an author's
  withdrawal;
- `reports`: members' flags, and sanctions;
- `records`: audit exports, actions on a space, revealing an e-mail address.
"""

from __future__ import annotations

# Raised by the verbs for someone who may not act; callers catch it as `services.PermissionDenied`.
from django.core.exceptions import PermissionDenied

from .common import (
    DESK_GROUP,
    ContentBlocked,
    NotAllowedToContribute,
    ReasonRequired,
    Submission,
    content_hash,
)
from .decisions import (
    AUTHOR_MESSAGES,
    approve,
    claim,
    escalate,
    hide,
    redact,
    reject,
    withdraw_by_author,
)
from .details import (
    content_deleted,
    content_saved,
    forget_member_details,
    sync_details,
)
from .records import (
    REVEAL_REASON_MIN,
    RevealRefused,
    email_reveal,
    record_audit_export,
    record_space_action,
)
from .reports import (
    dismiss_flags,
    flag,
    sanction,
)
from .submitting import (
    check_may_contribute,
    submit,
    with_findings,
)

__all__ = [
    "AUTHOR_MESSAGES",
    "DESK_GROUP",
    "REVEAL_REASON_MIN",
    "ContentBlocked",
    "NotAllowedToContribute",
    "PermissionDenied",
    "ReasonRequired",
    "RevealRefused",
    "Submission",
    "approve",
    "check_may_contribute",
    "claim",
    "content_deleted",
    "content_hash",
    "content_saved",
    "dismiss_flags",
    "email_reveal",
    "escalate",
    "flag",
    "forget_member_details",
    "hide",
    "record_audit_export",
    "record_space_action",
    "redact",
    "reject",
    "sanction",
    "submit",
    "sync_details",
    "with_findings",
    "withdraw_by_author",
]
