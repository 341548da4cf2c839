"""Every "may this member ..." rule for campaigns, in one place.

Services raise PermissionDenied through these; selectors and views answer 404 with them (a
campaign's testimony and organisers' pages do not even seem to exist for anyone else).
Being in the Campaign organisers group lets a member start campaigns; it never opens another
campaign: each campaign lists its own organisers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.core.exceptions import PermissionDenied

from moderation.models import ModerationState
from moderation.selectors import can_moderate, is_suspended

from .models import Campaign, Testimony

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from community.models import User

# The name a campaign's board carries (`community.discussions`): see `campaigns.board_access`.
BOARD_ACCESS_RULE = "campaigns"
START_PERMISSION = "campaigns.organise_campaigns"
MANAGE_PERMISSION = "campaigns.manage_campaigns"


def is_participant(user: User | AnonymousUser) -> TypeGuard[User]:
    """A signed-in, active member who is not suspended."""
    return bool(user.is_authenticated and user.is_active and not is_suspended(user))


def is_campaign_staff(user) -> bool:
    """Staff who may manage every campaign: admins and holders of `manage_campaigns`."""
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(MANAGE_PERMISSION))
    )


def can_start_campaign(user) -> bool:
    """Members of the Campaign organisers group (and campaign staff) may start campaigns."""
    return is_participant(user) and (user.has_perm(START_PERMISSION) or is_campaign_staff(user))


def is_organiser(user, campaign: Campaign) -> bool:
    """An organiser of this campaign (being in the group is not enough), or campaign staff."""
    if not is_participant(user):
        return False
    if is_campaign_staff(user):
        return True
    return campaign.organisers.filter(pk=user.pk).exists()


def require_organiser(user, campaign: Campaign) -> None:
    """Raise PermissionDenied unless the member organises this campaign (or is staff)."""
    if not is_organiser(user, campaign):
        raise PermissionDenied("Only this campaign's organisers can do that.")


def can_see_campaign(user, campaign: Campaign) -> bool:
    """Open and closed campaigns are public; a draft is seen by its organisers."""
    return campaign.is_public or is_organiser(user, campaign)


def may_see_draft_board(user, campaign: Campaign) -> bool:
    """A draft campaign's discussion board: its organisers, campaign staff and moderators."""
    return can_moderate(user) or is_organiser(user, campaign)


def can_edit_testimony(testimony: Testimony) -> bool:
    """Its author may change it until organisers start reviewing it, unless withdrawn."""
    return (
        testimony.reviewed_at is None
        and testimony.moderation_state != ModerationState.WITHDRAWN
        and testimony.moderation_state != ModerationState.HIDDEN
    )
