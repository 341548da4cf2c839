"""Views for the site frame. Thin: rules live in services and selectors."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import notifications_for
from .services import notifications_mark_read


@never_cache
def admin_login_redirect(request: HttpRequest) -> HttpResponse:
    """Wagtail's login URL, for every method: straight to allauth, keeping a safe `next`.

    A POST of a password here signs nobody in, so the admin cannot be entered around MFA.
    """
    target = request.GET.get("next") or "/admin/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/admin/"
    return HttpResponseRedirect(f"{reverse('account_login')}?{urlencode({'next': target})}")


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    """For the reverse proxy and uptime checks: is the database there, and Redis if used?"""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:
        checks["database"] = "unavailable"
    if settings.REDIS_URL:
        try:
            cache.set("healthz", "1", 5)
            checks["redis"] = "ok" if cache.get("healthz") == "1" else "unavailable"
        except Exception:
            checks["redis"] = "unavailable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Members-only areas are never indexed; public stories and campaigns may be."""
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /forums/",
        "Disallow: /moderation/",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain")


@require_GET
def help_fallback(request: HttpRequest) -> HttpResponse:
    """Signposting when the editors have not published a page of their own yet."""
    return render(request, "community/signposting_page.html", {"page": None})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on every new tab; send them to the real icon."""
    return HttpResponsePermanentRedirect(static("community/favicon.svg"))


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    """The member's own notifications. POST marks them all read."""
    if request.method == "POST":
        notifications_mark_read(request.user)
        return redirect("community:notifications")
    items = list(notifications_for(request.user)[:100])
    return render(request, "community/notifications.html", {"items": items})
