"""Background work for campaigns, through django-tasks (immediate in dev, queued in production).

Telling every supporter about an update can mean thousands of notifications: it runs after the
update is saved, outside the organiser's request.
"""

from __future__ import annotations

from django_tasks import task

from community.models import Notification, User
from community.services import notify

from .models import CampaignSupport, CampaignUpdate


@task()
def tell_supporters(*, update_id: int) -> int:
    """Notify each supporter of the update's campaign (a neutral message and a link); returns
    how many were told.

    Safe to run again (the task worker runs it again if its worker died part-way): a
    supporter already told of this update is not told twice."""
    update = CampaignUpdate.objects.filter(pk=update_id).select_related("campaign").first()
    if update is None:
        return 0
    campaign = update.campaign
    url = f"{campaign.get_absolute_url()}#update-{update.pk}"
    supporters = User.objects.filter(
        pk__in=CampaignSupport.objects.filter(campaign=campaign).values("member"), is_active=True
    ).exclude(
        pk__in=Notification.objects.filter(kind="campaign.update", url=url).values("recipient")
    )
    told = 0
    for member in supporters.iterator():
        notify(
            member,
            kind="campaign.update",
            message=f"News from a campaign you support: {campaign.title}",
            url=url,
        )
        told += 1
    return told
