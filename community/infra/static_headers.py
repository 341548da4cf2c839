"""Security headers for the files WhiteNoise serves.

WhiteNoise answers /static/ requests itself, before the middleware that adds the content
policy and X-Frame-Options runs, so without this a static file (an SVG opened on its own, say)
would go out with neither (issue 7: "Security headers and CSP on every response"). Settings
name `add_security_headers` as WHITENOISE_ADD_HEADERS_FUNCTION.
"""

from __future__ import annotations

from wsgiref.headers import Headers

from csp.constants import HEADER
from csp.utils import build_policy
from django.conf import settings


def site_headers() -> dict[str, str]:
    """The headers Django does not set itself, which every response carries (pages through
    `community.infra.middleware.SecurityHeadersMiddleware`, static files here)."""
    return {
        "Permissions-Policy": settings.PERMISSIONS_POLICY,
        "Cross-Origin-Resource-Policy": "same-origin",
        "X-Robots-Tag": "noarchive",
    }


def add_security_headers(headers: Headers, path: str, url: str) -> None:
    """Give a static file the headers a public page gets from the middleware WhiteNoise
    answers before: the public content policy, no framing, and SecurityHeadersMiddleware's."""
    # The public policy, built from settings as PolicyByAreaCSPMiddleware builds it.
    policy = build_policy()
    if policy:
        headers[HEADER] = policy
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
