"""Periodic jobs: work that must happen every so often (digests, forgetting old drafts, consent
expiry). Each app registers its jobs from `AppConfig.ready()`; `manage.py run_periodic`, run by
cron or a systemd timer every few minutes (or with `--loop` as a service), enqueues each job
whose period has passed. The job itself runs in the django-tasks worker like any other task, so
a worker that is down delays it and drops nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task

from community.models import PeriodicRun


@dataclass(frozen=True)
class PeriodicJob:
    """A django-tasks task (taking no arguments) to enqueue once every `every`."""

    name: str
    every: timedelta
    task: Task


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, *, every: timedelta, task: Task) -> None:
    """Add a periodic job; called from an app's `ready()`."""
    if name in _jobs and _jobs[name].task is not task:
        raise ValueError(f"Periodic job {name!r} is already registered.")
    _jobs[name] = PeriodicJob(name=name, every=every, task=task)


def periodic_jobs() -> list[PeriodicJob]:
    """Every registered job, by name."""
    return [_jobs[name] for name in sorted(_jobs)]


def enqueue_due(*, now: datetime | None = None) -> list[str]:
    """Enqueue each job whose period has passed since it was last enqueued; return their names.

    The row lock makes two schedulers started by mistake enqueue a job once, not twice.
    """
    now = now or timezone.now()
    enqueued = []
    for job in periodic_jobs():
        with transaction.atomic():
            run, created = PeriodicRun.objects.select_for_update().get_or_create(
                name=job.name, defaults={"last_enqueued_at": now}
            )
            if not created and run.last_enqueued_at + job.every > now:
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            transaction.on_commit(job.task.enqueue)
        enqueued.append(job.name)
    return enqueued
