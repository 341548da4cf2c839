"""Show a text with its screening findings marked, for moderators and for the author's composer."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from . import screening


def highlight(text: str, findings: Iterable[screening.Finding]) -> SafeString:
    """The text, HTML-escaped, with each finding wrapped in a labelled <mark>.

    Overlapping findings are merged into the first; everything outside a mark is escaped, so
    the member's words can never become markup.
    """
    parts: list[str] = []
    position = 0
    for finding in sorted(findings, key=lambda f: (f.start, -f.end)):
        if finding.start < position:
            continue
        parts.append(escape(text[position : finding.start]))
        label = screening.KINDS.get(finding.kind, finding.kind)
        parts.append(
            format_html(
                '<mark class="finding finding--{}" data-kind="{}" title="{}">{}</mark>',
                finding.category,
                finding.kind,
                label,
                text[finding.start : finding.end],
            )
        )
        position = finding.end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
