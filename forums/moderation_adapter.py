"""How posts join moderation: screened text, author, space, and what decisions do."""

from __future__ import annotations

from community.input.sanitise import render_markdown
from moderation.models import ModerationState
from moderation.registry import ContentAdapter, Space

from . import live
from .activity import following
from .models import Post


class PostAdapter(ContentAdapter):
    model = Post
    kind = "post"

    def text(self, obj: Post) -> str:
        # The thread's title is screened with its opening post: readers see both.
        parts = [obj.thread.title] if obj.is_opening else []
        parts += [obj.content_note, obj.body]
        return "\n".join(part for part in parts if part)

    def author(self, obj: Post):
        return obj.author

    def space(self, obj: Post) -> Space:
        board = obj.thread.board
        kind = "Circle" if board.is_circle else "Board"
        return Space(
            key=f"board:{board.pk}",
            label=f"{kind}: {board.title}",
            hold_everything=board.hold_everything,
        )

    def url(self, obj: Post) -> str:
        return obj.get_absolute_url()

    def title(self, obj: Post) -> str:
        return f"Post {obj.pk} in thread {obj.thread_id}"

    def set_state(self, obj: Post, state: str) -> None:
        was_published = obj.moderation_state == ModerationState.PUBLISHED
        super().set_state(obj, state)
        if state == ModerationState.PUBLISHED and not was_published:
            live.record(obj, "published")
            following.post_published(post=obj)
        elif was_published and state != ModerationState.PUBLISHED:
            live.record(obj, "hidden")

    def on_redact(self, obj: Post, text: str) -> None:
        obj.body = text
        obj.body_html = render_markdown(text)
        obj.save(update_fields=["body", "body_html"])
        if obj.moderation_state == ModerationState.PUBLISHED:
            # Open tabs must lose the details the moderator took out, at once.
            live.record(obj, "edited")
