"""Moderators' tools on a thread: lock it, or set slow mode. Each leaves one audit entry."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from community.input.fields import first_error
from moderation import services as moderation
from moderation.selectors import can_moderate

from .forms_activity import (
    SLOW_MODE_CHOICES,  # noqa: F401 - read from here by the thread pages
    ThreadModerationForm,
)
from .models import Thread


@require_POST
def thread_moderate(request: HttpRequest, thread_id: int) -> HttpResponse:
    if not request.user.is_authenticated or not can_moderate(request.user):
        raise Http404
    thread = get_object_or_404(Thread.objects.select_related("board"), pk=thread_id)
    form = ThreadModerationForm(request.POST)
    if not form.is_valid():
        messages.error(request, first_error(form))
        return redirect(thread.get_absolute_url())
    action = form.cleaned_data["action"]
    if action in ("lock", "unlock"):
        thread.locked = action == "lock"
        thread.save(update_fields=["locked"])
        moderation.record_space_action(
            target=thread,
            moderator=request.user,
            action="moderation.lock",
            reason=action,
            data={"locked": thread.locked},
        )
        messages.success(request, "Thread locked." if thread.locked else "Thread unlocked.")
    else:
        seconds = form.cleaned_data["seconds"]
        thread.slow_mode_seconds = seconds
        thread.save(update_fields=["slow_mode_seconds"])
        moderation.record_space_action(
            target=thread,
            moderator=request.user,
            action="moderation.slow_mode",
            reason="slow_mode",
            data={"seconds": seconds},
        )
        messages.success(request, "Slow mode updated.")
    return redirect(thread.get_absolute_url())
