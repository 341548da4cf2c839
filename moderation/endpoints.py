"""Member-facing moderation endpoints: the composer's pre-send check."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community.infra.ratelimit import allow, caller
from community.infra.sendonce import (
    AlreadySent,
    raise_if_sent,
    save_once,
    send_key_from,
    send_token_new,
)
from community.input.jsonbody import JSONBodyError, json_object
from community.input.sanitise import clean_text

from . import screening, services
from .forms import MAX_SCREEN_TEXT, ReportForm, ScreenForm, first_error
from .highlight import highlight
from .models import Flag, FlagReason, ModerationState
from .plain_words import check_for_author
from .registry import adapter_for
from .screening.combinations import FAMILY_LABELS, HistoryMatch, explain_families, with_history
from .selectors import detail_tag_key, earlier_tags, screening_config

if TYPE_CHECKING:
    from django.db import models

    from community.models import User

MAX_TEXT = MAX_SCREEN_TEXT
# Ids are 64-bit integers in every database.
MAX_ID = 2**63 - 1
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
    # The composer sends JSON; a plain form post is read by a Django form. Either way the
    # words are cleaned as they will be on sending, so the check screens what would be stored.
    if request.content_type == "application/json":
        try:
            text = json_object(request.body or b"{}").get("text", "")
            if not isinstance(text, str) or len(text) > MAX_TEXT:
                return JsonResponse({"error": "That message is too long to check."}, status=400)
            text = clean_text(text)
        except (JSONBodyError, ValidationError) as error:
            return JsonResponse({"error": _message(error)}, status=400)
    else:
        form = ScreenForm(request.POST)
        if not form.is_valid():
            return JsonResponse({"error": first_error(form)}, status=400)
        text = form.cleaned_data["text"]
    result = screening.screen(text, screening_config())
    # What the member already had published counts too (as tags, never words).
    history = with_history(text, result, earlier_tags(request.user), key=detail_tag_key())
    if history:
        result = services.with_findings(result, history.findings)
    return JsonResponse(
        {
            "action": result.action,
            "signpost": result.urgent,
            "findings": [
                {
                    "kind": f.kind,
                    "label": _label(f),
                    "category": f.category,
                    "start": f.start,
                    "end": f.end,
                    "replacement": f.replacement,
                }
                for f in result.findings
            ],
            "messages": _combination_messages(result, history),
            "html": str(highlight(text, result.findings)),
        }
    )


def _message(error: JSONBodyError | ValidationError) -> str:
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


HISTORY_LABEL = "details that, with what you've shared before, could identify your family"


def _label(finding: screening.Finding) -> str:
    if finding.rule.startswith("combination-history"):
        return HISTORY_LABEL
    return screening.KINDS.get(finding.kind, finding.kind)


def _combination_messages(result: screening.ScreeningResult, history: HistoryMatch) -> list[str]:
    """Plain words for a combination, for the member before they send: which sorts of detail
    (never the earlier items' words)."""
    messages = []
    in_text = [f for f in result.findings if f.rule.startswith("combination:")]
    if in_text:
        kinds = explain_families(in_text[0].rule)
        messages.append(
            "Together, these details could identify your family"
            + (f" ({kinds})" if kinds else "")
            + ". You may want to leave some of them out."
        )
    if history:
        kinds = ", ".join(FAMILY_LABELS[f] for f in history.families if f in FAMILY_LABELS)
        messages.append(
            "Together with what you've shared before, these details could identify your "
            "family" + (f" ({kinds})" if kinds else "") + ". You may want to leave them out."
        )
    return messages


REPORTS_PER_HOUR = 10


def report_content(request: HttpRequest, content_type_id: int, object_id: str) -> HttpResponse:
    """A member reports a published piece of content they can see. Rate-limited."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    obj = _reportable(content_type_id, object_id)
    adapter = adapter_for(obj)
    context: dict[str, Any] = {
        "kind": adapter.kind,
        "reasons": FlagReason.choices,
        "chosen": "",
        "note": "",
        # The page's send key (community.infra.sendonce): a re-send of this page finds its report.
        "send_token": send_token_new(),
    }
    if request.method == "POST":
        form = ReportForm(request.POST)
        valid = form.is_valid()
        # What the member chose and wrote stays on the page whatever is wrong with it.
        context["chosen"] = form.cleaned_data.get("reason", form.data.get("reason", ""))
        context["note"] = form.cleaned_data.get("note", form.data.get("note", ""))
        context["send_token"] = send_key_from(form.data.get("send_token")) or send_token_new()
        if not allow("report", caller(request), limit=REPORTS_PER_HOUR, period=3600):
            context["error"] = (
                "You've sent a lot of reports in the last hour. Please wait a while; if someone "
                "is in danger now, call 999."
            )
            return render(request, "moderation/report.html", context, status=429)
        if not valid:
            context["error"] = first_error(form)
            return render(request, "moderation/report.html", context, status=400)
        # The note is screened like everything a member writes: what could identify someone is
        # shown to them before it is sent (the page's pre-send check does the same as they
        # type). A report that someone is in danger is never held back for it.
        if (
            context["note"]
            and context["chosen"] != FlagReason.RISK
            and not form.cleaned_data["send_anyway"]
        ):
            check = check_for_author(context["note"])
            if check.identifying:
                context["findings"] = check
                return render(request, "moderation/report.html", context)
        try:
            _flag_once(
                obj=obj,
                flagger=request.user,
                reason=context["chosen"],
                note=context["note"],
                send_key=send_key_from(form.cleaned_data["send_token"]),
            )
        except AlreadySent:  # this page's report was saved before: say so
            messages.info(
                request, "This was already sent - thank you. The moderators will look at it."
            )
            return redirect(adapter.url(obj))
        except (ValueError, PermissionDenied) as error:
            context["error"] = str(error)
            return render(request, "moderation/report.html", context, status=400)
        messages.success(request, "Thank you. The moderators will look at it.")
        return redirect(adapter.url(obj))
    return render(request, "moderation/report.html", context)


def _flag_once(*, obj: models.Model, flagger: User, reason: str, note: str, send_key: str) -> Flag:
    """`services.flag`, with the page's send key saved on the report in the same transaction.

    A re-send of a page whose report was saved raises `AlreadySent` (checked first, then by the
    unique key inside the savepoint when two sends race). The lead may fold the key into
    `services.flag` itself; until then it is stamped here, in the flag's transaction."""
    mine = Flag.objects.filter(flagger=flagger)
    raise_if_sent(mine, send_key)

    def save() -> Flag:
        report = services.flag(obj=obj, flagger=flagger, reason=reason, note=note)
        if not send_key:
            return report
        if report.send_key == send_key:
            # Another send of this page saved it while this one waited on the row's lock.
            raise AlreadySent(report)
        if not report.send_key:
            Flag.objects.filter(pk=report.pk).update(send_key=send_key)
        return report

    return save_once(mine, send_key, save)


def _reportable(content_type_id: int, object_id: str) -> models.Model:
    """The content, if it is registered with moderation and published; else 404."""
    if not 0 < content_type_id <= MAX_ID:
        raise Http404
    content_type = get_object_or_404(ContentType, pk=content_type_id)
    model = content_type.model_class()
    if model is None:  # a content type whose model is gone: nothing to report
        raise Http404
    try:
        adapter = adapter_for(model)
        # An id that is not one (letters, or beyond 64 bits) finds nothing, like a missing one.
        pk = model._meta.pk.to_python(object_id)
    except (KeyError, ValidationError) as error:
        raise Http404 from error
    if isinstance(pk, int) and not 0 < pk <= MAX_ID:
        raise Http404
    obj = get_object_or_404(model, pk=pk)
    if getattr(obj, adapter.state_field) != ModerationState.PUBLISHED:
        raise Http404
    return obj
