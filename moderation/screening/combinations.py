"""Combinations: details that together could identify a family (jigsaw identification).

Not built yet: `combine` returns the findings as they are.
"""

from __future__ import annotations

from .types import Finding


def combine(text: str, identifying: list[Finding], quasi: list[Finding]) -> list[Finding]:
    """The identifying findings, with combination findings added where the details together
    (`quasi` ones, which are never reported alone, and identifying ones) could identify."""
    return identifying
