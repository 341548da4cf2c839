"""The rules of quasi-identifiers: each rule's weight and what it means, and how a detail's words
are compared across items (`value_key`).

A weight is how much a detail narrows a family down: 1 vague, 2 narrowing, 3 nearly naming;
`combinations` adds them up.
"""

from __future__ import annotations

import re

from ..text import fold_key, words
from ..types import Finding

# rule -> (weight, what it is). The weight is how much the detail narrows a family down; see
# `combinations` for how weights add up.
RULES: dict[str, tuple[int, str]] = {
    "area-side": (2, "a side or end of a town"),
    "area-other-side": (1, "the other side of town"),
    "area-ours": (2, "our estate, street or end of town"),
    "area-estate": (1, "an unnamed estate"),
    "area-village": (1, "a village"),
    "area-landmark": (2, "near a landmark"),
    "area-at": (1, "at a landmark"),
    "area-home": (3, "where the family lives, by a landmark"),
    "year-number": (2, "a school year"),
    "year-scottish": (2, "a Scottish school year (S1-S6, P1-P7)"),
    "year-reception": (2, "reception class"),
    "year-sixth-form": (1, "sixth form"),
    "year-sixth-named": (2, "lower or upper sixth"),
    "year-of-school": (2, "a year of primary or secondary (his final year at primary)"),
    "year-of-college": (1, "a year of college or university"),
    "age-years-old": (2, "an age (14-year-old)"),
    "age-aged": (2, "an age (aged, turned)"),
    "age-is": (2, "an age (he's 14)"),
    "age-aside": (2, "an age beside a child (my son, 14)"),
    "age-bare": (2, "an age on its own beside a child (he's in Year 13, 17,)"),
    "age-birthday": (2, "a birthday (his 15th birthday)"),
    "date-day": (2, "a day of the year"),
    "date-day-year": (2, "a day with its year"),
    "date-numeric": (2, "a date in figures, with its year"),
    "date-numeric-short": (2, "a date in figures"),
    "date-weekday-day": (2, "a weekday and a day (last Tuesday the 3rd)"),
    "date-named-year": (2, "a named day with its year"),
    "date-named-specific": (2, "a named day, last"),
    "date-named-on": (2, "on a named day (on Bonfire Night)"),
    "date-named": (1, "a named day (Bonfire Night)"),
    "date-last-weekday": (1, "last Tuesday"),
    "date-month-year": (1, "a month and year"),
    "date-month": (1, "a month"),
    "date-holidays": (1, "a school holiday"),
    "date-holidays-year": (2, "a school holiday in a given year"),
    "date-day-only": (2, "a day of the month (on the 21st: this month's, in a recent post)"),
    "date-routine": (1, "where someone is every week (every Saturday)"),
    "club": (1, "a club, team or group (the youth club, the boxing club)"),
    "club-loose": (1, "a club or class"),
    "club-located": (3, "a club and where it is (the youth club at the community centre)"),
    "club-age-band": (2, "an age-group team (the under-14s)"),
    "club-named": (3, "a named club or team"),
    "club-role": (3, "a child's place in a team (the captain of the netball team)"),
    "school-kind": (2, "a kind of school there are few of (the PRU, the grammar)"),
    "care-ward": (3, "a numbered ward"),
    "care-unit": (2, "a ward or unit"),
    "court": (1, "a court"),
    "event": (2, "a local event"),
    "event-year": (3, "a local event in a given year"),
    "event-located": (3, "a local event and where it was (the bonfire on the green)"),
    "only-described": (3, "the only ... (who someone is)"),
    "only-in": (2, "the only one in ..."),
    "only-most": (3, "the tallest, youngest ... in ... (the tallest lad in the school)"),
    "siblings-ages": (3, "siblings with their ages"),
    "siblings-age": (1, "a sibling with their age"),
    "siblings-count": (1, "a number of siblings"),
    "siblings-year": (1, "a sibling with their school year"),
    "job": (1, "a parent's job"),
    "job-local": (2, "a parent's job that only a few do in a place"),
    "job-place": (2, "a parent's job and where"),
    "job-the": (3, "the one who does a job in a place"),
    "job-business": (3, "a family's local business"),
    "job-works-at": (2, "where a parent works"),
    "job-works-at-place": (3, "where a parent works, and where that is"),
    "incident": (3, "a distinctive event and where or when"),
    "incident-loose": (2, "an incident and where"),
    "incident-news": (2, "it was in the news"),
    "incident-video": (3, "a child in a viral video or a public appeal"),
    "incident-video-placed": (2, "a child on a video or CCTV, and where"),
    "incident-property": (2, "an attack on the family's home or car"),
    "incident-property-fire": (3, "the family's home or car set on fire, bombed or shot at"),
    "incident-property-crash": (3, "a vehicle crashed into the family's home"),
    "incident-personal": (2, "what happened to a child (stabbed, shot, run over)"),
    "incident-personal-loose": (1, "what happened to a child (arrested, excluded)"),
    "incident-bare": (1, "a dramatic event (the raid, the fire)"),
    "incident-notorious": (2, "known for what happened (the one who went missing)"),
    "incident-notorious-family": (3, "the family known for something (the family whose dog ...)"),
}


def quasi(kind: str, start: int, end: int, rule: str) -> Finding:
    """A quasi-identifier: never reported alone, only counted by `combinations`."""
    return Finding(kind, start, end, "", "quasi", "pass", rule=rule)


def weight(finding: Finding) -> int:
    return RULES.get(finding.rule, (1, ""))[0]


def value_key(text: str) -> str:
    """A detail's words as compared: folded, without leading little words."""
    words = [fold_key(w) for w in re.findall(r"[\w'\-]+", text)]
    while words and words[0] in _LEAD_WORDS:
        words.pop(0)
    return " ".join(words)


_LEAD_WORDS = frozenset(
    words("""on in at from round around up down over to near by the a an our my his her their this
    that i'm im i am we're we are he's he is she's she is they're they are was is are one of
    after since before during when just only""")
)
