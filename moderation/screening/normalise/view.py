"""A view of a text as the detectors read it, with its map back to the original's offsets."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field

from ..types import Finding
from .labels import describe


@dataclass(frozen=True)
class View:
    """A text as the detectors read it.

    `offsets[i]` is the original offset of the view's character `i` and `ends[i]` the end of
    the original characters it stands for (None: the same offsets; `ends` None: one each);
    `labels[i]` says what was undone to make character `i` (bits of `LABELS`); `via` names
    everything undone in the view ("" for the plain view).
    """

    text: str
    offsets: array[int] | tuple[int, ...] | None = None
    via: str = ""
    ends: array[int] | None = field(default=None, repr=False)
    labels: array[int] | None = field(default=None, repr=False)
    ordered: bool = True  # False when a right-to-left override was put back: spans need min/max

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the view's span [start, end)."""
        if self.offsets is None:
            return start, end
        offsets = self.offsets
        ends = self.ends if self.ends is not None else None
        if not offsets:
            return 0, 0
        start = min(max(start, 0), len(offsets) - 1)
        if end <= start:
            return offsets[start], offsets[start]
        end = min(end, len(offsets))
        if not self.ordered:
            first = min(offsets[start:end])
            last = max(ends[start:end]) if ends is not None else max(offsets[start:end]) + 1
            return first, last
        return offsets[start], (ends[end - 1] if ends is not None else offsets[end - 1] + 1)

    def undone(self, start: int, end: int) -> str:
        """What was undone inside the view's span [start, end)."""
        if self.labels is None or end <= start:
            return self.via
        bits = 0
        for b in set(self.labels[start:end]):
            bits |= b
        return describe(bits) if bits else self.via

    def locate(self, finding: Finding, detector: str = "") -> Finding:
        """`finding`, made in this view, on the original text's span and explained."""
        f = finding
        if self.offsets is None:
            start, end, via = f.start, f.end, self.via
        else:
            start, end = self.span(f.start, f.end)
            via = self.undone(f.start, f.end)
        # Built directly, not with dataclasses.replace: this runs for every finding.
        return Finding(
            f.kind,
            start,
            end,
            f.replacement,
            f.category,
            f.action,
            f.term_id,
            detector,
            f.rule,
            via,
        )
