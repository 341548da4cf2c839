"""Forum topics on the one socket: a thread's posts, live, with catch-up from the database."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string

from community.live import topics as live
from moderation.selectors import active_sanctions, can_moderate

from .activity.reactions import attach_reactions
from .models import Post, Thread, ThreadEvent
from .selectors import can_see_thread, events_since, is_participant

logger = logging.getLogger(__name__)


def thread_group(thread_id: int) -> str:
    return live.group_name("thread", thread_id)


def render_post(post: Post) -> str:
    """The same partial the page uses, rendered once for every socket: reaction counts, but
    nothing that depends on who is looking."""
    if not hasattr(post, "reaction_counts"):
        attach_reactions([post])
    return render_to_string("forums/includes/post.html", {"post": post, "live": True})


def _event_payload(kind: str, post: Post) -> dict[str, Any]:
    data: dict[str, Any] = {"post": post.pk}
    if kind in ("published", "edited", "removed"):
        data["html"] = render_post(post)
    return data


def record(post: Post, kind: str) -> ThreadEvent:
    """Number a change to a published post and send it to open tabs after commit.

    `kind`: published, edited, hidden or removed. Held posts are never recorded or sent.
    """
    # Rendered now, inside the post's transaction but before the thread's row is locked: the
    # frame is ready when the transaction commits, so tabs do not wait after the commit for
    # the template and the reactions query (nearly all of commit-to-frame before), and the
    # lock is held no longer. Nothing in the partial depends on the event's number.
    try:
        # In a savepoint: a failed query here must not break the post's own transaction.
        with transaction.atomic():
            data: dict[str, Any] | None = _event_payload(kind, post)
    except Exception:
        logger.warning("Could not render a live thread event; trying after commit.", exc_info=True)
        data = None
    with transaction.atomic(savepoint=False):
        # Number a thread's events in commit order: the thread's row stays locked until this
        # transaction commits, so no later number can be committed (and sent) before this
        # one. Tabs and catch-up treat every id up to the last seen as seen. (SQLite takes one
        # writer at a time anyway and ignores FOR UPDATE.)
        Thread.objects.select_for_update().filter(pk=post.thread_id).values_list("pk").first()
        event = ThreadEvent.objects.create(thread_id=post.thread_id, post=post, kind=kind)

    def send() -> None:
        try:
            live.publish(
                thread_group(post.thread_id),
                topic=f"thread:{post.thread_id}",
                event=kind,
                data=data if data is not None else _event_payload(kind, post),
                event_id=event.pk,
            )
        except Exception:
            # Saved already: open tabs catch up from ThreadEvent when they reconnect.
            logger.warning("Could not send a live thread event.", exc_info=True)

    transaction.on_commit(send)
    return event


def _thread_for(user, arg: str | None) -> Thread | None:
    if arg is None or not arg.isdigit() or not is_participant(user):
        return None
    thread = Thread.objects.select_related("board").filter(pk=int(arg)).first()
    if thread is None or not can_see_thread(user, thread):
        return None
    return thread


def authorise_thread(user, arg: str | None) -> str | None:
    """Exactly like the thread page: a participant who may see the board and the thread."""
    thread = _thread_for(user, arg)
    return thread_group(thread.pk) if thread else None


def may_type_in_thread(user, arg: str | None) -> bool:
    """Whether the member may post in the thread right now, so may say "someone is replying":
    not silenced or suspended, and the thread not locked (unless they moderate)."""
    thread = _thread_for(user, arg)
    if thread is None or active_sanctions(user).exists():
        return False
    return not thread.locked or can_moderate(user)


def catch_up_thread(user, arg: str | None, since: int) -> list[dict[str, Any]]:
    thread = _thread_for(user, arg)
    if thread is None:
        return []
    missed = events_since(user, thread, since)
    attach_reactions([post for _, post in missed])
    return [
        {"id": event.pk, "event": event.kind, "data": _event_payload(event.kind, post)}
        for event, post in missed
    ]


def newest_thread_event(arg: str | None) -> int:
    """The thread's newest event id (0 if none): one read of the (thread, id) index. No
    permission check: only a socket already subscribed asks, and the id never reaches the tab."""
    if arg is None or not arg.isdigit():
        return 0
    newest = ThreadEvent.objects.filter(thread_id=int(arg)).aggregate(newest=Max("pk"))["newest"]
    return newest or 0


def thread_event_ids(arg: str | None, since: int) -> list[int]:
    """Ids of the thread's events after `since`, ascending (at most 500): the (thread, id)
    index alone. For comparing with what a socket sent, never sent to the tab."""
    if arg is None or not arg.isdigit():
        return []
    events = ThreadEvent.objects.filter(thread_id=int(arg), pk__gt=since).order_by("pk")
    return list(events.values_list("pk", flat=True)[:500])


def register() -> None:
    # Thread pages show "N members reading" and, from members who chose to share it, "someone
    # is replying": both only to sockets this topic authorised.
    live.register_topic(
        "thread",
        authorise_thread,
        catch_up=catch_up_thread,
        newest=newest_thread_event,
        event_ids=thread_event_ids,
        presence=True,
        typing=True,
        may_type=may_type_in_thread,
    )
