"""Views of a text for the detectors to read, each with a map back to the original offsets.

The plain view changes characters one for one (curly quotes to straight, no-break and zero-width
spaces to spaces, dashes to hyphens, a lone surrogate to U+FFFD), so its spans are the
original's. Every finding made in any view is reported on the original span.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .text import NORMALISE
from .types import Finding


@dataclass(frozen=True)
class View:
    """A text as the detectors read it.

    `offsets[i]` is the original offset of the view's character `i` (None: the same offsets);
    `via` names the normalisations that made the view ("" for the plain view).
    """

    text: str
    offsets: tuple[int, ...] | None = None
    via: str = ""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view's span [start, end)."""
        if self.offsets is None:
            return start, end
        if end <= start:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1

    def locate(self, finding: Finding, detector: str = "") -> Finding:
        """`finding`, made in this view, on the original text's span and explained."""
        start, end = self.span(finding.start, finding.end)
        return replace(finding, start=start, end=end, detector=detector, via=self.via)


def _plain(text: str) -> str:
    if text.isascii():
        return text
    plain = text.translate(NORMALISE)
    try:
        plain.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8, so stand one in for it
        plain = "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in plain)
    return plain


def views(text: str) -> list[View]:
    """The views of `text` to screen: the plain view first."""
    return [View(_plain(text))]
