"""The text of stage 2 and its maps back to the original, edited a step at a time: each step returns
edits (`Edit`: a span, its new text, the original spans of the new characters).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable

from .characters import identity, zeros

Edit = tuple[int, int, str, list[tuple[int, int]] | None]  # [a, b) -> text, spans of its chars


class EditedText:
    """The text of stage 2 and its maps back to the original, edited a stage at a time."""

    def __init__(
        self,
        text: str,
        starts: array[int] | None,
        ends: array[int] | None,
        labels: array[int] | None,
        ordered: bool,
    ) -> None:
        self.text = text
        self.starts = starts  # None: one for one
        self.ends = ends
        self.labels = labels
        self.ordered = ordered
        self.undone = 0

    def maps(self) -> tuple[array[int], array[int], array[int]]:
        """(starts, ends, labels), made one for one if no step has edited the text yet."""
        if self.starts is None or self.ends is None or self.labels is None:
            n = len(self.text)
            self.starts, self.ends, self.labels = identity(0, n), identity(1, n + 1), zeros(n)
        return self.starts, self.ends, self.labels

    def apply(self, edits: Iterable[Edit], bit: int) -> None:
        """Replace each [a, b) by its text. Its characters map to the spans given (in this
        text's offsets), or all to the whole of [a, b)'s original span; a removal marks the
        characters either side of it as joined by `bit`."""
        edits = list(edits)
        if not edits:
            return
        starts, ends, labels = self.maps()
        text = self.text
        parts: list[str] = []
        new_starts, new_ends, new_labels = array("l"), array("l"), array("l")
        pos = 0
        carry = 0  # a bit for the next character kept (the right side of a removal)
        for a, b, new, spans in edits:
            parts.append(text[pos:a])
            new_starts.extend(starts[pos:a])
            new_ends.extend(ends[pos:a])
            new_labels.extend(labels[pos:a])
            if carry and a > pos:
                new_labels[len(new_labels) - (a - pos)] |= carry
                carry = 0
            bits = bit
            for value in set(labels[a:b]):
                bits |= value
            if not new:  # a removal: what joined is marked on both sides
                if new_labels:
                    new_labels[-1] |= bits
                carry |= bits
                pos = b
                continue
            if spans is None:
                whole = self._original(a, b)
                spans = [whole] * len(new)
            else:
                spans = [self._original(s, e) for s, e in spans]
            parts.append(new)
            for s, e in spans:
                new_starts.append(s)
                new_ends.append(e)
                new_labels.append(bits | carry)
            carry = 0
            pos = b
        parts.append(text[pos:])
        new_starts.extend(starts[pos:])
        new_ends.extend(ends[pos:])
        new_labels.extend(labels[pos:])
        if carry and pos < len(text):
            new_labels[len(new_labels) - (len(text) - pos)] |= carry
        self.text = "".join(parts)
        self.starts, self.ends, self.labels = new_starts, new_ends, new_labels
        self.undone |= bit

    def _original(self, s: int, e: int) -> tuple[int, int]:
        starts, ends, _ = self.maps()
        if self.ordered:
            return starts[s], ends[e - 1]
        return min(starts[s:e]), max(ends[s:e])
