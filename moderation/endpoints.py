"""Member-facing moderation endpoints: the composer's pre-send check."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST

from community.ratelimit import allow, caller

from . import screening
from .highlight import highlight
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
