"""Enqueue the periodic jobs that are due; run from cron every few minutes, or with --loop."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from community import schedule


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
        while True:
            names = schedule.enqueue_due()
            for name in names:
                self.stdout.write(f"enqueued {name}")
            if not loop:
                return
            time.sleep(max(5, interval))
