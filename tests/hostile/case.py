"""One case of the hostile-input catalogue, and the outcome classes a case may expect
(tests/hostile/catalogue.py says what each means)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

ACCEPTED = "accepted-cleaned"
REFUSED = "refused-with-message"
NOT_FOUND = "404"
HANDLED = "accepted-or-refused"


@dataclass(frozen=True)
class Case:
    """One hostile input for one sink, and the outcome class it must get."""

    id: str
    category: str
    sink: str
    input: object
    expect: str
    # Words the member must see again: in the stored text (ACCEPTED) or the page (REFUSED).
    echo: str = ""
    extra: dict = field(default_factory=dict)


def percent_encoded(raw: bytes) -> str:
    """Raw bytes as a form body value, percent-encoded byte by byte (as a browser sends them)."""
    return quote(raw, safe="")
