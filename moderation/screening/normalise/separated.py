"""Stage 2 steps for characters kept apart:

- a word broken by a line break is joined: "Ty-\\nler" always, "Tyl\\ner" when the joined
  word is a listed forename and its first part is neither a forename nor an everyday word;
- runs of at least three single characters with the same separator between them ("0 7 7 0
  0", "T-y-l-e-r", "O.L.9 7.Q.X", "T 🙂 y 🙂 l 🙂 e 🙂 r", one letter a line, "j a y b _ 0 9")
  are joined, but not a character repeated ("x x x"), fewer than six digits ("5 4 3 2 1")
  or capitals alone unless they spell a listed name ("C.A.M.H.S.", "N O T H I N G");
  capitals spelling a listed forename read as the name ("J-A-C-K" is "Jack"), the dot after
  the last of "D.E.A.N." belongs to it, and runs joined either side of a wide gap keep one
  space ("M 1 4   5 T Q" is "M14 5TQ");
- a UK phone number (10 to 13 digits from 0 or +44) whose groups are split by symbols,
  underscores or emoji ("07700_900_615", "07700🔥900🔥615") reads with spaces;
- O, I and l written for 0 and 1 in a number ("O77OO 9OO123", "O7.7OO.9OO.5I2") become
  digits;
"""

from __future__ import annotations

import re
import unicodedata

from ..text import fold_key, lexicon
from .edits import Edit
from .vocabulary import compiled


def join_line_breaks(text: str) -> list[Edit]:
    lex = lexicon()
    edits: list[Edit] = []
    for m in compiled()["linebreak"].finditer(text):
        if m.group(1) is not None:
            first, hyphen, second = m.group(1), m.group(2), m.group(3)
            if hyphen:
                if not second[0].islower():
                    continue
            else:  # "Tyl\ner": only a capitalised start that joins into a listed forename
                joined = fold_key(first + second)
                if not first[0].isupper() or not second[0].islower():
                    continue
                if joined not in lex.forenames or fold_key(first) in lex.forenames:
                    continue
                if fold_key(first) in lex.stop:
                    continue
            a, b = m.end(1), m.start(3)
        else:
            digits = m.group(4) + m.group(5)
            if not (10 <= len(digits.lstrip("+")) <= 13 and digits[0] in "0+"):
                continue
            a, b = m.end(4), m.start(5)
        edits.append((a, b, "", None))
    return edits


def _shape(separator: str) -> str:
    """The separator as compared between single characters: spaces as written, a run of
    symbols or emoji as one symbol ("T 🙂 y 😀 l" is one run), punctuation as written."""
    out: list[str] = []
    for ch in separator:
        cls = ch if ch.isspace() or unicodedata.category(ch)[0] not in "SC" else "*"
        if cls != "*" or not out or out[-1] != "*":
            out.append(cls)
    return "".join(out)


_KEPT_IN_RUN = frozenset("_.-@")


def _inner(separator: str) -> tuple[str, str] | None:
    """(spaces, character) for a separator like " _ ": a character of the run itself when the
    run is spaced with the same spaces ("j a y b _ 0 9" is "jayb_09")."""
    core = separator.strip()
    if len(core) != 1 or core not in _KEPT_IN_RUN:
        return None
    left, _, right = separator.partition(core)
    return (left, core) if left == right and left else None


def join_singles(text: str) -> list[Edit]:
    lex = lexicon()
    edits: list[Edit] = []
    for m in compiled()["singles"].finditer(text):
        start, end = m.start(1), m.end(1)
        singles = [start]  # where each single character is
        separators: list[str] = []
        i = start + 1
        while i < end:
            j = i
            while j < end and not text[j].isalnum():
                j += 1
            separators.append(text[i:j])
            singles.append(j)
            i = j + 1
        shapes = [_shape(sep) for sep in separators]
        inner = [_inner(sep) for sep in separators]
        digits = sum(text[i].isdigit() for i in singles)
        near = text[max(0, start - 8) : start] + text[end : end + 8]
        beside_digits = any(c.isdigit() for c in near)  # "KX19 P L M"
        joined: dict[int, int] = {}  # the next run's first single -> the separator before it
        k = 0
        while k < len(separators):
            shape = shapes[k]
            n = k
            while n < len(separators) and (
                shapes[n] == shape or ((inner_n := inner[n]) is not None and inner_n[0] == shape)
            ):
                n += 1
            # separators k..n-1 join singles k..n: at least three singles, run ends with one
            if n - k < 2:
                k += 1
                continue
            chars = "".join(text[i] for i in singles[k : n + 1])
            if (digits or beside_digits) and chars.endswith("I") and n - k >= 3:
                # "KX19 P L M I think": no plate or postcode has an I there; the pronoun
                n -= 1
                chars = chars[:-1]
            if _worth_joining(chars, digits, beside_digits):
                # capitals spelling a name read as the name ("J-A-C-K" is "Jack")
                name = chars.isalpha() and chars.isupper() and fold_key(chars) in lex.forenames
                gap = joined.get(k)  # spaces between this run and one joined before it
                if gap is not None and len(separators[gap]) > 1 and separators[gap].isspace():
                    edits.append((singles[gap] + 1, singles[gap + 1], " ", None))  # "M14   5TQ"
                last = singles[n]
                # "D.E.A.N.": the dot after the last letter is the run's, not the sentence's
                dot = shape == "." and text[last + 1 : last + 2] == "." and chars.isalpha()
                dot = dot and (last + 2 >= len(text) or text[last + 2].isspace())
                for s in range(k, n):
                    inner_s = inner[s]
                    kept = inner_s[1] if shapes[s] != shape and inner_s else ""
                    edits.append((singles[s] + 1, singles[s + 1], kept, None))
                    at = singles[s + 1]
                    if at == last and dot:
                        letter = text[at].lower() if name else text[at]
                        edits.append((at, at + 2, letter, [(at, at + 2)]))
                    elif name:
                        edits.append((at, at + 1, text[at].lower(), None))
                joined[n + 1] = n
            k = n
    return edits


def _worth_joining(chars: str, digits: int, beside_digits: bool = False) -> bool:
    """Whether single characters spaced out could be a detail rather than ordinary writing.

    Not "x x x" or "1 1 1" (one character repeated); digits only when the run holds at least
    six of them ("5 4 3 2 1" is a countdown, "0 7 7 0 0  9 0 0..." a phone); capitals only
    with or beside digits ("Y-T-6-8 W-Z-R", "KX19 P L M") or when they spell a listed name
    ("T Y L E R", not "C.A.M.H.S." or "N O T H I N G": initialisms and emphasis).
    """
    if len(set(chars.lower())) == 1:
        return False
    if chars.isdigit():
        return digits >= 6
    if chars.isalpha() and chars.isupper() and not (digits or beside_digits):
        key = fold_key(chars)
        return key in lexicon().forenames or key in lexicon().surnames
    return True


# A number written in groups ("O7.7OO.9OO.5I2"): each group of digits and O, I or l with a
# digit in it, one space, dot or hyphen between them.
_OH_GROUP = r"[0-9OoIl]*[0-9][0-9OoIl]*"
_OH_CHAIN = re.compile(rf"{_OH_GROUP}(?:[ .\-]{_OH_GROUP})+")


def _in_number(text: str, start: int, end: int) -> bool:
    """Whether the group [start, end) is one of a number's groups that together hold at least
    nine characters, five of them digits ("O7.7OO.9OO.5I2", not "9OO" alone)."""
    a = start
    while a > 0 and start - a < 24 and (text[a - 1] in "0123456789OoIl .-"):
        a -= 1
    for m in _OH_CHAIN.finditer(text, a, min(len(text), end + 24)):
        if m.start() <= start and m.end() >= end:
            chain = m.group()
            if m.start() and text[m.start() - 1].isalnum():
                return False
            if m.end() < len(text) and text[m.end()].isalnum():
                return False
            return sum(c.isdigit() for c in chain) >= 5 and sum(c.isalnum() for c in chain) >= 9
    return False


def oh_digits(text: str) -> list[Edit]:
    edits: list[Edit] = []
    for m in compiled()["oh_digits"].finditer(text):
        token = m.group()
        digits = sum(c.isdigit() for c in token)
        if len(token) < 4 or digits < 2:
            # a short one ("9OO") only as a group of a number: digits just before or after
            near = text[max(0, m.start() - 3) : m.start()] + text[m.end() : m.end() + 3]
            beside = len(token) >= 3 and re.search(r"\d[ .\-]|[ .\-]\d", near)
            if not beside and (len(token) > 8 or not _in_number(text, m.start(), m.end())):
                continue
        for k, ch in enumerate(token):
            if ch in "OoIl":
                edits.append((m.start() + k, m.start() + k + 1, "0" if ch in "Oo" else "1", None))
    return edits


_GROUP_SPLIT = re.compile(r"\d+")


def join_phone_groups(text: str) -> list[Edit]:
    """A UK phone number (10 to 13 digits from 0 or +44) whose groups are split by symbols,
    underscores or emoji: each separator becomes one space."""
    edits: list[Edit] = []
    for m in compiled()["groups"].finditer(text):
        found = m.group()
        digits = sum(c.isdigit() for c in found)
        if not 10 <= digits <= 13 or not found.startswith(("0", "+44")):
            continue
        base, pos = m.start(), None
        for g in _GROUP_SPLIT.finditer(found):
            if pos is not None and found[pos : g.start()].strip(" \t"):
                edits.append((base + pos, base + g.start(), " ", None))
            pos = g.end()
    return edits
