# ruff: noqa: RUF001  (look-alike letters and other scripts are the point of this file)
"""Any text, however long, odd or hostile, is screened in linear time and never raises.

Time is bounded by counting work, not by the clock: every Python function call and every call
into C (RE2, the Aho-Corasick automaton, str methods) that screening makes is counted with
`sys.setprofile`, for a hostile text and for the same text four times as long. Linear work
means the longer text costs about four times as much; a quadratic path would cost sixteen.
"""

from __future__ import annotations

import sys

import pytest

from moderation.screening import redact, screen

from ..test_screening_corpus import CONFIG


def _calls(text: str) -> int:
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        result = screen(text, CONFIG)
        redact(text, result.findings)
    finally:
        sys.setprofile(None)
    return count


HOSTILE = {
    "a flood of separators": lambda n: ". - _ / " * n,
    "spaced single letters": lambda n: "T y l e r " * n,
    "spaced digits": lambda n: "0 7 7 0 0 9 " * n,
    "emoji": lambda n: "\U0001f642" * (8 * n),
    "emoji between letters": lambda n: "T\U0001f642y\U0001f642l\U0001f642" * n,
    "mixed scripts": lambda n: "Tуlеr Ｔｙｌｅｒ ٠٧٧٠٠ Тайлер 東京 " * n,
    "combining marks": lambda n: "a" + "\u0301" * (8 * n),
    "invisible characters": lambda n: "\u200b\u200d\u2060\ufeff\U000e0041" * n,
    "right-to-left overrides": lambda n: "\u202eabc\u202c \u202e321 00770\u202c " * n,
    "spelled-out digits": lambda n: "oh seven seven double oh nine " * n,
    "capitalised words": lambda n: "Tyler Smith Oakbridge Academy Rochdale Road " * n,
    "digits": lambda n: "0" * (8 * n),
    "dates": lambda n: "born 3/3/2011 " * n,
    "lone surrogates": lambda n: "ab\ud83dcd " * n,
    "at signs and dots": lambda n: "@a.b@c.d " * n,
    "one huge word": lambda n: "x" * (8 * n),
    "newlines": lambda n: "T\ny\nl\ne\nr\n" * n,
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_is_screened_in_linear_work_and_never_raises(name):
    make = HOSTILE[name]
    small, large = make(500), make(2000)

    small_work, large_work = _calls(small), _calls(large)

    # Four times the text: at most about four times the work (plus fixed costs).
    assert large_work <= 5 * small_work + 2_000, (small_work, large_work)


def test_a_million_emoji_are_screened_without_error():
    text = "\U0001f642" * 1_000_000

    result = screen(text, CONFIG)

    assert result.action == "pass"
