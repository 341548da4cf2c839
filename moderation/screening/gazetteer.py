"""Places by name: UK towns, villages and suburbs from the shipped gazetteer.

The gazetteer (`data/uk_places.txt`, about 5,900 written forms, built from GeoNames by
`data/build_gazetteer.py`, and `data/uk_districts.txt`, about 640 districts, suburbs and estates
of the big cities and county-lines towns that GeoNames' cities500 lacks, "Wythenshawe", "Moss
Side", "Easterhouse", written by hand) is loaded once per process into an Aho-Corasick automaton
(pyahocorasick), so one pass finds every form in a post whatever the list's size. Matching
ignores case and punctuation ("Stoke-on-Trent", "stoke on trent") and takes whole words only.

Whether a form found is a place depends on its context class (a column of the gazetteer) and on
the words around it:

- plain ("Rochdale", "Worcester Park"): written with a capital, or after a place cue
  ("we live in skelmersdale").
- proper, an everyday word whose capitalised form is the place ("Slough", "Mountain Ash"):
  a capital that does not open a sentence, or a capital and a place cue.
- word, an everyday word ("Reading", "Bath", "Sale", "Deal", "Street", "Wells", "Hope", "Ware",
  "Over", "Bury", "Rugby") or a place abroad better known than ours ("Boston"): a capital and
  a place cue ("we moved to Bath", "the other side of Rugby", "round Ware way", "the Bury
  area"). A forename ("Leigh", "Hope") is treated so too, and "from" or "to" count as its cue
  only after "we're", "moved"... ("we're from Leigh", not "a text from Hope").
- month ("March") and venue, a club or sporting venue said for the club or the event
  ("Wembley", "Everton"): a capital and a cue of living there ("we live in March", "near
  Wembley", "the Everton area").
- city, national-scale ("London", "Manchester", "Glasgow"): a big city alone narrows a family
  very little (a village or a suburb narrows it a lot), so it is never held alone: it is
  reported as a quasi-identifier, an area that `combinations` counts with other details.

Place cues: "in", "from", "near", "round", "outside", "towards", "via", "between", "side of",
"outskirts of", "north of"..., "to" after going ("moved to", "went to", "drove him to"), "up" and
"down" after going, being or seeing ("going up oldham", "he's always down brixton", "saw him up
kirkby"; not "shut up Leigh": a forename takes no such cue), "by" after "out", "down", "over"...
("out by huyton"), a place before "area", "way", "town centre", "high street", "police station",
"council", "lad", "lass", "kids", "lot", "accent"... ("a bolton lad", "the rochdale lot") and the
next place in a list ("Chesterfield and Worksop"). "we're in" and "I'm in" are a cue of living
there ("we're in moss side"). A form is not a place before a street word with a
capital ("Bury Road": the address rules own streets), a club or venue word ("Wigan Athletic",
"Leeds Festival", "Luton Airport"), a food ("Bakewell tart"), a surname ("Elton John"), after a
title ("Mrs Preston"), after "New" ("New York") or in a football context ("supports Everton").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import ahocorasick

from .scan import Pattern, Scan
from .text import DATA, fold_key, lexicon, phrases, sentence_start, words
from .types import REPLACEMENTS, Finding, identifying

# Punctuation read as a space when matching, so that "Stoke-on-Trent" and "stoke on trent",
# "Rochdale's" and "Rochdale," all find their place. One ASCII byte for another: offsets hold.
_PUNCT = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\t\n\r\x0b\x0c"
_SPACES = bytes.maketrans(_PUNCT, b" " * len(_PUNCT))


def match_form(text: str) -> str:
    """`text` as the automaton reads it: lower case, punctuation as spaces, same length."""
    lower = text.lower()
    if len(lower) != len(text):  # a few letters grow when lowered ("İ"): keep them as written
        lower = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if lower.isascii():
        return lower.encode("ascii").translate(_SPACES).decode("ascii")
    return (
        lower.encode("utf-8", "surrogatepass").translate(_SPACES).decode("utf-8", "surrogatepass")
    )


@dataclass(frozen=True)
class Place:
    form: str
    context: str  # plain | proper | word | month | city
    population: int


@dataclass(frozen=True)
class Gazetteer:
    automaton: ahocorasick.Automaton
    places: tuple[Place, ...]
    by_key: dict[str, int]  # match_form(form) -> index in places

    def lookup(self, phrase: str) -> Place | None:
        """The place written `phrase` (any case or punctuation), or None."""
        index = self.by_key.get(match_form(phrase).strip())
        return None if index is None else self.places[index]


@functools.cache
def gazetteer() -> Gazetteer:
    """The shipped gazetteer, loaded once per process."""
    places: list[Place] = []
    by_key: dict[str, int] = {}
    automaton = ahocorasick.Automaton()
    # GeoNames first, then the hand-written districts it lacks ("Wythenshawe", "Moss Side")
    lines = (DATA / "uk_places.txt").read_text(encoding="utf-8").splitlines()
    lines += (DATA / "uk_districts.txt").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if not line or line.startswith("#"):
            continue
        form, context, population = [*line.split("\t"), "0"][:3]
        key = match_form(form)
        if key in by_key:
            continue
        by_key[key] = len(places)
        # Whether it needs a capital is in the value, so that the common hit ("over", "march")
        # is dropped before any Python looks at it.
        automaton.add_word(f" {key} ", (len(places), len(key), context in _NEEDS_CAPITAL))
        places.append(Place(form, context, int(population)))
    automaton.make_automaton()
    return Gazetteer(automaton, tuple(places), by_key)


def place_at(text: str, start: int) -> int | None:
    """The end of the longest gazetteer place written at `start` (a word's start), or None."""
    if start > 0 and text[start - 1].isalnum():
        return None
    gaz = gazetteer()
    padded = f" {match_form(text[start : start + 48])} "
    best = None
    for end, (_, length, _) in gaz.automaton.iter(padded):
        if end - length - 1 == 0:  # the form starts at `start`
            best = length if best is None else max(best, length)
    return None if best is None else start + best


# --------------------------------------------------------------------------------------------
# Context

_WINDOW = 48
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_SENTENCE_END = re.compile(r"[.!?;:\n]")

_SIMPLE_CUES = frozenset(
    words(
        """in into from near nr nearby round around outside towards toward via through thru
        across past beyond between inside within"""
    )
)
_LIVE = frozenset(words("live lives living lived based settled raised stay stays staying"))
_GO = frozenset(
    words(
        """moved move moving moves went go goes going gone drove drive driven driving drives taken
        took take taking takes sent send sending trip trips train trains bus buses coach lift back
        ran run runs running away relocated rehoused travelled traveled travel travelling headed
        heading head get got getting gets come came coming comes way over up down out off route
        line lines ticket journey miles commute commutes walk walked"""
    )
)
_OBJECTS = frozenset(words("him her them us me back over up down out all it"))
_PLACE_NOUNS = frozenset(
    words(
        """side outskirts edge centre center middle north south east west northern southern
        eastern western part parts bit area town village city suburbs suburb borough end heart
        top bottom streets estate estates people folk lad lads kids police council school schools"""
    )
)
_PERSONAL_CUES = frozenset(words("from to with for at by and tell told ask asked love up down"))
_FROM_OK = frozenset(
    words("we're i'm im am are is was were come comes came he's she's they're we us")
)
_TITLES = frozenset(
    words(
        """mr mrs ms miss mx dr prof sir dame lady lord pc dc ds di dci sgt insp judge nurse cllr
        rev fr uncle aunt auntie aunty nan nana grandad grandma st saint inspector detective
        sergeant constable officer doctor councillor coach sister brother father mother"""
    )
)
_NOT_BEFORE = frozenset(
    words(
        """new nova supports support supported supporting against beat beating v vs versus
        playing played watch watching"""
    )
)
_NOT_BEFORE_PAIRS = frozenset(
    phrases(
        """supporter of|fan of|fans of|lost to|plays for|play for|signed for|duke of|earl of|
        battle of|treaty of|university of"""
    )
)
_CUE_AFTER = re.compile(
    r"[ \t]*(?:'s[ \t]+)?(?:area|areas|way\b(?![ \t]+(?:to|of|too|more|less|out|through|forward|"
    r"back|round|around|in|with|that|he|she|it|they|we|i|you|better|worse)\b)|"
    r"town[ \t]+cent(?:re|er)|cent(?:re|er)|city[ \t]+cent(?:re|er)|high[ \t]+street|police|"
    r"station|bus[ \t]+station|"
    r"train[ \t]+station|council|hospital|magistrates|crown[ \t]+court|youth[ \t]+court|"
    r"estate|estates|precinct|market|side[ \t]+of[ \t]+town|postcode|district|borough|"
    r"village|town\b(?![ \t]+(?:fc|afc))|lot|boys|lads|olders|youngers|lad|lass|lasses|girl|"
    r"girls|kid|kids|accent|born[ \t]+and[ \t]+bred|mandem|massive|crew|gang)\b",
    re.I,
)
# After a form, these make it something else: a street, a club, a venue, an event, a food.
_NOT_PLACE_AFTER_CAPITAL = re.compile(
    r"[ \t]+(?:Road|Rd|Street|Lane|Avenue|Ave|Close|Drive|Way|Crescent|Court|Place|Gardens|"
    r"Terrace|Grove|Rise|Walk|Row|Square|Mews|Parade|Boulevard|Hill|Park|United|City|Rovers|"
    r"Athletic|Wanderers|Albion|Villa|County|Town|FC|AFC|Rangers|Celtic|Thistle|Orient|Argyle|"
    r"Alexandra|Dynamos|Hotspur|Stanley|Harriers|Borough|Rugby|Tigers|Rhinos|Warriors|Wolves|"
    r"Saints|Sharks|Falcons|Festival|Airport|University|Uni|College|Towers|Stadium|Arena|"
    r"Services|Minster|Cathedral|Pride|Carnival|Marathon|Races|Spa|Zoo|Martin|Gap)\b"
)
_NOT_PLACE_AFTER = re.compile(
    r"[ \t]*(?:'s[ \t]+)?(?:sauce|tart|tarts|cake|cakes|bun|buns|pudding|puddings|cheese|pie|"
    r"pies|pasty|pasties|sausage|sausages|rock|terrier|terriers|fc|afc|fan|fans|supporter|"
    r"supporters|game|match|shirt|kit|v|vs|versus|festival|airport|uni|university)\b",
    re.I,
)
_NEEDS_CAPITAL = frozenset(("word", "month", "venue"))
_NEXT_CAPITALISED = re.compile(r"[ \t]+([A-Z][a-z]+)\b")
_LIST_JOIN = re.compile(r"[ \t]*(?:,|and|or|&|/|n|an)[ \t]*(?:,[ \t]*)?$|[ \t]*,[ \t]*$", re.I)


def _before(text: str, start: int) -> tuple[list[str], re.Match[str] | None]:
    """The words just before `start` in its sentence (lower case), and the last one's match."""
    lo = max(0, start - _WINDOW)
    window = text[lo:start]
    cut = 0
    for m in _SENTENCE_END.finditer(window):
        cut = m.end()
    tokens = list(_TOKEN.finditer(text, lo + cut, start))[-4:]
    return [t.group().lower() for t in tokens], (tokens[-1] if tokens else None)


def _cue_before(prev: list[str]) -> bool:
    """A place cue ends `prev`: "in", "moved to", "the other side of", "we're", "lives"..."""
    if not prev:
        return False
    last = prev[-1]
    two = prev[-2] if len(prev) > 1 else ""
    three = prev[-3] if len(prev) > 2 else ""
    if last in _SIMPLE_CUES or last in _LIVE or last == "we're" or (two, last) == ("we", "are"):
        return True
    if last == "to":
        return two in _GO or (two in _OBJECTS and three in _GO)
    if last == "of":
        return two in _PLACE_NOUNS
    if last in ("up", "down"):  # "going up oldham", "saw him up kirkby", not "shut up"
        return (
            two in _GO
            or two in _LIVE
            or two in _BE_UP
            or two in _SEEN
            or (two in _OBJECTS and (three in _GO or three in _SEEN))
        )
    if last == "by":  # "out by kirkby", "somewhere down by toxteth", not "written by"
        return two in _BY_BEFORE
    return False


_WE_ARE = frozenset(words("we're were i'm im"))
_SEEN = frozenset(words("saw seen see sees spotted found caught"))
_BE_UP = frozenset(words("been is was are were s 's we're i'm im he's hes she's shes they're"))
_BY_BEFORE = frozenset(words("out down up over round around near just right somewhere way there"))


def _cue_residence(prev: list[str]) -> bool:
    """A cue of living there: "we live in", "near", "outside", "round", "the town of"."""
    if not prev:
        return False
    last = prev[-1]
    two = prev[-2] if len(prev) > 1 else ""
    three = prev[-3] if len(prev) > 2 else ""
    if last in ("near", "outside", "round", "around"):
        return True
    if last == "of":
        return two in ("town", "village")
    if last == "in":
        return (
            two in _LIVE
            or two in _WE_ARE
            or (three, two) in (("we", "are"), ("i", "am"))
            or (two == "just" and three in _LIVE)
            or (three, two) in (("grew", "up"), ("home", "is"), ("house", "is"))
        )
    return False


def _in_a_name(text: str, start: int, end: int, last: re.Match[str] | None) -> bool:
    """True when the form is part of a person's name: "Elton John", "Nathan Pickering",
    "Ashworth-Barnes", "O'Connor"."""
    if start >= 2 and text[start - 1] in "-'" and text[start - 2].isalpha():
        return True
    if end + 1 < len(text) and text[end] == "-" and text[end + 1].isalpha():
        return True
    lex = lexicon()
    if fold_key(text[start:end]) in lex.forenames:  # "Elton John", "Ross Kemp"
        m = _NEXT_CAPITALISED.match(text, end, min(len(text), end + 24))
        if m:
            key = fold_key(m.group(1))
            if key in lex.surnames or lex.forenames.get(key) == "plain":
                return True
    if last is not None and last.group()[:1].isupper() and not text[last.end() : start].strip():
        return lex.forenames.get(fold_key(last.group())) == "plain"
    return False


def _is_place(text: str, start: int, end: int, context: str, after_place: bool) -> tuple[bool, str]:
    """Whether text[start:end] (a gazetteer form) is meant as the place, and the rule that says."""
    capital = text[start].isupper()
    if not capital and context in ("word", "month", "venue"):
        return False, ""
    prev, last = _before(text, start)
    if prev and (
        prev[-1] in _TITLES or prev[-1] in _NOT_BEFORE or " ".join(prev[-2:]) in _NOT_BEFORE_PAIRS
    ):
        return False, ""
    limit = min(len(text), end + 32)
    if _NOT_PLACE_AFTER_CAPITAL.match(text, end, limit) or _NOT_PLACE_AFTER.match(text, end, limit):
        return False, ""
    if _in_a_name(text, start, end, last):
        return False, ""
    # A forename ("Leigh", "Barry", "Hope") is a place only with a cue, and "from Leigh",
    # "to Barry" say who as often as where: they count only after "we're", "moved"...
    personal = fold_key(text[start:end]) in lexicon().forenames
    if personal:
        if context in ("plain", "proper", "city"):
            context = "word"
        if not capital:
            return False, ""
    after = _CUE_AFTER.match(text, end, limit) is not None
    cue = after_place or after or _cue_before(prev)
    if personal and cue and not (after_place or after) and prev[-1] in _PERSONAL_CUES:
        two = prev[-2] if len(prev) > 1 else ""
        cue = (prev[-1] == "from" and two in _FROM_OK) or (prev[-1] == "to" and _cue_before(prev))
    if context in ("plain", "city"):
        if capital:
            return True, "gazetteer-capitalised"
        return cue, "gazetteer-after-cue"
    if context == "proper":
        if capital:
            return cue or not sentence_start(text, start), "gazetteer-proper-noun"
        return _cue_residence(prev), "gazetteer-after-cue"
    if context in ("month", "venue"):
        return _cue_residence(prev) or after, f"gazetteer-{context}-name-lived-in"
    return cue, "gazetteer-everyday-word-with-cue"


def _places(text: str, scan: Scan) -> list[Finding]:
    gaz = gazetteer()
    padded = f" {match_form(text)} "
    hits = []
    for end, (index, length, needs_capital) in gaz.automaton.iter(padded):
        # The key " form " ends at `end` (inclusive) in the padded text, whose offset p is the
        # text's p - 1: the form starts at end - length in it, end - length - 1 in the text.
        start = end - length - 1
        if needs_capital and not text[start].isupper():
            continue  # "over", "march", "street": the common case, decided at once
        hits.append((start, start + length, index))
    if not hits:
        return []
    hits.sort(key=lambda h: (h[0], -h[1]))
    out: list[Finding] = []
    last_end = -1
    for start, stop, index in hits:
        place = gaz.places[index]
        after_place = last_end >= 0 and bool(_LIST_JOIN.match(text[last_end:start]))
        ok, rule = _is_place(text, start, stop, place.context, after_place)
        if not ok:
            continue
        last_end = stop
        if place.context == "city":
            out.append(
                Finding(
                    "place",
                    start,
                    stop,
                    REPLACEMENTS["place"],
                    "quasi",
                    "pass",
                    rule="gazetteer-national-city",
                )
            )
        else:
            out.append(identifying("place", start, stop, rule=rule))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with: none, the automaton does the scanning."""
    return {}


DETECTORS = (_places,)
