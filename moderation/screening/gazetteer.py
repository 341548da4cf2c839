"""Places by name: UK towns, villages, suburbs and estates from the shipped gazetteer.

Not built yet.
"""

from __future__ import annotations

from .scan import Pattern


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {}


DETECTORS = ()
