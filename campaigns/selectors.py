"""Who may see what of a campaign, and the figures organisers read.

Pages, exports and the dashboard all ask here. A campaign's public page is for everyone once it
is open; its testimony is for that campaign's organisers and staff only (anyone else gets 404,
so another campaign's testimony does not even seem to exist); a draft is for its organisers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import timezone

from community.privacy import quotes
from moderation.models import ModerationState

from .models import (
    Campaign,
    CampaignQuote,
    CampaignSupport,
    Testimony,
    TestimonyExtract,
    TestimonyQuestion,
)
from .permissions import can_see_campaign, is_campaign_staff, is_organiser, is_participant

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from community.models import User

# Whoever asks: a member, or a visitor who has not signed in.
AnyUser: TypeAlias = "User | AnonymousUser"

# Any count below this reads "fewer than 10" wherever it may leave organisers' screens.
SMALL_COUNT = 10
FEWER_THAN = f"fewer than {SMALL_COUNT}"


def campaign_or_404(user: AnyUser, slug: str) -> Campaign:
    """The campaign at this address, or 404 for anyone who may not see it."""
    campaign = Campaign.objects.filter(slug=slug).select_related("board").first()
    if campaign is None or not can_see_campaign(user, campaign):
        raise Http404
    return campaign


def organised_campaign_or_404(user: AnyUser, slug: str) -> Campaign:
    """The campaign, only for its organisers and staff; 404 for everyone else."""
    campaign = Campaign.objects.filter(slug=slug).select_related("board").first()
    if campaign is None or not is_organiser(user, campaign):
        raise Http404
    return campaign


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """Open and closed campaigns, plus the drafts the member organises (all, for staff)."""
    public = Campaign.objects.exclude(status=Campaign.Status.DRAFT)
    if is_campaign_staff(user):
        return Campaign.objects.all()
    if is_participant(user):
        return (public | Campaign.objects.filter(organisers=user)).distinct()
    return public


def supporter_count(campaign: Campaign) -> int:
    """How many members support the campaign: the only thing ever shown of them."""
    return CampaignSupport.objects.filter(campaign=campaign).count()


def is_supporter(user: AnyUser, campaign: Campaign) -> bool:
    if not user.is_authenticated:
        return False
    return CampaignSupport.objects.filter(campaign=campaign, member=user).exists()


def own_testimony(user: AnyUser, campaign: Campaign) -> Testimony | None:
    """The member's current testimony for this campaign (never a withdrawn one)."""
    if not user.is_authenticated:
        return None
    return (
        Testimony.objects.filter(campaign=campaign, author=user)
        .exclude(moderation_state=ModerationState.WITHDRAWN)
        .order_by("-created_at", "-pk")
        .first()
    )


def questions_of(campaign: Campaign) -> list[TestimonyQuestion]:
    """The campaign's questions in their order."""
    form = getattr(campaign, "testimony_form", None)
    return list(form.questions.all()) if form is not None else []


def reviewable_testimony(campaign: Campaign) -> QuerySet[Testimony]:
    """Testimony moderators approved, oldest first, with themes and extracts in two queries."""
    return (
        Testimony.objects.filter(campaign=campaign, moderation_state=ModerationState.PUBLISHED)
        .prefetch_related(
            "themes", Prefetch("extracts", queryset=TestimonyExtract.objects.order_by("pk"))
        )
        .order_by("created_at", "pk")
    )


def testimony_for_review_or_404(user: AnyUser, campaign: Campaign, testimony_id: int) -> Testimony:
    """One approved testimony of a campaign the user organises; 404 otherwise."""
    if not is_organiser(user, campaign):
        raise Http404
    testimony = reviewable_testimony(campaign).select_related("author").filter(pk=testimony_id)
    found = testimony.first()
    if found is None:
        raise Http404
    return found


def consent_field(channel: str) -> str:
    """The testimony field that records consent for a channel of `community.privacy.quotes`."""
    fields = {
        "campaigns": "consent_campaigns",
        "parliament": "consent_parliament",
        "press": "consent_press",
    }
    if channel not in fields:
        raise ValueError(f"Testimony is never used for {channel!r}.")
    return fields[channel]


def consented_testimony(campaign: Campaign, channel: str) -> QuerySet[Testimony]:
    """Approved testimony whose author consents, now, to this use of it."""
    return reviewable_testimony(campaign).filter(**{consent_field(channel): True})


def small(count: int) -> str:
    """A count as it may be shown or exported: "fewer than 10" below ten."""
    return FEWER_THAN if count < SMALL_COUNT else str(count)


@dataclass(frozen=True)
class CountRow:
    """One line of a breakdown: what was counted and how many."""

    label: str
    count: int

    @property
    def shown(self) -> str:
        return small(self.count)

    @property
    def is_small(self) -> bool:
        return self.count < SMALL_COUNT


@dataclass(frozen=True)
class QuestionCounts:
    question: TestimonyQuestion
    rows: tuple[CountRow, ...]


def counts_by_theme(testimonies: list[Testimony]) -> list[CountRow]:
    """How many testimonies carry each theme, most first (themes prefetched)."""
    counter: Counter[str] = Counter()
    for testimony in testimonies:
        counter.update({theme.name for theme in testimony.themes.all()})
    return [CountRow(name, count) for name, count in sorted(counter.items(), key=_most_first)]


def counts_by_question(
    questions: list[TestimonyQuestion], testimonies: list[Testimony]
) -> list[QuestionCounts]:
    """For each question: answers per choice or scale point, or how many answered in words."""
    result = []
    for question in questions:
        key = str(question.pk)
        counter: Counter[str] = Counter()
        for testimony in testimonies:
            value = testimony.answers.get(key)
            if value in (None, "", []):
                continue
            if question.kind in TestimonyQuestion.TEXT_KINDS:
                counter["Answered"] += 1
            elif isinstance(value, list):
                counter.update(str(v) for v in value)
            else:
                counter[str(value)] += 1
        if question.kind in TestimonyQuestion.CHOICE_KINDS:
            order = [*question.choices, *sorted(set(counter) - set(question.choices))]
        elif question.kind == TestimonyQuestion.Kind.SCALE:
            order = [str(point) for point in range(1, 6)]
        else:
            order = ["Answered"]
        rows = tuple(CountRow(label, counter.get(label, 0)) for label in order)
        result.append(QuestionCounts(question=question, rows=rows))
    return result


def counts_by_month(testimonies: list[Testimony]) -> list[CountRow]:
    """Testimonies received per month (never finer), from the first month to the last."""
    months = Counter(month_of(t.created_at) for t in testimonies)
    if not months:
        return []
    first, last = min(months), max(months)
    rows = []
    year, month = map(int, first.split("-"))
    while f"{year:04d}-{month:02d}" <= last:
        key = f"{year:04d}-{month:02d}"
        rows.append(CountRow(key, months.get(key, 0)))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return rows


def month_of(moment: datetime) -> str:
    """The month of a moment in the site's time zone, as "YYYY-MM": the finest time we show."""
    return timezone.localtime(moment).strftime("%Y-%m")


def month_label(key: str) -> str:
    """ "2026-11" as "November 2026"."""
    year, month = map(int, key.split("-"))
    return f"{MONTHS[month - 1]} {year}"


MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def _most_first(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0].lower())


def campaign_quotes(campaign: Campaign) -> list[CampaignQuote]:
    """The quotes chosen for the campaign's page, in order (shown through
    community.privacy.quotes)."""
    return list(CampaignQuote.objects.filter(campaign=campaign))


# --- What the pages show -----------------------------------------------------------------------


def shown_quotes(campaign: Campaign) -> list[dict[str, Any]]:
    """The page's quotes as they may be shown now (withdrawn ones read so): each source is asked
    through `community.privacy.quotes` every time, so a withdrawal takes effect at once."""
    shown = []
    for quote in campaign_quotes(campaign):
        status = quotes.quote_status(
            kind=quote.source_kind, object_id=quote.source_id, channel=quotes.CAMPAIGNS
        )
        shown.append(
            {
                "text": quote.text if status.usable else quotes.WITHDRAWN_TEXT,
                "usable": status.usable,
                "byline": status.byline if status.usable else "",
                "url": status.url if status.usable and quote.source_kind == "story" else "",
            }
        )
    return shown


def testimony_answered(campaign: Campaign, testimony: Testimony | None) -> list[dict[str, Any]]:
    """The member's own answers under each question, for the page that shows what they sent."""
    answered = []
    for question in questions_of(campaign):
        value = testimony.answers.get(str(question.pk)) if testimony else None
        if isinstance(value, list):
            value = ", ".join(value)
        answered.append({"label": question.label, "value": value})
    if testimony is not None and "redacted" in testimony.answers:
        answered.append({"label": "Your answers", "value": testimony.answers["redacted"]})
    return answered


def review_rows(
    testimonies: Iterable[Testimony],
    questions: list[TestimonyQuestion],
    show_pseudonyms: bool,
    *,
    first: int = 1,
) -> list[dict[str, Any]]:
    """Testimony as organisers read it: numbered, dated by month only, its answers under their
    questions, and its author's pseudonym only when they asked (`services.pseudonyms_shown`)."""
    rows = []
    for number, testimony in enumerate(testimonies, start=first):
        answers = []
        for question in questions:
            value = testimony.answers.get(str(question.pk))
            if value in (None, "", []):
                continue
            answers.append(
                {
                    "question": question,
                    "value": ", ".join(value) if isinstance(value, list) else value,
                }
            )
        if "redacted" in testimony.answers:
            answers.append({"question": None, "value": testimony.answers["redacted"]})
        rows.append(
            {
                "number": number,
                "testimony": testimony,
                "month": month_label(month_of(testimony.created_at)),
                "author": str(testimony.author) if show_pseudonyms and testimony.author else "",
                "answers": answers,
            }
        )
    return rows
