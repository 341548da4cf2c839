"""Screening measured on the fictional corpus in tests/moderation/corpus/.

identifying.txt: `kind<TAB>sentence` lines that must be caught; ordinary.txt: sentences that
must pass; risk.txt: `kind<TAB>sentence` lines that must be urgent. The floors are the brief's
acceptance criteria; the measured rates are printed (see them with `pytest -s` or `-rP`).
"""

from __future__ import annotations

from pathlib import Path

from moderation.screening import KINDS, LocalTerm, ScreeningConfig, screen

CORPUS = Path(__file__).parent / "corpus"

# What a charity's moderators would have put in their local list for this (fictional) area.
CONFIG = ScreeningConfig(
    local_terms=(
        LocalTerm("Brackenfield Academy", "school"),
        LocalTerm("the Marsh estate", "place"),
        LocalTerm("Hollowmere", "place"),
        LocalTerm("Dunmore Heights", "place"),
        LocalTerm("Saltergate", "place"),
        LocalTerm("M1 crew", "gang"),
        LocalTerm("Hollow Boyz", "gang"),
    )
)

IDENTIFYING_KINDS = {
    "postcode",
    "phone",
    "email",
    "url",
    "handle",
    "vehicle",
    "address",
    "school",
    "place",
    "gang",
    "date_of_birth",
    "name",
}


def lines(name: str) -> list[str]:
    text = (CORPUS / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip() and not line.startswith("#")]


def labelled(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in lines(name):
        kind, sentence = line.split("\t")
        rows.append((kind, sentence))
    return rows


def test_the_corpus_is_big_enough_and_covers_every_identifying_kind():
    identifying = labelled("identifying.txt")
    assert len(identifying) >= 100
    counts = {kind: sum(1 for k, _ in identifying if k == kind) for kind in IDENTIFYING_KINDS}
    assert all(n >= 6 for n in counts.values()), counts
    assert {k for k, _ in identifying} <= IDENTIFYING_KINDS
    assert len(lines("ordinary.txt")) >= 60
    risk = labelled("risk.txt")
    assert len(risk) >= 20
    assert {k for k, _ in risk} == {"risk_danger", "risk_self_harm"}
    assert set(KINDS) >= IDENTIFYING_KINDS


def test_identifying_samples_are_caught_with_the_right_kind():
    rows = labelled("identifying.txt")
    caught = right_kind = 0
    missed = []
    for kind, sentence in rows:
        found = {f.kind for f in screen(sentence, CONFIG).findings if f.category == "identifying"}
        if found:
            caught += 1
            right_kind += kind in found
        else:
            missed.append(f"{kind}: {sentence}")
    recall, kind_rate = caught / len(rows), right_kind / len(rows)
    print(f"\nidentifying recall {recall:.3f}, right kind {kind_rate:.3f} ({len(rows)} samples)")
    assert recall >= 0.95, missed
    assert kind_rate >= 0.90


def test_ordinary_sentences_rarely_raise_false_alarms():
    sentences = lines("ordinary.txt")
    alarms = []
    for sentence in sentences:
        result = screen(sentence, CONFIG)
        if result.identifying or result.risk:
            shown = [(f.kind, sentence[f.start : f.end]) for f in result.findings]
            alarms.append(f"{sentence} -> {shown}")
    rate = len(alarms) / len(sentences)
    print(f"\nfalse alarms on ordinary text {rate:.3f} ({len(sentences)} sentences)")
    assert rate <= 0.05, alarms


def test_risk_samples_are_urgent():
    rows = labelled("risk.txt")
    missed = [f"{kind}: {s}" for kind, s in rows if not screen(s, CONFIG).urgent]
    recall = 1 - len(missed) / len(rows)
    right_kind = sum(
        kind in {f.kind for f in screen(s, CONFIG).findings} for kind, s in rows
    ) / len(rows)
    print(f"\nrisk recall {recall:.3f}, right kind {right_kind:.3f} ({len(rows)} samples)")
    assert recall >= 0.95, missed
