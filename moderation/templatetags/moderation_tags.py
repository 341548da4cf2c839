"""Small filters for the desk."""

from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def timedelta_short(value: timedelta | None) -> str:
    """ "3 h 20 min", "2 days 4 h", "45 s"."""
    if value is None:
        return ""
    seconds = int(value.total_seconds())
    days, seconds = divmod(seconds, 86400)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    if days:
        return f"{days} day{'s' if days != 1 else ''} {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    if minutes:
        return f"{minutes} min"
    return f"{seconds} s"
