"""The byline rule: how a story's teller is credited never narrows a family down.

A member chooses their byline from two fixed lists (who they are, and a coarse region: see
`models.byline_text`), so the story form cannot take a town. An editor can still write a byline
by hand in the admin (`StoryPage.byline`); that byline is screened like everything a member
writes (with the moderators' own lists of local places), and refused when screening finds
anything identifying in it: a place (a town, a village, an estate: kind "place"), a name, a
school, a number. The region names of the list
("London", "the North West", "Wales") are what a byline may say, so they are never refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from django.core.exceptions import ValidationError

from moderation.plain_words import check_for_author, label


@lru_cache(maxsize=4)
def _allowed_words(regions: tuple[str, ...]) -> re.Pattern[str]:
    """The regions, longest first, as words on their own ("the North West" or "North West")."""
    names = {name for region in regions for name in (region, region.removeprefix("the "))}
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def byline_problem(byline: str, *, regions: Iterable[str]) -> str:
    """Why this byline cannot be used ("" when it can). `regions`: the names a byline may use
    (`models.Region`'s labels)."""
    check = check_for_author(byline)
    allowed = [(m.start(), m.end()) for m in _allowed_words(tuple(regions)).finditer(byline)]
    for finding in check.findings:
        if any(start <= finding.start and finding.end <= end for start, end in allowed):
            continue  # a region of the list: as coarse as a byline may be
        words = byline[finding.start : finding.end]
        if finding.kind == "place":
            return (
                "A byline can't name a town or any place smaller than a region: "
                f"\u201c{words}\u201d looks like a place. People could use it to find the "
                "family. Use a region from the list instead, such as \u201cthe North West\u201d."
            )
        return (
            f"A byline can't include anything that could identify the family: \u201c{words}\u201d "
            f"looks like {label(finding.kind)}."
        )
    return ""


def check_byline(byline: str, *, regions: Iterable[str]) -> None:
    """Raise ValidationError when the byline could identify the family."""
    problem = byline_problem(byline, regions=regions)
    if problem:
        raise ValidationError(problem, code="identifying")
