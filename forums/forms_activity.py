"""The member's own forum settings: muted words and the e-mail digest."""

from django import forms

from .activity import MAX_MUTED_WORD_LENGTH, MAX_MUTED_WORDS


class ActivitySettingsForm(forms.Form):
    muted_words = forms.CharField(
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
