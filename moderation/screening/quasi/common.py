"""Pieces the quasi-identifier parts share: number words, months, days, pronouns, and what after a
number makes it a measure rather than an age.
"""

from __future__ import annotations

import re

from ..text import words

NUMBER_WORDS = words(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen"""
)
NUMBER_VALUES = {w: i for i, w in enumerate(NUMBER_WORDS, 1)}
NUM = r"(?:1[0-9]|[1-9]|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
FULL_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
)
WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
DAY = r"(?:3[01]|[12][0-9]|0?[1-9])"
YEAR = r"(?:19|20)\d\d"
ORD = r"(?:st|nd|rd|th)"
PRONOUNS = frozenset(
    words("""i we he she they you it i'm im we're he's hes she's shes they're it's its that's i've
    we've they've i'd he'd she'd we'd they'd i'll he'll she'll we'll they'll""")
)

# A number followed by one of these is a measure, not an age.
NOT_AGE_AFTER = re.compile(
    r"(?:th\b|st\b|nd\b|rd\b)|[ \t]*(?:%|:|\.\d|/|-[ \t]*\d|x\b|stone|kg\b|kilos?|lbs?\b|pounds?|"
    r"quid|grand|k\b|p\b|pence|minutes?|mins?|hours?|hrs?|seconds?|secs?|days?|weeks?|wks?|"
    r"times?|miles?|metres?|meters?|m\b|km\b|feet|foot|ft\b|inch|inches|cm\b|mm\b|points?|"
    r"goals?|pts\b|o'?clock|am\b|pm\b|a\.m|p\.m|percent|per\b|out[ \t]+of|of[ \t]+(?:them|us|"
    r"the|his|her|my|our|their|those|these)\b|in[ \t]+the[ \t]+(?:morning|afternoon|evening)|"
    r"hundred|thousand|million|bus\b|tablets?|pills?|cans?|pints?|bottles?|texts?|calls?|"
    r"messages?|missed|people|kids|lads|men|boys|girls|others|more|less|behind|ahead|down|up\b|"
    r"nil|-?nil|in[ \t]+a[ \t]+row)",
    re.I,
)


def number_value(token: str) -> int | None:
    token = token.lower()
    if token.isdigit():
        return int(token)
    return NUMBER_VALUES.get(token)


def words_before(text: str, start: int, count: int = 2) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w']+", text[max(0, start - 30) : start])][-count:]
