"""The RE2 sources the names detector scans with: listed forenames by level, lower-case name pairs,
not-name phrases, and the cues before a name.
"""

from __future__ import annotations

from collections.abc import Iterable

import re2

from ..scan import Pattern
from ..text import (
    fold_key,
    lexicon,
)
from .words import LOWER_TITLES, RELATIONS, TITLES, not_name_phrases


def _forename_pattern(forms: Iterable[str], levels: dict[str, str]) -> str:
    any_case: set[str] = set()
    title_case: set[str] = set()
    for form in forms:
        level = levels[fold_key(form)]
        if level == "plain":  # matched in any case: one spelling, and the accented one
            any_case.update({form.lower(), fold_key(form)})
        else:
            title_case.update((form, fold_key(form).title()))

    def alternative(word: str) -> str:
        body: str = re2.escape(word)  # google-re2 ships no types
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
        "name_cue": (_cue_pattern(CUE_KINDS), 16 << 20),
        # Cues that count only before a capital ("my son Tyrese", "I'm Bernadette"): most
        # "my son" and "I'm" are followed by a word in lower case, and need no more work.
        "name_cue_cap": (
            _cue_pattern(CAP_CUE_KINDS) + r"[ \t]*,?[ \t]*(?:-[ \t]*)?[\"']?[A-Z\p{Lu}]",
            16 << 20,
        ),
        "family": rf"\b[Tt]he[ \t]+({cap})(?:'s)?[ \t]+(?:{family_words})\b",
        "family_plural": (
            r"\b[Tt]he[ \t]+((?:[A-Z\p{Lu}][\p{L}]*(?:['\-][\p{L}]+)*|[a-z]{4,})(?:s|s'))"
            r"(?:[^\p{L}'\-]|$)"
        ),
        "initials": r"\b((?:[A-Z]\.[ \t]?){1,2}[A-Z]\.)(?:[^\p{L}.]|$)",
        "initial_surname": r"\b([A-Z])(\.)?[ \t]+([A-Z\p{Lu}][\p{Ll}]+(?:['\-][\p{L}]+)*)",
        "not_name_phrase": _phrase_pattern(not_name_phrases()),
    }


# The cues before a name, in the order they are tried at one place, each a group of one RE2
# pattern (the longer first: "I'm called" before "I'm", "calls himself" before "calls him").
CUE_KINDS = ("title", "name_is", "title_lc", "nick", "age")
CAP_CUE_KINDS = ("relation", "called", "intro")
LOWER_CUES = frozenset(("title_lc", "name_is", "nick", "age"))  # before a name in lower case


def _cue_pattern(kinds: tuple[str, ...]) -> str:
    relation = "|".join(RELATIONS)
    title = "|".join(sorted(TITLES, key=len, reverse=True))
    lower_title = "|".join(sorted(LOWER_TITLES, key=len, reverse=True))
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
