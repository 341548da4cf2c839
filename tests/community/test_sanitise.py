"""The one sanitiser: what a reader's browser receives from a member's Markdown."""

from __future__ import annotations

import re

import pytest

from community.input.sanitise import render_markdown


def test_markdown_becomes_simple_html():
    html = render_markdown("Some **bold** and *soft* words.\n\n- one\n- two")

    assert "<strong>bold</strong>" in html
    assert "<em>soft</em>" in html
    assert "<li>one</li>" in html


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<math><mi xlink:href='javascript:alert(1)'>x</mi></math>",
        "<a href='javascript:alert(1)'>x</a>",
        "<style>body{display:none}</style>",
        '<p style="background:url(https://tracker.example/x)">x</p>',
        "<iframe src='https://evil.example'></iframe>",
    ],
)
def test_raw_html_is_shown_as_text_never_run(attack):
    html = render_markdown(attack)

    assert "<script" not in html
    assert "<img" not in html
    assert "<svg" not in html
    assert "<iframe" not in html
    assert "<style" not in html
    assert not re.search(r"<[a-z][^>]*\s(style|on[a-z]+|src)=", html), html


def test_links_get_rel_nofollow_noopener_noreferrer_ugc():
    html = render_markdown("[a helpline](https://help.example.org/)")

    assert (
        '<a href="https://help.example.org/" rel="nofollow noopener noreferrer ugc">a helpline</a>'
    ) in html


def test_javascript_and_data_links_are_dropped():
    for link in ("[x](javascript:alert(1))", "[x](data:text/html,hi)", "[x](vbscript:msgbox)"):
        html = render_markdown(link)
        assert "href" not in html, html


def test_images_from_other_hosts_are_never_loaded():
    html = render_markdown("![tracking pixel](https://tracker.example/p.gif)")

    assert "<img" not in html


def test_titles_and_other_attributes_are_stripped():
    html = render_markdown('[x](https://e.example/ "a title")')

    assert "title=" not in html


def test_big_headings_are_made_small():
    html = render_markdown("# Shouting\n\n## Still shouting")

    assert "<h1>" not in html and "<h2>" not in html
    assert "<h3>Shouting</h3>" in html
