"""Enqueue the periodic jobs that are due; run from cron every few minutes, or with --loop."""

from __future__ import annotations

import contextlib
import logging
import time

from django.core.management.base import BaseCommand
from django.db import InterfaceError, OperationalError, connections

from community.infra import schedule

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Enqueue every periodic job whose period has passed (digests, clean-ups, expiries)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--loop",
            action="store_true",
            help="Keep running, checking every --interval seconds (for a service manager).",
        )
        parser.add_argument("--interval", type=int, default=60)

    def handle(self, *args, loop: bool, interval: int, **options) -> None:
        pause = 0.0
        while True:
            try:
                names = schedule.enqueue_due()
            except (OperationalError, InterfaceError) as error:
                if not loop:
                    raise
                # A database outage must not end the scheduler: wait, the pause doubling up
                # to the interval, and look again (the kind only: a message can quote a row).
                pause = min(max(5, interval), max(1.0, pause * 2))
                logger.warning(
                    "The scheduler cannot reach the database (%s); trying again in %.0f s.",
                    type(error).__name__,
                    pause,
                )
                for connection in connections.all(initialized_only=True):
                    with contextlib.suppress(Exception):
                        connection.close()
                time.sleep(pause)
                continue
            pause = 0.0
            for name in names:
                self.stdout.write(f"enqueued {name}")
            if not loop:
                return
            time.sleep(max(5, interval))
