"""Background work for community, through django-tasks (immediate in dev, queued in production)."""

from __future__ import annotations

from django_tasks import task

from . import drafts, services


@task()
def forget_expired_drafts() -> int:
    """Delete drafts nobody came back to in time; returns how many went."""
    return drafts.drafts_delete_expired()


@task()
def forget_old_notifications() -> int:
    """Delete notifications past their time; returns how many went."""
    return services.notifications_forget_old()


@task()
def forget_expired_sessions() -> int:
    """Delete sessions past their end (Django leaves the rows until asked); returns how many
    went."""
    return services.sessions_delete_expired()
