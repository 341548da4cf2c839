"""Template context every page gets."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from community.selectors import site_frame


def frame(request: HttpRequest) -> dict[str, object]:
    """`frame`: the site frame's settings (`community.selectors.site_frame`), looked up only if
    the page uses them."""
    return {"frame": SimpleLazyObject(lambda: site_frame(request))}
