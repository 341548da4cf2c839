"""The member's story form: the story, its themes and notes, the byline, and consent."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django import forms
from django.utils import timezone

from community.infra.sendonce import send_key_from, send_token_new
from community.input.fields import CleanCharField
from community.privacy.quotes import CHANNELS, WEBSITE
from community.site.drafts import DraftError, draft_delete, draft_for, draft_save

from .choices import ContentNote, Naming, Region, Teller
from .models import ThemeSnippet

if TYPE_CHECKING:
    from community.models import User

logger = logging.getLogger(__name__)

MAX_TITLE = 120
MAX_BODY = 20_000


class StoryForm(forms.Form):
    """What a member sends: the story, then how it may be used (the consent step).

    Opened empty with a draft kept, it starts from the draft (`restored_from_draft`); the page
    marks the drafted boxes for drafts.js; the view keeps the draft when a send fails.
    """

    draft_fields = ("title", "body")

    title = CleanCharField(
        label="Title", max_length=MAX_TITLE, widget=forms.TextInput(attrs={"data-screen": ""})
    )
    body = CleanCharField(
        label="Your story",
        max_length=MAX_BODY,
        widget=forms.Textarea(attrs={"rows": 16, "data-composer": ""}),
        help_text=(
            "You can use Markdown. Leave out names, schools, places, dates and numbers: "
            "anything that could lead someone to your family."
        ),
    )
    themes = forms.ModelMultipleChoiceField(
        label="Themes",
        queryset=ThemeSnippet.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    content_notes = forms.MultipleChoiceField(
        label="Content notes (readers are warned before the story)",
        choices=ContentNote.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    teller = forms.ChoiceField(
        label="Who you are, for the byline",
        choices=[("", "I'd rather not say"), *Teller.choices],
        required=False,
    )
    region = forms.ChoiceField(
        label="Region, for the byline (never a town)",
        choices=[("", "I'd rather not say"), *[(r.value, r.label.capitalize()) for r in Region]],
        required=False,
    )
    # The consent step.
    naming = forms.ChoiceField(
        label="How should we name you?",
        choices=Naming.choices,
        initial=Naming.ANONYMOUS,
        widget=forms.RadioSelect,
    )
    channels = forms.MultipleChoiceField(
        label="Where may your story be used?",
        choices=list(CHANNELS.items()),
        initial=[WEBSITE],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="You can withdraw it from all of these at any time, from Your stories.",
    )
    years = forms.TypedChoiceField(
        label="For how long?",
        choices=[(2, "Two years"), (1, "One year")],
        coerce=int,
        initial=2,
        help_text="We will remind you a month before it ends, so you can renew it.",
    )
    agree = forms.BooleanField(
        label=(
            "I agree to these uses. I understand a moderator and an editor will read my story "
            "and may take out details before it is published."
        )
    )
    # One story per form page, however often it is sent: the key is saved with the story
    # (community.infra.sendonce).
    # Ticked on the page that shows a story's identifying details back: send it as it is (a
    # moderator takes them out).
    send_anyway = forms.BooleanField(required=False)
    send_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(
        self, data: Any = None, *, member: User | None = None, slot: str = "", **kwargs: Any
    ) -> None:
        self.member = member
        self.draft_slot = slot if member is not None else ""
        self.restored_from_draft = False
        initial = dict(kwargs.pop("initial", None) or {})
        if data is None and self.draft_slot and member is not None:
            kept = draft_for(member=member, slot=slot)
            restored = {
                name: value
                for name, value in (kept.fields.items() if kept else ())
                if name in self.draft_fields and isinstance(value, str)
            }
            if restored:
                initial.update(restored)
                self.restored_from_draft = True
        if data is None:
            initial.setdefault("send_token", send_token_new())
        super().__init__(data, initial=initial, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("naming") == Naming.BYLINE and not cleaned.get("teller"):
            self.add_error(
                "teller", "To be named with a byline, choose who you are (or choose anonymous)."
            )
        if not cleaned.get("channels"):
            self.add_error(
                "channels",
                "Choose at least one place your story may be used, or keep it as a draft.",
            )
        return cleaned

    def send_key(self) -> str:
        """The key this form page was made with ("" when it has none)."""
        return send_key_from(self.cleaned_data.get("send_token"))

    def expires_at(self):
        return timezone.now() + timedelta(days=365 * self.cleaned_data["years"])

    def draft_field_names(self) -> str:
        return " ".join(self.draft_fields)

    def keep_draft(self) -> None:
        """The send failed: keep the submitted words as the draft (they are on screen too)."""
        if not self.is_bound or not self.draft_slot or self.member is None:
            return
        data = {name: self.data.get(name, "") for name in self.draft_fields}
        try:
            draft_save(member=self.member, slot=self.draft_slot, data=data)
        except DraftError:
            logger.info("A failed story send was too large to keep as a draft.")

    def forget_draft(self) -> None:
        if self.draft_slot and self.member is not None:
            draft_delete(member=self.member, slot=self.draft_slot)


class ConsentForm(forms.Form):
    """Change how a story may be used (a new row in its consent ledger)."""

    naming = forms.ChoiceField(
        label="How should we name you?", choices=Naming.choices, widget=forms.RadioSelect
    )
    channels = forms.MultipleChoiceField(
        label="Where may your story be used?",
        choices=list(CHANNELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Untick everything to stop every use, or withdraw the story instead.",
    )


class SearchForm(forms.Form):
    q = CleanCharField(label="Search stories", max_length=200, required=False)
