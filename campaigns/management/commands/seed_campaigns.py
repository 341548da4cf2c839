"""A demo campaign for `make run` (idempotent, fictional): open, with questions, an update,
supporters, and one approved testimony with a theme and a quotable passage."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from campaigns import services as campaigns
from campaigns.models import Campaign, Testimony
from community.models import User
from moderation.models import ModerationState

SLUG = "believe-parents"
BACKGROUND = (
    "Parents who ask for help when their child is being exploited are too often treated as "
    "the problem. We are asked what we did wrong, told our children are *choosing* this, and "
    "left out of the plans made about them.\n\n"
    "This campaign gathers parents' experiences so that the people who write the guidance "
    "hear them directly."
)
ASKS = (
    "Every family gets one named contact who calls back\n"
    "Guidance that says plainly: exploited children are victims, and their parents are partners\n"
    "Training for call handlers on how to speak to a frightened parent"
)
QUESTIONS = [
    ("long", "What happened when you first asked for help?", []),
    ("single", "Who did you ask first?", ["Police", "School or college", "Social care", "GP"]),
    ("scale", "How much did you feel believed?", []),
    ("multiple", "What would have helped?", ["A named contact", "Being kept informed", "Respect"]),
]
ANSWER = (
    "I rang at two in the morning. The call handler asked whether I had tried grounding him. "
    "Nobody asked how I was, or what I knew about the people he was with."
)


class Command(BaseCommand):
    help = "Load a fictional demo campaign (idempotent)."

    def handle(self, *args, **options) -> None:
        if Campaign.objects.filter(slug=SLUG).exists():
            return
        organiser = User.objects.filter(email="organiser@example.org").first()
        if organiser is None:
            return
        with transaction.atomic():
            campaign = campaigns.campaign_create(
                creator=organiser,
                title="Believe parents",
                slug=SLUG,
                aim="Parents of exploited children should be treated as partners, not suspects.",
                background=BACKGROUND,
                asks=ASKS,
            )
            for kind, label, choices in QUESTIONS:
                campaigns.question_save(
                    campaign=campaign, actor=organiser, kind=kind, label=label, choices=choices
                )
            campaigns.campaign_set_status(
                campaign=campaign, actor=organiser, status=Campaign.Status.OPEN
            )
            for email in ("parent@example.org", "carer@example.org"):
                supporter = User.objects.filter(email=email).first()
                if supporter is not None:
                    campaigns.support_add(campaign=campaign, member=supporter)
            campaigns.update_post(
                campaign=campaign,
                author=organiser,
                title="Thank you for the first stories",
                body="In our first week, parents have shared what happened when they asked "
                "for help. We will share what we learn with the people who write the guidance.",
            )
            self._testimony(campaign, organiser)

    def _testimony(self, campaign: Campaign, organiser: User) -> None:
        author = User.objects.filter(email="carer@example.org").first()
        if author is None:
            return
        questions = {q.label: q for q in campaign.testimony_form.questions.all()}
        testimony = Testimony.objects.create(
            campaign=campaign,
            author=author,
            answers={
                str(questions[QUESTIONS[0][1]].pk): ANSWER,
                str(questions[QUESTIONS[1][1]].pk): "Police",
                str(questions[QUESTIONS[2][1]].pk): 1,
                str(questions[QUESTIONS[3][1]].pk): ["A named contact", "Respect"],
            },
            consent_campaigns=True,
            consent_parliament=True,
            # Demo data: approved as if a moderator had read it.
            moderation_state=ModerationState.PUBLISHED,
        )
        campaigns.themes_set(testimony=testimony, organiser=organiser, names=["Not believed"])
        extract = campaigns.extract_add(
            testimony=testimony,
            organiser=organiser,
            text="Nobody asked how I was, or what I knew about the people he was with.",
        )
        campaigns.quote_add(
            campaign=campaign,
            organiser=organiser,
            kind=campaigns.TESTIMONY_KIND,
            object_id=testimony.pk,
            text=extract.text,
        )
