"""Forms for the composer. They keep whatever the member typed when something is wrong."""

from django import forms

from .services import MAX_BODY, MAX_TITLE


class ReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6, "data-composer": ""}),
        max_length=MAX_BODY,
        help_text="You can use Markdown. Leave out names, schools, places and numbers.",
    )
    content_note = forms.CharField(
        label="Content note (optional)",
        required=False,
        max_length=120,
        help_text="For example: violence, self-harm. Your post will show folded behind it.",
    )
    quote_of = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ThreadForm(ReplyForm):
    title = forms.CharField(label="Title", max_length=MAX_TITLE)

    field_order = ["title", "body", "content_note"]


class EditForm(forms.Form):
    body = forms.CharField(
        label="Your post", widget=forms.Textarea(attrs={"rows": 8}), max_length=MAX_BODY
    )
