"""Forms for campaigns: the campaign, its questions, updates, testimony and review.

The testimony form is built from the organisers' questions, with the fixed consent questions
after them. Like the forum composers, it keeps the member's words as a server-side draft.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms

from community.input.fields import CleanCharField
from community.site.composer import ComposerForm
from community.site.drafts import MAX_FIELDS

from .models import Campaign, TestimonyQuestion
from .services import MAX_ANSWER, MAX_SHORT_ANSWER, Consents

CONSENT_FIELDS = {
    "consent_campaigns": (
        "Quote my words, without my name, in this campaign's materials "
        "(its page, leaflets and posts)."
    ),
    "consent_parliament": (
        "Give my words, without my name, as evidence to parliament, inquiries and consultations."
    ),
    "consent_press": "Share my words, without my name, with journalists.",
    "consent_contact": (
        "The organisers may ask me for more (through a notification here, never by e-mail)."
    ),
}


# Marks a box for the pre-send check (moderation/static/moderation/screen.js): public words are
# refused on sending when they could identify someone (`campaigns.check_public_text`).
SCREEN = {"data-screen": ""}


class CampaignForm(forms.Form):
    title = CleanCharField(max_length=120, widget=forms.TextInput(attrs=SCREEN))
    aim = CleanCharField(
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, **SCREEN}),
        help_text="One or two sentences: what should change?",
    )
    background = CleanCharField(
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8, **SCREEN}),
        help_text="Why it matters. You can use Markdown. This page is public: no names or places.",
    )
    asks = CleanCharField(
        required=False,
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4, **SCREEN}),
        help_text="What you ask for, one per line.",
    )


class CampaignStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Campaign.Status.choices)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of answer", choices=TestimonyQuestion.Kind.choices)
    label = CleanCharField(label="Question", max_length=300)
    help_text = CleanCharField(label="Hint (optional)", max_length=300, required=False)
    required = forms.BooleanField(label="An answer is needed", required=False)
    choices = CleanCharField(
        label="Choices (for choice questions), one per line",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TestimonyFormSettings(forms.Form):
    intro = CleanCharField(
        label="Words above the questions",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    is_open = forms.BooleanField(label="Taking testimony now", required=False)


class UpdateForm(ComposerForm):
    title = CleanCharField(max_length=150, widget=forms.TextInput(attrs=SCREEN))
    body = CleanCharField(
        label="Your update",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8, **SCREEN}),
        help_text="Supporters are told there is news. You can use Markdown. This is public.",
    )

    draft_fields = ("title", "body")


class TestimonyAnswersForm(ComposerForm):
    """The campaign's questions, then the consent questions every testimony carries."""

    def __init__(self, data=None, *, questions: list[TestimonyQuestion], **kwargs) -> None:
        self.questions = questions
        # Text and single answers are kept as the draft (a draft holds at most MAX_FIELDS).
        keepable = (*TestimonyQuestion.TEXT_KINDS, TestimonyQuestion.Kind.SINGLE, "scale")
        self.draft_fields = tuple(q.field_name for q in questions if q.kind in keepable)[
            :MAX_FIELDS
        ]
        super().__init__(data, **kwargs)
        for question in questions:
            self.fields[question.field_name] = _field_for(question)
        for name, label in CONSENT_FIELDS.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)

    def raw_answers(self) -> dict[str, object]:
        return {q.field_name: self.cleaned_data.get(q.field_name) for q in self.questions}

    def consents(self) -> Consents:
        data = self.cleaned_data
        return Consents(
            campaigns=bool(data.get("consent_campaigns")),
            parliament=bool(data.get("consent_parliament")),
            press=bool(data.get("consent_press")),
            contact=bool(data.get("consent_contact")),
        )

    def answer_fields(self):
        return [self[q.field_name] for q in self.questions]

    def consent_fields(self):
        return [self[name] for name in CONSENT_FIELDS]


def _field_for(question: TestimonyQuestion) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.label,
        "help_text": question.help_text,
        "required": False,
    }
    kind = question.kind
    if kind == TestimonyQuestion.Kind.SHORT:
        return CleanCharField(
            max_length=MAX_SHORT_ANSWER,
            widget=forms.TextInput(attrs={"data-screen": ""}),
            **common,
        )
    if kind == TestimonyQuestion.Kind.LONG:
        return CleanCharField(
            max_length=MAX_ANSWER,
            widget=forms.Textarea(attrs={"rows": 6, "data-screen": ""}),
            **common,
        )
    if kind == TestimonyQuestion.Kind.SINGLE:
        return forms.ChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common
        )
    if kind == TestimonyQuestion.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    low = question.scale_low or "1"
    high = question.scale_high or "5"
    labels = {1: f"1 ({low})", 5: f"5 ({high})"}
    return forms.ChoiceField(
        choices=[(str(n), labels.get(n, str(n))) for n in range(1, 6)],
        widget=forms.RadioSelect,
        **common,
    )


class ConsentForm(forms.Form):
    """Only the consents: an author can change these at any time."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, label in CONSENT_FIELDS.items():
            self.fields[name] = forms.BooleanField(label=label, required=False)

    def consents(self) -> Consents:
        data = self.cleaned_data
        return Consents(
            campaigns=bool(data.get("consent_campaigns")),
            parliament=bool(data.get("consent_parliament")),
            press=bool(data.get("consent_press")),
            contact=bool(data.get("consent_contact")),
        )


class ThemesForm(forms.Form):
    themes = CleanCharField(
        required=False,
        max_length=800,
        help_text="Separate themes with commas, for example: school exclusion, police response.",
    )

    def names(self) -> list[str]:
        return [name for name in self.cleaned_data["themes"].split(",") if name.strip()]


class ExtractForm(forms.Form):
    text = CleanCharField(
        label="Quotable passage",
        max_length=3_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Paste the author's words. Write [redacted] in place of anything you take out.",
    )


class ExportForm(forms.Form):
    use = forms.ChoiceField(
        label="How will it be used?",
        choices=[
            ("campaigns", "Campaign materials"),
            ("parliament", "Evidence to parliament, inquiries and consultations"),
            ("press", "Sharing with the press"),
        ],
        help_text="Only testimony whose authors agreed to this use is included.",
    )
    theme = forms.ChoiceField(label="Theme", required=False)
    format = forms.ChoiceField(
        choices=[("csv", "Spreadsheet (.csv)"), ("docx", "Evidence bundle (.docx)")],
        widget=forms.RadioSelect,
        initial="docx",
    )

    def __init__(self, *args, themes=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        theme = cast(forms.ChoiceField, self.fields["theme"])
        theme.choices = [("", "All themes")] + [(str(t.pk), t.name) for t in themes]


class QuoteForm(forms.Form):
    """Quote a passage of a published story on the campaign page."""

    story = forms.IntegerField(label="Story number", min_value=1, max_value=2**63 - 1)
    text = CleanCharField(
        label="Passage", max_length=1_000, widget=forms.Textarea(attrs={"rows": 3})
    )


class OrganiserForm(forms.Form):
    display_name = CleanCharField(label="Member's display name", max_length=30)


# Ids are 64-bit integers in every database.
MAX_ID = 2**63 - 1
UNREADABLE_CHOICE = "That choice could not be read. Please reload the page and try again."


def _id_field() -> forms.IntegerField:
    return forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        error_messages={key: UNREADABLE_CHOICE for key in ("invalid", "min_value", "max_value")},
    )


class ActionForm(forms.Form):
    """The button an organiser pressed on a page with several, and the row it names.

    Read by a Django form so a malformed value (an id that is not a number, or beyond 64 bits)
    is a message on the page with a 400, never a 500."""

    action = forms.SlugField(
        required=False, max_length=30, error_messages={"invalid": UNREADABLE_CHOICE}
    )
    quote = _id_field()
    member = _id_field()
    question = _id_field()
    extract = _id_field()

    @property
    def chosen(self) -> str:
        """The action pressed; "" when none was, or the form could not be read."""
        return self.cleaned_data.get("action", "") if self.is_valid() else ""


def initial_from_testimony(testimony) -> dict:
    """A testimony's answers and consents as the form's initial values (to change them)."""
    initial = {}
    for key, value in testimony.answers.items():
        initial[f"q_{key}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for field in CONSENT_FIELDS:
        initial[field] = getattr(testimony, field)
    return initial
