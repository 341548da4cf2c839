"""Display names are screened for identifying details like any other text a member writes.

A pseudonym is shown beside everything its member writes, to every member, for as long as the
account lasts, and no moderator reads it before it is shown: a school ("Oakbridge Academy Mum"),
a place ("Rochdale Dad"), a person's name or a postcode in it would point at a family on every
page. `community` cannot import moderation, so this screen is registered with
`community.members.names.register_name_screen` from `ModerationConfig.ready()` and runs in every
display
name check (signup, the admin's member forms).
"""

from __future__ import annotations

from . import screening
from .selectors import screening_config

# How a finding reads in the refusal, where KINDS' own label would read oddly after "looks like".
_LABELS = {"name": "a person's name", "combination": "details that together could identify you"}


def display_name_problem(name: str) -> str | None:
    """Why `name` cannot be a display name (a kind message naming what was found), or None.

    Refused: any identifying finding (with the moderators' local terms and allowed names), and
    a watched word that moderators block outright.
    """
    result = screening.screen(name, screening_config())
    found = [finding for finding in result.findings if finding.category == "identifying"]
    if found:
        first = found[0]
        what = _LABELS.get(first.kind) or screening.KINDS.get(first.kind, "a detail")
        return (
            "Your name is shown to every member, so it must not hold anything that could lead "
            f"someone to your family: \u201c{name[first.start : first.end]}\u201d looks like "
            f"{what}. Please choose a name that doesn't point to a real school, place or person."
        )
    if result.blocked_terms:
        return "Please choose another name: that one uses words this community doesn't allow."
    return None
