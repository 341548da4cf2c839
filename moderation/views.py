"""The moderator's desk in the Wagtail admin. Thin: rules live in services and selectors."""

from __future__ import annotations

import csv
from datetime import timedelta
from itertools import chain
from statistics import median
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import screening, services
from .forms import (
    AuditFilterForm,
    DecisionForm,
    DeskFilterForm,
    RevealForm,
    SanctionForm,
    first_error,
)
from .highlight import highlight
from .models import (
    AuditEntry,
    QueueItem,
    QueueItemState,
    QueueReason,
    ReasonTemplate,
    SanctionKind,
)
from .registry import adapter_for, registered_models
from .selectors import (
    author_history,
    can_moderate,
    earlier_items,
    history_findings,
    screening_config,
    standing_of,
    waiting_items,
)

if TYPE_CHECKING:
    from community.models import User

PAGE_SIZE = 50
AGES = {"1h": timedelta(hours=1), "24h": timedelta(hours=24), "7d": timedelta(days=7)}


def _moderator(request: HttpRequest) -> User:
    user = request.user
    if not user.is_authenticated or not can_moderate(user):
        raise PermissionDenied("Only moderators can open the moderation desk.")
    return user


def _figures() -> dict[str, Any]:
    now = timezone.now()
    waiting = QueueItem.objects.filter(state=QueueItemState.WAITING)
    oldest = waiting.order_by("created_at").values_list("created_at", flat=True).first()
    decided = QueueItem.objects.filter(
        decided_at__gte=now - timedelta(days=7), decided_by__isnull=False
    ).values_list("created_at", "decided_at")
    waits = [
        (decided_at - created_at).total_seconds()
        for created_at, decided_at in decided
        if decided_at is not None
    ]
    return {
        "waiting": waiting.count(),
        "urgent": waiting.filter(urgent=True).count(),
        "oldest_wait": (now - oldest) if oldest else None,
        "median_decision": timedelta(seconds=median(waits)) if waits else None,
    }


def desk(request: HttpRequest) -> HttpResponse:
    """The queue: urgent first, then oldest, with filters and the figures at the top."""
    _moderator(request)
    items = waiting_items()
    filters = DeskFilterForm(request.GET).filters()
    if filters["reason"] in QueueReason.values:
        # The JSON list as text: `contains` on JSON is not available on SQLite.
        items = items.filter(reasons__icontains=f'"{filters["reason"]}"')
    if filters["kind"]:
        items = items.filter(kind=filters["kind"])
    if filters["space"]:
        items = items.filter(space_key=filters["space"])
    if filters["age"] in AGES:
        items = items.filter(created_at__lte=timezone.now() - AGES[filters["age"]])
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    history = author_history([row.author_id for row in rows if row.author_id])
    for row in rows:
        # Two attributes the template reads beside the item's own fields.
        labels = [QueueReason(r).label for r in row.reasons if r in QueueReason.values]
        row.history = history.get(row.author_id, {}) if row.author_id else {}  # type: ignore[attr-defined]
        row.reason_labels = labels  # type: ignore[attr-defined]
    # Page links keep the filters.
    kept = request.GET.copy()
    for name in ("page", "fragment"):
        kept.pop(name, None)
    context = {"page": page, "rows": rows, "filters": filters, "filter_query": kept.urlencode()}
    if request.GET.get("fragment"):
        # The live refresh (every queue event, on every open desk) swaps the rows only: skip
        # the figures and filter choices it would not show (the median reads every decision
        # of the last seven days).
        return TemplateResponse(request, "moderation/desk_rows.html", context)
    context.update(
        {
            "figures": _figures(),
            "reasons": QueueReason.choices,
            "kinds": sorted({adapter.kind for adapter in map(adapter_for, registered_models())}),
            "spaces": QueueItem.objects.filter(state=QueueItemState.WAITING)
            .exclude(space_key="")
            .values_list("space_key", "space_label")
            .distinct(),
        }
    )
    return TemplateResponse(request, "moderation/desk.html", context)


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: the text with findings marked, the author's standing, and the actions."""
    moderator = _moderator(request)
    item = get_object_or_404(QueueItem.objects.select_related("author", "claimed_by"), pk=pk)
    if item.content_object is None:
        raise PermissionDenied("This content no longer exists.")
    if request.method == "POST":
        return _act(request, item=item, moderator=moderator)
    return _item_page(request, item)


def _item_page(
    request: HttpRequest, item: QueueItem, *, problem: str = "", form: DecisionForm | None = None
) -> HttpResponse:
    """The item's page; after a refused decision, with what was wrong and the moderator's
    words back in their boxes (status 400)."""
    obj = item.content_object
    adapter = adapter_for(obj)
    text = adapter.text(obj)
    result = screening.screen(text, screening_config())
    found = [*result.findings, *history_findings(item, text)]
    next_item = (
        waiting_items().exclude(pk=item.pk).values_list("pk", flat=True).first()
        if item.is_open
        else None
    )
    typed = form.data if form is not None else {}
    context = {
        "item": item,
        "text": highlight(text, found),
        "redacted": typed.get("redacted_text") or screening.redact(text, found),
        "reason": typed.get("reason", ""),
        "problem": problem,
        "findings": [(screening.KINDS.get(f.kind, f.kind), f.category) for f in found],
        "earlier": earlier_items(item),
        "url": adapter.url(obj),
        "standing": standing_of(item.author) if item.author else None,
        "history": author_history([item.author_id]).get(item.author_id, {})
        if item.author_id
        else {},
        "reason_templates": ReasonTemplate.objects.order_by("code"),
        "reason_labels": [QueueReason(r).label for r in item.reasons if r in QueueReason.values],
        "next_item": next_item,
        "sanction_kinds": SanctionKind.choices,
    }
    status = 400 if problem else 200
    return TemplateResponse(request, "moderation/item.html", context, status=status)


def _act(request: HttpRequest, *, item: QueueItem, moderator: User) -> HttpResponse:
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item, problem=first_error(form), form=form)
    action = form.cleaned_data["action"]
    reason = form.cleaned_data["reason"]
    template_code = form.cleaned_data["reason_template"]
    if template_code and not reason:
        template = ReasonTemplate.objects.filter(code=template_code).first()
        reason = template.text if template else ""
    try:
        if action == "claim":
            services.claim(item=item, moderator=moderator)
            messages.success(request, "You have claimed this item.")
            return redirect("moderation:item", pk=item.pk)
        if action == "approve":
            services.approve(item=item, moderator=moderator, reason=reason)
        elif action == "reject":
            services.reject(
                item=item, moderator=moderator, reason=reason, reason_code=template_code
            )
        elif action == "redact":
            services.redact(
                item=item,
                moderator=moderator,
                text=form.cleaned_data["redacted_text"],
                reason=reason,
            )
        elif action == "escalate":
            services.escalate(item=item, moderator=moderator, note=reason)
            messages.success(request, "Escalated to the safeguarding leads.")
            return redirect("moderation:item", pk=item.pk)
        elif action == "hide":
            services.hide(obj=item.content_object, moderator=moderator, reason=reason)
        elif action == "dismiss":
            services.dismiss_flags(item=item, moderator=moderator, reason=reason)
    except (services.ReasonRequired, ValueError) as error:
        item.refresh_from_db()
        return _item_page(request, item, problem=str(error), form=form)
    messages.success(request, "Done.")
    following = waiting_items().values_list("pk", flat=True).first()
    return redirect("moderation:item", pk=following) if following else redirect("moderation:desk")


@require_POST
def sanction_member(request: HttpRequest, member_id: int) -> HttpResponse:
    """Warn, silence or suspend the author of an item."""
    moderator = _moderator(request)
    member = get_object_or_404(get_user_model(), pk=member_id)
    form = SanctionForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(form.back() or "moderation:desk")
    days = form.cleaned_data["days"]
    try:
        services.sanction(
            member=member,
            moderator=moderator,
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            ends_at=timezone.now() + timedelta(days=days) if days else None,
        )
    except (services.ReasonRequired, ValueError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member} has been sanctioned.")
    return redirect(form.back() or "moderation:desk")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _neutralise(value: object) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def audit_trail(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The append-only trail, for admins: filter by action, actor and date; export as CSV."""
    user = request.user
    if not user.is_authenticated or not (
        user.is_superuser or user.has_perm("moderation.view_audit")
    ):
        raise PermissionDenied("Only admins can read the audit trail.")
    entries = AuditEntry.objects.select_related("content_type").order_by("-timestamp", "-pk")
    filters = AuditFilterForm(request.GET).filters()
    action, since = filters["action"], filters["since"]
    actor = str(filters["actor"])  # "" when none was given, or it was not an id
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(user_id=int(actor))
    if since:
        entries = entries.filter(timestamp__gte=since)
    if request.GET.get("format") == "csv":
        services.record_audit_export(actor=user, filters={"action": action, "actor": actor})
        writer = csv.writer(_Echo())
        header = [
            "time",
            "actor_id",
            "action",
            "reason_code",
            "target_type",
            "target_id",
            "content_sha256",
        ]
        rows = (
            [
                entry.timestamp.isoformat(),
                entry.user_id or "",
                entry.action,
                entry.reason_code,
                entry.content_type.model if entry.content_type else "",
                entry.object_id,
                entry.content_hash,
            ]
            for entry in entries.iterator()
        )
        stream = (writer.writerow([_neutralise(c) for c in row]) for row in chain([header], rows))
        response = StreamingHttpResponse(
            ("\ufeff", *stream), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = 'attachment; filename="moderation-audit.csv"'
        return response
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "action": action,
        "actor": actor,
        "actions": sorted(AuditEntry.objects.values_list("action", flat=True).distinct()),
    }
    return TemplateResponse(request, "moderation/audit.html", context)


@never_cache
def reveal_email(request: HttpRequest, member_id: int) -> HttpResponse:
    """An admin reveals one member's e-mail address, giving a reason that is audited."""
    admin = request.user
    if not admin.is_authenticated or not admin.is_superuser:
        raise PermissionDenied("Only an admin can reveal an e-mail address.")
    member = get_object_or_404(get_user_model(), pk=member_id)
    context: dict[str, Any] = {"member": member, "reason": "", "error": "", "email": ""}
    if request.method == "POST":
        form = RevealForm(request.POST)
        if not form.is_valid():
            context["error"] = first_error(form)
        else:
            context["reason"] = form.cleaned_data["reason"]
            try:
                context["email"] = services.email_reveal(
                    member=member, admin=admin, reason=context["reason"]
                )
            except services.RevealRefused as error:
                context["error"] = str(error)
    return TemplateResponse(
        request, "moderation/reveal_email.html", context, status=400 if context["error"] else 200
    )
