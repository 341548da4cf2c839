"""Forum forms: the composers, which keep whatever the member typed when something is wrong,
and the circle host's invitation box.

Every box a member writes in is marked for the pre-send check (`data-composer` on the main
text, `data-screen` on the others: moderation/static/moderation/screen.js); the server screens
the same words again when they are sent (`forums.services`, through moderation)."""

from __future__ import annotations

from django import forms

from community.input.fields import CleanCharField
from community.site.composer import ComposerForm

from .services import MAX_BODY, MAX_TITLE


class ReplyForm(ComposerForm):
    body = CleanCharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 6, "data-composer": ""}),
        max_length=MAX_BODY,
        help_text="You can use Markdown. Leave out names, schools, places and numbers.",
    )
    content_note = CleanCharField(
        label="Content note (optional)",
        required=False,
        max_length=120,
        widget=forms.TextInput(attrs={"data-screen": ""}),
        help_text="For example: violence, self-harm. Your post will show folded behind it.",
    )
    # An id: a 64-bit integer in every database.
    quote_of = forms.IntegerField(
        required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput
    )


class ThreadForm(ReplyForm):
    title = CleanCharField(
        label="Title", max_length=MAX_TITLE, widget=forms.TextInput(attrs={"data-screen": ""})
    )

    field_order = ["title", "body", "content_note"]
    draft_fields = ("title", "body", "content_note")


class EditForm(ComposerForm):
    body = CleanCharField(
        label="Your post",
        widget=forms.Textarea(attrs={"rows": 8, "data-composer": ""}),
        max_length=MAX_BODY,
        help_text="Leave out names, schools, places and numbers.",
    )
    # An edit changes one post in place: sending it twice is harmless, so no key.
    send_token = None  # type: ignore[assignment]  # Django's way to drop an inherited field

    draft_fields = ("body",)


def reply_slot(thread_id: int) -> str:
    """The draft slot of a thread's reply box."""
    return f"reply:thread:{thread_id}"


def new_thread_slot(board_slug: str) -> str:
    """The draft slot of a board's "Start a thread" form."""
    return f"thread:board:{board_slug}"


def edit_slot(post_id: int) -> str:
    """The draft slot of the form that changes one post."""
    return f"edit:post:{post_id}"


class InviteForm(forms.Form):
    """The circle host's invitation box: the display name of the member to invite."""

    display_name = CleanCharField(
        label="Display name of the member to invite",
        max_length=60,
        help_text="Exactly as it appears on their posts. They'll be asked whether to join.",
    )
