"""Background work for stories, through django-tasks (immediate in dev, queued in production)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def consent_expiry() -> dict[str, int]:
    """Remind authors 30 days before their consent ends; take down stories whose consent has
    ended. Run by the scheduler every hour."""
    return {
        "reminded": services.consents_remind_due(),
        "expired": services.consents_expire_due(),
    }
