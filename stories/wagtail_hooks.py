"""Stories in the Wagtail admin: the consent check on publishing, log actions, and the purge of
withdrawn stories."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_http_methods
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from moderation.models import ModerationState

from . import services
from .models import ConsentMissing, StoryPage, StorySubmission

LOG_ACTIONS = {
    "stories.consent_expired": ("Consent expired", "Consent expired; taken down"),
    "stories.purge": ("Purged", "Story text and page revisions purged"),
}


@hooks.register("insert_editor_js")
def screen_bylines_as_they_are_typed():
    """The page editor's pre-send check: a byline marked `data-screen` shows what could identify
    the family before it is saved (the form refuses it on saving: `stories.bylines`)."""
    return format_html('<script src="{}" defer></script>', static("moderation/screen.js"))


@hooks.register("register_log_actions")
def register_story_actions(actions) -> None:
    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


def _refuse_without_consent(request, page):
    specific = page.specific
    if not isinstance(specific, StoryPage):
        return None
    try:
        specific.check_may_be_public()
    except ConsentMissing as error:
        messages.error(request, error.messages[0])
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_publish_page")
def refuse_publishing_without_consent(request, page):
    """The admin's Publish button: a kind refusal instead of an error (the model refuses too)."""
    return _refuse_without_consent(request, page)


@hooks.register("before_edit_page")
def refuse_workflow_approval_without_consent(request, page):
    """Approving the last sign-off task publishes the page: refuse it the same way."""
    approving = (
        request.method == "POST"
        and request.POST.get("action-workflow-action")
        and request.POST.get("workflow-action-name") == "approve"
    )
    return _refuse_without_consent(request, page) if approving else None


def _require_admin(user) -> None:
    if not user.is_superuser:
        raise PermissionDenied("Only an administrator can purge a story.")


def withdrawn_stories(request):
    """Withdrawn stories, for an administrator to purge."""
    _require_admin(request.user)
    submissions = StorySubmission.objects.filter(
        moderation_state=ModerationState.WITHDRAWN
    ).order_by("-withdrawn_at")
    return TemplateResponse(request, "stories/admin/withdrawn.html", {"submissions": submissions})


@require_http_methods(["POST"])
def purge_story(request, pk: int):
    """Delete the page's revisions, the page and the submission's words."""
    _require_admin(request.user)
    submission = get_object_or_404(StorySubmission, pk=pk)
    try:
        services.story_purge(submission=submission, admin=request.user)
    except services.StoryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Story {submission.pk} purged.")
    return redirect("stories_admin:withdrawn")


@hooks.register("register_admin_urls")
def register_story_admin_urls():

    patterns = [
        path("", withdrawn_stories, name="withdrawn"),
        path("<int:pk>/purge/", purge_story, name="purge"),
    ]
    return [path("withdrawn-stories/", include((patterns, "stories_admin")))]


class AdminOnlyMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_withdrawn_menu_item():
    return AdminOnlyMenuItem(
        "Withdrawn stories", reverse("stories_admin:withdrawn"), icon_name="bin", order=900
    )
