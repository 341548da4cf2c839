"""Form fields for text a member or a member of staff types: every such box in the site is a
`CleanCharField`, so all text comes in through the one cleaning path (community.input.sanitise)."""

from __future__ import annotations

from typing import Any

from django import forms

from community.input.sanitise import clean_text


class CleanCharField(forms.CharField):
    """A CharField whose text is cleaned by `clean_text` before it is stripped and checked.

    Lengths are checked on the cleaned text; text with nothing visible left is empty (so a
    required box says it is required); a lone surrogate is a form error for the member. A
    Textarea widget (or `multiline=True`) keeps line breaks; any other widget turns them into
    spaces.
    """

    def __init__(self, *, multiline: bool | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.multiline = isinstance(self.widget, forms.Textarea) if multiline is None else multiline

    def to_python(self, value: Any) -> str | None:
        if value not in self.empty_values:
            value = clean_text(str(value), multiline=self.multiline)
        return super().to_python(value)


def first_error(form: forms.Form) -> str:
    """The form's first message, for a page that shows one line (a Django message, a JSON
    error)."""
    for errors in form.errors.values():
        if errors:
            return str(errors[0])
    return "That could not be read. Please try again."
