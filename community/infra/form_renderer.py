"""Django's form renderer, with the plainest widgets written out in Python."""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

_WIDGETS = "django/forms/widgets/"
# Templates that are exactly `{% include "django/forms/widgets/input.html" %}` in Django 5.2.
INPUTS = frozenset(
    f"{_WIDGETS}{name}.html"
    for name in (
        "input",
        "text",
        "hidden",
        "number",
        "email",
        "password",
        "url",
        "search",
        "tel",
        "checkbox",
        "date",
        "datetime",
        "time",
    )
)
TEXTAREA = f"{_WIDGETS}textarea.html"


def _as_text(value: Any) -> str:
    # The templates write values through `stringformat:'s'`, which keeps safe strings as they
    # are and escapes everything else.
    text = "%s" % value  # noqa: UP031 - the filter's own formatting
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs: dict[str, Any]) -> str:
    """django/forms/widgets/attrs.html"""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {conditional_escape(name)}")
        if value is not True:
            parts.append(f'="{_as_text(value)}"')
    return "".join(parts)


def _input(widget: dict[str, Any]) -> str:
    """django/forms/widgets/input.html"""
    value = widget["value"]
    shown = f' value="{_as_text(value)}"' if value is not None else ""
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{shown}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict[str, Any]) -> str:
    """django/forms/widgets/textarea.html"""
    value = widget["value"]
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n'
        f"{conditional_escape(value) if value else ''}</textarea>"
    )


class FastWidgetRenderer(DjangoTemplates):
    """Renders text inputs, hidden inputs and text areas without the template engine.

    Each widget through a template cost about half a millisecond, and a composer page renders
    several. The output is Django's own templates' byte for byte (a test compares them for
    every widget handled here); anything else goes through the templates as usual.
    """

    def render(self, template_name: str, context: dict[str, Any], request=None) -> str:
        if template_name in INPUTS:
            return _input(context["widget"])
        if template_name == TEXTAREA:
            return _textarea(context["widget"])
        return super().render(template_name, context, request)
