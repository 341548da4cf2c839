"""Forms for the moderation pages: every box a member or a moderator types in, and every id
they send, goes through a Django form, so text comes through the one cleaning path
(community.input.fields.CleanCharField) and a malformed value is a message, never a 500.

The services still decide what is allowed (a reason required, who may suspend); these forms
only make sure what reaches them is clean text and well-formed choices."""

from __future__ import annotations

from typing import Any

from django import forms

from community.input.fields import CleanCharField, first_error

from .models import FlagReason, SanctionKind

__all__ = [
    "AuditFilterForm",
    "DecisionForm",
    "DeskFilterForm",
    "ReportForm",
    "RevealForm",
    "SanctionForm",
    "ScreenForm",
    "first_error",
]

# What a reason box takes: what the queue item and the audit keep (500 characters). A longer
# reason is refused with the moderator's words back on the page, never cut short unseen.
MAX_REASON = 500
# More than any item's text: a testimony joins all its answers.
MAX_REDACTED = 200_000
# A sanction lasts at most a year (as the desk's box says); longer is a typing slip.
MAX_SANCTION_DAYS = 365
MAX_SCREEN_TEXT = 20_000


class DecisionForm(forms.Form):
    """A moderator's action on one queue item, with the reason the author may be told."""

    ACTIONS = ("claim", "approve", "reject", "redact", "escalate", "hide", "dismiss")

    action = forms.ChoiceField(
        choices=[(action, action) for action in ACTIONS],
        error_messages={
            "required": "That action was not recognised.",
            "invalid_choice": "That action was not recognised.",
        },
    )
    reason = CleanCharField(required=False, max_length=MAX_REASON, multiline=True)
    reason_template = forms.SlugField(required=False, max_length=40)
    redacted_text = CleanCharField(required=False, max_length=MAX_REDACTED, multiline=True)


class SanctionForm(forms.Form):
    """Warn, silence or suspend a member. No days: until lifted."""

    kind = forms.ChoiceField(
        choices=SanctionKind.choices,
        error_messages={
            "required": "Choose a warning, silence or suspension.",
            "invalid_choice": "Choose a warning, silence or suspension.",
        },
    )
    reason = CleanCharField(required=False, max_length=MAX_REASON, multiline=True)
    days = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_SANCTION_DAYS,
        error_messages={
            "invalid": "The number of days is a whole number.",
            "min_value": "The number of days is at least 1.",
            "max_value": f"The number of days is at most {MAX_SANCTION_DAYS}.",
        },
    )
    next = forms.CharField(required=False, max_length=500)

    def back(self) -> str:
        """Where to go afterwards: an admin page it came from, or "" (the desk)."""
        back = self.cleaned_data.get("next", "") if hasattr(self, "cleaned_data") else ""
        return back if back.startswith("/admin/") else ""


class RevealForm(forms.Form):
    """An admin's reason for seeing one member's e-mail address (audited)."""

    reason = CleanCharField(required=False, max_length=MAX_REASON, multiline=True)


class ReportForm(forms.Form):
    """A member's report of a published piece of content."""

    reason = forms.ChoiceField(
        choices=FlagReason.choices,
        error_messages={
            "required": "Please choose a reason.",
            "invalid_choice": "Please choose a reason.",
        },
    )
    note = CleanCharField(required=False, max_length=500, multiline=True)
    send_anyway = forms.BooleanField(required=False)
    # The page's send key (community.infra.sendonce).
    send_token = forms.CharField(required=False, max_length=64)


class ScreenForm(forms.Form):
    """The composer's pre-send check, when it comes as a plain form post rather than JSON."""

    text = CleanCharField(
        required=False,
        max_length=MAX_SCREEN_TEXT,
        multiline=True,
        error_messages={"max_length": "That message is too long to check."},
    )


class _Filters(forms.Form):
    """Filters from a page's query string: one that cannot be read is left out, never a 500
    (a NUL, which PostgreSQL refuses, or an id beyond 64 bits)."""

    def filters(self) -> dict[str, Any]:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class DeskFilterForm(_Filters):
    """The desk's filters."""

    reason = CleanCharField(required=False, max_length=32)
    kind = CleanCharField(required=False, max_length=32)
    space = CleanCharField(required=False, max_length=64)
    age = CleanCharField(required=False, max_length=8)


class AuditFilterForm(_Filters):
    """The audit trail's filters."""

    action = CleanCharField(required=False, max_length=64)
    actor = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    since = forms.DateTimeField(required=False)
