"""Send the optional e-mail digest: one neutral e-mail per member who asked for it and has
unread notifications since the last one. Run it from cron, once a day, say."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from forums.activity import digests
from forums.tasks import send_digests


class Command(BaseCommand):
    help = "E-mail members who asked for a digest: counts of new notifications and a link only."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Queue the work for the task worker instead of sending now.",
        )

    def handle(self, *args, enqueue: bool = False, **options) -> None:
        if enqueue:
            result = send_digests.enqueue()
            self.stdout.write(f"Queued the digest task ({result.id}).")
            return
        sent = digests.digests_send()
        self.stdout.write(f"Sent {sent} digest e-mail{'' if sent == 1 else 's'}.")
