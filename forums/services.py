"""Forum verbs: start a thread, reply, edit, remove. Each screens through moderation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from community.infra.sendonce import raise_if_sent, save_once
from community.input.sanitise import render_markdown
from moderation import services as moderation
from moderation.models import ModerationState

from . import live, permissions
from .activity import following
from .models import Board, Post, PostRevision, Thread

if TYPE_CHECKING:
    from community.models import User

MAX_BODY = 20_000
MAX_TITLE = 150


@dataclass(frozen=True)
class Posted:
    """A saved post and what moderation decided about it."""

    post: Post
    submission: moderation.Submission


def _clean_body(body: str) -> str:
    body = body.replace("\x00", "").strip()
    if not body:
        raise ValidationError("Please write something before you send it.")
    if len(body) > MAX_BODY:
        raise ValidationError(
            f"That's longer than we can take in one post ({MAX_BODY:,} characters). "
            "Please split it into two."
        )
    return body


def _check_may_post(author: User, thread: Thread | None, board: Board) -> None:
    if (refusal := permissions.posting_refusal(author, board, thread)) is not None:
        raise PermissionDenied(refusal)


def _save_and_submit(post: Post) -> Posted:
    post.body_html = render_markdown(post.body)
    # Moderation decides before the post is saved and saves it once, in its state: one INSERT
    # (and one search-index task), not an INSERT held and an UPDATE to published.
    submission = moderation.submit(obj=post)
    return Posted(post=post, submission=submission)


def thread_create(
    *,
    board: Board,
    author: User,
    title: str,
    body: str,
    content_note: str = "",
    send_key: str = "",
) -> Posted:
    """Start a thread with its opening post. Raises ValidationError, PermissionDenied or
    moderation's ContentBlocked; nothing is saved unless it returns.

    `send_key` (the form page's key) is saved with the opening post: when this author's form
    with that key was saved before, it raises `community.infra.sendonce.AlreadySent` with that post
    and saves nothing."""
    raise_if_sent(Post.objects.filter(author=author), send_key)
    _check_may_post(author, None, board)
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Please give your thread a title.")
    if len(title) > MAX_TITLE:
        raise ValidationError(f"Please keep the title under {MAX_TITLE} characters.")
    body = _clean_body(body)

    def save() -> Posted:
        thread = Thread.objects.create(board=board, title=title, author=author)
        post = Post(
            thread=thread,
            author=author,
            body=body,
            is_opening=True,
            content_note=content_note.strip()[:120],
            send_key=send_key,
        )
        following.follow_as_author(member=author, thread=thread)
        return _save_and_submit(post)

    # One transaction (a savepoint inside the caller's): the key is saved with the post or not
    # at all.
    return save_once(Post.objects.filter(author=author), send_key, save)


def post_create(
    *,
    thread: Thread,
    author: User,
    body: str,
    quote_of: Post | None = None,
    content_note: str = "",
    send_key: str = "",
) -> Posted:
    """Reply in a thread. Raises like `thread_create`, and `AlreadySent` with the reply a
    re-sent form saved before (checked first: a re-send is never refused by slow mode)."""
    raise_if_sent(Post.objects.filter(author=author), send_key)
    _check_may_post(author, thread, thread.board)
    body = _clean_body(body)
    if quote_of is not None and (
        quote_of.thread_id != thread.pk or quote_of.moderation_state != ModerationState.PUBLISHED
    ):
        quote_of = None

    def save() -> Posted:
        post = Post(
            thread=thread,
            author=author,
            body=body,
            quote_of=quote_of,
            content_note=content_note.strip()[:120],
            send_key=send_key,
        )
        following.follow_as_author(member=author, thread=thread)
        posted = _save_and_submit(post)
        if posted.submission.state == ModerationState.PUBLISHED:
            # Only forwards: replies committing out of order must not set it back in time.
            Thread.objects.filter(pk=thread.pk, last_post_at__lt=post.created_at).update(
                last_post_at=post.created_at
            )
        return posted

    # One transaction (a savepoint inside the caller's): the key is saved with the post or not
    # at all.
    return save_once(Post.objects.filter(author=author), send_key, save)


def post_edit(*, post: Post, editor: User, body: str) -> Posted:
    """The author changes their post. It is screened again and may be held again; moderators
    can read earlier versions."""
    if not permissions.may_edit_post(editor, post):
        raise PermissionDenied("Only its author can change this post.")
    _check_may_post(editor, None, post.thread.board)
    body = _clean_body(body)
    with transaction.atomic():
        PostRevision.objects.create(post=post, body=post.body)
        was_published = post.moderation_state == ModerationState.PUBLISHED
        post.body = body
        post.body_html = render_markdown(body)
        post.edited_at = timezone.now()
        post.save(update_fields=["body", "body_html", "edited_at"])
        # A post the moderators hid stays out of sight until they look at the new version.
        was_hidden = post.moderation_state == ModerationState.HIDDEN
        submission = moderation.submit(obj=post, edited=was_published, hold=was_hidden)
        if was_published and submission.state == ModerationState.PUBLISHED:
            live.record(post, "edited")
        return Posted(post=post, submission=submission)


def post_remove(*, post: Post, author: User) -> Post:
    """The author removes their post: it reads "removed by its author" and keeps its place."""
    if not permissions.may_remove_post(author, post):
        raise PermissionDenied("Only its author can remove this post.")
    with transaction.atomic():
        was_published = post.moderation_state == ModerationState.PUBLISHED
        post.removed_by_author = True
        post.body = ""
        post.body_html = ""
        post.content_note = ""
        post.save(update_fields=["removed_by_author", "body", "body_html", "content_note"])
        if was_published:
            live.record(post, "removed")
        else:
            moderation.withdraw_by_author(obj=post, author=author)
    return post
