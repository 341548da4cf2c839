"""Bar charts drawn on the server as accessible SVG, from the same rows the table beside them
shows. No JavaScript, nothing from another host.

A count under 10 is not drawn to its size: its bar is drawn hollow at the height of 10 and
labelled "fewer than 10", so the picture tells no more than the table.
"""

from __future__ import annotations

from dataclasses import dataclass

from .selectors import SMALL_COUNT, CountRow

WIDTH = 640
BAR_GAP = 8
LABEL_WIDTH = 190
ROW_HEIGHT = 28
VALUE_SPACE = 110


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str
    y: int
    width: int
    small: bool

    @property
    def text_y(self) -> int:
        return self.y + (ROW_HEIGHT - BAR_GAP) // 2 + 5

    @property
    def value_x(self) -> int:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    """What the template draws: a title, a description and horizontal bars."""

    id: str
    title: str
    description: str
    bars: tuple[Bar, ...]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = ROW_HEIGHT - BAR_GAP

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * ROW_HEIGHT + 10


def bar_chart(*, id: str, title: str, rows: list[CountRow]) -> Chart:
    """Horizontal bars, one per row, scaled to the largest count (small counts drawn at 10)."""
    scale_to = max([SMALL_COUNT, *(row.count for row in rows)])
    room = WIDTH - LABEL_WIDTH - VALUE_SPACE
    bars = []
    for index, row in enumerate(rows):
        drawn = SMALL_COUNT if row.is_small else row.count
        bars.append(
            Bar(
                label=row.label,
                shown=row.shown,
                y=5 + index * ROW_HEIGHT,
                width=max(2, round(room * drawn / scale_to)),
                small=row.is_small,
            )
        )
    described = "; ".join(f"{row.label}: {row.shown}" for row in rows) or "No testimony yet."
    return Chart(id=id, title=title, description=described, bars=tuple(bars))
