"""The fast form renderer writes exactly what Django's widget templates write."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from community.infra.form_renderer import INPUTS, TEXTAREA, FastWidgetRenderer

VALUES = [None, "", "plain", "a<b>&\"'c", "line one\nline two  ", 42, 0, mark_safe("<em>kept</em>")]
ATTRS = [
    {},
    {"required": True, "disabled": False, "rows": 6},
    {"data-composer": "", "aria-describedby": "id_body-error", "class": 'x" onmouseover="y'},
    {"maxlength": 200, "autocomplete": "off", "placeholder": "<script>alert(1)</script>"},
]
WIDGETS = [
    forms.TextInput,
    forms.HiddenInput,
    forms.NumberInput,
    forms.EmailInput,
    forms.URLInput,
    forms.SearchInput,
    forms.TelInput,
    forms.DateInput,
    forms.DateTimeInput,
    forms.TimeInput,
    forms.CheckboxInput,
    forms.Textarea,
    lambda attrs: forms.PasswordInput(attrs=attrs, render_value=True),
]


@pytest.mark.parametrize("make", WIDGETS)
@pytest.mark.parametrize("attrs", ATTRS)
@pytest.mark.parametrize("value", VALUES)
def test_each_widget_it_handles_comes_out_byte_for_byte_as_djangos_templates_write_it(
    make, attrs, value
):
    widget = make(attrs=dict(attrs))

    fast = widget.render("field", value, renderer=FastWidgetRenderer())
    templated = widget.render("field", value, renderer=DjangoTemplates())

    assert fast == templated


def test_it_handles_only_templates_that_are_plain_inputs_and_the_text_area():
    engine = DjangoTemplates().engine
    for name in INPUTS - {"django/forms/widgets/input.html"}:
        source = engine.get_template(name).template.source.strip()
        assert source == '{% include "django/forms/widgets/input.html" %}', name
    assert "<textarea" in engine.get_template(TEXTAREA).template.source


def test_the_site_renders_forms_with_it_and_a_members_words_stay_escaped():
    from django.forms.renderers import get_default_renderer

    bound = forms.Form(data={"body": "</textarea><script>alert(1)</script>"})
    bound.fields["body"] = forms.CharField(widget=forms.Textarea)

    html = str(bound["body"])

    assert isinstance(get_default_renderer(), FastWidgetRenderer)
    assert "<script>" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
