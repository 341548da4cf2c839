"""The testimony form's verbs: its questions (add, change, move, remove) and its settings."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from community.models import User

from ..models import Campaign, TestimonyForm, TestimonyQuestion
from ..permissions import require_organiser

MAX_QUESTIONS = 30
MAX_CHOICES = 20


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
    require_organiser(actor, campaign)
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
    require_organiser(actor, campaign)
    form = campaign.testimony_form
    form.intro = intro.replace("\x00", "").strip()[:2000]
    form.is_open = is_open
    form.save(update_fields=["intro", "is_open"])
    return form


def question_delete(*, question: TestimonyQuestion, actor: User) -> None:
    """Remove a question. Answers already given keep their words, with the question's label."""
    require_organiser(actor, question.form.campaign)
    question.delete()


def question_move(*, question: TestimonyQuestion, actor: User, up: bool) -> None:
    """Swap a question with the one above or below it."""
    require_organiser(actor, question.form.campaign)
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
