"""Map locations and machine addresses: coordinates, what3words addresses, IP addresses.

Not built yet.
"""

from __future__ import annotations

from .scan import Pattern


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {}


DETECTORS = ()
