"""Reading the screening corpus (see corpus/README.md): samples with their must-flag spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "corpus"
_MARK = re.compile(r"\[\[(.+?)\]\]", re.S)


@dataclass(frozen=True)
class Sample:
    """A sentence as screened (markers removed), the spans that must be caught, where it is."""

    kind: str
    text: str
    spans: tuple[tuple[int, int], ...]
    where: str


def unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The text without `[[ ]]` markers, and the spans they marked in it."""
    out, spans, pos = [], [], 0
    length = 0
    for m in _MARK.finditer(marked):
        before = marked[pos : m.start()]
        out.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(1))))
        out.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    out.append(marked[pos:])
    return "".join(out), tuple(spans)


def _lines(path: Path) -> list[tuple[int, str]]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            rows.append((number, line))
    return rows


def samples(path: Path) -> list[Sample]:
    """The marked samples of one `kind<TAB>sentence` file (or bare sentences, kind "")."""
    out = []
    for number, line in _lines(path):
        kind, _, marked = line.partition("\t") if "\t" in line else ("", "", line)
        text, spans = unmark(marked.replace("\\n", "\n"))
        out.append(Sample(kind, text, spans, f"{path.name}:{number}"))
    return out


def identifying_categories() -> dict[str, list[Sample]]:
    """Every category file under identifying/, by its name."""
    return {p.stem: samples(p) for p in sorted((CORPUS / "identifying").glob("*.tsv"))}


def ordinary_sentences() -> list[tuple[str, str]]:
    """(sentence, where) for every ordinary sentence, the first corpus's included."""
    rows = [(line, f"ordinary.txt:{n}") for n, line in _lines(CORPUS / "ordinary.txt")]
    for path in sorted((CORPUS / "ordinary").glob("*.txt")):
        rows += [(line.replace("\\n", "\n"), f"{path.name}:{n}") for n, line in _lines(path)]
    return rows


def covered(spans: tuple[tuple[int, int], ...], found: list[tuple[int, int]], text: str) -> bool:
    """True when every non-blank character of every span lies inside one of the found spans."""
    for start, end in spans:
        for i in range(start, end):
            if text[i].isspace():
                continue
            if not any(a <= i < b for a, b in found):
                return False
    return True
