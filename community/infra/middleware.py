"""Middleware for the safety frame: headers on every response, CSP by area, MFA for staff."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.db import InterfaceError, OperationalError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseServerError,
)
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from community.infra.dberrors import is_connection_failure
from community.infra.static_headers import site_headers
from community.input.converters import MAX_ID, is_valid_id
from community.site.views import database_unavailable

logger = logging.getLogger(__name__)


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, on every response including errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        for name, value in site_headers().items():
            response.setdefault(name, value)
        return response


class AdminAreaPolicyMiddleware:
    """The Wagtail admin's own (still strict) content policy, through django-csp's public API.

    Public pages get the strict policy from CONTENT_SECURITY_POLICY (django-csp's own
    `CSPMiddleware`); every response under CSP_ADMIN_PATH_PREFIX goes through django-csp's
    `csp_replace` decorator with CSP_ADMIN_REPLACE, which lets in inline scripts and styles and
    framing of our own previews, and nothing more. Placed after `CSPMiddleware` in MIDDLEWARE,
    so the policy is written after this has answered.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not request.path.startswith(settings.CSP_ADMIN_PATH_PREFIX):
            return self.get_response(request)
        # Read each time, so a changed setting holds at once (the decorator is cheap to make).
        return csp_replace(settings.CSP_ADMIN_REPLACE)(self.get_response)(request)


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


def _unstorable(value: object) -> bool:
    """Whether a path parameter is a number beyond 64 bits, or text holding a NUL."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not -MAX_ID <= value <= MAX_ID
    if isinstance(value, str):
        if "\x00" in value:
            return True
        return value.isascii() and value.isdigit() and not is_valid_id(value)
    return False


def _names_an_id(name: str) -> bool:
    return name in ("pk", "id") or name.endswith(("_id", "_pk"))


def _is_id(value: object) -> bool:
    return isinstance(value, int) or is_valid_id(value)


class DatabaseUnavailableMiddleware:
    """Turns "the database cannot be reached" in a view into a kind 503 page, not an error.

    The page is made without the database and gives a failed send its words back. Any other
    database error in a view is the plain 500 page (`is_connection_failure`), never the 503's
    "could not be reached". Errors raised outside views reach `community.site.views.server_error`
    (handler500) instead. Path parameters that no column could hold are a 404 before the
    view runs (`process_view`), so they never become database errors at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        """A path parameter no database column can hold is a 404 before the view runs.

        Our own URLs bound ids already (`community.input.converters`); Wagtail's admin and API and
        allauth take `[0-9]+` with Django's `int`, which passed `99999999999999999999` on to
        the database (OverflowError on SQLite, DataError on PostgreSQL: a 500). Wagtail's
        choosers take any text as a `pk` and fail on one that is not a number. Every model
        here has an integer key, so a parameter named as an id (`pk`, `..._id`) that is not
        one is a 404 too. A NUL, which PostgreSQL refuses in any text, names nothing either.
        """
        for value in view_args:
            if _unstorable(value):
                raise Http404("Nothing has that address.")
        for name, value in view_kwargs.items():
            if _unstorable(value) or (_names_an_id(name) and not _is_id(value)):
                raise Http404("Nothing has that address.")

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        if not is_connection_failure(exception):
            # handler500 would call any OperationalError an outage: answer here instead, and
            # log it as Django would (the formatter withholds its message, which may quote a row).
            logger.error(
                "A database error that is not an outage: %s",
                type(exception).__name__,
                exc_info=exception,
            )
            return HttpResponseServerError(render_to_string("500.html"))
        # The kind of failure only: no path, no member, no address.
        logger.error("The database could not be reached: %s", type(exception).__name__)
        return database_unavailable(request)
