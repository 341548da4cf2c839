"""Middleware for the safety frame: headers on every response, CSP by area, MFA for staff."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy, default_config
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth import logout
from django.contrib.auth.middleware import AuthenticationMiddleware
from django.core.signals import setting_changed
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode

from .cache import member_read_ahead_keys, reading_ahead
from .sessions import member_from_session
from .static_headers import site_headers
from .views import database_unavailable

logger = logging.getLogger(__name__)


class SessionMemberAuthenticationMiddleware(AuthenticationMiddleware):
    """Django's authentication middleware, whose sign-in check may take the member read with
    the session (`community.sessions`): one query for both instead of one each."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _session_user(request))


def _session_user(request: HttpRequest):
    # As django.contrib.auth.middleware.get_user, with the session's member on offer.
    if not hasattr(request, "_cached_user"):
        with member_from_session(request.session):
            request._cached_user = auth.get_user(request)
    return request._cached_user


class CacheReadAheadMiddleware:
    """For a signed-in member, the cache entries every request reads, in one round trip at its
    start (`community.cache.reading_ahead`) instead of one each when they are first needed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.user.is_authenticated:
            return self.get_response(request)
        with reading_ahead(member_read_ahead_keys(request.user)):
            return self.get_response(request)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, on every response including errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in site_headers().items():
            response.setdefault(name, value)
        return response


class PolicyByAreaCSPMiddleware(CSPMiddleware):
    """django-csp, with the Wagtail admin on its own (still strict) policy.

    Public pages get the strict policy from settings; the admin needs inline styles and framing
    of our own previews, and nothing more.
    """

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = request.path.startswith(settings.CSP_ADMIN_PATH_PREFIX)
        if admin and not report_only and parts.config is None:
            parts.config = default_config(settings.CSP_ADMIN_DIRECTIVES)
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        # django-csp builds the policy string anew for every response, which cost about a
        # twentieth of a thread page's time. Nearly every response takes the area's policy
        # from settings unchanged (no nonce, no per-view change): that string is built once.
        # Anything else goes through django-csp as before.
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) is not None for name in _PER_RESPONSE_CSP)
            or settings.DEBUG  # django-csp leaves Django's debug pages alone
        ):
            return super().process_response(request, response)
        admin = request.path.startswith(settings.CSP_ADMIN_PATH_PREFIX)
        for report_only, header, exempt, setting in _CSP_HEADERS:
            policy = _area_policy(admin=admin, report_only=report_only)
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if (
                policy
                and header not in response
                and getattr(response, exempt, False) is False
                and not request.path_info.startswith(tuple(excluded))
            ):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


# What a view can set on its response to change its policy (django-csp's decorators).
_PER_RESPONSE_CSP = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)
_CSP_HEADERS = (
    (False, HEADER, "_csp_exempt", "CONTENT_SECURITY_POLICY"),
    (True, HEADER_REPORT_ONLY, "_csp_exempt_ro", "CONTENT_SECURITY_POLICY_REPORT_ONLY"),
)


@functools.cache
def _area_policy(*, admin: bool, report_only: bool) -> str:
    """The policy django-csp builds for a response of this area with nothing changed by its
    view (`PolicyByAreaCSPMiddleware.get_policy_parts`'s rule), built once per settings."""
    config = default_config(settings.CSP_ADMIN_DIRECTIVES) if admin and not report_only else None
    return build_policy(config=config, report_only=report_only)


@receiver(setting_changed)
def _forget_area_policies(*, setting: str, **kwargs) -> None:
    if setting.startswith(("CONTENT_SECURITY_POLICY", "CSP_")):
        _area_policy.cache_clear()


def is_staff_member(user) -> bool:
    """Anyone who can reach the admin or act as a moderator: they must use MFA."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


class StaffMFARequiredMiddleware:
    """Sends a staff member without MFA to enrol before any admin or moderation page.

    A stolen staff password must not be enough to read what members have confided.
    """

    PROTECTED_PREFIXES = ("/admin/", "/moderation/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        protected = request.path.startswith(self.PROTECTED_PREFIXES)
        if protected and is_staff_member(request.user) and not is_mfa_enabled(request.user):
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('mfa_activate_totp')}?{query}")
        return self.get_response(request)


class IdleSignOutMiddleware:
    """Sign a member out after `SESSION_IDLE_TIMEOUT` seconds without a request, so a family
    computer left on does not stay signed in. The last-seen time is written at most every
    few minutes, so a page view does not write the session each time. Drafts are kept
    server-side, so nothing being written is lost."""

    # How stale the stored time may get before it is written again.
    WRITE_EVERY = 300

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = int(time.time())
            seen = request.session.get("seen_at")
            if seen is not None and now - seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                messages.info(
                    request,
                    "You were signed out because the site was not used for a while. "
                    "Anything you were writing has been kept.",
                )
                return redirect(f"{reverse('account_login')}?{urlencode({'next': request.path})}")
            if seen is None or now - seen > self.WRITE_EVERY:
                request.session["seen_at"] = now
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """Turns "the database cannot be reached" in a view into a kind 503 page, not an error.

    The page is made without the database and gives a failed send its words back. Errors
    raised outside views reach `community.views.server_error` (handler500) instead.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # The kind of failure only: no path, no member, no address.
        logger.error("The database could not be reached: %s", type(exception).__name__)
        return database_unavailable(request)
