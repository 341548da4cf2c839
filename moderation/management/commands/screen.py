"""Screen text from standard input with this site's lists, and print what screening finds.

For moderators tuning watched words and local lists, and deployers checking a configuration:

    echo "ring me on 07700 900123" | python manage.py screen
    python manage.py screen --lines < posts.txt
    echo "ring me on oh seven seven double oh 900123" | python manage.py screen --explain

Prints one JSON object per item: its findings (kind, label, the span's text, start, end,
replacement, and the detector that found it) and the action. `--explain` adds, per finding,
the rule that matched and the normalisation of the text it was found in (look-alike letters,
spaced digits...), and prints a readable line for each finding to standard error.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from moderation import screening
from moderation.selectors import screening_config


def explanation(finding: screening.Finding) -> str:
    """Why screening found this, in a sentence: which detector, which rule, which view."""
    label = screening.KINDS.get(finding.kind, finding.kind)
    why = f"{label}, found by {finding.detector or 'screening'}"
    if finding.rule:
        why += f" (rule: {finding.rule})"
    if finding.via:
        why += f", after undoing {finding.via}"
    else:
        why += ", in the text as written"
    return why


class Command(BaseCommand):
    help = "Screen standard input (one item, or one per line with --lines) and print JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--lines", action="store_true", help="Treat each line as a separate item."
        )
        parser.add_argument(
            "--explain",
            action="store_true",
            help="Say, for each finding, which rule found it and which normalisation it needed.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = sys.stdin.read()
        items = text.splitlines() if options["lines"] else [text]
        config = screening_config()
        explain = options["explain"]
        for item in items:
            result = screening.screen(item, config)
            findings = []
            for f in result.findings:
                row = {
                    "kind": f.kind,
                    "label": screening.KINDS.get(f.kind, f.kind),
                    "text": item[f.start : f.end],
                    "start": f.start,
                    "end": f.end,
                    "replacement": f.replacement,
                    "detector": f.detector,
                }
                if explain:
                    row["rule"] = f.rule
                    row["normalisation"] = f.via or "none"
                    row["why"] = explanation(f)
                    self.stderr.write(f"{item[f.start : f.end]!r}: {row['why']}")
                findings.append(row)
            self.stdout.write(
                json.dumps(
                    {"findings": findings, "action": result.action, "urgent": result.urgent},
                    ensure_ascii=False,
                )
            )
