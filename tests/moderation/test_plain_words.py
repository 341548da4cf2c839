"""Findings in plain words for the member who wrote them, the same on the server's pages as in
the composer's pre-send check (moderation/static/moderation/screen.js)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from moderation import plain_words
from moderation.screening import Finding

SCREEN_JS = Path(plain_words.__file__).parent / "static" / "moderation" / "screen.js"


def _finding(kind: str, category: str = "identifying") -> Finding:
    return Finding(kind, 0, 1, "", category, "hold")


def test_an_identifying_finding_reads_as_what_it_looks_like_and_why_it_matters():
    assert plain_words.sentence(_finding("phone")) == (
        "This looks like a phone number. People could use it to find you."
    )
    assert plain_words.sentence(_finding("place")) == (
        "This looks like a place. People could use it to find you."
    )


def test_each_kind_is_said_once_in_the_order_found():
    findings = [_finding("phone"), _finding("email"), _finding("phone")]

    assert plain_words.sentences(findings) == [
        "This looks like a phone number. People could use it to find you.",
        "This looks like an e-mail address. People could use it to find you.",
    ]
    assert plain_words.kinds_in_words(findings) == "a phone number and an e-mail address"
    assert plain_words.kinds_in_words([*findings, _finding("place")]) == (
        "a phone number, an e-mail address and a place"
    )


def test_risk_and_blocked_words_have_their_own_sentences_and_quasi_details_none():
    assert "call 999" in plain_words.sentence(_finding("risk_danger", "risk"))
    assert plain_words.sentence(_finding("watched", "watched"), "block") == plain_words.BLOCKED
    assert plain_words.sentence(_finding("school_year", "quasi")) == ""


@pytest.mark.django_db
def test_a_check_for_the_author_marks_only_identifying_details():
    check = plain_words.check_for_author("Ring 07700 900 456 after school.")

    assert check.identifying
    assert [f.kind for f in check.findings] == ["phone"]
    assert 'data-kind="phone"' in check.html
    assert not plain_words.check_for_author("We got through another week.").identifying


def _js_strings() -> str:
    """screen.js with its joined string literals put back together."""
    text = SCREEN_JS.read_text()
    text = re.sub(r'"\s*\+\s*"', "", text)
    return text.replace("\\u201c", "\u201c").replace("\\u201d", "\u201d")


@pytest.mark.parametrize(
    "sentence",
    [
        plain_words.RISK,
        plain_words.BLOCKED,
        plain_words.WATCHED,
        *plain_words.SPECIAL.values(),
        ". People could use it to find you.",
    ],
)
def test_the_pre_send_check_says_the_same_as_the_server(sentence):
    assert sentence in _js_strings()
