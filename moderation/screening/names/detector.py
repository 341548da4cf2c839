"""The names detector: listed forenames at their level, names after a cue (`title`, `cue`,
`introduction`, `nickname`), unlisted words listed with a name (`list`), then family names and
initials (`families`), less what is no name. The rules are explained in the package's docstring.
"""

from __future__ import annotations

import re
from typing import TypeGuard

from ..gazetteer import gazetteer
from ..scan import Match, Scan
from ..text import (
    Lexicon,
    bounded,
    fold_key,
    is_titlecase,
    lexicon,
    match_at,
    sentence_start,
)
from ..types import Finding, identifying
from .families import drop_not_names, find_families, find_initials, finish_name
from .patterns import CAP_CUE_KINDS, CUE_KINDS, LOWER_CUES
from .spans import (
    NICK_PREFIXES,
    PARTICLES,
    Spans,
    particle_surname,
    possessive,
    sentence_subject,
    surname_end,
)
from .words import (
    ACRONYMS,
    AFTER_CUE,
    CONTRACTION,
    HYPHEN_TAIL,
    MONTH_NAMES,
    NATIONALITY,
    NEXT_TOKEN,
    SAINT,
    SURNAMES_FIRST,
    TITLE_SET,
    TOKEN,
    WEAK_LOWER_TITLES,
    WORD_SHAPE,
    hand_surnames,
    is_word,
)


def _names(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    cues: dict[int, tuple[str, int, str]] = {}  # token start -> (kind, span start, cue word)
    candidates: dict[int, tuple[int, str]] = {}  # start -> (end, the listed forename's key)
    for m in scan.find("forename"):
        start, end = m.start(), m.end()
        if bounded(text, start, end):
            tail = HYPHEN_TAIL.match(text, end)  # "Tyler-James": the whole of it
            candidates[start] = (tail.end() if tail else end, fold_key(text[start:end]))
    for m in scan.find("forename_lc"):  # "jordan mckenzie": the surname makes it a name
        start = m.start()
        if start in candidates or (start and text[start - 1] in "@#/._"):
            continue
        first, _, last = m.group().partition(" ")
        last = last.strip()
        key = fold_key(last)
        if key in lex.surnames and len(key) > 2 and (not is_word(key) or key in SURNAMES_FIRST):
            candidates[start] = (start + len(first), fold_key(first))
    for m in scan.find("forename_s"):  # "kaydens mum"
        key = fold_key(m.group(1))
        if key in lex.forenames and m.start() not in candidates:
            candidates[m.start()] = (m.end(1) + 1, key)
    for rx, kinds in (("name_cue", CUE_KINDS), ("name_cue_cap", CAP_CUE_KINDS)):
        for m in scan.find(rx):
            _add_cue(text, m, kinds, candidates, cues, lex)
    out: list[Finding] = []
    done = -1
    for start in sorted(cues.keys() | candidates.keys()):
        if start < done:
            continue
        found = _name_at(text, start, cues.get(start), candidates.get(start))
        if found:
            out.append(found)
            done = found.end
    out.extend(_listed_with(text, out))
    out.extend(find_families(text, scan))
    out.extend(find_initials(text, scan, out))
    return drop_not_names(text, scan, out)


_COORD_AFTER = re.compile(
    r"(?:[ \t]*,[ \t]*(?:and[ \t]+|&[ \t]+)?|[ \t]+(?:and|n|&|or|an)[ \t]+)"
    r"([^\W\d_]+(?:['\-][^\W\d_]+)*)"
)
_COORD_BEFORE = re.compile(
    r"(?<![^\W\d_'\-])([^\W\d_]+(?:['\-][^\W\d_]+)*)"
    r"(?:[ \t]*,[ \t]*|[ \t]+(?:and|n|&|or)[ \t]+)$"
)


def _unlisted_name(text: str, start: int, tok: str) -> bool:
    """A capitalised word, not everyday, next to a name in a list ("Tyler and Kaydon")."""
    key = fold_key(tok)
    return (
        len(tok) > 2
        and is_titlecase(tok)
        and tok not in TITLE_SET
        and key not in lexicon().stop
        and key not in lexicon().forenames
        and not is_word(key)
        and not CONTRACTION.match(text, start + len(tok))
        and gazetteer().lookup(tok) is None  # "Tyler and Leeds United": the place rules decide
    )


def _listed_with(text: str, found: list[Finding]) -> list[Finding]:
    """Unlisted names said in a list with a name found: "Tyler, Kaydon and Braxtyn"."""
    out: list[Finding] = []
    if not found:
        return out
    taken = Spans((f.start, f.end) for f in found)
    added: set[int] = set()

    def new(m: re.Match[str] | None) -> TypeGuard[re.Match[str]]:
        return bool(
            m
            and m.start(1) not in added
            and not taken.holds(m.start(1))
            and _unlisted_name(text, m.start(1), m.group(1))
        )

    for f in found:
        end = f.end
        for _ in range(4):
            m = _COORD_AFTER.match(text, end)
            if not new(m):
                break
            end = surname_end(text, m.end(1), "loose")
            added.add(m.start(1))
            out.append(identifying("name", m.start(1), end, rule="list"))
        m = _COORD_BEFORE.search(text, max(0, f.start - 40), f.start)
        if new(m):
            added.add(m.start(1))
            out.append(identifying("name", m.start(1), m.end(1), rule="list"))
    return out


def _add_cue(
    text: str,
    m: Match,
    kinds: tuple[str, ...],
    candidates: dict[int, tuple[int, str]],
    cues: dict[int, tuple[str, int, str]],
    lex: Lexicon,
) -> None:
    """Note the cue `m` (of one of `kinds`, by group) for the word after it."""
    group = next(g for g in range(1, len(kinds) + 1) if m.start(g) >= 0)
    kind = kinds[group - 1]
    cue_start, cue_end = m.start(group), m.end(group)
    t = TOKEN.match(text, match_at(AFTER_CUE, text, cue_end).end())
    if not t:
        return
    if t.start() not in candidates:  # not a listed forename: most words after a cue
        word = t.group()
        if kind == "title" and fold_key(word) in PARTICLES:
            pass  # "Mrs Van der Berg", "Dr da Silva"
        elif kind == "title" and word[0].islower():
            kind = "title_lc"  # "Mrs okafor": read as "mrs okafor" is
        elif word[0].islower() and kind not in LOWER_CUES:
            return  # "my son is", "I'm so"
        elif len(word) > 1 and kind not in ("called", "nick") and fold_key(word) in lex.stop:
            return  # "The Man Who", "Nan said"; not "PC A. Hargreaves"
    span_start = cue_start if kind in ("title", "title_lc", "age") else t.start()
    cue_word = text[cue_start:cue_end].strip().rstrip(".").lower()
    cues.setdefault(t.start(), (kind, span_start, cue_word))


def _name_at(
    text: str, start: int, cue: tuple[str, int, str] | None, candidate: tuple[int, str] | None
) -> Finding | None:
    lex = lexicon()
    if candidate:
        end, listed = candidate
    else:
        end, listed = match_at(TOKEN, text, start).end(), ""
    tok, end = possessive(text[start:end], end)
    if not tok or CONTRACTION.match(text, end):
        return None
    if start and (text[start - 1] in "@#/._" or SAINT.search(text, max(0, start - 7), start)):
        return None
    key = fold_key(tok)
    kind, span_start, cue_word = cue if cue else ("", start, "")
    level = lex.forenames.get(key) or lex.forenames.get(listed)
    titlecase = is_titlecase(tok)
    lower = tok.islower()
    first = sentence_start(text, start)
    rule = "forename"
    if level is not None:
        strict = level == "strong"
        if tok.isupper() and len(tok) <= 3 and not kind:
            return None  # "ED", "AL": an abbreviation in capitals
        if kind == "title_lc" and cue_word in WEAK_LOWER_TITLES:
            if lower and level != "plain":
                return None  # "i miss will"
            span_start = start  # "i miss tyler": "miss" is a verb
        mode = "strict" if strict else "loose"
        name_end = surname_end(text, end, mode, lower=lower)
        strong_context = bool(kind) or name_end > end
        if kind == "intro" and key in MONTH_NAMES:
            strong_context = name_end > end
        if level == "plain":
            ok = True
        elif level == "capitalised":
            ok = (titlecase and (not first or sentence_subject(text, end) or strong_context)) or (
                lower and (bool(kind) or name_end > end)
            )
        elif level == "midsentence":
            ok = (
                titlecase
                and (not first or sentence_subject(text, end, verb_only=True) or strong_context)
            ) or (lower and name_end > end)  # "ask jordan mckenzie"
        else:
            ok = titlecase and strong_context
        if not ok:
            return None
        if kind in ("title", "title_lc"):
            rule = "title"
        elif kind in ("intro", "name_is"):
            rule = "introduction"
        elif kind in ("called", "nick"):
            rule = "nickname"
        return finish_name(text, span_start, name_end, rule)
    # Not a listed forename: only after a cue.
    if not kind:
        return None
    if tok in TITLE_SET:
        if kind in ("called", "nick"):  # "they know her as Lady B"
            name_end = surname_end(text, end, "loose")
            if name_end > end:
                return finish_name(text, span_start, name_end, "nickname")
        return None
    if len(tok) == 1:  # "Mr J Smith", "Mr J. Smith": an initial needs a surname after it
        if not tok.isupper() or (kind != "title" and text[end : end + 1] != "."):
            return None
        end += text[end : end + 1] == "."
        name_end = surname_end(text, end, "loose")
        if name_end == end:
            return None
        return finish_name(text, span_start, name_end, "title" if kind == "title" else "initials")
    if tok.isupper():
        nxt = NEXT_TOKEN.match(text, end)
        shouting = bool(nxt and nxt.group("tok") and nxt.group("tok").isupper())
        if key in lex.stop or shouting:
            return None  # "MY SON IS MISSING"
        if kind == "title" or (
            kind in ("relation", "called", "nick") and len(tok) == 2 and tok not in ACRONYMS
        ):
            return finish_name(text, span_start, end, "initials" if kind != "title" else "title")
        return None  # "my son ADHD..."
    if key in PARTICLES and kind in ("title", "title_lc"):
        particle_end = particle_surname(text, end)
        return finish_name(text, span_start, particle_end, "title") if particle_end else None
    if key in NICK_PREFIXES and kind in ("called", "nick") and titlecase:
        # "goes by Lil Tee", "they call him Big Smoke": the word after is the name, whatever it is
        nxt = NEXT_TOKEN.match(text, end)
        if nxt and (nxt.group("initial") or is_titlecase(nxt.group("tok") or "")):
            return finish_name(text, span_start, possessive(nxt.group(), nxt.end())[1], "nickname")
    if key in lex.stop:
        if kind in ("called", "nick") and titlecase:
            # "they call him Little D", "known as Big Dez": an everyday word, then a name
            name_end = surname_end(text, end, "loose")
            if name_end > end:
                return finish_name(text, span_start, name_end, "nickname")
        return None
    word = is_word(key)
    if lower:
        if kind in ("title_lc",):
            if cue_word in WEAK_LOWER_TITLES and key not in lex.surnames:
                return None
            if word or len(key) < 3:
                return None
            rule = "title"
        elif kind in ("nick", "name_is"):
            if word or len(key) < 3 or WORD_SHAPE.search(key):
                return None
            if kind == "nick" and cue_word.startswith("known"):
                return None  # "known as cuckooing": a word being explained
            rule = "nickname" if kind == "nick" else "introduction"
        else:
            return None
        return finish_name(text, span_start, surname_end(text, end, "loose", lower=True), rule)
    if not titlecase:
        return None
    if kind == "relation":
        if word:
            return None  # "My Son Keeps Running Away", "a Child Exploitation screening"
        rule = "cue"
    elif kind in ("intro", "age"):
        if word or NATIONALITY.search(key):
            return None  # "I'm Gutted", "I'm Brazilian"
        rule = "introduction" if kind == "intro" else "cue"
    elif kind in ("called", "nick"):
        rule = "nickname"
    elif kind == "name_is":
        rule = "introduction"
    else:
        if word and key not in hand_surnames():
            return None  # "An Inspector Calls", "Lady Justice"
        rule = "title"
    name_end = surname_end(text, end, "loose")
    return finish_name(text, span_start, name_end, rule)


DETECTORS = (_names,)
