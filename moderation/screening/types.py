"""What screening returns and what it is configured with: findings, results, terms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Action = Literal["pass", "flag", "hold", "block"]
# "quasi": a detail that narrows a family down without naming it (a school year, a club); never
# held alone, only counted by `combinations`.
Category = Literal["identifying", "risk", "watched", "quasi"]

PRECEDENCE: dict[str, int] = {"pass": 0, "flag": 1, "hold": 2, "block": 3}

KINDS: dict[str, str] = {
    "postcode": "a postcode",
    "phone": "a phone number",
    "email": "an e-mail address",
    "url": "a web address",
    "handle": "a social media name",
    "vehicle": "a number plate",
    "address": "an address",
    "school": "a school",
    "place": "a place",
    "gang": "a group",
    "date_of_birth": "a date of birth",
    "name": "a name",
    "official_number": "an official number (NHS, National Insurance, pupil, passport, licence)",
    "reference": "a police, court or council reference",
    "location": "a map location (coordinates or three words)",
    "ip_address": "an internet (IP) address",
    "off_platform": "an invitation to talk away from this site",
    "combination": "details that together could identify a family",
    "risk_danger": "someone in danger now",
    "risk_self_harm": "self-harm or suicide",
    "watched": "a watched term",
}

REPLACEMENTS: dict[str, str] = {
    "postcode": "[a postcode]",
    "phone": "[a phone number]",
    "email": "[an e-mail address]",
    "url": "[a web address]",
    "handle": "[a social media name]",
    "vehicle": "[a number plate]",
    "address": "[an address]",
    "school": "[a school]",
    "place": "[a place]",
    "gang": "[a group]",
    "date_of_birth": "[a date]",
    "name": "[a name]",
    "official_number": "[an official number]",
    "reference": "[a reference]",
    "location": "[a location]",
    "ip_address": "[an IP address]",
    "off_platform": "[contact away from this site]",
    "combination": "[a detail]",
}

# When two identifying findings cover exactly the same span, the first kind here wins.
PRIORITY = {
    kind: i
    for i, kind in enumerate(
        (
            "email",
            "url",
            "ip_address",
            "location",
            "official_number",
            "reference",
            "handle",
            "phone",
            "postcode",
            "vehicle",
            "address",
            "date_of_birth",
            "school",
            "place",
            "gang",
            "name",
            "off_platform",
            "combination",
        )
    )
}

MAX_PATTERN_LENGTH = 200
MAX_PROGRAM_SIZE = 50_000  # RE2 instructions: a list of 50 words is ~500, "????????" ~11,000


@dataclass(frozen=True)
class Finding:
    """One thing screening found: its kind, its span in the original text, what to do with it.

    `detector`, `rule` and `via` explain it (for `manage.py screen --explain` and moderators
    tuning lists): the detector function, the rule inside it, and the normalisation of the text
    it was found in ("" for the text as written). They take no part in equality.
    """

    kind: str
    start: int
    end: int
    replacement: str
    category: Category
    action: Action
    term_id: int | None = None
    detector: str = field(default="", compare=False)
    rule: str = field(default="", compare=False)
    via: str = field(default="", compare=False)


@dataclass(frozen=True)
class WatchedTerm:
    pattern: str
    match: Literal["word", "wildcard", "regex"]
    action: Literal["block", "hold", "flag"]
    id: int | None = None


@dataclass(frozen=True)
class LocalTerm:
    text: str
    kind: Literal["school", "place", "gang"]


@dataclass(frozen=True)
class ScreeningConfig:
    watched: tuple[WatchedTerm, ...] = ()
    local_terms: tuple[LocalTerm, ...] = ()
    allowed_names: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ScreeningResult:
    findings: tuple[Finding, ...]
    action: Action
    urgent: bool

    @property
    def identifying(self) -> bool:
        return any(f.category == "identifying" for f in self.findings)

    @property
    def risk(self) -> bool:
        return any(f.category == "risk" for f in self.findings)

    @property
    def blocked_terms(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.category == "watched" and f.action == "block")


def identifying(kind: str, start: int, end: int, rule: str = "") -> Finding:
    """An identifying finding of `kind`, held for a moderator, with its neutral replacement."""
    return Finding(kind, start, end, REPLACEMENTS[kind], "identifying", "hold", rule=rule)
