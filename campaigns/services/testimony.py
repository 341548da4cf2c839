"""Testimony verbs: a member gives, changes and withdraws testimony, and chooses its uses.

Testimony goes through moderation like a post, in the same transaction, so a blocked word saves
nothing and the answers come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community.infra.sendonce import raise_if_sent, save_once
from community.models import QuoteUse, User
from community.privacy import quotes
from moderation import services as moderation
from moderation.models import ModerationState

from ..models import Campaign, Testimony, TestimonyQuestion
from ..permissions import can_edit_testimony, is_participant

MAX_ANSWER = 10_000
MAX_SHORT_ANSWER = 300
TESTIMONY_KIND = "testimony"


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
            # A multiple-choice answer comes from its form field as a list.
            values = [v for v in cast("list[object]", value or []) if v]
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
