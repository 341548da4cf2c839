"""Official numbers and references: NHS, CHI, National Insurance and pupil numbers,
passports, driving licences, police, court and council references.

Not built yet.
"""

from __future__ import annotations

from .scan import Pattern


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {}


DETECTORS = ()
