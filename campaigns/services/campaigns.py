"""Campaign verbs: start and edit a campaign, appoint its organisers, support it, post updates.

Each verb checks who is acting (`campaigns.permissions`) and raises PermissionDenied or
ValidationError (with a message for the member) before anything is saved.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from community.discussions import discussion_open, discussion_retitle, discussion_slug_taken
from community.input.sanitise import render_markdown
from community.models import User
from community.services import notify
from moderation import screening
from moderation.selectors import screening_config

from ..models import Campaign, CampaignSupport, CampaignUpdate, TestimonyForm
from ..permissions import (
    BOARD_ACCESS_RULE,
    can_start_campaign,
    is_campaign_staff,
    is_participant,
    require_organiser,
)
from ..tasks import tell_supporters

# Paths under /campaigns/ that are not campaigns.
RESERVED_SLUGS = frozenset({"new"})


def check_public_text(text: str) -> None:
    """Words that will be public (campaign pages, updates) must not identify anyone.

    The same screening as posts; anything identifying or about danger is refused with what was
    found, so the organiser can take it out (nothing is saved).
    """
    result = screening.screen(text, screening_config())
    if result.action == "block":
        raise ValidationError("This uses words the community doesn't allow. Please change them.")
    found = sorted(
        {screening.KINDS.get(f.kind, f.kind) for f in result.findings if f.category != "watched"}
    )
    if found:
        raise ValidationError(
            "This will be public, and it seems to include "
            + ", ".join(found)
            + ". Please take out anything that could identify a family, then save again."
        )


def _unique_slug(title: str, wanted: str = "") -> str:
    base = slugify(wanted or title)[:60] or "campaign"
    slug, n = base, 2
    while (
        slug in RESERVED_SLUGS
        or Campaign.objects.filter(slug=slug).exists()
        or discussion_slug_taken(f"campaign-{slug}")
    ):
        slug, n = f"{base}-{n}", n + 1
    return slug


def _set_texts(campaign: Campaign, *, title: str, aim: str, background: str, asks: str) -> None:
    title = " ".join(title.split())
    aim = " ".join(aim.split())
    if not title:
        raise ValidationError("Please give the campaign a title.")
    if not aim:
        raise ValidationError("Please say in a sentence or two what the campaign wants to change.")
    check_public_text("\n".join([title, aim, background, asks]))
    campaign.title = title[:120]
    campaign.aim = aim[:300]
    campaign.background = background.strip()
    campaign.background_html = render_markdown(campaign.background)
    campaign.asks = asks.strip()
    lines = [line.strip(" -*\t") for line in campaign.asks.splitlines() if line.strip(" -*\t")]
    campaign.asks_html = render_markdown("\n".join(f"- {line}" for line in lines))


def campaign_create(
    *, creator: User, title: str, aim: str, background: str = "", asks: str = "", slug: str = ""
) -> Campaign:
    """Start a campaign (as a draft) with its discussion board and an empty testimony form;
    its creator is its first organiser."""
    if not can_start_campaign(creator):
        raise PermissionDenied("Only campaign organisers can start a campaign.")
    campaign = Campaign(created_by=creator)
    _set_texts(campaign, title=title, aim=aim, background=background, asks=asks)
    with transaction.atomic():
        campaign.slug = _unique_slug(campaign.title, slug)
        # Its discussion is a forums board, opened through the registry the forums publish
        # and marked with our access rule (a draft's board is for its organisers: `board_access`).
        campaign.board_id = discussion_open(
            slug=f"campaign-{campaign.slug}",
            title=f"Campaign: {campaign.title}"[:120],
            description=campaign.aim,
            access_rule=BOARD_ACCESS_RULE,
        )
        campaign.save()
        TestimonyForm.objects.create(campaign=campaign)
        campaign.organisers.add(creator)
    return campaign


def campaign_edit(
    *, campaign: Campaign, editor: User, title: str, aim: str, background: str, asks: str
) -> Campaign:
    """Change a campaign's words (screened again: they are public)."""
    require_organiser(editor, campaign)
    _set_texts(campaign, title=title, aim=aim, background=background, asks=asks)
    campaign.updated_at = timezone.now()
    with transaction.atomic():
        campaign.save()
        discussion_retitle(
            campaign.board_id, title=f"Campaign: {campaign.title}"[:120], description=campaign.aim
        )
    return campaign


def campaign_set_status(*, campaign: Campaign, actor: User, status: str) -> Campaign:
    """Open, close or return a campaign to draft."""
    require_organiser(actor, campaign)
    if status not in Campaign.Status.values:
        raise ValidationError("Please choose draft, open or closed.")
    campaign.status = status
    campaign.updated_at = timezone.now()
    campaign.save(update_fields=["status", "updated_at"])
    return campaign


def organiser_add(*, campaign: Campaign, actor: User, member: User) -> None:
    """Staff make a member an organiser of this one campaign; the member is told."""
    if not is_campaign_staff(actor):
        raise PermissionDenied("Only staff can appoint organisers.")
    if not is_participant(member):
        raise ValidationError("That member can't take part at the moment.")
    with transaction.atomic():
        campaign.organisers.add(member)
        notify(
            member,
            kind="campaign.organiser",
            message=f"You are now an organiser of the campaign “{campaign.title}”.",
            url=f"{campaign.get_absolute_url()}organise/",
        )


def organiser_add_by_name(*, campaign: Campaign, actor: User, display_name: str) -> User:
    """`organiser_add` for the member with this display name (as staff type it)."""
    member = User.objects.filter(display_name__iexact=display_name.strip()).first()
    if member is None:
        raise ValidationError("No member has that display name.")
    organiser_add(campaign=campaign, actor=actor, member=member)
    return member


def organiser_remove(*, campaign: Campaign, actor: User, member: User) -> None:
    """Staff take a member off a campaign's organisers (the last one cannot be removed)."""
    if not is_campaign_staff(actor):
        raise PermissionDenied("Only staff can change organisers.")
    if campaign.organisers.exclude(pk=member.pk).count() == 0:
        raise ValidationError("A campaign needs at least one organiser.")
    campaign.organisers.remove(member)


# --- Support and updates -----------------------------------------------------------------------


def support_add(*, campaign: Campaign, member: User) -> bool:
    """Add the member's voice; True if it was not there already."""
    if not is_participant(member):
        raise PermissionDenied("Please sign in to support a campaign.")
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError("This campaign is not taking supporters at the moment.")
    try:
        with transaction.atomic():
            CampaignSupport.objects.create(campaign=campaign, member=member)
    except IntegrityError:
        return False
    return True


def support_remove(*, campaign: Campaign, member: User) -> bool:
    """Take the member's voice back; True if it was there."""
    deleted, _ = CampaignSupport.objects.filter(campaign=campaign, member=member).delete()
    return deleted > 0


def update_post(*, campaign: Campaign, author: User, title: str, body: str) -> CampaignUpdate:
    """Organisers post news; every supporter is told after it is saved (a background task:
    a neutral message and a link)."""
    require_organiser(author, campaign)
    title = " ".join(title.split())
    body = body.replace("\x00", "").strip()
    if not title or not body:
        raise ValidationError("Please give the update a title and some words.")
    check_public_text(f"{title}\n{body}")
    with transaction.atomic():
        update = CampaignUpdate.objects.create(
            campaign=campaign,
            author=author,
            title=title[:150],
            body=body,
            body_html=render_markdown(body),
        )
        transaction.on_commit(lambda: tell_supporters.enqueue(update_id=update.pk))
    return update
