"""Installed only in the workers the reliability tests start (worker_settings.py adds it when
RELIABILITY_PAUSE_FILE is set): places where a task worker (test_worker_survives.py) or a
Daphne worker (test_killed_mid_send.py) stops and waits, so the test can kill it there, and a
task that needs the channel layer.

At the point named by RELIABILITY_PAUSE_AT, while the file RELIABILITY_PAUSE_FILE exists, the
worker writes "<file>.reached" and waits. The test kills it, removes the file, and starts
another worker, which goes straight through.

Points, in the order an export passes them:
- "claimed": the task is claimed and about to run (the export still says "waiting");
- "collecting": the export is part-way through its sections (an extra, last section);
- "stored": the zip is written and about to be recorded as ready;
- "ready": the export is ready, but the task not yet recorded as done.

Points in the send path of a reply or a thread, in the order a send passes them:
- "send:inserted": the post's row is inserted, the rest of its transaction still to run;
- "send:before-commit": the transaction's work is done, its COMMIT not yet sent;
- "send:after-commit": committed, the answer not yet sent to the member.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from asgiref.sync import async_to_sync
from django.apps import AppConfig
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django_tasks import task


def pause_here(point: str) -> None:
    if os.environ.get("RELIABILITY_PAUSE_AT") != point:
        return
    pause = Path(os.environ["RELIABILITY_PAUSE_FILE"])
    if not pause.exists():
        return
    Path(f"{pause}.reached").write_text(point)
    while pause.exists():
        time.sleep(0.05)


def _collect_pause(member) -> dict[str, str]:
    pause_here("collecting")
    return {"note": "Paused here in a test."}


@task()
def tell_the_layer(*, note: str) -> str:
    """Send one message through the channel layer (fails while Redis is away)."""
    from channels.layers import get_channel_layer

    async_to_sync(get_channel_layer().group_send)("reliability.news", {"type": "news", "n": note})
    return note


class PausingConfig(AppConfig):
    name = "tests.reliability.pausing"
    label = "reliability_pausing"

    def ready(self) -> None:
        from django.db.models.signals import post_save, pre_save
        from django_tasks.signals import task_started

        from community.models import DataExport
        from community.privacy.services import register_export_section

        register_export_section("zz-pause", title="Paused", collect=_collect_pause)

        def started(sender, task_result, **kwargs) -> None:
            pause_here("claimed")

        def saving(sender, instance, **kwargs) -> None:
            if instance.state == DataExport.State.READY and instance.ready_at is not None:
                pause_here("stored")

        def saved(sender, instance, **kwargs) -> None:
            if instance.state == DataExport.State.READY:
                pause_here("ready")

        task_started.connect(started, weak=False)
        pre_save.connect(saving, sender=DataExport, weak=False)
        post_save.connect(saved, sender=DataExport, weak=False)
        _pause_in_the_send_path()


def _pause_in_the_send_path() -> None:
    """Pause points around the transaction that saves a post (see the module's docstring)."""
    from django.db.models.signals import post_save

    from forums.models import Post

    # Django has no signal just before COMMIT: the one commit of a connection that has just
    # inserted a post waits first.
    commit = BaseDatabaseWrapper._commit

    def _commit(self) -> None:
        if self.__dict__.pop("reliability_post_inserted", False):
            pause_here("send:before-commit")
        return commit(self)

    BaseDatabaseWrapper._commit = _commit

    def inserted(sender, instance, created, using, **kwargs) -> None:
        if not created:
            return
        pause_here("send:inserted")
        connections[using].reliability_post_inserted = True
        transaction.on_commit(lambda: pause_here("send:after-commit"), using=using)

    post_save.connect(inserted, sender=Post, weak=False)
