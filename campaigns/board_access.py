"""The access rule for campaigns' discussion boards, registered with `community.discussions`
from `CampaignsConfig.ready()`: a draft campaign's board is seen only by its organisers,
campaign staff and moderators; once the campaign opens (or closes), by every participant.

The forums ask this rule only about boards that carry its name, and get board ids back: no
forum query joins a campaign table.
"""

from __future__ import annotations

from collections.abc import Iterable

from moderation.selectors import can_moderate

from .models import Campaign
from .permissions import is_campaign_staff, is_participant, may_see_draft_board


class DraftCampaignBoards:
    """`community.discussions.BoardAccessRule` for boards opened by campaigns."""

    def may_see(self, user, board_id: int) -> bool:
        campaign = Campaign.objects.filter(board_id=board_id).only("pk", "status").first()
        if campaign is None or campaign.status != Campaign.Status.DRAFT:
            # Open or closed (or its campaign deleted): an ordinary board.
            return True
        return is_participant(user) and may_see_draft_board(user, campaign)

    def hidden_from(self, user) -> Iterable[int]:
        if is_campaign_staff(user) or can_moderate(user):
            return []
        drafts = Campaign.objects.filter(status=Campaign.Status.DRAFT)
        if user.is_authenticated:
            drafts = drafts.exclude(organisers=user)
        return list(drafts.values_list("board_id", flat=True))


RULE = DraftCampaignBoards()
