"""A detail's value as `combinations` compares it across a member's items: "he's 14" and
"fourteen-year-old" are both "14", "14 March" and "14/3" both "03-14"."""

from __future__ import annotations

import re

from ..text import fold_key
from .common import NUMBER_VALUES
from .rules import value_key

_MONTHS = {
    m: i
    for i, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        1,
    )
    for m in names
}
_NUMBER = re.compile(r"\d+|[a-z]+")


def comparable_value(kind: str, detail: str) -> str:
    """The detail as compared across items: "he's 14" and "fourteen-year-old" are both "14"."""
    low = fold_key(detail)
    if kind in ("age", "school_year"):
        numbers = [
            str(NUMBER_VALUES.get(t, t))
            for t in _NUMBER.findall(low)
            if t.isdigit() or t in NUMBER_VALUES
        ]
        if kind == "school_year":
            scottish = re.search(r"\b([sp])([1-7])\b", low)
            if scottish:
                return scottish.group(1) + scottish.group(2)
            if "sixth" in low or "reception" in low:
                return value_key(detail)
            return f"year {numbers[0]}" if numbers else value_key(detail)
        return numbers[0] if numbers else value_key(detail)
    if kind == "date":
        tokens = _NUMBER.findall(low)
        month = next((_MONTHS[t] for t in tokens if t in _MONTHS), None)
        days = [int(t) for t in tokens if t.isdigit() and int(t) <= 31]
        if month and days:
            return f"{month:02d}-{days[0]:02d}"
        numeric = re.search(r"(\d{1,2})[/.](\d{1,2})", low)
        if numeric:
            return f"{int(numeric.group(2)):02d}-{int(numeric.group(1)):02d}"
    return value_key(detail)
