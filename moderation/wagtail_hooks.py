"""Moderation in the Wagtail admin: the desk, the audit trail, watched words and log actions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import URLResolver, include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets.button import ListingButton
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import urls as desk_urls
from .models import AllowedName, LocalTerm, ReasonTemplate, WatchedWord
from .selectors import can_moderate

if TYPE_CHECKING:
    from community.models import User

LOG_ACTIONS = {
    "moderation.hold": ("Held for review", "Held for review"),
    "moderation.queue": ("Queued for review", "Published and queued for review"),
    "moderation.claim": ("Claimed", "Claimed by a moderator"),
    "moderation.approve": ("Approved", "Approved"),
    "moderation.reject": ("Rejected", "Rejected"),
    "moderation.redact": ("Redacted and approved", "Redacted and approved"),
    "moderation.hide": ("Hidden", "Hidden by a moderator"),
    "moderation.auto_hide": ("Hidden after reports", "Hidden after reports from members"),
    "moderation.dismiss": ("Reports reviewed", "Reports reviewed; left published"),
    "moderation.escalate": ("Escalated", "Escalated to a safeguarding lead"),
    "moderation.withdraw": ("Withdrawn", "Withdrawn by its author"),
    "moderation.warn": ("Member warned", "Member warned"),
    "moderation.silence": ("Member silenced", "Member silenced"),
    "moderation.suspend": ("Member suspended", "Member suspended"),
    "moderation.lock": ("Thread locked", "Thread locked"),
    "moderation.slow_mode": ("Slow mode set", "Slow mode set"),
    "moderation.audit_export": ("Audit exported", "Audit trail exported"),
    "moderation.reveal_email": ("E-mail revealed", "A member's e-mail address was revealed"),
}


@hooks.register("register_log_actions")
def register_moderation_actions(actions: Any) -> None:
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_admin_urls")
def register_desk_urls() -> list[URLResolver]:
    return [path("moderation/", include((desk_urls, "moderation"), namespace="moderation"))]


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request: HttpRequest) -> bool:
        return can_moderate(request.user)


@hooks.register("register_admin_menu_item")
def register_desk_menu_item() -> ModeratorMenuItem:
    return ModeratorMenuItem(
        "Moderation desk", reverse("moderation:desk"), icon_name="warning", order=150
    )


class WatchedWordViewSet(SnippetViewSet):
    model = WatchedWord
    icon = "warning"
    menu_label = "Watched words"
    add_to_admin_menu = False
    list_display = ["pattern", "match", "action", "note"]


class LocalTermViewSet(SnippetViewSet):
    model = LocalTerm
    icon = "site"
    menu_label = "Local schools, places and groups"
    list_display = ["text", "kind"]


class AllowedNameViewSet(SnippetViewSet):
    model = AllowedName
    icon = "tick"
    menu_label = "Allowed names"


class ReasonTemplateViewSet(SnippetViewSet):
    model = ReasonTemplate
    icon = "doc-full"
    menu_label = "Rejection reasons"


for viewset in (WatchedWordViewSet, LocalTermViewSet, AllowedNameViewSet, ReasonTemplateViewSet):
    register_snippet(viewset)


@hooks.register("register_user_listing_buttons")
def reveal_email_button(user: User, request_user: User) -> Iterator[ListingButton]:
    # Addresses are hidden in the member admin; an admin reveals one with a reason.
    if request_user.is_superuser:
        yield ListingButton(
            "Reveal e-mail",
            reverse("moderation:reveal_email", args=[user.pk]),
            priority=50,
        )
