"""Background work for campaigns, through django-tasks (immediate in dev, queued in production).

Telling every supporter about an update can mean thousands of notifications: it runs after the
update is saved, outside the organiser's request.
"""

from __future__ import annotations

from django_tasks import task

from community.models import User
from community.services import notify

from .models import CampaignSupport, CampaignUpdate


@task()
def tell_supporters(*, update_id: int) -> int:
    """Notify each supporter of the update's campaign (a neutral message and a link); returns
    how many were told."""
    update = CampaignUpdate.objects.filter(pk=update_id).select_related("campaign").first()
    if update is None:
        return 0
    campaign = update.campaign
    supporters = User.objects.filter(
        pk__in=CampaignSupport.objects.filter(campaign=campaign).values("member"), is_active=True
    )
    told = 0
    for member in supporters.iterator():
        notify(
            member,
            kind="campaign.update",
            message=f"News from a campaign you support: {campaign.title}",
            url=f"{campaign.get_absolute_url()}#update-{update.pk}",
        )
        told += 1
    return told
