"""Property-based tests (issue 17, point 4): generated hostile text, invalid byte sequences and
huge or deeply nested JSON, posted through every sink, then every page that shows it loaded.

For whatever is generated: no answer and no page is a 5xx; the input is either accepted (one
item stored, its text clean, not blank where the box is required) or refused (nothing stored, a
message shown). Each example runs in a savepoint rolled back after it, with the cache emptied,
so examples never see each other. Profiles in tests/hostile/profiles.py (CI: derandomised,
a bounded number of examples, no deadline).
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .catalogue import HANDLED, Case
from .outcomes import failure_of
from .profiles import HOSTILE

pytestmark = pytest.mark.django_db

# Characters chosen for trouble, mixed into ordinary words so that cleaning has something to
# keep: controls (C0, DEL, C1), invisibles and format characters, bidi overrides and isolates,
# separators, byte-order marks, tag characters, variation selectors, combining marks, lone
# surrogates, noncharacters, fullwidth and look-alike letters.
TROUBLE = (
    [chr(c) for c in range(0x00, 0x20)]
    + ["\x7f"]
    + [chr(c) for c in range(0x80, 0xA0)]
    + list("\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\u180e\ufeff\u00ad\u034f")
    + list("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
    + list("\u2028\u2029\u0085\u3000\u00a0\u3164\u115f\u2800")
    + [chr(0xE0000 + c) for c in (0x01, 0x20, 0x41, 0x7F)]
    + list("\ufe0e\ufe0f")
    + ["\U000e0100"]
    + list("\u0300\u0301\u0316\u0489\u20dd\u0e49\u05b4")
    + ["\ud800", "\udbff", "\udc00", "\udfff"]
    + list("\ufdd0\ufffe\uffff\ufffd\ue000")
    + list("\uff21\uff41\uff10\u0430\u0435\u043e\u0440\u0455\u03bf\u1d00\u029c")
    + list("<>&\"'`{}%\\")
)
WORDS = st.sampled_from(["Kestrel", "evening", "we", "kept", "going", "calm", "tide"])

# Every Unicode category, surrogates included.
ANY_CHARACTER = st.characters(codec=None, categories=None)
ANY_TEXT = st.text(alphabet=ANY_CHARACTER, max_size=300)
TROUBLED_TEXT = st.lists(
    st.one_of(WORDS, st.sampled_from(TROUBLE), st.text(st.sampled_from(TROUBLE), max_size=40)),
    max_size=40,
).map("".join)
STACKED_MARKS = st.builds(
    lambda base, mark, n: base + mark * n,
    WORDS,
    st.sampled_from(["\u0301", "\u0489", "\ufe0f", "\U000e0041"]),
    st.integers(min_value=1, max_value=12_000),
)
HOSTILE_TEXT = st.one_of(ANY_TEXT, TROUBLED_TEXT, STACKED_MARKS)
# Invalid (and valid) UTF-8: raw bytes, and well-known bad sequences mixed with words.
BAD_SEQUENCES = [
    b"\xff",
    b"\xfe",
    b"\xc0\xaf",
    b"\xc0\x80",
    b"\xed\xa0\x80",
    b"\xed\xa0\xbd\xed\xb8\x80",
    b"\xe2\x82",
    b"\xf4\x90\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\x00",
    b"\xef\xbb\xbf",
]
HOSTILE_BYTES = st.one_of(
    st.binary(max_size=300),
    st.lists(
        st.one_of(WORDS.map(str.encode), st.sampled_from(BAD_SEQUENCES)), min_size=1, max_size=30
    ).map(b"".join),
)
# Huge and deeply nested JSON shapes, as whole bodies.
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | HOSTILE_TEXT,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(HOSTILE_TEXT, inner, max_size=5),
    max_leaves=30,
)


def _json_bytes(value: object) -> bytes:
    # ensure_ascii: lone surrogates travel as \ud800 escapes, as a cut emoji would.
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode()


DEEP_NESTING = st.builds(
    lambda depth, opener: (
        opener * depth + "1" + {"[": "]", '{"a":': "}"}[opener] * depth
    ).encode(),
    st.integers(min_value=500, max_value=200_000),
    st.sampled_from(["[", '{"a":']),
)
WHOLE_BODIES = st.one_of(
    JSON_VALUES.map(lambda v: _json_bytes({"fields": v, "text": v})),
    st.dictionaries(st.text(max_size=10), HOSTILE_TEXT, max_size=12).map(
        lambda fields: _json_bytes({"fields": fields})
    ),
    HOSTILE_TEXT.map(lambda text: _json_bytes({"fields": {"body": text}, "text": text})),
    DEEP_NESTING,
    HOSTILE_BYTES,
    st.integers(min_value=1, max_value=3_000_000).map(lambda n: _json_bytes({"text": "k" * n})),
)


def _check(world, sink: str, value: object, **extra) -> None:
    case = Case(
        id=f"{sink}:generated",
        category="generated",
        sink=sink,
        input=value,
        expect=HANDLED,
        extra=extra,
    )
    failure = failure_of(case, world)
    assert failure is None, failure


FORM_SINKS = [
    "reply",
    "content_note",
    "thread_title",
    "story_title",
    "story_body",
    "testimony",
    "report_note",
    "display_name",
]


@pytest.mark.parametrize("sink", FORM_SINKS)
@HOSTILE
@given(text=HOSTILE_TEXT)
def test_generated_text_through_a_form_is_stored_clean_or_refused_and_breaks_no_page(
    world, sink, text
):
    _check(world, sink, text)


@pytest.mark.parametrize("sink", ["reply", "thread_title", "testimony", "report_note"])
@HOSTILE
@given(raw=HOSTILE_BYTES)
def test_invalid_bytes_in_a_form_body_are_stored_clean_or_refused(world, sink, raw):
    _check(world, sink, raw)


@pytest.mark.parametrize("sink", ["draft", "screen"])
@HOSTILE
@given(text=HOSTILE_TEXT)
def test_generated_text_in_a_json_body_is_kept_clean_or_refused(world, sink, text):
    _check(world, sink, text)


@pytest.mark.parametrize("sink", ["draft", "screen"])
@HOSTILE
@given(body=WHOLE_BODIES)
def test_any_json_body_however_huge_or_nested_gets_an_answer_and_breaks_no_page(world, sink, body):
    _check(world, sink, body, whole_body=True)


@pytest.mark.parametrize("sink", ["story_search", "forum_search"])
@HOSTILE
@given(query=st.one_of(HOSTILE_TEXT, st.text(max_size=6000)))
def test_any_search_query_gets_a_results_page(world, sink, query):
    _check(world, sink, query)
