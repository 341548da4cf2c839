"""Forms render through Django's own widget templates, and a member's words stay escaped."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer


def test_the_site_renders_forms_with_djangos_templates_and_a_members_words_stay_escaped():
    bound = forms.Form(data={"body": "</textarea><script>alert(1)</script>"})
    bound.fields["body"] = forms.CharField(widget=forms.Textarea)

    html = str(bound["body"])

    assert type(get_default_renderer()) is DjangoTemplates
    assert "<script>" not in html
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>" in html
