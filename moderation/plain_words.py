"""What screening found, in plain words for the member who wrote it.

The same sentences as the composer's pre-send check (moderation/static/moderation/screen.js),
for the pages that show findings without JavaScript and for the message a member sees when
what they sent is held: "This looks like a phone number. People could use it to find you."
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString

from . import screening
from .highlight import highlight
from .selectors import screening_config

RISK = (
    "It sounds like someone may be in danger. If it is happening now, call 999. "
    "Help is also under \u201cNeed help now?\u201d at the top of the page."
)
BLOCKED = "This uses words this community doesn't allow. Please change them before you send."
WATCHED = "A moderator will look at the marked words before they are shown."
SPECIAL = {
    "combination": (
        "These details together could identify a family. You may want to leave one or two out."
    ),
    "off_platform": (
        "This looks like an invitation to talk away from this site. For everyone's safety, "
        "please keep talking here."
    ),
}


def label(kind: str) -> str:
    """The kind in words: "a phone number"."""
    return screening.KINDS.get(kind, "a detail")


def sentence(finding: screening.Finding, action: str = "pass") -> str:
    """One finding in a plain sentence ("" for what is never shown alone, such as a school
    year counted only towards a combination)."""
    if finding.category == "risk":
        return RISK
    if finding.category == "watched":
        return BLOCKED if action == "block" else WATCHED
    if finding.category != "identifying":
        return ""
    return SPECIAL.get(finding.kind) or (
        f"This looks like {label(finding.kind)}. People could use it to find you."
    )


def sentences(findings: Iterable[screening.Finding], action: str = "pass") -> list[str]:
    """A sentence for each kind found, once, in the order found."""
    out: list[str] = []
    for finding in findings:
        text = sentence(finding, action)
        if text and text not in out:
            out.append(text)
    return out


def kinds_in_words(findings: Iterable[screening.Finding]) -> str:
    """The identifying kinds found, joined for a sentence: "a phone number and a place"."""
    kinds: list[str] = []
    for finding in findings:
        if finding.category == "identifying" and label(finding.kind) not in kinds:
            kinds.append(label(finding.kind))
    if len(kinds) <= 1:
        return "".join(kinds)
    return ", ".join(kinds[:-1]) + " and " + kinds[-1]


@dataclass(frozen=True)
class Check:
    """A text screened for its author before it is sent: what could identify someone."""

    text: str
    findings: tuple[screening.Finding, ...]

    @property
    def identifying(self) -> bool:
        return bool(self.findings)

    @property
    def sentences(self) -> list[str]:
        return sentences(self.findings)

    @property
    def html(self) -> SafeString:
        """The text, escaped, with what was found marked."""
        return highlight(self.text, self.findings)


def identifying_in(result: screening.ScreeningResult, text: str) -> Check:
    """The identifying findings of a screening result, for showing to the text's author."""
    return Check(
        text=text, findings=tuple(f for f in result.findings if f.category == "identifying")
    )


def check_for_author(text: str) -> Check:
    """Screen a text with the moderators' lists, as sending it would, for its author to see
    before it is sent (nothing is saved)."""
    return identifying_in(screening.screen(text, screening_config()), text)
