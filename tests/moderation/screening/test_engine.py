"""The screening pass itself: which detectors it skips, and what it reuses between calls."""

from __future__ import annotations

from moderation.screening import combinations, engine, normalise, screen
from moderation.screening.scan import Scan
from tests.moderation.corpus_files import identifying_categories, ordinary_sentences


def _corpus_texts() -> list[str]:
    texts = [text for _, text in ordinary_sentences()]
    for samples in identifying_categories().values():
        texts.extend(s.text for s in samples)
    return texts


def test_a_family_none_of_whose_patterns_can_match_a_text_finds_nothing_in_it():
    # The engine skips such a family's detectors: this holds only while every detector with
    # patterns finds details where its patterns match, and nowhere else.
    patterns, detectors = engine._detectors()
    skipped = 0
    for text in _corpus_texts():
        for view in normalise.views(text):
            scan = Scan(view.text, patterns)
            for name, detect, gate in detectors:
                if gate is not None and not scan.can_match_any(gate):
                    skipped += 1
                    assert detect(view.text, scan) == [], (name, text)
    assert skipped > 1000  # the corpus does exercise the skip


def test_only_the_gazetteer_is_read_on_every_text():
    _, detectors = engine._detectors()

    assert {name for name, _, gate in detectors if gate is None} == {"places"}


def test_a_scan_says_whether_any_of_a_family_of_patterns_can_match():
    patterns, _ = engine._detectors()
    scan = Scan("ring me on 07700 900123", patterns)

    assert scan.can_match_any(frozenset({"phone_run", "postcode"}))
    assert not scan.can_match_any(frozenset({"postcode", "gang"}))
    assert not scan.can_match_any(frozenset())


def test_the_history_check_reads_the_views_that_screening_just_made():
    text = "My son is 14 and in Year 9 at the school by the canal, he goes to the boxing club."
    result = screen(text)
    before = normalise._cached.cache_info()

    combinations.item_tags(text, result)

    after = normalise._cached.cache_info()
    assert after.hits == before.hits + 1 and after.misses == before.misses


def test_a_text_longer_than_a_long_post_is_never_kept_for_reuse():
    text = "Tyler from Rochdale. " * 2000
    assert len(text) > normalise._CACHED_CHARS
    before = normalise._cached.cache_info()

    screen(text)
    screen(text)

    after = normalise._cached.cache_info()
    assert (after.hits, after.misses) == (before.hits, before.misses)
