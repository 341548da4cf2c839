"""The guard's floors on the span-marked corpus (tests/moderation/corpus/README.md).

Every category of identifying detail must be covered, span for span, in at least 97 % of its
samples; at most 1 % of ordinary sentences may raise anything; combinations of details must be
reported as a combination with every contributing detail covered. Run with `-s` to see rates.
"""

from __future__ import annotations

import pytest

from moderation.screening import screen

from .corpus_files import CORPUS, covered, identifying_categories, ordinary_sentences, samples
from .test_screening_corpus import CONFIG

FLOOR = 0.97
ORDINARY_CEILING = 0.01
CATEGORIES = identifying_categories()


def _found(text: str) -> list[tuple[int, int]]:
    return [(f.start, f.end) for f in screen(text, CONFIG).findings if f.category == "identifying"]


def test_the_corpus_has_the_samples_the_issue_asks_for():
    total = sum(len(rows) for rows in CATEGORIES.values())
    assert total >= 400, f"{total} identifying samples"
    assert all(len(rows) >= 12 for rows in CATEGORIES.values()), {
        name: len(rows) for name, rows in CATEGORIES.items()
    }
    assert len(ordinary_sentences()) >= 400
    combos = CORPUS / "combinations.tsv"
    assert combos.exists() and len(samples(combos)) >= 60
    for rows in CATEGORIES.values():
        assert all(sample.spans for sample in rows), [s.where for s in rows if not s.spans]


@pytest.mark.parametrize("category", sorted(CATEGORIES))
def test_each_category_of_identifying_detail_is_covered_span_for_span(category):
    rows = CATEGORIES[category]
    missed = [
        f"{s.where}: {s.text!r} -> {[s.text[a:b] for a, b in _found(s.text)]}"
        for s in rows
        if not covered(s.spans, _found(s.text), s.text)
    ]
    rate = 1 - len(missed) / len(rows)
    print(f"\n{category}: {rate:.3f} covered ({len(rows)} samples)")
    assert rate >= FLOOR, missed


def test_ordinary_sentences_almost_never_raise_anything():
    rows = ordinary_sentences()
    alarms = []
    for sentence, where in rows:
        result = screen(sentence, CONFIG)
        shown = [
            (f.kind, sentence[f.start : f.end])
            for f in result.findings
            if f.category in ("identifying", "risk")
        ]
        if shown:
            alarms.append(f"{where}: {sentence!r} -> {shown}")
    rate = len(alarms) / len(rows)
    print(f"\nordinary flagged: {rate:.4f} ({len(rows)} sentences)")
    assert rate <= ORDINARY_CEILING, alarms


def test_details_that_identify_only_together_are_held_as_a_combination():
    rows = samples(CORPUS / "combinations.tsv")
    missed = []
    for s in rows:
        findings = screen(s.text, CONFIG).findings
        combined = [(f.start, f.end) for f in findings if f.kind == "combination"]
        spans = [(f.start, f.end) for f in findings if f.category == "identifying"]
        if not combined or not covered(s.spans, spans, s.text):
            missed.append(
                f"{s.where}: {s.text!r} -> {[(f.kind, s.text[f.start : f.end]) for f in findings]}"
            )
    rate = 1 - len(missed) / len(rows)
    print(f"\ncombinations: {rate:.3f} held ({len(rows)} samples)")
    assert rate >= FLOOR, missed
