"""Middleware for the safety frame: headers on every response, CSP by area, MFA for staff."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode


class SecurityHeadersMiddleware:
    """Headers Django does not set itself, on every response including errors."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.setdefault("X-Robots-Tag", "noarchive")
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
