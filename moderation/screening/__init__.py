"""Screening: find what could identify a family, spot someone in danger, apply watched terms.

Pure functions: no database, no network, no Django. `screen(text, config)` returns every finding
with its span in the original text; `redact(text, findings)` swaps identifying spans for neutral
words ("[a school]"). Everything is compiled once per process (and once per `ScreeningConfig`,
which is hashable, through an LRU cache).

The package, one module per family of detectors, each with its rules explained at its top:

- `numbers`: phone numbers, number plates;
- `contact`: e-mail and web addresses, social media handles;
- `pointers`: pointers to contact away from this site ("DM me", "add me on snap");
- `places`: postcodes, addresses;
- `estates`: named estates and blocks of flats;
- `schools`: schools, colleges, PRUs and alternative provision;
- `groups`: gangs, crews and county lines;
- `dates`: dates of birth;
- `names`: people's names;
- `risk`: someone in danger now, self-harm and suicide;
- `watched`: the moderators' watched terms and local terms;
- `scan` runs every family's regexes over a post in one pass; `engine` puts it together.

Overlaps. An identifying finding wholly inside another (a name inside a school or an e-mail) is
dropped; partial overlaps are kept and merged by `redact`, which uses the replacement of the
earliest (longest) span of a merged run. Risk and watched findings are never dropped and never
redacted.
"""

from __future__ import annotations

from .engine import redact, screen
from .types import (
    KINDS,
    Action,
    Finding,
    LocalTerm,
    ScreeningConfig,
    ScreeningResult,
    WatchedTerm,
)
from .watched import validate_watched_pattern

__all__ = [
    "KINDS",
    "Action",
    "Finding",
    "LocalTerm",
    "ScreeningConfig",
    "ScreeningResult",
    "WatchedTerm",
    "redact",
    "screen",
    "validate_watched_pattern",
]
