"""Combinations: details that together could identify a family (jigsaw identification).

Not built yet: `combine` returns the findings as they are.
"""

from __future__ import annotations

from .types import Finding


def combine(text: str, findings: list[Finding]) -> list[Finding]:
    """The findings, with a combination finding added where details together identify."""
    return findings
