"""Stage 2 steps for numbers and addresses written as words:

- spelled-out digits ("oh seven seven double oh nine", "treble", "nought", "twenty three",
  "seven seven hundred", mixed with digits) become digits when a run holds a number word and
  gives at least five digits, so "oh no" and "one of the two" stay words;
- spoken e-mail addresses ("jay dot smith at gmail dot com", "[at]", "(dot)", "{at}",
  "underscore") become an address, only when a known ending (com, co.uk...) closes them;
"""

from __future__ import annotations

import re

from .edits import Edit
from .vocabulary import NUMBER_WORDS, REPEATS, SPOKEN_PART, TENS, UNIT_WORDS, compiled

_SPELLED_TOKEN = re.compile(r"[A-Za-z]+|\d+")


# Postcode and number plate shapes, for a spelled-out run that mixes letters and number words.
_CODE_SHAPE = re.compile(
    r"[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}|[A-Z]{2}\d\d[A-Z]{3}|[A-Z]\d{1,3}[A-Z]{3}|[A-Z]{3}\d{1,3}[A-Z]",
    re.I,
)


def _read_spelled(
    tokens: list[tuple[str, int, int]], o_as_letter: bool
) -> list[tuple[str, tuple[int, int]]]:
    """The characters a run of number words, digits and single letters stands for, each with
    the span (in the text) of the words it was read from."""
    out: list[tuple[str, tuple[int, int]]] = []
    repeat, repeat_at = 1, 0
    skip = False
    for k, (raw, a, b) in enumerate(tokens):
        if skip:
            skip = False
            continue
        low = raw.lower()
        if low in TENS and k + 1 < len(tokens) and tokens[k + 1][0].lower() in UNIT_WORDS:
            unit, _, b = tokens[k + 1]  # "twenty three": one number, read from both words
            raw, low, skip = TENS[low] + NUMBER_WORDS[unit.lower()], "", True
        if low in REPEATS:
            repeat, repeat_at = REPEATS[low], a
            continue
        if low == "plus":
            if not out:
                out.append(("+", (a, b)))
            continue
        if low in NUMBER_WORDS and not (o_as_letter and low == "o"):
            value = NUMBER_WORDS[low]
        else:
            value = raw.upper() if raw.isalpha() else raw
        first = repeat_at if repeat > 1 else a
        out.extend([(value[0], (first, b))] * repeat)
        out.extend((ch, (a, b)) for ch in value[1:])
        repeat = 1
    return out


def _spelled_code(tokens: list[tuple[str, int, int]]) -> list[tuple[str, tuple[int, int]]]:
    """The reading of `tokens`, or of them less up to two at either end, that has the shape of
    a postcode or plate (longest first), or []."""
    n = len(tokens)
    for trimmed in range(5):
        for head in range(trimmed + 1):
            tail = trimmed - head
            if head > 2 or tail > 2 or n - trimmed < 3:
                continue
            run = tokens[head : n - tail]
            if sum(raw.lower() in NUMBER_WORDS and raw.lower() != "o" for raw, _, _ in run) < 2:
                continue
            for o_as_letter in (False, True):
                read = _read_spelled(run, o_as_letter)
                if _CODE_SHAPE.fullmatch("".join(ch for ch, _ in read)):
                    return read
    return []


def spelled_digits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in compiled()["spelled"].finditer(text):
        base = m.start()
        tokens = [
            (t.group(), base + t.start(), base + t.end())
            for t in _SPELLED_TOKEN.finditer(m.group())
        ]
        if len(tokens) > 60:
            continue  # a list of numbers, not one
        # number words other than "o" (which is also a letter): a code needs two of them
        spoken = sum(raw.lower() in NUMBER_WORDS and raw.lower() != "o" for raw, _, _ in tokens)
        letters = [raw for raw, _, _ in tokens if len(raw) == 1 and raw.isalpha()]
        runs: list[list[tuple[str, int, int]]] = [tokens]
        if letters or any(raw.lower() == "o" for raw, _, _ in tokens):
            # a postcode or plate spelled out ("O L nine, seven Q X"), perhaps with a word of
            # the sentence either side ("...W Z R I wrote")? Else the numbers between the
            # letters, each on its own.
            read = _spelled_code(tokens) if spoken >= 2 else []
            if read:
                chars, spans = "".join(ch for ch, _ in read), [span for _, span in read]
                edits.append((spans[0][0], spans[-1][1], chars, spans))
                continue
            runs = []
            run: list[tuple[str, int, int]] = []
            for token in tokens:
                low = token[0].lower()
                if len(low) == 1 and low.isalpha() and low not in NUMBER_WORDS:
                    runs.append(run)
                    run = []
                else:
                    run.append(token)
            runs.append(run)
        for run in runs:
            read = _read_spelled(run, False)
            number = "".join(ch for ch, _ in read)
            if not any(raw.lower() in NUMBER_WORDS for raw, _, _ in run):
                continue
            if len(number) < 5 or len(number) > 40 or not number.lstrip("+").isdigit():
                continue
            spans = [span for _, span in read]
            edits.append((spans[0][0], spans[-1][1], number, spans))
    return edits


_SPOKEN_AS = {"at": "@", "@": "@", "dot": ".", ".": ".", "underscore": "_", "_": "_"}


def spoken_emails(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in compiled()["email"].finditer(text):
        found = m.group()
        if "@" in found and not re.search(r"\s|\(|\[|\{|<", found):
            continue  # an address as written: the plain view has it
        base = m.start()
        parts: list[str] = []
        spans: list[tuple[int, int]] = []
        pos = 0
        for sep in SPOKEN_PART.finditer(found):
            word = sep.group().strip(" \t()[]{}<>").lower()
            for k in range(pos, sep.start()):
                parts.append(found[k])
                spans.append((base + k, base + k + 1))
            char = _SPOKEN_AS.get(word.split()[0] if word else word, "-")
            parts.append(char)
            spans.append((base + sep.start(), base + sep.end()))
            pos = sep.end()
        for k in range(pos, len(found)):
            parts.append(found[k])
            spans.append((base + k, base + k + 1))
        address = "".join(parts)
        if address.count("@") != 1:
            continue
        edits.append((m.start(), m.end(), address, spans))
    return edits
