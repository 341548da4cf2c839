"""Views for the site frame. Thin: rules live in services and selectors."""

from __future__ import annotations

import re
import sys

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    HttpResponseServerError,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from community.infra.dberrors import is_connection_failure
from community.infra.ratelimit import allow, caller
from community.input.jsonbody import JSONBodyError, json_object
from community.members.requests import MemberRequest
from community.selectors import notifications_for, quick_exit_url_without_database
from community.services import notifications_mark_read
from community.site.drafts import DraftError, draft_delete, draft_for, draft_save, draft_slot_check


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


# Composer boxes whose words come back on the 503 page when a send fails. An allow-list:
# passwords, e-mail addresses and tokens never come back into a page. A story sends its title
# and body; a testimony sends one `q_<question id>` field per question (text, or a choice).
KEPT_FIELDS = {"title": "Title", "body": "Your words", "content_note": "Content note"}
KEPT_ANSWER = re.compile(r"q_[0-9]{1,10}")
# Sent again unseen: the choices around the words (a reply's quote, a story's themes, notes,
# byline and consent, a testimony's consents), so "Try sending again" sends the whole form, and
# the form's send key (community.infra.sendonce: not a credential), so sending again finds what a
# send that did reach the database saved, instead of saving it twice.
KEPT_HIDDEN = (
    "send_token",
    "quote_of",
    "send_anyway",
    "themes",
    "content_notes",
    "teller",
    "region",
    "naming",
    "channels",
    "years",
    "agree",
    "consent_campaigns",
    "consent_parliament",
    "consent_press",
    "consent_contact",
)
DATABASE_RETRY_AFTER_SECONDS = 30


def _kept_words(post) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """The boxes to show (name, label, words) and the fields to send again unseen."""
    kept = [
        (name, label, post[name])
        for name, label in KEPT_FIELDS.items()
        if post.get(name, "").strip()
    ]
    hidden = [(name, value) for name in KEPT_HIDDEN for value in post.getlist(name) if value]
    answers = [name for name in post if KEPT_ANSWER.fullmatch(name)]
    for number, name in enumerate(answers, start=1):
        values = [value for value in post.getlist(name) if value.strip()]
        if len(values) == 1:
            kept.append((name, f"Your answer {number}", values[0]))
        else:  # a multiple-choice answer: its choices go back as they were ticked
            hidden.extend((name, value) for value in values)
    return kept, hidden


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """A kind 503 page for when the database cannot be reached, made without touching it.

    A failed send (a post, a story, a testimony) gets its words back in the page, with a
    button that sends them again, so nothing the member wrote is lost even without JavaScript
    (the server-side draft cannot be written while the database is away).
    """
    kept: list[tuple[str, str, str]] = []
    hidden: list[tuple[str, str]] = []
    csrf = ""
    if request.method == "POST":
        kept, hidden = _kept_words(request.POST)
        csrf = request.POST.get("csrfmiddlewaretoken", "")
    body = render_to_string(
        "503.html",
        {
            "kept": kept,
            "hidden": hidden,
            "csrf": csrf,
            "action": request.get_full_path(),
            "quick_exit_url": quick_exit_url_without_database(request),
        },
    )
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500. A database that cannot be reached (raised outside a view, so the middleware
    did not see it) is still a 503; anything else is the plain 500 page. Neither touches the
    database."""
    error = sys.exc_info()[1]
    if error is not None and is_connection_failure(error):
        return database_unavailable(request)
    return HttpResponseServerError(
        render_to_string("500.html", {"quick_exit_url": quick_exit_url_without_database(request)})
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: what was sent could not be read (too big, damaged). Made without the
    database, like Django's own, but its quick exit goes where staff chose."""
    return HttpResponseBadRequest(
        render_to_string("400.html", {"quick_exit_url": quick_exit_url_without_database(request)})
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
def notifications(request: MemberRequest) -> HttpResponse:
    """The member's own notifications. POST marks them all read."""
    if request.method == "POST":
        notifications_mark_read(request.user)
        return redirect("community:notifications")
    items = list(notifications_for(request.user)[:100])
    return render(request, "community/notifications.html", {"items": items})


DRAFT_REQUESTS_PER_MINUTE = 60


@never_cache
@require_http_methods(["GET", "PUT", "POST", "DELETE"])
def draft(request: HttpRequest, slot: str) -> HttpResponse:
    """The member's own draft for one composer: GET it, PUT (or POST) it, DELETE it.

    Members only (403), CSRF-protected for every change, rate-limited (429). The body of a
    save is JSON, `{"fields": {"body": "...", ...}}`; saving only blanks deletes the draft.
    Keyed by the signed-in member alone, so it can never answer with another member's draft.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Please sign in to keep a draft."}, status=403)
    if not allow("drafts", caller(request), limit=DRAFT_REQUESTS_PER_MINUTE, period=60):
        return JsonResponse(
            {"error": "Saving drafts very often: please wait a moment."}, status=429
        )
    try:
        draft_slot_check(slot)
        if request.method == "GET":
            kept = draft_for(member=request.user, slot=slot)
            if kept is None:
                return JsonResponse({"error": "No draft is kept here."}, status=404)
            return JsonResponse(
                {"slot": slot, "fields": kept.fields, "updated_at": kept.updated_at.isoformat()}
            )
        if request.method == "DELETE":
            draft_delete(member=request.user, slot=slot)
            return HttpResponse(status=204)
        try:
            payload = json_object(request.body or b"{}")
        except JSONBodyError as error:
            raise DraftError(str(error)) from error
        kept = draft_save(member=request.user, slot=slot, data=payload.get("fields"))
    except DraftError as error:
        return JsonResponse({"error": str(error)}, status=400)
    if kept is None:
        return JsonResponse({"saved": False, "deleted": True})
    return JsonResponse({"saved": True, "updated_at": kept.updated_at.isoformat()})
