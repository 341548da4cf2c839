"""What moderation holds about a member, for their own export. Erasure needs nothing here:
flags they made, their standing and their sanctions go with the account, and the audit trail
keeps only ids and hashes, never a member's words or name."""

from __future__ import annotations

from typing import Any

from .models import Flag, Sanction, Standing


def collect(member) -> dict[str, Any]:
    """The member's standing, the sanctions on them, and the reports they made (the reason
    and their note, not the reported words)."""
    standing = Standing.objects.filter(member=member).first()
    return {
        "approved_contributions": standing.approved_count if standing else 0,
        "sanctions": [
            {
                "kind": s.get_kind_display(),
                "reason": s.reason,
                "from": s.starts_at.isoformat(),
                "until": s.ends_at.isoformat() if s.ends_at else None,
            }
            for s in Sanction.objects.filter(member=member).order_by("starts_at", "pk")
        ],
        "reports_made": [
            {"reason": f.get_reason_display(), "note": f.note, "made_at": f.created_at.isoformat()}
            for f in Flag.objects.filter(flagger=member).order_by("created_at", "pk")
        ],
    }
