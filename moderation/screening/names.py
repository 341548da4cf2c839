"""Names of people: forenames from the lists, names after a cue, family names.

Three levels of forename, from `data/ambiguous_names.txt`: ordinary names ("Tyler", "Aoife")
count in any case, anywhere, also as a sentence's first word (parents begin sentences with their
child's name); names that are also words count when capitalised ("Holly", "Jack"), some only when
not first in a sentence ("Drew", "Rob"); names that are ordinary words or months ("Will", "May",
"Hope", "Grace") need strong context: a cue ("my son", "called", "Mr", "PC"), a following surname
from the list, or an initial. A capitalised word that is not an everyday word also counts after a
cue ("my son Tyrese", "PC Hargreaves", "a lad called Smurf"), and so does a surname from the list
in "the Smith family" / "the Khans". A surname alone does not count. The name's span grows over a
following surname or initial ("Tyler Blenkinsop", "Tyler B.") and over a hyphenated second part
("Tyler-James"). `allowed_names` drops a name finding when every word of it is allowed (so "Will"
allowed still flags "Will Thompson").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import re2

from .places import STREET_SUFFIXES
from .scan import Pattern, Scan
from .text import bounded, fold_key, is_titlecase, lexicon, sentence_start, words
from .types import Finding, identifying

_RELATIONS = words(
    """son daughter boy girl lad child kid baby brother sister bro sis nephew niece grandson
    granddaughter grandchild cousin mate friend pal bestie boyfriend girlfriend bf gf ex partner
    husband wife fiance fiancee dad mum stepdad stepmum stepson stepdaughter uncle aunt auntie
    neighbour teacher"""
)
_TITLES = words(
    """Mr Mrs Ms Miss Mx Dr Prof PC PCSO DC DS DI DCI DSI DSU Sgt Insp Supt Sergeant Inspector
    Superintendent Constable Detective Officer Judge Cllr Councillor Rev Reverend Pastor Father
    Imam Sheikh Nurse Coach"""
)
_TITLE_SET = frozenset(_TITLES)
_CONTRACTION = re.compile(r"'(?:t|ll|ve|re|d|m)\b", re.I)
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*")
_AFTER_CUE = re.compile(r"[ \t]*,?[ \t]*(?:-[ \t]*)?(?:\"|')?")
_NEXT_NAME_TOKEN = re.compile(
    r"[ \t]+(?:(?P<initial>[A-Z])(?P<dot>\.)?(?![^\W_])|(?P<tok>[A-Z][^\W\d_]*(?:['\-][^\W\d_]+)*))"
)
_HYPHEN_TAIL = re.compile(r"(?:-[^\W\d_]+)+")
_SUFFIX_WORDS = frozenset(w.lower() for w in STREET_SUFFIXES) | frozenset(
    words(
        """academy school college primary high grammar juniors infants estate crew gang line family
        twins brothers sisters"""
    )
)
_PLURAL_SURNAME_WORDS = frozenset(
    words(
        """brown white green black young wood hill king baker cook bell hunt knight fisher fox ford
        brooks west cole ball rose grant wells hart page marsh stone bird dean lane bishop cross
        long sharp hardy potter may read miles mann frost banks french nash bond holt heath
        norman moss mills gray grey power cox price webb mason marshall walker turner porter
        cooper shepherd wheeler hunter gardner carter parsons barber booth field hall ward james
        thomas lewis jordan simpson"""
    )
)


def _surname_end(text: str, end: int, strict: bool) -> int:
    """Where a name that ends at `end` really ends, taking in a surname or initial after it."""
    lex = lexicon()
    for _ in range(2):
        m = _NEXT_NAME_TOKEN.match(text, end)
        if not m:
            break
        if m.group("initial"):
            if m.group("initial") in "IA" and not m.group("dot"):
                break
            end = m.end()
            continue
        tok = m.group("tok")
        tok_end = m.end()
        if tok.endswith("'s"):
            tok, tok_end = tok[:-2], tok_end - 2
        key = fold_key(tok)
        if key in lex.stop or key in _SUFFIX_WORDS or (len(tok) > 1 and tok.isupper()):
            break
        if strict and key not in lex.surnames:
            break
        if _CONTRACTION.match(text, tok_end):
            break
        end = tok_end
    return end


def _names(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    cues: dict[int, str] = {}
    for rx, kind in (
        ("cue_relation", "relation"),
        ("cue_called", "called"),
        ("cue_title", "title"),
        ("cue_title_lc", "title_lc"),
    ):
        for m in scan.find(rx):
            pos = _AFTER_CUE.match(text, m.end()).end()
            t = _TOKEN.match(text, pos)
            if t:
                cues.setdefault(t.start(), kind)
    candidates: dict[int, tuple[int, str]] = {}  # start -> (end, the listed forename's key)
    for m in scan.find("forename"):
        start, end = m.start(), m.end()
        if bounded(text, start, end):
            tail = _HYPHEN_TAIL.match(text, end)  # "Tyler-James": the whole of it
            candidates[start] = (tail.end() if tail else end, fold_key(text[start:end]))
    out = []
    for start in sorted(cues.keys() | candidates.keys()):
        end, listed = candidates.get(start, (None, ""))
        if end is None:
            end = _TOKEN.match(text, start).end()
        tok = text[start:end]
        if tok.endswith("'s"):
            tok, end = tok[:-2], end - 2
        if not tok or _CONTRACTION.match(text, end) or (start and text[start - 1] in "@#/."):
            continue
        key = fold_key(tok)
        cue = cues.get(start)
        level = lex.forenames.get(key) or lex.forenames.get(listed)
        titlecase = is_titlecase(tok)
        if level is None:
            # Not a listed forename: only a capitalised unknown word right after a cue.
            if cue is None or not tok[:1].isupper():
                continue
            if len(tok) > 1 and tok.isupper() and cue != "title":
                continue  # "my son ADHD..."
            if tok in _TITLE_SET:
                continue  # "his teacher Miss Rowley": the title cue takes it from here
            if len(tok) == 1:  # "Mr J Smith", "Mr J. Smith": an initial needs a surname
                if cue != "title" and text[end : end + 1] != ".":
                    continue  # "my son A Level..."
                end += text[end : end + 1] == "."
                nxt = _NEXT_NAME_TOKEN.match(text, end)
                if not nxt or not nxt.group("tok"):
                    continue
            elif key in lex.stop:
                # "they call him Little D": an everyday word, then a name or an initial.
                name_end = _surname_end(text, end, strict=False) if cue == "called" else end
                if name_end > end:
                    out.append(identifying("name", start, name_end))
                continue
            if cue == "title_lc" and key not in lex.surnames:
                continue
            name_end = _surname_end(text, end, strict=False)
            out.append(identifying("name", start, name_end))
            continue
        surname_end = _surname_end(text, end, strict=level == "strong")
        strong = cue is not None or surname_end > end
        if level == "plain":
            ok = True
        elif level == "capitalised":
            ok = titlecase or (cue is not None and cue != "title_lc")
        elif level == "midsentence":
            ok = (titlecase and not sentence_start(text, start)) or strong
        else:
            ok = titlecase and strong
        if not ok:
            continue
        out.append(identifying("name", start, surname_end))
    for m in scan.find("family"):
        group = 1 if m.group(1) is not None else 3
        key = fold_key(m.group(group))
        if key in lex.stop:
            continue
        # "the Smiths": only listed surnames that are not everyday words
        if group == 3 and (key[:-1] not in lex.surnames or key[:-1] in _PLURAL_SURNAME_WORDS):
            continue
        out.append(identifying("name", m.start(group), m.end(group)))
    return out


def drop_allowed(text: str, findings: list[Finding], allowed: frozenset[str]) -> list[Finding]:
    if not allowed:
        return findings
    kept = []
    for f in findings:
        if f.kind == "name":
            span = text[f.start : f.end]
            words = [fold_key(w) for w in re.findall(r"[^\W\d_]+(?:['\-][^\W\d_]+)*", span)]
            if fold_key(" ".join(span.split())) in allowed or (
                words and all(w in allowed for w in words)
            ):
                continue
        kept.append(f)
    return kept


def _forename_pattern(forms: Iterable[str], levels: dict[str, str]) -> str:
    any_case, title_case = set(), set()
    for form in forms:
        level = levels[fold_key(form)]
        if level == "plain":
            any_case.update((form, fold_key(form)))
        else:
            title_case.update((form, fold_key(form).title()))

    def alternative(word: str) -> str:
        body = re2.escape(word)
        head = r"\b" if word[0].isascii() and word[0].isalnum() else ""
        tail = r"\b" if word[-1].isascii() and word[-1].isalnum() else ""
        return head + body + tail

    def alts(words: set[str]) -> str:
        return "|".join(alternative(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    return f"(?i:{alts(any_case)})|(?:{alts(title_case)})"


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    lex = lexicon()
    relation = "|".join(_RELATIONS)
    title = "|".join(sorted(_TITLES, key=len, reverse=True))
    return {
        "forename": (_forename_pattern(lex.forename_forms, lex.forenames), 64 << 20),
        "cue_relation": (
            r"(?i)\b(?:my|our|his|her|their|your)[ \t]+(?:(?:eldest|youngest|oldest|older|younger|"
            r"little|big|middle|baby|twin|foster|adopted|step|best|oldest|new|other)[ \t\-]?)?"
            rf"(?:{relation})s?\b"
        ),
        "cue_called": (
            r"(?i)\b(?:called|named|name[ \t]+is|name[ \t]+was|name's|names[ \t]+are|known[ \t]+as|"
            r"goes[ \t]+by|went[ \t]+by|go[ \t]+by|aka|a\.k\.a\.?|nicknamed|"
            r"call(?:s|ed)?[ \t]+(?:him|her|them)(?:sel(?:f|ves))?|"
            r"by[ \t]+the[ \t]+name[ \t]+(?:of)?)"
        ),
        "cue_title": rf"\b(?:(?:{title})\.?[ \t]+)+",
        "cue_title_lc": r"(?i)\b(?:mr|mrs|ms|dr)\.?[ \t]+",
        "family": (
            r"\b[Tt]he[ \t]+(?:([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?:'s)?[ \t]+(family|families|twins|"
            r"brothers|sisters|household|lot|boys|girls|kids)|([A-Z][a-z]+s))\b"
        ),
    }


DETECTORS = (_names,)
