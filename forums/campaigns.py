"""Campaign verbs: start and edit a campaign, its questions and updates; support it; give,
change and withdraw testimony; review it (themes, extracts); quote on the campaign page.

Each verb checks who is acting and raises PermissionDenied or ValidationError (with a message
for the member) before anything is saved. Testimony goes through moderation like a post, in
the same transaction, so a blocked word saves nothing and the answers come back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from community.infra.sendonce import raise_if_sent, save_once
from community.input.sanitise import render_markdown
from community.models import QuoteUse, User
from community.privacy import quotes
from community.services import notify
from moderation import screening
from moderation import services as moderation
from moderation.models import AuditEntry, ModerationState
from moderation.selectors import screening_config

from .campaigns_selectors import can_start_campaign, is_campaign_staff, is_organiser
from .campaigns_tasks import tell_supporters
from .models import (
    Board,
    Campaign,
    CampaignQuote,
    CampaignSupport,
    CampaignTheme,
    CampaignUpdate,
    Testimony,
    TestimonyExtract,
    TestimonyForm,
    TestimonyQuestion,
)
from .selectors import is_participant

MAX_ANSWER = 10_000
MAX_SHORT_ANSWER = 300
MAX_QUESTIONS = 30
MAX_CHOICES = 20
MAX_THEMES = 12
REDACTED = "[redacted]"
TESTIMONY_KIND = "testimony"
STORY_KIND = "story"
# Paths under /campaigns/ that are not campaigns.
RESERVED_SLUGS = frozenset({"new"})


# --- Campaigns ---------------------------------------------------------------------------------


def _require_organiser(user, campaign: Campaign) -> None:
    if not is_organiser(user, campaign):
        raise PermissionDenied("Only this campaign's organisers can do that.")


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
        or Board.objects.filter(slug=f"campaign-{slug}").exists()
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
        campaign.board = Board.objects.create(
            slug=f"campaign-{campaign.slug}",
            title=f"Campaign: {campaign.title}"[:120],
            description=campaign.aim,
            order=100,
        )
        campaign.save()
        TestimonyForm.objects.create(campaign=campaign)
        campaign.organisers.add(creator)
    return campaign


def campaign_edit(
    *, campaign: Campaign, editor: User, title: str, aim: str, background: str, asks: str
) -> Campaign:
    """Change a campaign's words (screened again: they are public)."""
    _require_organiser(editor, campaign)
    _set_texts(campaign, title=title, aim=aim, background=background, asks=asks)
    campaign.updated_at = timezone.now()
    with transaction.atomic():
        campaign.save()
        Board.objects.filter(pk=campaign.board_id).update(
            title=f"Campaign: {campaign.title}"[:120], description=campaign.aim
        )
    return campaign


def campaign_set_status(*, campaign: Campaign, actor: User, status: str) -> Campaign:
    """Open, close or return a campaign to draft."""
    _require_organiser(actor, campaign)
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
    _require_organiser(author, campaign)
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


# --- The testimony form ------------------------------------------------------------------------


def parse_choices(text: str) -> list[str]:
    """Choices as organisers type them, one per line, without blanks or repeats."""
    seen: list[str] = []
    for line in text.splitlines():
        choice = " ".join(line.split())[:120]
        if choice and choice not in seen:
            seen.append(choice)
    return seen


def question_save(
    *,
    campaign: Campaign,
    actor: User,
    kind: str,
    label: str,
    help_text: str = "",
    required: bool = False,
    choices: list[str] | None = None,
    question: TestimonyQuestion | None = None,
) -> TestimonyQuestion:
    """Add a question to the form, or change one."""
    _require_organiser(actor, campaign)
    form = campaign.testimony_form
    label = " ".join(label.split())
    if kind not in TestimonyQuestion.Kind.values:
        raise ValidationError("Please choose what kind of question it is.")
    if not label:
        raise ValidationError("Please write the question.")
    choices = list(choices or [])
    if kind in TestimonyQuestion.CHOICE_KINDS:
        if len(choices) < 2:
            raise ValidationError("A choice question needs at least two choices, one per line.")
        if len(choices) > MAX_CHOICES:
            raise ValidationError(f"Please keep it to {MAX_CHOICES} choices.")
    else:
        choices = []
    if question is None:
        if form.questions.count() >= MAX_QUESTIONS:
            raise ValidationError(f"A form can have up to {MAX_QUESTIONS} questions.")
        last = form.questions.order_by("-order").values_list("order", flat=True).first()
        question = TestimonyQuestion(form=form, order=(last or 0) + 1)
    elif question.form_id != form.pk:
        raise PermissionDenied("That question belongs to another campaign.")
    question.kind = kind
    question.label = label[:300]
    question.help_text = " ".join(help_text.split())[:300]
    question.required = required
    question.choices = choices
    question.save()
    return question


def testimony_form_update(
    *, campaign: Campaign, actor: User, intro: str, is_open: bool
) -> TestimonyForm:
    """Change the words above the questions, and whether testimony is being taken."""
    _require_organiser(actor, campaign)
    form = campaign.testimony_form
    form.intro = intro.replace("\x00", "").strip()[:2000]
    form.is_open = is_open
    form.save(update_fields=["intro", "is_open"])
    return form


def question_delete(*, question: TestimonyQuestion, actor: User) -> None:
    """Remove a question. Answers already given keep their words, with the question's label."""
    _require_organiser(actor, question.form.campaign)
    question.delete()


def question_move(*, question: TestimonyQuestion, actor: User, up: bool) -> None:
    """Swap a question with the one above or below it."""
    _require_organiser(actor, question.form.campaign)
    siblings = list(question.form.questions.order_by("order", "pk"))
    index = siblings.index(question)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    with transaction.atomic():
        for position, item in enumerate(siblings, start=1):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])


# --- Testimony ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Consents:
    """The fixed consent answers every testimony carries."""

    campaigns: bool = False
    parliament: bool = False
    press: bool = False
    contact: bool = False


@dataclass(frozen=True)
class Submitted:
    testimony: Testimony
    submission: moderation.Submission


def clean_answers(questions: list[TestimonyQuestion], raw: dict[str, object]) -> dict[str, object]:
    """The member's answers, checked against the questions. Raises ValidationError listing
    every problem (the form shows them beside the answers, which stay as typed)."""
    answers: dict[str, object] = {}
    problems: dict[str, str] = {}
    for question in questions:
        value = raw.get(question.field_name)
        key = str(question.pk)
        if question.kind in TestimonyQuestion.TEXT_KINDS:
            text = str(value or "").replace("\x00", "").strip()
            limit = (
                MAX_SHORT_ANSWER if question.kind == TestimonyQuestion.Kind.SHORT else MAX_ANSWER
            )
            if len(text) > limit:
                problems[question.field_name] = f"Please keep this under {limit:,} characters."
            elif text:
                answers[key] = text
        elif question.kind == TestimonyQuestion.Kind.SINGLE:
            if value:
                if value not in question.choices:
                    problems[question.field_name] = "Please choose one of the answers."
                else:
                    answers[key] = value
        elif question.kind == TestimonyQuestion.Kind.MULTIPLE:
            values = [v for v in (value or []) if v]
            if any(v not in question.choices for v in values):
                problems[question.field_name] = "Please choose from the answers given."
            elif values:
                answers[key] = [c for c in question.choices if c in values]
        elif question.kind == TestimonyQuestion.Kind.SCALE and value not in (None, ""):
            try:
                point = int(str(value))
            except ValueError:
                point = 0
            if not 1 <= point <= 5:
                problems[question.field_name] = "Please choose a point from 1 to 5."
            else:
                answers[key] = point
        if question.required and key not in answers and question.field_name not in problems:
            problems[question.field_name] = "Please answer this question."
    if problems:
        raise ValidationError(problems)
    if not answers:
        raise ValidationError("Please answer at least one question before you send it.")
    return answers


def _check_may_give_testimony(author: User, campaign: Campaign) -> None:
    if not is_participant(author):
        raise PermissionDenied("Please sign in to give testimony.")
    form = getattr(campaign, "testimony_form", None)
    if campaign.status != Campaign.Status.OPEN or form is None or not form.is_open:
        raise PermissionDenied("This campaign is not collecting testimony at the moment.")


def _apply(testimony: Testimony, answers: dict[str, object], consents: Consents) -> None:
    testimony.answers = answers
    testimony.consent_campaigns = consents.campaigns
    testimony.consent_parliament = consents.parliament
    testimony.consent_press = consents.press
    testimony.consent_contact = consents.contact


def testimony_submit(
    *,
    campaign: Campaign,
    author: User,
    answers: dict[str, object],
    consents: Consents,
    send_key: str = "",
) -> Submitted:
    """Send testimony. It is screened and held for a moderator before organisers see it.

    Raises PermissionDenied, ValidationError or moderation's ContentBlocked (nothing saved).
    `send_key` (the form page's key) is saved with the testimony: when this author's form with
    that key was saved before, it raises `community.infra.sendonce.AlreadySent` with that testimony.
    """
    raise_if_sent(Testimony.objects.filter(author=author), send_key)
    _check_may_give_testimony(author, campaign)
    if (
        Testimony.objects.filter(campaign=campaign, author=author)
        .exclude(moderation_state=ModerationState.WITHDRAWN)
        .exists()
    ):
        raise ValidationError("You have already given testimony here; you can change it instead.")

    def save() -> Submitted:
        testimony = Testimony(campaign=campaign, author=author, send_key=send_key)
        _apply(testimony, answers, consents)
        testimony.save()
        submission = moderation.submit(obj=testimony)
        return Submitted(testimony=testimony, submission=submission)

    # One transaction (a savepoint inside the caller's): the key is saved with the testimony or
    # not at all.
    return save_once(Testimony.objects.filter(author=author), send_key, save)


def can_edit_testimony(testimony: Testimony) -> bool:
    """Its author may change it until organisers start reviewing it, unless withdrawn."""
    return (
        testimony.reviewed_at is None
        and testimony.moderation_state != ModerationState.WITHDRAWN
        and testimony.moderation_state != ModerationState.HIDDEN
    )


def testimony_edit(
    *,
    testimony: Testimony,
    author: User,
    answers: dict[str, object],
    consents: Consents,
    send_key: str = "",
) -> Submitted:
    """The author changes their answers or consents. Screened and held again.

    A re-send of the form that first sent this testimony arrives here too (the testimony exists
    by then): its `send_key` finds what was saved and raises `community.infra.sendonce.AlreadySent`
    instead of changing anything. An edit's own key is not stored: sending an edit twice is
    harmless."""
    raise_if_sent(Testimony.objects.filter(author=author), send_key)
    if testimony.author_id != author.pk:
        raise PermissionDenied("Only its author can change this testimony.")
    if not can_edit_testimony(testimony):
        raise PermissionDenied(
            "The organisers have started reviewing your testimony, so it can't be changed now. "
            "You can still change your consent or withdraw it."
        )
    _check_may_give_testimony(author, testimony.campaign)
    with transaction.atomic():
        was_published = testimony.moderation_state == ModerationState.PUBLISHED
        _apply(testimony, answers, consents)
        testimony.edited_at = timezone.now()
        testimony.save()
        submission = moderation.submit(obj=testimony, edited=was_published)
    return Submitted(testimony=testimony, submission=submission)


def testimony_consent_change(*, testimony: Testimony, author: User, consents: Consents) -> None:
    """The author changes only how their words may be used (any time, reviewed or not).

    Taking consent away takes effect in every later export and on the campaign page at once.
    """
    if testimony.author_id != author.pk:
        raise PermissionDenied("Only its author can change this testimony.")
    _apply(testimony, testimony.answers, consents)
    testimony.save(
        update_fields=[
            "consent_campaigns",
            "consent_parliament",
            "consent_press",
            "consent_contact",
        ]
    )


def testimony_withdraw(*, testimony: Testimony, author: User) -> list[QuoteUse]:
    """The author withdraws their testimony: it leaves every later export and page.

    Returns the receipt: every earlier use of it (exports, the campaign page), oldest first.
    """
    if testimony.author_id != author.pk:
        raise PermissionDenied("Only its author can withdraw this testimony.")
    if testimony.moderation_state == ModerationState.WITHDRAWN:
        return quotes.uses_of(kind=TESTIMONY_KIND, object_id=testimony.pk)
    with transaction.atomic():
        moderation.withdraw_by_author(obj=testimony, author=author)
        Testimony.objects.filter(pk=testimony.pk).update(withdrawn_at=timezone.now())
    return quotes.uses_of(kind=TESTIMONY_KIND, object_id=testimony.pk)


# --- Review ------------------------------------------------------------------------------------


def _mark_reviewed(testimony: Testimony) -> None:
    if testimony.reviewed_at is None:
        testimony.reviewed_at = timezone.now()
        testimony.save(update_fields=["reviewed_at"])


def themes_set(*, testimony: Testimony, organiser: User, names: list[str]) -> list[CampaignTheme]:
    """Tag approved testimony with themes (made on first use, per campaign)."""
    campaign = testimony.campaign
    _require_organiser(organiser, campaign)
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
    _require_organiser(organiser, campaign)
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
    _require_organiser(organiser, testimony.campaign)
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
    _require_organiser(organiser, extract.testimony.campaign)
    with transaction.atomic():
        CampaignQuote.objects.filter(
            source_kind=TESTIMONY_KIND, source_id=extract.testimony_id, text=extract.text
        ).delete()
        extract.delete()


# --- Quotes on the campaign page ---------------------------------------------------------------


def quote_add(
    *, campaign: Campaign, organiser: User, kind: str, object_id: int, text: str
) -> CampaignQuote:
    """Show a passage of a story or testimony on the campaign's page, while its author consents
    to campaign use (checked now, and again every time the page is shown)."""
    _require_organiser(organiser, campaign)
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
    _require_organiser(organiser, quote.campaign)
    quote.delete()
