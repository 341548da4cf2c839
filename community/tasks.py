"""Background work for community, through django-tasks (immediate in dev, queued in production)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from community import services
from community.site import drafts

# How long the record of a finished background task is kept. It holds the task's arguments (a
# member's id, an export's) and, for a failed one, its error: kept long enough to look into a
# failure, no longer.
TASK_RECORDS_KEEP_DAYS = 7


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


def task_records_forget(*, now: datetime | None = None) -> int:
    """Delete the records of background tasks that finished more than TASK_RECORDS_KEEP_DAYS
    ago (queued and running ones stay); returns how many went."""
    from django_tasks_db.models import DBTaskResult

    cutoff = (now or timezone.now()) - timedelta(days=TASK_RECORDS_KEEP_DAYS)
    deleted, _ = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff).delete()
    return deleted


@task()
def forget_finished_tasks() -> int:
    """Delete the records of background tasks finished more than a week ago; returns how many
    went."""
    return task_records_forget()
