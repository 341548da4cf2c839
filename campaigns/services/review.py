"""Organisers' review verbs: themes, quotable extracts (with redactions), quotes on the
campaign's page, asking an author for more, and showing pseudonyms. Each one that reveals or
reaches a member is in the audit trail.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community.models import User
from community.privacy import quotes
from community.services import notify
from moderation.models import AuditEntry, ModerationState

from ..models import (
    Campaign,
    CampaignQuote,
    CampaignTheme,
    Testimony,
    TestimonyExtract,
    TestimonyQuestion,
)
from ..permissions import require_organiser
from .campaigns import check_public_text
from .testimony import TESTIMONY_KIND

MAX_THEMES = 12
REDACTED = "[redacted]"
STORY_KIND = "story"


def _mark_reviewed(testimony: Testimony) -> None:
    if testimony.reviewed_at is None:
        testimony.reviewed_at = timezone.now()
        testimony.save(update_fields=["reviewed_at"])


def themes_set(*, testimony: Testimony, organiser: User, names: list[str]) -> list[CampaignTheme]:
    """Tag approved testimony with themes (made on first use, per campaign)."""
    campaign = testimony.campaign
    require_organiser(organiser, campaign)
    if testimony.moderation_state != ModerationState.PUBLISHED:
        raise PermissionDenied("Only approved testimony can be reviewed.")
    wanted: list[str] = []
    for name in names:
        name = " ".join(name.split())[:60]
        if name and name.lower() not in {w.lower() for w in wanted}:
            wanted.append(name)
    if len(wanted) > MAX_THEMES:
        raise ValidationError(f"Please keep it to {MAX_THEMES} themes.")
    with transaction.atomic():
        themes = []
        for name in wanted:
            existing = CampaignTheme.objects.filter(campaign=campaign, name__iexact=name).first()
            themes.append(existing or CampaignTheme.objects.create(campaign=campaign, name=name))
        testimony.themes.set(themes)
        _mark_reviewed(testimony)
    return themes


def pseudonyms_shown(*, campaign: Campaign, organiser: User, testimonies: int) -> None:
    """An organiser asked to see testimony authors' pseudonyms: that is in the audit trail."""
    require_organiser(organiser, campaign)
    AuditEntry.objects.log_action(
        campaign,
        "campaign.show_pseudonyms",
        user=organiser,
        title=f"Campaign {campaign.pk} testimony with pseudonyms",
        reason_code="pseudonyms",
        data={"testimonies": testimonies},
    )


def _normalise(text: str) -> str:
    return " ".join(text.split()).lower()


def extract_add(
    *,
    testimony: Testimony,
    organiser: User,
    text: str,
    question: TestimonyQuestion | None = None,
) -> TestimonyExtract:
    """Mark a quotable passage. Words the organiser takes out are written "[redacted]";
    everything else must be the author's own words, in their order, from one answer."""
    require_organiser(organiser, testimony.campaign)
    if testimony.moderation_state != ModerationState.PUBLISHED:
        raise PermissionDenied("Only approved testimony can be quoted.")
    text = " ".join(text.replace("\x00", "").split())
    parts = [part.strip(" .…") for part in re.split(r"\[redacted\]|…|\.\.\.", text)]
    parts = [part for part in parts if part]
    if not parts:
        raise ValidationError("Please paste the words you want to quote.")
    sources = [_normalise(value) for value in testimony.answers.values() if isinstance(value, str)]
    if not any(_in_order([_normalise(p) for p in parts], source) for source in sources):
        raise ValidationError(
            "A quote must be the author's own words from one answer. Take words out by writing "
            f"{REDACTED} in their place; don't add or change any."
        )
    with transaction.atomic():
        extract = TestimonyExtract.objects.create(
            testimony=testimony, question=question, text=text, created_by=organiser
        )
        _mark_reviewed(testimony)
    return extract


def _in_order(parts: list[str], source: str) -> bool:
    position = 0
    for part in parts:
        found = source.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def extract_remove(*, extract: TestimonyExtract, organiser: User) -> None:
    require_organiser(organiser, extract.testimony.campaign)
    with transaction.atomic():
        CampaignQuote.objects.filter(
            source_kind=TESTIMONY_KIND, source_id=extract.testimony_id, text=extract.text
        ).delete()
        extract.delete()


def testimony_ask_for_more(*, testimony: Testimony, organiser: User) -> None:
    """Ask a testimony's author for more, through a notification (never by e-mail), when they
    agreed to be asked. The organiser never learns who they are; the request is in the audit
    trail, as showing pseudonyms is."""
    campaign = testimony.campaign
    require_organiser(organiser, campaign)
    if testimony.moderation_state != ModerationState.PUBLISHED:
        raise PermissionDenied("Only approved testimony can be followed up.")
    if not testimony.consent_contact or testimony.author is None:
        raise PermissionDenied("Its author hasn't agreed to be asked for more.")
    with transaction.atomic():
        notify(
            testimony.author,
            kind="campaign.contact",
            message=(
                f"The organisers of “{campaign.title}” would like to hear more about your "
                "testimony. You can add to it or reply in the campaign's discussion."
            ),
            url=f"{campaign.get_absolute_url()}testimony/",
        )
        AuditEntry.objects.log_action(
            campaign,
            "campaign.ask_for_more",
            user=organiser,
            title=f"Campaign {campaign.pk}: author of testimony {testimony.pk} asked for more",
            reason_code="ask_for_more",
            data={"testimony": testimony.pk},
        )


# --- Quotes on the campaign page ---------------------------------------------------------------


def quote_add(
    *, campaign: Campaign, organiser: User, kind: str, object_id: int, text: str
) -> CampaignQuote:
    """Show a passage of a story or testimony on the campaign's page, while its author consents
    to campaign use (checked now, and again every time the page is shown)."""
    require_organiser(organiser, campaign)
    text = " ".join(text.split())
    if not text:
        raise ValidationError("Please paste the words to quote.")
    if kind not in (TESTIMONY_KIND, STORY_KIND):
        raise ValidationError("Quotes come from stories or testimony.")
    if (
        kind == TESTIMONY_KIND
        and not TestimonyExtract.objects.filter(
            testimony_id=object_id, testimony__campaign=campaign, text=text
        ).exists()
    ):
        raise ValidationError("Quote testimony through one of its marked extracts.")
    status = quotes.quote_status(kind=kind, object_id=object_id, channel=quotes.CAMPAIGNS)
    if not status.usable:
        raise ValidationError(
            "Its author hasn't agreed to campaign use of their words, or has withdrawn them."
        )
    check_public_text(text)
    with transaction.atomic():
        last = campaign.quotes.order_by("-order").values_list("order", flat=True).first()
        quote = CampaignQuote.objects.create(
            campaign=campaign,
            source_kind=kind,
            source_id=object_id,
            text=text,
            order=(last or 0) + 1,
        )
        quotes.record_use(
            kind=kind,
            object_id=object_id,
            channel=quotes.CAMPAIGNS,
            where=f"Quoted on the public page of the campaign “{campaign.title}”",
        )
    return quote


def quote_remove(*, quote: CampaignQuote, organiser: User) -> None:
    require_organiser(organiser, quote.campaign)
    quote.delete()
