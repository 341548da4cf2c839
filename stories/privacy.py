"""What stories hold about a member, for their export, and what erasure does to it.

Registered with `community.privacy.services` from `StoriesConfig.ready()`. A published story follows
its consent record: erasure withdraws it and purges its words unless the member chose to leave
published stories in place, and then it stays with no author behind it. Stories that were not
published are always withdrawn and purged.
"""

from __future__ import annotations

from typing import Any

from community.privacy.services import ErasureChoice

from . import services
from .models import StorySubmission
from .selectors import status_of, uses_of_story


def collect(member) -> list[dict[str, Any]]:
    """Every story the member sent, as they wrote it, with its consent history and uses."""
    result = []
    for submission in (
        StorySubmission.objects.filter(author=member).prefetch_related("themes").order_by("pk")
    ):
        result.append(
            {
                "title": submission.title,
                "text": submission.body,
                "sent_at": submission.created_at.isoformat(),
                "status": status_of(submission=submission).label,
                "themes": [theme.name for theme in submission.themes.all()],
                "content_notes": list(submission.content_notes),
                "consent_history": [
                    {
                        "change": record.get_change_display(),
                        "named_as": record.byline,
                        "may_be_used_in": record.channel_labels(),
                        "until": record.expires_at.date().isoformat(),
                        "recorded_at": record.created_at.isoformat(),
                    }
                    for record in submission.consents.order_by("created_at", "pk")
                ],
                "used_in": [use.where for use in uses_of_story(submission=submission)],
            }
        )
    return result


def erase(member, choice: ErasureChoice) -> None:
    """Withdraw and purge the member's stories, but for published ones they chose to keep."""
    for submission in StorySubmission.objects.filter(author=member):
        if choice.keep_published and status_of(submission=submission).code == "published":
            continue
        services.story_erase(submission=submission, member=member)
