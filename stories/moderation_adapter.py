"""How story submissions join moderation: every story is held for a moderator, approval makes
the editors' draft page, and withdrawal takes every public trace down."""

from __future__ import annotations

from django.urls import reverse

from community.input.sanitise import render_markdown
from moderation.models import ModerationState
from moderation.registry import ContentAdapter, Space

from . import services
from .models import ConsentChange, StorySubmission

STORIES_SPACE = Space(key="stories", label="Stories", hold_everything=True)


class StoryAdapter(ContentAdapter):
    model = StorySubmission
    kind = "story"
    # Approval hands the story to the editors: it is not published yet.
    author_messages = {
        "approved": "Your story has been approved by the moderators. The editors will prepare "
        "it for publishing; you can follow it under Your stories.",
        "redacted": "Your story has been approved. The moderators took out some details to keep "
        "you and your family safe; the editors will prepare it for publishing.",
    }

    def text(self, obj: StorySubmission) -> str:
        return "\n".join(part for part in (obj.title, obj.body) if part)

    def author(self, obj: StorySubmission):
        return obj.author

    def space(self, obj: StorySubmission) -> Space:
        # Stories are read by the public: a moderator reads every one, whoever wrote it.
        return STORIES_SPACE

    def url(self, obj: StorySubmission) -> str:
        return reverse("stories:submission", args=[obj.pk])

    def title(self, obj: StorySubmission) -> str:
        return f"Story {obj.pk}"

    def on_approve(self, obj: StorySubmission) -> None:
        self.set_state(obj, ModerationState.PUBLISHED)
        services.create_draft_page(submission=obj, moderator=None)

    def on_hide(self, obj: StorySubmission) -> None:
        self.set_state(obj, ModerationState.HIDDEN)
        page = services.page_of(obj)
        if page is not None:
            services.take_down_page(page, remember_address=False)

    def on_withdraw(self, obj: StorySubmission) -> None:
        services.take_down_for_withdrawal(submission=obj, change=ConsentChange.WITHDRAWN)
        self.set_state(obj, ModerationState.WITHDRAWN)

    def on_redact(self, obj: StorySubmission, text: str) -> None:
        # The moderator's redaction covers the title and the story, as screened together.
        title, _, body = text.partition("\n")
        obj.title = title.strip()[:120] or obj.title
        obj.body = body
        obj.body_html = render_markdown(body)
        obj.save(update_fields=["title", "body", "body_html"])
