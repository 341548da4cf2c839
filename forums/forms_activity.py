"""Forms for the forum's own actions: the member's settings (muted words, the e-mail digest),
reactions, and the moderators' thread tools. Every value a page posts is read by one of them,
so a malformed one is a message, never a 500."""

from django import forms

from community.input.fields import CleanCharField

from .activity.muting import MAX_MUTED_WORD_LENGTH, MAX_MUTED_WORDS
from .models import Reaction


class ActivitySettingsForm(forms.Form):
    muted_words = CleanCharField(
        label="Muted words",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            f"One word or phrase a line, up to {MAX_MUTED_WORDS}, each under "
            f"{MAX_MUTED_WORD_LENGTH} characters. Posts that use them are folded away until "
            "you choose to read them. Nobody else can see your list."
        ),
    )
    digest = forms.BooleanField(
        label="E-mail me when I have new notifications",
        required=False,
        help_text=(
            "At most one e-mail each time the digest is sent, from a plain sender with the "
            "subject \u201cYou have new notifications\u201d. It gives counts and a link only: "
            "no names, no thread titles and no words from posts."
        ),
    )


class ReactionForm(forms.Form):
    """One reaction, given or taken back."""

    kind = forms.ChoiceField(
        choices=Reaction.Kind.choices,
        error_messages={
            "required": "Please choose one of the reactions under the post.",
            "invalid_choice": "Please choose one of the reactions under the post.",
        },
    )


# Slow mode a moderator may set, in seconds between one member's posts (0: off).
SLOW_MODE_CHOICES = (0, 30, 60, 300, 900)


class ThreadModerationForm(forms.Form):
    """A moderator locks or unlocks a thread, or sets its slow mode."""

    action = forms.ChoiceField(
        choices=[("lock", "Lock"), ("unlock", "Unlock"), ("slow_mode", "Slow mode")],
        error_messages={
            "required": "That action was not recognised.",
            "invalid_choice": "That action was not recognised.",
        },
    )
    seconds = forms.TypedChoiceField(
        choices=[(str(seconds), str(seconds)) for seconds in SLOW_MODE_CHOICES],
        coerce=int,
        required=False,
        empty_value=None,
        error_messages={"invalid_choice": "Please choose one of the slow mode settings."},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") == "slow_mode" and cleaned.get("seconds") is None:
            self.add_error("seconds", "Please choose one of the slow mode settings.")
        return cleaned
