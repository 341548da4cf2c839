"""What campaigns hold about a member, for their export, and what erasure does to it.

Registered with `community.privacy.services` from `CampaignsConfig.ready()`, after the forums'
sections (their names, "forums-testimony" and "forums-campaigns", are kept: members' earlier
exports read the same). A member's export holds their testimony as they wrote it, their
consents, where it was used, and the campaigns they support or organise. Erasure withdraws
their testimony and wipes its words unless they chose to leave what they published in place
(then it stays, with no author, under the consents they gave).
"""

from __future__ import annotations

from typing import Any

from community.privacy import quotes
from community.privacy.services import ErasureChoice
from moderation.models import ModerationState

from . import services as campaigns
from .models import Campaign, CampaignQuote, CampaignSupport, Testimony
from .selectors import questions_of


def collect_testimony(member) -> list[dict[str, Any]]:
    """Every testimony the member gave, with its answers, consents and recorded uses."""
    result = []
    for testimony in (
        Testimony.objects.filter(author=member).select_related("campaign").order_by("pk")
    ):
        labels = {str(q.pk): q.label for q in questions_of(testimony.campaign)}
        result.append(
            {
                "campaign": testimony.campaign.title,
                "sent_at": testimony.created_at.isoformat(),
                "state": testimony.get_moderation_state_display(),
                "answers": {
                    labels.get(key, "Earlier answer"): value
                    for key, value in testimony.answers.items()
                },
                "consents": {
                    "campaign materials": testimony.consent_campaigns,
                    "parliament, inquiries and consultations": testimony.consent_parliament,
                    "press": testimony.consent_press,
                    "may be asked for more": testimony.consent_contact,
                },
                "used": [
                    {"where": use.where, "when": use.used_at.isoformat()}
                    for use in quotes.uses_of(kind=campaigns.TESTIMONY_KIND, object_id=testimony.pk)
                ],
            }
        )
    return result


def collect_campaigns(member) -> dict[str, Any]:
    """The campaigns the member supports and organises."""
    supported = CampaignSupport.objects.filter(member=member).select_related("campaign")
    return {
        "supporting": [support.campaign.title for support in supported],
        "organising": list(
            Campaign.objects.filter(organisers=member).values_list("title", flat=True)
        ),
    }


def erase(member, choice: ErasureChoice) -> None:
    """Withdraw the member's testimony and wipe its words (answers, marked extracts, quotes on
    campaign pages), except, when they chose to leave what they published under its consent,
    testimony the moderators approved. Testimony still held or sent back was never published:
    it goes either way. Support and organiser places go with the account."""
    testimonies = Testimony.objects.filter(author=member)
    if choice.keep_published:
        testimonies = testimonies.exclude(moderation_state=ModerationState.PUBLISHED)
    for testimony in testimonies:
        if testimony.moderation_state != ModerationState.WITHDRAWN:
            campaigns.testimony_withdraw(testimony=testimony, author=member)
        CampaignQuote.objects.filter(
            source_kind=campaigns.TESTIMONY_KIND, source_id=testimony.pk
        ).delete()
        testimony.extracts.all().delete()
        Testimony.objects.filter(pk=testimony.pk).update(answers={})
