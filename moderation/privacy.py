"""What moderation holds about a member, for their own export, and what erasure removes.

Flags they made, their standing and their sanctions go with the account, and the audit trail
keeps only ids and hashes, never a member's words or name. The tags of the details in what they
had published (kept to notice a new post that, with them, could identify their family) are
deleted by `erase`, registered as an eraser, before the account goes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType

from community.privacy.services import ErasureChoice

if TYPE_CHECKING:
    from community.models import User

from .models import DetailTag, Flag, Sanction, Standing
from .registry import adapter_for
from .screening.combinations import FAMILIES, FAMILY_LABELS


def collect(member: User) -> dict[str, Any]:
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
        "details_remembered": _details(member),
    }


def _details(member: User) -> list[dict[str, str]]:
    """The kinds of detail kept (as keyed hashes, never words) from what the member had
    published, and which item each came from."""
    rows = []
    for tag in DetailTag.objects.filter(member=member).order_by("created_at", "pk"):
        family = FAMILIES.get(tag.kind, tag.kind)
        model = ContentType.objects.get_for_id(tag.content_type_id).model_class()
        try:
            kind = adapter_for(model).kind if model else "item"
        except KeyError:
            kind = "item"
        rows.append(
            {
                "detail": FAMILY_LABELS.get(family, family),
                "from": f"{kind.capitalize()} {tag.object_id}",
                "kept_since": tag.created_at.isoformat(),
            }
        )
    return rows


def erase(member: User, choice: ErasureChoice) -> None:
    """The member's detail tags go, whatever they chose to keep: they are about the member,
    and nothing of theirs will be screened again."""
    DetailTag.objects.filter(member=member).delete()
