"""Screen text from standard input with this site's lists, and print what screening finds.

For moderators tuning watched words and local lists, and deployers checking a configuration:

    echo "ring me on 07700 900123" | python manage.py screen
    python manage.py screen --lines < posts.txt

Prints one JSON object per item: its findings (kind, start, end, replacement) and the action.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand

from moderation import screening
from moderation.selectors import screening_config


class Command(BaseCommand):
    help = "Screen standard input (one item, or one per line with --lines) and print JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--lines", action="store_true", help="Treat each line as a separate item."
        )

    def handle(self, *args, **options) -> None:
        text = sys.stdin.read()
        items = text.splitlines() if options["lines"] else [text]
        config = screening_config()
        for item in items:
            result = screening.screen(item, config)
            self.stdout.write(
                json.dumps(
                    {
                        "findings": [
                            {
                                "kind": f.kind,
                                "start": f.start,
                                "end": f.end,
                                "replacement": f.replacement,
                            }
                            for f in result.findings
                        ],
                        "action": result.action,
                        "urgent": result.urgent,
                    },
                    ensure_ascii=False,
                )
            )
