"""State-changing rules for members."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User
from .names import CheckedName, check_display_name
from .selectors import display_name_key_taken, reserved_display_names


def display_name_check(
    raw: str, *, member: User | None = None, request: HttpRequest | None = None
) -> CheckedName:
    """Check a wanted display name against the rules, the reserved words and other members.

    Raises `DisplayNameError` with a message for the member; `member` is the one renaming
    themselves, whose own current name does not count as taken.
    """
    return check_display_name(
        raw,
        is_taken=lambda key: display_name_key_taken(key, exclude=member),
        reserved=reserved_display_names(request),
    )
