"""State-changing rules for members."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from community.live import topics as live
from community.members.devices import devices_forget_ended
from community.members.names import CheckedName, check_display_name, name_screens
from community.models import Notification, User
from community.selectors import display_name_key_taken, reserved_display_names

logger = logging.getLogger(__name__)


def display_name_check(
    raw: str, *, member: User | None = None, request: HttpRequest | None = None
) -> CheckedName:
    """Check a wanted display name against the rules, the reserved words, the screens other
    apps register (moderation: identifying details) and other members.

    Raises `DisplayNameError` with a message for the member; `member` is the one renaming
    themselves, whose own current name does not count as taken.
    """
    return check_display_name(
        raw,
        is_taken=lambda key: display_name_key_taken(key, exclude=member),
        reserved=reserved_display_names(request),
        screens=name_screens(),
    )


def notify(member: User, *, kind: str, message: str, url: str = "") -> Notification:
    """Tell a member something, in the page and live on their open tabs (after commit)."""
    notification = Notification.objects.create(
        recipient=member, kind=kind, message=message[:300], url=url[:300]
    )

    def send() -> None:
        try:
            live.publish(
                live.member_group(member.pk),
                topic="notifications",
                event="notification",
                data={"id": notification.pk, "message": notification.message, "url": url},
            )
        except Exception:
            # Stored already: the member sees it on their next page.
            logger.warning("Could not send a live notification.", exc_info=True)

    transaction.on_commit(send)
    return notification


def notify_each(
    members: Sequence[User] | Sequence[int], *, kind: str, message: str, url: str = ""
) -> int:
    """Tell several members (or members by id: nothing else is needed) the same thing: one
    insert, and one trip to the channel layer after commit for all their open tabs (a busy
    thread's reply tells every follower). Returns how many were told."""
    if not members:
        return 0
    made = Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=member if isinstance(member, int) else member.pk,
                kind=kind,
                message=message[:300],
                url=url[:300],
            )
            for member in members
        ]
    )
    events = [
        (
            live.member_group(note.recipient_id),
            {"id": note.pk, "message": note.message, "url": note.url},
        )
        for note in made
    ]

    def send() -> None:
        try:
            live.publish_each(events, topic="notifications", event="notification")
        except Exception:
            # Stored already: each member sees it on their next page.
            logger.warning("Could not send live notifications.", exc_info=True)

    transaction.on_commit(send)
    return len(made)


def notifications_mark_read(member: User) -> int:
    """Mark all the member's notifications read; returns how many changed."""
    return Notification.objects.filter(recipient=member, read_at__isnull=True).update(
        read_at=timezone.now()
    )


# Notifications are news, not a record: after this long they are deleted, read or not.
NOTIFICATION_KEEP_DAYS = 90


def sessions_delete_expired() -> int:
    """Delete the sessions that have ended (Django's stored sessions stay until something
    deletes them: this is what `manage.py clearsessions` does), then the device rows of
    every session gone (`community.members.devices`); returns how many device rows went."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return devices_forget_ended()


def notifications_forget_old(*, now: datetime | None = None) -> int:
    """Delete notifications older than NOTIFICATION_KEEP_DAYS; returns how many went."""
    cutoff = (now or timezone.now()) - timedelta(days=NOTIFICATION_KEEP_DAYS)
    deleted, _ = Notification.objects.filter(created_at__lt=cutoff).delete()
    return deleted
