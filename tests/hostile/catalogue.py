"""The hostile-input catalogue (issue 17, "Bad input"): what an attacker or an unlucky member
sends to each sink, and what must happen.

Kept as data, in catalogue_text.py (what members type, raw bytes, JSON bodies) and
catalogue_site.py (display names, URLs, search syntax, uploads, socket frames). Each `Case`
has an id, a category, the sink it is sent to, the input (text, raw bytes, a path, a socket
frame, an upload) and the outcome class it must get:

- ACCEPTED: saved (or answered) exactly once, with what is stored or shown cleaned: no control,
  format, tag or bidi-override characters, no lone surrogate, combining marks capped;
- REFUSED: not saved, nothing partial stored, and the member is told why with their words
  given back (`echo`, when the case has words to give back);
- NOT_FOUND: 404 (URLs beyond or outside what exists);
- HANDLED: either ACCEPTED or REFUSED (only where the issue leaves both right, such as invalid
  UTF-8 bytes in a form body, which Django decodes with replacement characters).

Every sink's pages are loaded after each case (tests/hostile/sinks.py): never a 5xx. All the
content is fictional: no real person, school, street or telephone number.
"""

from __future__ import annotations

from .case import ACCEPTED, HANDLED, NOT_FOUND, REFUSED, Case, percent_encoded
from .catalogue_site import site_cases
from .catalogue_text import JSON_SINKS, TEXT_SINKS, text_cases

CASES: list[Case] = [*text_cases(), *site_cases()]

# Each id once.
assert len({case.id for case in CASES}) == len(CASES), "duplicate case ids"

__all__ = [
    "ACCEPTED",
    "CASES",
    "HANDLED",
    "JSON_SINKS",
    "NOT_FOUND",
    "REFUSED",
    "TEXT_SINKS",
    "Case",
    "percent_encoded",
]
