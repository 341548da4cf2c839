"""Member-facing moderation endpoints: the composer's pre-send check."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community.ratelimit import allow, caller

from . import screening, services
from .highlight import highlight
from .models import FlagReason, ModerationState
from .registry import adapter_for
from .selectors import screening_config

MAX_TEXT = 20_000
LIMIT_PER_MINUTE = 30


@require_POST
def screen_text(request: HttpRequest) -> JsonResponse:
    """Screen a draft before it is sent, so the member can fix what it finds themselves.

    Members only; rate-limited. Returns the findings (kind, label, span, replacement), the
    action screening would take, the text with the findings marked (escaped HTML), and, when
    it finds risk, that the composer should show signposting.
    """
    if not request.user.is_authenticated:
        return JsonResponse({"error": "Please sign in to check your message."}, status=403)
    if not allow("screen", caller(request), limit=LIMIT_PER_MINUTE, period=60):
        return JsonResponse(
            {"error": "You've checked a lot of messages in a minute. Please wait a moment."},
            status=429,
        )
    try:
        text = json.loads(request.body or b"{}").get("text", "")
    except (ValueError, AttributeError, RecursionError):
        text = request.POST.get("text", "")
    if not isinstance(text, str) or len(text) > MAX_TEXT:
        return JsonResponse({"error": "That message is too long to check."}, status=400)
    result = screening.screen(text, screening_config())
    return JsonResponse(
        {
            "action": result.action,
            "signpost": result.urgent,
            "findings": [
                {
                    "kind": f.kind,
                    "label": screening.KINDS.get(f.kind, f.kind),
                    "category": f.category,
                    "start": f.start,
                    "end": f.end,
                    "replacement": f.replacement,
                }
                for f in result.findings
            ],
            "html": str(highlight(text, result.findings)),
        }
    )


REPORTS_PER_HOUR = 10


def report_content(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """A member reports a published piece of content they can see. Rate-limited."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    obj = _reportable(content_type_id, object_id)
    adapter = adapter_for(obj)
    context = {"kind": adapter.kind, "reasons": FlagReason.choices, "chosen": "", "note": ""}
    if request.method == "POST":
        context["chosen"] = request.POST.get("reason", "")
        context["note"] = request.POST.get("note", "")[:500]
        if not allow("report", caller(request), limit=REPORTS_PER_HOUR, period=3600):
            context["error"] = (
                "You've sent a lot of reports in the last hour. Please wait a while; if someone "
                "is in danger now, call 999."
            )
            return render(request, "moderation/report.html", context, status=429)
        try:
            services.flag(
                obj=obj, flagger=request.user, reason=context["chosen"], note=context["note"]
            )
        except (ValueError, PermissionDenied) as error:
            context["error"] = str(error)
            return render(request, "moderation/report.html", context, status=400)
        messages.success(request, "Thank you. The moderators will look at it.")
        return redirect(adapter.url(obj))
    return render(request, "moderation/report.html", context)


def _reportable(content_type_id: int, object_id: str):
    """The content, if it is registered with moderation and published; else 404."""
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    try:
        adapter = adapter_for(model)
    except KeyError as error:
        raise Http404 from error
    obj = get_object_or_404(model, pk=object_id)
    if getattr(obj, adapter.state_field) != ModerationState.PUBLISHED:
        raise Http404
    return obj
