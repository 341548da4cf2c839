"""Security headers for the files WhiteNoise serves.

WhiteNoise answers /static/ requests itself, before the middleware that adds the content
policy and X-Frame-Options runs, so without this a static file (an SVG opened on its own, say)
would go out with neither (issue 7: "Security headers and CSP on every response"). Settings
name `add_security_headers` as WHITENOISE_ADD_HEADERS_FUNCTION.
"""

from __future__ import annotations

from typing import cast
from wsgiref.headers import Headers

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase

_POLICY = "Content-Security-Policy"


def site_headers() -> dict[str, str]:
    """The headers Django does not set itself, which every response carries (pages through
    `community.infra.middleware.SecurityHeadersMiddleware`, static files here)."""
    return {
        "Permissions-Policy": settings.PERMISSIONS_POLICY,
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Robots-Tag": "noarchive",
    }


def public_policy() -> str:
    """The policy django-csp's middleware gives a public page, asked of the middleware itself
    (its public face), so a static file's policy is a page's, whatever the settings say."""
    request = HttpRequest()
    request.path = request.path_info = settings.STATIC_URL
    # Called with a plain function, the middleware answers at once (never an awaitable).
    response = cast(HttpResponseBase, CSPMiddleware(lambda request: HttpResponse())(request))
    return response.get(_POLICY, "")


def add_security_headers(headers: Headers, path: str, url: str) -> None:
    """Give a static file the headers a public page gets from the middleware WhiteNoise
    answers before: the public content policy, no framing, and SecurityHeadersMiddleware's."""
    policy = public_policy()
    if policy:
        headers[_POLICY] = policy
    headers["X-Frame-Options"] = getattr(settings, "X_FRAME_OPTIONS", "DENY").upper()
    # As SecurityHeadersMiddleware gives pages; set here too so they hold even if WhiteNoise is
    # ever moved above it.
    for name, value in site_headers().items():
        headers[name] = value
    # WhiteNoise sets neither; SecurityMiddleware does, but only if it stays above WhiteNoise.
    if settings.SECURE_CONTENT_TYPE_NOSNIFF:
        headers.setdefault("X-Content-Type-Options", "nosniff")
    referrer = settings.SECURE_REFERRER_POLICY
    if referrer:
        # Django accepts a list of fallbacks as well as one value.
        referrer = referrer if isinstance(referrer, str) else ",".join(referrer)
        headers.setdefault("Referrer-Policy", referrer)
