"""Which words can be part of a name, and which are everyday words: titles, relations, verbs whose
forms tell a name from a word ("Jack hangs round" / "Holly bushes"), the everyday-word list
(`data/everyday_words.txt`), the hand-written surnames and the phrases that are never names
(`data/not_name_phrases.txt`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..text import (
    DATA,
    everyday,
    fold_key,
    lexicon,
    read_list,
    words,
)

RELATIONS = words(
    """son daughter boy girl lad child kid baby brother sister bro sis nephew niece grandson
    granddaughter grandchild cousin mate friend pal bestie boyfriend girlfriend bf gf ex partner
    husband wife fiance fiancee dad mum mam stepdad stepmum stepson stepdaughter uncle aunt
    auntie neighbour teacher"""
)
TITLES = words(
    """Mr Mrs Ms Miss Mx Mister Dr Prof PC PCSO DC DS DI DCI DSI DSU Sgt Insp Supt Det Sergeant
    Inspector Superintendent Constable Detective Officer Judge Cllr Councillor Rev Reverend Pastor
    Father Fr Sister Imam Sheikh Rabbi Nurse Coach Sir Dame Lord Lady Uncle Auntie Aunty Aunt Nan
    Nana Nanna Nanny Grandad Grandpa Grandma Granny Gran"""
)
TITLE_SET = frozenset(TITLES)
LOWER_TITLES = words(
    """mr mrs ms miss mx dr pc pcso dc ds sgt cllr uncle auntie aunty aunt nan nana nanna nanny
    grandad grandpa grandma granny gran"""
)
# After these lower-case titles a lower-case word counts only when it is a listed surname.
WEAK_LOWER_TITLES = frozenset(("miss", "pc", "dc", "ds", "nan", "gran", "nanny"))
MONTH_NAMES = frozenset(("may", "june", "april", "august", "january"))

CONTRACTION = re.compile(r"'(?:t|ll|ve|re|d|m)\b", re.I)
TOKEN = re.compile(r"[^\W\d_](?:[^\W\d_]|['\-](?=[^\W\d_]))*")
AFTER_CUE = re.compile(r"[ \t]*,?[ \t]*(?:-[ \t]*)?(?:\"|')?")
NEXT_TOKEN = re.compile(
    r"[ \t]+(?:(?P<initial>[^\W\d_])(?P<dot>\.)?(?![^\W_]|['\-][^\W\d_])|"
    r"(?P<tok>[^\W\d_]+(?:['\-][^\W\d_]+)*))"
)
HYPHEN_TAIL = re.compile(r"(?:-[^\W\d_]+)+")
AGE_AFTER = re.compile(
    r"(?:[ \t]*,[ \t]*(?:aged?[ \t]+)?|[ \t]+aged?[ \t]+|[ \t]*\([ \t]*(?:aged?[ \t]*)?)"
    r"(?P<age>1?\d|2[0-5])(?:[ \t]*(?:yrs?|years?)(?:[ \t-]*old)?|[ \t]?y/?o)?(?P<close>[ \t]*\))?"
    r"(?![\d/:.,]\d|\d|[ \t]*(?:%|am\b|pm\b|mins?\b|minutes\b|hours?\b|miles\b|pounds?\b|quid\b|"
    r"grand\b|k\b|times?\b|of\b|days\b|weeks\b|months\b))",
    re.I,
)
FOLLOWERS = frozenset(
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


VERB_FORMS = (
    _verb_forms(_VERB_STEMS)
    | {f for f in _verb_forms(_PAST_ONLY_STEMS) if f.endswith("ed")}
    | _verb_forms(_IRREGULAR_STEMS, past=False)
    | set(_IRREGULAR_PAST)
)
# After a sentence's first word that is a name written with a capital ("Jack from year 10
# took her phone"), not one that needs more ("Drew from memory").
CAPITALISED_FOLLOWERS = frozenset(("from",))
FOLLOWER_RX = re.compile(r"(?:'s\b|[ \t]*[,(&]|[ \t]+(?P<word>[^\W\d_]+(?:'[a-z]+)?))")
SAINT = re.compile(r"(?:\b(?:St|Saint|ST|st)\.?[ \t]+)$")
# After a name, words that make it a place or a thing: "Victoria Road", "Sarah's Law".
_PLACE_WORDS = words(
    """Road Rd Street St Avenue Ave Drive Crescent Cres Gardens Gdns Terrace Mews Parade Boulevard
    Square Sq Hospital Infirmary School Academy College Primary Centre Center Station Estate
    Hospice Stadium Arena Library Surgery Memorial Foundation"""
)
PLACE_AFTER = re.compile(
    r"(?:'s)?[ \t]+(?:" + "|".join(_PLACE_WORDS) + r")\b"
    r"|'s[ \t]+(?:Law|Day|Wish|Trust|Fund|House|Place|Hospital|Eve)\b"
)
SUFFIX_WORDS = frozenset(w.lower() for w in _PLACE_WORDS) | frozenset(
    words(
        """high grammar juniors infants crew gang line family twins brothers sisters trust fund
        way"""
    )
)
# Surnames that are also everyday words but, right after a forename in lower-case writing,
# are the surname ("tyler smith", not "tyler went").
SURNAMES_FIRST = frozenset(
    words(
        """smith wright turner cooper baker carter fisher butler walker mason taylor parker
        thatcher harper"""
    )
)
ACRONYMS = frozenset(
    words(
        """ADHD ASD PE IT RE GP SEN EHCP OCD PTSD ODD ID UK US EU TV OK PS AM PM BB DM PM YOT CPS
        NHS MP DJ CV A&E GCSE PRU AP SATS IQ"""
    )
)
ABBREVIATIONS = frozenset(
    words(
        """P.S. U.K. U.S. A.M. P.M. I.T. P.E. R.E. T.V. G.P. A.D. B.C. E.U. O.K. R.I.P. A.S.A.P.
        A.K.A. E.G. I.E. N.B. V.S. M.P. P.C. D.C. D.S. N.H.S. B.B.C. C.I.D. C.P.S. Y.O.T. D.O.B.
        U.S.A. D.J. C.V. Q.C. K.C. J.P. S.E.N. A.S.D. T.B.C. T.B.A. E.T.A. O.T. S.W. D.V. C.S.E.
        F.G.M. D.B.S. P.R.U. L.A.C. C.I.N. C.P. A.B.H. G.B.H. R.T.A. W.P.C. S.T.I. S.T.D. L.G.B.T.
        O.D. A.A. N.A. H.R. I.D. P.A. T.A. M.D. C.E.O."""
    )
)
WORD_SHAPE = re.compile(r"(?:ing|ed|ly|tion|ness|ment|ful|less|ous|ity)$")
NATIONALITY = re.compile(r"(?:ian|ish|ese|ean|can|ani|ali|ic|ist)$")


@functools.cache
def not_name_phrases() -> tuple[str, ...]:
    return tuple(" ".join(p.split()) for p in read_list("not_name_phrases.txt"))


@functools.cache
def hand_surnames() -> frozenset[str]:
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
def is_word(key: str) -> bool:
    return key in everyday()


def surname_ok(key: str, mode: str) -> bool:
    """Whether a capitalised word after a name is its surname (or a middle name)."""
    lex = lexicon()
    if mode == "strict":  # after "Will", "May", "Grace": a listed surname, not an everyday word
        return key in lex.surnames and (not is_word(key) or key in SURNAMES_FIRST)
    return key in lex.surnames or key in lex.forenames or not is_word(key)
