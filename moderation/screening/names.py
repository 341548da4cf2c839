"""Names of people: forenames from the lists, names after a cue, family names, initials.

Forenames (`data/forenames.txt`: hand-written UK, Irish, South Asian, African, Caribbean, Polish
and Arabic names, then the US Census 1990 names filtered by frequency) have a level in
`data/ambiguous_names.txt`:

- plain ("Tyler", "Aoife"): a name in any case, anywhere, also first in a sentence;
- capitalised ("Holly", "Jack"): written with a capital; first in a sentence only when a verb
  or "and" follows ("Poppy was 12", "Jack hangs round with...", "Mason carries a knife", "Jack
  from year 10 took..."; not "Ivy on the wall", "Holly bushes", "Brandy snaps": verbs whose -s
  form is also a plural noun count only in the past); in lower case only before a listed
  surname that is no everyday word ("ask jordan mckenzie");
- midsentence ("Drew", "Carol"): the same, but first in a sentence only before such a word;
- strong ("Will", "May", "Hope", "Grace"): only with a cue ("my son", "called", "Mr", "I'm"), a
  following surname that is not an everyday word ("Will Thompson"), or an initial.

Rules (the `rule` of each finding, for `manage.py screen --explain`):

- `forename`: a listed forename at its level;
- `title`: a title and the name after it, the title in the span ("Mrs Okafor", "DC Hartley",
  "Sgt. Mulligan", "Uncle Dev", "Fr. Doherty", "Sister O'Hara", lower case too when the word
  after is no everyday word: "mrs okafor"), a surname's particles too ("Mrs Van der Berg", "Dr
  da Silva", "Tyler de Souza");
- `cue`: a capitalised word after "my son", "her boyfriend", "the boy", "14-year-old" that is
  not an everyday word ("my partner Gaz", "the boy, Kaden, 11,");
- `introduction`: "I'm / I am / this is / my name is <Name>";
- `nickname`: "they called him Smurf", "goes by Lil T", "known as Skinny", "aka K-Dog" (an
  everyday word counts here, written with a capital; in lower case only a word that is not one;
  after "Lil", "Big", "Young" any capitalised word: "goes by Lil Tee");
- `family`: "the Smiths", "the Okafors", "the Kowalski family", "the Hussain brothers";
- `initials`: "T.B.", "J. Okafor", "S Ahmed", "my son TJ";
- `list`: a capitalised word that is not an everyday word or a known place, in a list with a
  name found ("Tyler, Kaydon and Braxtyn", "Kaydon and Tyler").

Cues for `introduction` include "my name is", "my names", "call me", and a form's "Name:",
"surname is", "full name is".

A name's span takes in middle names and surnames ("Tyler James Okafor", "Ellie-May
Fotheringham", "Siobhan O'Rourke"; for a strong name only a listed surname that is not an
everyday word), an initial ("Tyler B."), a listed surname in lower case that is no everyday
word ("tyler smith", "Tyler johnson", "Mrs okafor"), an attached age ("Tyler, 14", "Jayden
(15)", "Callum aged 12", "14-year-old Tyler"), and a possessive written without its apostrophe
("kaydens mum").

Not names: a word inside a known brand, charity, law or day (`data/not_name_phrases.txt`:
"Ralph Lauren", "Winston's Wish", "Sarah's Law", "Valentine's Day"), a saint ("St Mary's"), a name
followed by a street or institution word ("Victoria Road", "Jessie's Fund"), everyday words
(`data/everyday_words.txt`, SCOWL) where a rule says so, and `common_words.txt` /
`not_names.txt`. A surname alone never counts. `allowed_names` drops a name finding when every
word of it (titles, "the", "family" and an age aside) is allowed (so "Will" allowed still flags
"Will Thompson", and "Okafor" allowed drops "Mrs Okafor").
"""

from __future__ import annotations

import functools
import re
from array import array
from bisect import bisect_left
from collections.abc import Iterable

import re2

from .scan import Match, Pattern, Scan
from .text import (
    DATA,
    Lexicon,
    bounded,
    fold_key,
    is_titlecase,
    lexicon,
    read_list,
    sentence_start,
    words,
)
from .types import Finding, identifying

_RELATIONS = words(
    """son daughter boy girl lad child kid baby brother sister bro sis nephew niece grandson
    granddaughter grandchild cousin mate friend pal bestie boyfriend girlfriend bf gf ex partner
    husband wife fiance fiancee dad mum mam stepdad stepmum stepson stepdaughter uncle aunt
    auntie neighbour teacher"""
)
_TITLES = words(
    """Mr Mrs Ms Miss Mx Mister Dr Prof PC PCSO DC DS DI DCI DSI DSU Sgt Insp Supt Det Sergeant
    Inspector Superintendent Constable Detective Officer Judge Cllr Councillor Rev Reverend Pastor
    Father Fr Sister Imam Sheikh Rabbi Nurse Coach Sir Dame Lord Lady Uncle Auntie Aunty Aunt Nan
    Nana Nanna Nanny Grandad Grandpa Grandma Granny Gran"""
)
_TITLE_SET = frozenset(_TITLES)
_LOWER_TITLES = words(
    """mr mrs ms miss mx dr pc pcso dc ds sgt cllr uncle auntie aunty aunt nan nana nanna nanny
    grandad grandpa grandma granny gran"""
)
# After these lower-case titles a lower-case word counts only when it is a listed surname.
_WEAK_LOWER_TITLES = frozenset(("miss", "pc", "dc", "ds", "nan", "gran", "nanny"))
_MONTH_NAMES = frozenset(("may", "june", "april", "august", "january"))

_CONTRACTION = re.compile(r"'(?:t|ll|ve|re|d|m)\b", re.I)
_TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*")
_AFTER_CUE = re.compile(r"[ \t]*,?[ \t]*(?:-[ \t]*)?(?:\"|')?")
_NEXT_TOKEN = re.compile(
    r"[ \t]+(?:(?P<initial>[^\W\d_])(?P<dot>\.)?(?![^\W_]|['\-][^\W\d_])|"
    r"(?P<tok>[^\W\d_]+(?:['\-][^\W\d_]+)*))"
)
_HYPHEN_TAIL = re.compile(r"(?:-[^\W\d_]+)+")
_AGE_AFTER = re.compile(
    r"(?:[ \t]*,[ \t]*(?:aged?[ \t]+)?|[ \t]+aged?[ \t]+|[ \t]*\([ \t]*(?:aged?[ \t]*)?)"
    r"(?P<age>1?\d|2[0-5])(?:[ \t]*(?:yrs?|years?)(?:[ \t-]*old)?|[ \t]?y/?o)?(?P<close>[ \t]*\))?"
    r"(?![\d/:.,]\d|\d|[ \t]*(?:%|am\b|pm\b|mins?\b|minutes\b|hours?\b|miles\b|pounds?\b|quid\b|"
    r"grand\b|k\b|times?\b|of\b|days\b|weeks\b|months\b))",
    re.I,
)
_FOLLOWERS = frozenset(
    words(
        """was is has had hasn't wasn't isn't didn't doesn't don't won't can't couldn't wouldn't
        can could would will should might must did does do got gets get said says told tells
        came comes went goes keeps kept started stopped needs wants wanted loves loved likes
        liked hates hated asked asks rang rings called calls texted messaged knew knows thinks
        thought found left lost ran runs sent sends took takes gave gives turned turns used uses
        moved lives lived stayed stays never always just still also only and n & or who whose
        were hasnt wasnt isnt didnt doesnt dont wont cant couldnt wouldnt"""
    )
)
# Verbs a child or an adult in the story is the subject of ("Jack hangs round with...",
# "Mason carries a knife", "Jordan sold for them"): their -s and past forms make a sentence's
# first word a name the way "was" and "said" do. Verbs whose forms are also plural nouns that
# follow a flower or plant name ("Holly leaves", "Poppy seeds", "Ivy grows") are left out.
_VERB_STEMS = words(
    """hang carry smoke vape threaten groom recruit refuse disappear vanish insist reckon ignore
    owe seem try need want love hate like live stay argue pretend manage hurry rush climb deny
    admit attend help start stop wait follow collect add sneak bully"""
)
# Verbs whose -s form is also a plural noun ("Brandy snaps", "Candy texts"): the past only.
_PAST_ONLY_STEMS = words(
    """text message phone watch control supply pick drop push pull punch kick stab walk shout
    scream chat laugh cry talk snap visit skip bunk post share film record look act head jump
    answer offer promise claim block deal play work turn use move miss grab nick"""
)
# Verbs whose past is irregular: their -s form from the stem, the past as written below.
_IRREGULAR_STEMS = words(
    """sell sleep hide steal hold sit stand hurt pay swear lose buy bring make feel know say
    think see tell take give keep go come get do speak spend meet wear"""
)
_IRREGULAR_PAST = words(
    """went came took gave got said told sold stole hid ran rode drove rang hit knew thought
    saw seen felt kept made brought bought left met held sat stood lost won sent spent paid
    fought swore lied lay wore threw broke began spoke wrote drank slept woke caught found
    heard meant shot cut put let beat bit hurt been aint ain't gone done"""
)


def _verb_forms(stems: Iterable[str], past: bool = True) -> frozenset[str]:
    """The -s forms of `stems` ("hangs", "carries", "punches") and, with `past`, the -ed ones
    ("stabbed", "carried", "smoked")."""
    out: set[str] = set()
    for stem in stems:
        if stem.endswith(("s", "sh", "ch", "x", "z", "o")):
            out.add(stem + "es")
        elif stem.endswith("y") and stem[-2] not in "aeiou":
            out.add(stem[:-1] + "ies")
        else:
            out.add(stem + "s")
        if not past:
            continue
        if stem.endswith("e"):
            out.add(stem + "d")
        elif stem.endswith("y") and stem[-2] not in "aeiou":
            out.add(stem[:-1] + "ied")
        else:
            out.add(stem + "ed")
            if re.fullmatch(r"[^aeiou]*[aeiou][bdgklmnprt]", stem):
                out.add(stem + stem[-1] + "ed")  # "stabbed", "skipped"
    return frozenset(out)


_VERB_FORMS = (
    _verb_forms(_VERB_STEMS)
    | {f for f in _verb_forms(_PAST_ONLY_STEMS) if f.endswith("ed")}
    | _verb_forms(_IRREGULAR_STEMS, past=False)
    | set(_IRREGULAR_PAST)
)
# After a sentence's first word that is a name written with a capital ("Jack from year 10
# took her phone"), not one that needs more ("Drew from memory").
_CAPITALISED_FOLLOWERS = frozenset(("from",))
_FOLLOWER_RX = re.compile(r"(?:'s\b|[ \t]*[,(&]|[ \t]+(?P<word>[^\W\d_]+(?:'[a-z]+)?))")
_SAINT = re.compile(r"(?:\b(?:St|Saint|ST|st)\.?[ \t]+)$")
# After a name, words that make it a place or a thing: "Victoria Road", "Sarah's Law".
_PLACE_WORDS = words(
    """Road Rd Street St Avenue Ave Drive Crescent Cres Gardens Gdns Terrace Mews Parade Boulevard
    Square Sq Hospital Infirmary School Academy College Primary Centre Center Station Estate
    Hospice Stadium Arena Library Surgery Memorial Foundation"""
)
_PLACE_AFTER = re.compile(
    r"(?:'s)?[ \t]+(?:" + "|".join(_PLACE_WORDS) + r")\b"
    r"|'s[ \t]+(?:Law|Day|Wish|Trust|Fund|House|Place|Hospital|Eve)\b"
)
_SUFFIX_WORDS = frozenset(w.lower() for w in _PLACE_WORDS) | frozenset(
    words(
        """high grammar juniors infants crew gang line family twins brothers sisters trust fund
        way"""
    )
)
# Surnames that are also everyday words but, right after a forename in lower-case writing,
# are the surname ("tyler smith", not "tyler went").
_SURNAMES_FIRST = frozenset(
    words(
        """smith wright turner cooper baker carter fisher butler walker mason taylor parker
        thatcher harper"""
    )
)
_ACRONYMS = frozenset(
    words(
        """ADHD ASD PE IT RE GP SEN EHCP OCD PTSD ODD ID UK US EU TV OK PS AM PM BB DM PM YOT CPS
        NHS MP DJ CV A&E GCSE PRU AP SATS IQ"""
    )
)
_ABBREVIATIONS = frozenset(
    words(
        """P.S. U.K. U.S. A.M. P.M. I.T. P.E. R.E. T.V. G.P. A.D. B.C. E.U. O.K. R.I.P. A.S.A.P.
        A.K.A. E.G. I.E. N.B. V.S. M.P. P.C. D.C. D.S. N.H.S. B.B.C. C.I.D. C.P.S. Y.O.T. D.O.B.
        U.S.A. D.J. C.V. Q.C. K.C. J.P. S.E.N. A.S.D. T.B.C. T.B.A. E.T.A. O.T. S.W. D.V. C.S.E.
        F.G.M. D.B.S. P.R.U. L.A.C. C.I.N. C.P. A.B.H. G.B.H. R.T.A. W.P.C. S.T.I. S.T.D. L.G.B.T.
        O.D. A.A. N.A. H.R. I.D. P.A. T.A. M.D. C.E.O."""
    )
)
_WORD_SHAPE = re.compile(r"(?:ing|ed|ly|tion|ness|ment|ful|less|ous|ity)$")
_NATIONALITY = re.compile(r"(?:ian|ish|ese|ean|can|ani|ali|ic|ist)$")


class _Words:
    """A sorted word list in one bytes object: membership by binary search, little memory."""

    __slots__ = ("_blob", "_starts")

    def __init__(self, blob: bytes) -> None:
        self._blob = blob
        starts = array("I", [0])
        starts.extend(m.end() for m in re.finditer(rb"\n", blob))
        self._starts = starts

    def _word(self, i: int) -> bytes:
        return self._blob[self._starts[i] : self._starts[i + 1] - 1]

    def __contains__(self, word: str) -> bool:
        if not word.isascii():
            return False
        key = word.lower().encode("ascii")
        lo, hi = 0, len(self._starts) - 1
        while lo < hi:
            mid = (lo + hi) // 2
            if self._word(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo < len(self._starts) - 1 and self._word(lo) == key

    def __len__(self) -> int:
        return len(self._starts) - 1


@functools.cache
def everyday() -> _Words:
    """Everyday English words (SCOWL size 35, lower case): see data/README.md."""
    return _Words((DATA / "everyday_words.txt").read_bytes())


@functools.cache
def _not_name_phrases() -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in read_list("not_name_phrases.txt"))


@functools.cache
def _hand_surnames() -> frozenset[str]:
    """The hand-written part of surnames.txt (UK surnames, some of them words: "Brown")."""
    lines = (DATA / "surnames.txt").read_text(encoding="utf-8").splitlines()
    out = set()
    for line in lines:
        if line.startswith("# ---- generated"):
            break
        if line.strip() and not line.startswith("#"):
            out.add(fold_key(line.strip()))
    return frozenset(out)


@functools.lru_cache(maxsize=8192)
def _is_word(key: str) -> bool:
    return key in everyday()


def _surname_ok(key: str, mode: str) -> bool:
    """Whether a capitalised word after a name is its surname (or a middle name)."""
    lex = lexicon()
    if mode == "strict":  # after "Will", "May", "Grace": a listed surname, not an everyday word
        return key in lex.surnames and (not _is_word(key) or key in _SURNAMES_FIRST)
    return key in lex.surnames or key in lex.forenames or not _is_word(key)


def _surname_end(text: str, end: int, mode: str, lower: bool = False) -> int:
    """Where a name that ends at `end` really ends: over middle names, surnames, an initial."""
    lex = lexicon()
    for _ in range(3):
        m = _NEXT_TOKEN.match(text, end)
        if not m:
            break
        if m.group("initial"):
            letter = m.group("initial")
            if not letter.isupper() or (letter in "IA" and not m.group("dot")):
                break
            end = m.end()
            continue
        tok, tok_end = m.group("tok"), m.end()
        if tok.endswith("'s"):
            tok, tok_end = tok[:-2], tok_end - 2
        key = fold_key(tok)
        if key in _PARTICLES:  # "Mrs Van der Berg", "Dr da Silva": the surname after it
            after = _particle_surname(text, m.end())
            if after is None:
                break
            end = after
            continue
        if key in lex.stop or key in _SUFFIX_WORDS or _CONTRACTION.match(text, tok_end):
            break
        if tok[0].isupper() and is_titlecase(tok):
            if not _surname_ok(key, mode):
                break
        elif tok.islower() and (lower or mode == "loose"):
            # "tyler smith", "Tyler johnson": a listed surname that is not an everyday word (with
            # a few that are)
            if key not in lex.surnames or (_is_word(key) and key not in _SURNAMES_FIRST):
                break
            if len(key) < 3:
                break
            end = tok_end
            break
        else:
            break
        end = tok_end
    return end


_PARTICLES = frozenset(
    words("van von der den de da di du del della dos le la al el bin ibn ter ten")
)


def _particle_surname(text: str, end: int) -> int | None:
    """The end of the capitalised surname after a particle ("van [der] Berg"), or None."""
    for _ in range(2):
        m = _NEXT_TOKEN.match(text, end)
        if not m or not m.group("tok"):
            return None
        tok = m.group("tok")
        key = fold_key(tok)
        if key in _PARTICLES:
            end = m.end()
            continue
        if not is_titlecase(tok) or key in lexicon().stop or key in _SUFFIX_WORDS:
            return None
        if _is_word(key) and key not in lexicon().surnames:
            return None
        return m.end() - (2 if tok.endswith("'s") else 0)
    return None


def _age_end(text: str, end: int) -> int:
    m = _AGE_AFTER.match(text, end)
    if not m:
        return end
    if text[end : m.start("age")].lstrip(" \t").startswith("(") and not m.group("close"):
        return end
    return m.end()


_CONJUNCTIONS = frozenset(("and", "n", "or", "&"))
_NICK_PREFIXES = frozenset(words("lil lil' little big young yung baby lickle"))


def _sentence_subject(text: str, end: int, verb_only: bool = False) -> bool:
    """Whether the word after a sentence's first word reads as a name's verb ("Poppy was");
    "and" counts too unless `verb_only` ("Poppy and Chloe", not "Basil and tomato soup")."""
    m = _FOLLOWER_RX.match(text, end)
    if not m:
        return text[end : end + 1] in ("", ".", "!", "?", "\n", ")")
    word = m.group("word")
    if word is None:
        return not verb_only or m.group().strip() not in ("&", ",")
    word = word.lower()
    if word in _VERB_FORMS or (not verb_only and word in _CAPITALISED_FOLLOWERS):
        return True
    return word in _FOLLOWERS and not (verb_only and word in _CONJUNCTIONS)


def _possessive(tok: str, end: int) -> tuple[str, int]:
    if tok.endswith("'s"):
        return tok[:-2], end - 2
    if tok.endswith("'") and len(tok) > 1:
        return tok[:-1], end - 1
    return tok, end


def _names(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    cues: dict[int, tuple[str, int, str]] = {}  # token start -> (kind, span start, cue word)
    candidates: dict[int, tuple[int, str]] = {}  # start -> (end, the listed forename's key)
    for m in scan.find("forename"):
        start, end = m.start(), m.end()
        if bounded(text, start, end):
            tail = _HYPHEN_TAIL.match(text, end)  # "Tyler-James": the whole of it
            candidates[start] = (tail.end() if tail else end, fold_key(text[start:end]))
    for m in scan.find("forename_lc"):  # "jordan mckenzie": the surname makes it a name
        start = m.start()
        if start in candidates or (start and text[start - 1] in "@#/._"):
            continue
        first, _, last = m.group().partition(" ")
        last = last.strip()
        key = fold_key(last)
        if key in lex.surnames and len(key) > 2 and (not _is_word(key) or key in _SURNAMES_FIRST):
            candidates[start] = (start + len(first), fold_key(first))
    for m in scan.find("forename_s"):  # "kaydens mum"
        key = fold_key(m.group(1))
        if key in lex.forenames and m.start() not in candidates:
            candidates[m.start()] = (m.end(1) + 1, key)
    for rx, kinds in (("name_cue", _CUE_KINDS), ("name_cue_cap", _CAP_CUE_KINDS)):
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
    out.extend(_families(text, scan))
    out.extend(_initials(text, scan, out))
    return _drop_not_names(text, scan, out)


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
        and tok not in _TITLE_SET
        and key not in lexicon().stop
        and key not in lexicon().forenames
        and not _is_word(key)
        and not _CONTRACTION.match(text, start + len(tok))
        and _gazetteer().lookup(tok) is None  # "Tyler and Leeds United": the place rules decide
    )


def _gazetteer():
    from .gazetteer import gazetteer  # the places' list, loaded once by the places detector

    return gazetteer()


def _listed_with(text: str, found: list[Finding]) -> list[Finding]:
    """Unlisted names said in a list with a name found: "Tyler, Kaydon and Braxtyn"."""
    out: list[Finding] = []
    if not found:
        return out
    taken = _Spans((f.start, f.end) for f in found)
    added: set[int] = set()

    def new(m: re.Match | None) -> bool:
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
            end = _surname_end(text, m.end(1), "loose")
            added.add(m.start(1))
            out.append(identifying("name", m.start(1), end, rule="list"))
        m = _COORD_BEFORE.search(text, max(0, f.start - 40), f.start)
        if new(m):
            added.add(m.start(1))
            out.append(identifying("name", m.start(1), m.end(1), rule="list"))
    return out


class _Spans:
    """Spans, for asking in log time whether a position or span meets one of them."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], b)
            else:
                merged.append([a, b])
        self._starts = [a for a, _ in merged]
        self._ends = [b for _, b in merged]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_left(self._starts, end) - 1  # the last span starting before `end`
        return i >= 0 and self._ends[i] > start

    def holds(self, pos: int) -> bool:
        return self.overlaps(pos, pos + 1)


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
    t = _TOKEN.match(text, _AFTER_CUE.match(text, cue_end).end())
    if not t:
        return
    if t.start() not in candidates:  # not a listed forename: most words after a cue
        word = t.group()
        if kind == "title" and fold_key(word) in _PARTICLES:
            pass  # "Mrs Van der Berg", "Dr da Silva"
        elif kind == "title" and word[0].islower():
            kind = "title_lc"  # "Mrs okafor": read as "mrs okafor" is
        elif word[0].islower() and kind not in _LOWER_CUES:
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
        end, listed = _TOKEN.match(text, start).end(), ""
    tok, end = _possessive(text[start:end], end)
    if not tok or _CONTRACTION.match(text, end):
        return None
    if start and (text[start - 1] in "@#/._" or _SAINT.search(text, max(0, start - 7), start)):
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
        if kind == "title_lc" and cue_word in _WEAK_LOWER_TITLES:
            if lower and level != "plain":
                return None  # "i miss will"
            span_start = start  # "i miss tyler": "miss" is a verb
        mode = "strict" if strict else "loose"
        name_end = _surname_end(text, end, mode, lower=lower)
        strong_context = bool(kind) or name_end > end
        if kind == "intro" and key in _MONTH_NAMES:
            strong_context = name_end > end
        if level == "plain":
            ok = True
        elif level == "capitalised":
            ok = (titlecase and (not first or _sentence_subject(text, end) or strong_context)) or (
                lower and (bool(kind) or name_end > end)
            )
        elif level == "midsentence":
            ok = (
                titlecase
                and (not first or _sentence_subject(text, end, verb_only=True) or strong_context)
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
        return _finish(text, span_start, name_end, rule)
    # Not a listed forename: only after a cue.
    if not kind:
        return None
    if tok in _TITLE_SET:
        if kind in ("called", "nick"):  # "they know her as Lady B"
            name_end = _surname_end(text, end, "loose")
            if name_end > end:
                return _finish(text, span_start, name_end, "nickname")
        return None
    if len(tok) == 1:  # "Mr J Smith", "Mr J. Smith": an initial needs a surname after it
        if not tok.isupper() or (kind != "title" and text[end : end + 1] != "."):
            return None
        end += text[end : end + 1] == "."
        name_end = _surname_end(text, end, "loose")
        if name_end == end:
            return None
        return _finish(text, span_start, name_end, "title" if kind == "title" else "initials")
    if tok.isupper():
        nxt = _NEXT_TOKEN.match(text, end)
        shouting = bool(nxt and nxt.group("tok") and nxt.group("tok").isupper())
        if key in lex.stop or shouting:
            return None  # "MY SON IS MISSING"
        if kind == "title" or (
            kind in ("relation", "called", "nick") and len(tok) == 2 and tok not in _ACRONYMS
        ):
            return _finish(text, span_start, end, "initials" if kind != "title" else "title")
        return None  # "my son ADHD..."
    if key in _PARTICLES and kind in ("title", "title_lc"):
        name_end = _particle_surname(text, end)
        return _finish(text, span_start, name_end, "title") if name_end else None
    if key in _NICK_PREFIXES and kind in ("called", "nick") and titlecase:
        # "goes by Lil Tee", "they call him Big Smoke": the word after is the name, whatever it is
        nxt = _NEXT_TOKEN.match(text, end)
        if nxt and (nxt.group("initial") or is_titlecase(nxt.group("tok") or "")):
            return _finish(text, span_start, _possessive(nxt.group(), nxt.end())[1], "nickname")
    if key in lex.stop:
        if kind in ("called", "nick") and titlecase:
            # "they call him Little D", "known as Big Dez": an everyday word, then a name
            name_end = _surname_end(text, end, "loose")
            if name_end > end:
                return _finish(text, span_start, name_end, "nickname")
        return None
    word = _is_word(key)
    if lower:
        if kind in ("title_lc",):
            if cue_word in _WEAK_LOWER_TITLES and key not in lex.surnames:
                return None
            if word or len(key) < 3:
                return None
            rule = "title"
        elif kind in ("nick", "name_is"):
            if word or len(key) < 3 or _WORD_SHAPE.search(key):
                return None
            if kind == "nick" and cue_word.startswith("known"):
                return None  # "known as cuckooing": a word being explained
            rule = "nickname" if kind == "nick" else "introduction"
        else:
            return None
        return _finish(text, span_start, _surname_end(text, end, "loose", lower=True), rule)
    if not titlecase:
        return None
    if kind == "relation":
        if word:
            return None  # "My Son Keeps Running Away", "a Child Exploitation screening"
        rule = "cue"
    elif kind in ("intro", "age"):
        if word or _NATIONALITY.search(key):
            return None  # "I'm Gutted", "I'm Brazilian"
        rule = "introduction" if kind == "intro" else "cue"
    elif kind in ("called", "nick"):
        rule = "nickname"
    elif kind == "name_is":
        rule = "introduction"
    else:
        if word and key not in _hand_surnames():
            return None  # "An Inspector Calls", "Lady Justice"
        rule = "title"
    name_end = _surname_end(text, end, "loose")
    return _finish(text, span_start, name_end, rule)


def _finish(text: str, start: int, end: int, rule: str) -> Finding:
    return identifying("name", start, _age_end(text, end), rule=rule)


def _singular(word: str) -> list[str]:
    key = word.lower()
    out = [key[:-1]]
    if key.endswith("ies"):
        out.append(key[:-3] + "y")
    if key.endswith("es"):
        out.append(key[:-2])
    return out


def _families(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    out = []
    for m in scan.find("family"):
        tok = m.group(1)
        key = fold_key(tok)
        if key in lex.stop or key in _SUFFIX_WORDS:
            continue
        if is_titlecase(tok) and not (
            _is_word(key) and key not in lex.surnames and key not in lex.forenames
        ):
            out.append(identifying("name", m.start(), m.end(), rule="family"))
    for m in scan.find("family_plural"):
        tok = m.group(1).rstrip("'")
        key = fold_key(tok)
        if key in lex.stop or key.endswith(("ss", "us", "ous")):
            continue  # "the Serious Case Review", "the Bus"
        singles = _singular(key)
        if any(s in lex.stop or s in _SUFFIX_WORDS for s in singles):
            continue
        listed = [s for s in singles if s in lex.surnames]
        if tok.islower():
            # "the patels": only a listed surname that is not an everyday word
            if not any(not _is_word(s) and len(s) > 3 and s not in lex.forenames for s in listed):
                continue
        elif not is_titlecase(tok):
            continue
        elif any(_is_word(s) and s not in _SURNAMES_FIRST for s in singles) or (
            _is_word(key) and not any(s in _SURNAMES_FIRST for s in singles)
        ):
            continue  # "the Greens", "the Saints", "the Avengers"
        out.append(identifying("name", m.start(), m.start(1) + len(tok), rule="family"))
    return out


def _initials(text: str, scan: Scan, found: list[Finding]) -> list[Finding]:
    """Initials: "T.B.", "R.J.", and one before a surname ("J. Okafor", "S Ahmed")."""
    lex = lexicon()
    out: list[Finding] = []
    initials = list(scan.find("initials"))
    with_surname = list(scan.find("initial_surname"))
    if not initials and not with_surname:
        return out
    done = _Spans((f.start, f.end) for f in found)
    for m in initials:
        s = m.group(1).replace(" ", "")
        if s.upper() in _ABBREVIATIONS or not s.isupper():
            continue
        if done.holds(m.start()):
            continue
        if m.start() and text[m.start() - 1] in "./":
            continue
        out.append(identifying("name", m.start(1), m.end(1), rule="initials"))
    for m in with_surname:
        letter, tok = m.group(1), m.group(3)
        if letter in "IA" and not m.group(2):
            continue
        if done.holds(m.start()):
            continue
        key = fold_key(tok)
        if key in lex.stop or key in _SUFFIX_WORDS or _CONTRACTION.match(text, m.end(3)):
            continue
        if not (key in lex.surnames or key in lex.forenames or not _is_word(key)):
            continue
        if _is_word(key) and key not in _SURNAMES_FIRST and key not in lex.forenames:
            continue  # "C Wing", "T Shirt"
        end = _surname_end(text, m.end(3), "loose")
        out.append(identifying("name", m.start(), _age_end(text, end), rule="initials"))
    return out


def _drop_not_names(text: str, scan: Scan, found: list[Finding]) -> list[Finding]:
    if not found:
        return found
    phrases = _Spans((m.start(), m.end()) for m in scan.find("not_name_phrase"))
    kept = []
    for f in found:
        if phrases.overlaps(f.start, f.end):
            continue
        if f.rule != "family" and _PLACE_AFTER.match(text, f.end):
            continue  # "Victoria Road", "Martin House", "Sarah's Law": a place or a thing
        kept.append(f)
    return kept


_NOT_THE_NAME = frozenset(w.lower() for w in _TITLES) | frozenset(
    words("the family twins brothers sisters aged age year years yr yrs old yo")
)


def drop_allowed(text: str, findings: list[Finding], allowed: frozenset[str]) -> list[Finding]:
    """Drop name findings whose every word (titles, "the", an age aside) is allowed."""
    if not allowed:
        return findings
    kept = []
    for f in findings:
        if f.kind == "name":
            span = text[f.start : f.end]
            words = [
                fold_key(w)
                for w in re.findall(r"[^\W\d_]+(?:['\-][^\W\d_]+)*", span)
                if w.lower().rstrip(".") not in _NOT_THE_NAME
            ]
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
        if level == "plain":  # matched in any case: one spelling, and the accented one
            any_case.update({form.lower(), fold_key(form)})
        else:
            title_case.update((form, fold_key(form).title()))

    def alternative(word: str) -> str:
        body = re2.escape(word)
        head = r"\b" if word[0].isascii() and word[0].isalnum() else ""
        tail = r"\b" if word[-1].isascii() and word[-1].isalnum() else ""
        return head + body + tail

    def alts(words: set[str]) -> str:
        return "|".join(alternative(w) for w in sorted(words, key=lambda w: (-len(w), w)))

    # RE2's \b is ASCII-only: boundaries next to other letters are checked with `bounded`.
    return f"(?i:{alts(any_case)})|(?:{alts(title_case)})"


def _lower_pair_pattern(levels: dict[str, str]) -> str:
    names = sorted(
        (k for k, level in levels.items() if level in ("capitalised", "midsentence")),
        key=lambda w: (-len(w), w),
    )
    alts = "|".join(re2.escape(k) for k in names if len(k) >= 3 and k.isascii() and k.isalpha())
    return rf"\b(?:{alts})[ \t]+[a-z]{{3,}}\b"


def _phrase_pattern(phrases: Iterable[str]) -> str:
    parts = []
    for p in sorted(set(phrases), key=lambda w: (-len(w), w)):
        words = ("'?".join(re2.escape(part) for part in w.split("'")) for w in p.split())
        parts.append(r"[ \t]+".join(words))
    return r"(?i)\b(?:" + "|".join(parts) + r")"


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    lex = lexicon()
    cap = r"[A-Z\p{Lu}][\p{L}]*(?:['\-][\p{L}]+)*"
    family_words = (
        "family|families|twins|brothers|sisters|household|lot|boys|girls|kids|clan|cousins|"
        "lads|sons|daughters"
    )
    return {
        "forename": (_forename_pattern(lex.forename_forms, lex.forenames), 96 << 20),
        # A forename that needs a capital, written in lower case before a lower-case word:
        # "ask jordan mckenzie", "holly jones is 14" (the word after must be a listed surname).
        "forename_lc": (_lower_pair_pattern(lex.forenames), 16 << 20),
        "forename_s": (
            r"(?i)\b([a-z]{3,})s[ \t]+(?:mum|mam|mom|mummy|dad|daddy|nan|nana|nanna|gran|grandad|"
            r"grandma|brother|sister|bro|sis|cousin|house|place|flat|room|phone|mate|mates|"
            r"friend|friends|girlfriend|boyfriend|gf|bf|car|party|bike|auntie|aunty|uncle)\b"
        ),
        "name_cue": (_cue_pattern(_CUE_KINDS), 16 << 20),
        # Cues that count only before a capital ("my son Tyrese", "I'm Bernadette"): most
        # "my son" and "I'm" are followed by a word in lower case, and need no more work.
        "name_cue_cap": (
            _cue_pattern(_CAP_CUE_KINDS) + r"[ \t]*,?[ \t]*(?:-[ \t]*)?[\"']?[A-Z\p{Lu}]",
            16 << 20,
        ),
        "family": rf"\b[Tt]he[ \t]+({cap})(?:'s)?[ \t]+(?:{family_words})\b",
        "family_plural": (
            r"\b[Tt]he[ \t]+((?:[A-Z\p{Lu}][\p{L}]*(?:['\-][\p{L}]+)*|[a-z]{4,})(?:s|s'))"
            r"(?:[^\p{L}'\-]|$)"
        ),
        "initials": r"\b((?:[A-Z]\.[ \t]?){1,2}[A-Z]\.)(?:[^\p{L}.]|$)",
        "initial_surname": r"\b([A-Z])(\.)?[ \t]+([A-Z\p{Lu}][\p{Ll}]+(?:['\-][\p{L}]+)*)",
        "not_name_phrase": _phrase_pattern(_not_name_phrases()),
    }


# The cues before a name, in the order they are tried at one place, each a group of one RE2
# pattern (the longer first: "I'm called" before "I'm", "calls himself" before "calls him").
_CUE_KINDS = ("title", "name_is", "title_lc", "nick", "age")
_CAP_CUE_KINDS = ("relation", "called", "intro")
_LOWER_CUES = frozenset(("title_lc", "name_is", "nick", "age"))  # before a name in lower case


def _cue_pattern(kinds: tuple[str, ...]) -> str:
    relation = "|".join(_RELATIONS)
    title = "|".join(sorted(_TITLES, key=len, reverse=True))
    lower_title = "|".join(sorted(_LOWER_TITLES, key=len, reverse=True))
    sources = {
        "title": rf"\b(?:(?:{title})\.?[ \t]+)+",
        "name_is": (
            r"(?i)\b(?:(?:first|last|full|real|sur|middle|maiden|given|nick)[ \t]?name[ \t]*"
            r"(?:is|was|:|=|-)|name[ \t]*(?:is|:|=)|name'?s|my[ \t]+names|call[ \t]+me|"
            r"i'?m[ \t]+called)[ \t]*"
        ),
        "title_lc": rf"(?i)\b(?:{lower_title})\.?[ \t]+",
        "relation": (
            r"(?i)\b(?:(?:my|our|his|her|their|your|me)[ \t]+(?:(?:eldest|youngest|oldest|older|"
            r"younger|little|big|middle|baby|twin|foster|adopted|step|best|new|other|ex)[ \t\-]?)?"
            rf"(?:{relation})s?|(?:the|this|that|a|an)[ \t]+(?:(?:older|younger|other|new)[ \t]+)?"
            r"(?:boy|girl|lad|lass|man|woman|bloke|fella|guy|kid|child))\b"
        ),
        "nick": (
            r"(?i)\b(?:known[ \t]+as|know[ \t]+(?:him|her|them)[ \t]+as|"
            r"(?:goes|go|went)[ \t]+by(?:[ \t]+the[ \t]+name(?:[ \t]+of)?)?|aka|a\.k\.a\.?|"
            r"nicknamed|nick[ \t]?name[ \t]+is|street[ \t]+name[ \t]+is|"
            r"call(?:s|ed)?[ \t]+(?:him|her|them)sel(?:f|ves))"
        ),
        "called": (
            r"(?i)\b(?:call(?:s|ed)?[ \t]+(?:him|her|them)|(?:they|we|everyone|people|you|u)[ \t]+"
            r"(?:all[ \t]+)?call(?:s|ed)?(?:[ \t]+(?:him|her|them))?|called|named|name[ \t]+was|"
            r"names[ \t]+are|by[ \t]+the[ \t]+name[ \t]+(?:of)?)"
        ),
        "intro": r"(?i)\b(?:i'?m|i[ \t]+am|this[ \t]+is|it'?s[ \t]+me,?)[ \t]+",
        "age": (
            r"(?i)\b(?:[1-9]|1\d|2[0-5])[ \t\-]*(?:years?|yrs?|yr)[ \t\-]*old[ \t]+|"
            r"\b(?:[1-9]|1\d|2[0-5])[ \t]?yo[ \t]+"
        ),
    }
    parts = []
    for kind in kinds:
        source = sources[kind]
        flags, body = ("(?i:", source[4:]) if source.startswith("(?i)") else ("(?:", source)
        parts.append(f"({flags}{body}))")
    return "(?:" + "|".join(parts) + ")"


DETECTORS = (_names,)
