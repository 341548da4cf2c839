"""Background work for the forums, through django-tasks (immediate in dev, queued in production)."""

from __future__ import annotations

from django_tasks import task

from . import activity


@task()
def send_digests() -> int:
    """E-mail each member who asked for a digest and has unread notifications (counts and a
    link only). Returns how many e-mails were sent."""
    return activity.digests_send()
