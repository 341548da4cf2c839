"""Exports of a campaign's testimony: a spreadsheet-safe CSV and a Word evidence bundle.

What leaves must never identify anyone, so an export holds only:

- testimony that moderators approved, that is not withdrawn, and whose author consents now to
  the export's use (campaign materials, evidence to parliament, or the press);
- counts (by theme, by answer), where any count under 10 reads "fewer than 10";
- the passages organisers marked as quotable, with their redactions, never whole answers;
- the passages of published stories that the campaign quotes on its page, with the byline
  each author chose, while the author consents to the export's use (a withdrawn story's
  words leave no later export, and its author's receipt lists the earlier ones);
- months, never days or times (the .docx's own metadata and zip entries included).

No pseudonym, e-mail, id or address is ever written: rows are numbered in the export itself.
Each export writes one audit entry (who, when, which filter, how many) and records a use of
every testimony it drew on, so an author who withdraws later gets a receipt listing it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime

import docx
from django.db import transaction
from django.utils import timezone

from community.models import User
from community.privacy import quotes
from moderation import screening
from moderation.models import AuditEntry

from .models import Campaign, CampaignTheme, Testimony, TestimonyQuestion
from .permissions import is_organiser
from .selectors import (
    FEWER_THAN,
    CountRow,
    QuestionCounts,
    consented_testimony,
    counts_by_question,
    counts_by_theme,
    month_label,
    month_of,
    questions_of,
    small,
)
from .services import STORY_KIND

USES = {
    quotes.CAMPAIGNS: "campaign materials",
    quotes.PARLIAMENT: "evidence to parliament, inquiries and consultations",
    quotes.PRESS: "sharing with the press",
}
FORMATS = {"csv": "Spreadsheet (.csv)", "docx": "Evidence bundle (.docx)"}
REDACTED = "[redacted]"
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EMAIL = re.compile(r"[^\s@<>()\[\]]+@[^\s@<>()\[\]]+\.[A-Za-z]{2,}")


class ExportRefused(PermissionError):
    """Only the campaign's organisers and staff may export its testimony."""


@dataclass(frozen=True)
class Quote:
    """One quotable passage as it leaves: numbered in this export, with its month and themes."""

    number: int
    month: str
    themes: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class StoryQuote:
    """A passage of a published story, as it leaves: its words and the byline its author chose
    (never a pseudonym)."""

    number: int
    text: str
    byline: str
    story_id: int


@dataclass(frozen=True)
class Export:
    """Everything one export may contain, already made safe."""

    campaign: Campaign
    use: str
    theme: CampaignTheme | None
    month: str  # the month of the export, "YYYY-MM"
    total: int
    themes: list[CountRow]
    questions: list[QuestionCounts]
    quotes: list[Quote]
    testimonies: list[Testimony]
    # Passages of published stories the campaign quotes, whose authors consent to this use now.
    story_quotes: list[StoryQuote] = field(default_factory=list)

    @property
    def use_label(self) -> str:
        return USES[self.use]

    @property
    def filters(self) -> dict[str, str]:
        return {"use": self.use, "theme": self.theme.name if self.theme else "all"}


# What the words of a quote may hold that an export must not: addresses of machines, and
# times finer than the month (a clock time, a day of a month, a full date).
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[0-2]?\d|3[01])(?:st|nd|rd|th)?"
FINER_THAN_A_MONTH = re.compile(
    "|".join(
        (
            r"\b(?:\d{1,3}\.){3}\d{1,3}\b",  # IPv4
            r"\b(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{1,4}\b|::1\b",  # IPv6, roughly
            r"\b\d{4}-\d{1,2}-\d{1,2}\b",  # 2024-03-05
            r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b",  # 05/03/2024
            rf"\b{_DAY}(?:\s+of)?\s+{_MONTHS}\b",  # 5th of March
            rf"\b{_MONTHS}\s+{_DAY}\b",  # March 5
            r"\b(?:[01]?\d|2[0-3]):[0-5]\d(?:\s*[ap]\.?m\b\.?)?",  # 23:15, 11:30pm
            r"\b(?:1[0-2]|0?\d)\.[0-5]\d\s*[ap]\.?m\b\.?",  # 11.30pm (not £3.50)
            r"\b(?:1[0-2]|0?\d)\s*[ap]\.?m\b\.?",  # 9pm, 9 a.m.
        )
    ),
    re.IGNORECASE,
)


def _pseudonyms() -> re.Pattern | None:
    """Every member's display name, as whole words in any case, longest first."""
    names = sorted(
        {name for name in User.objects.values_list("display_name", flat=True) if name},
        key=len,
        reverse=True,
    )
    if not names:
        return None
    return re.compile(
        r"(?<!\w)(?:" + "|".join(re.escape(name) for name in names) + r")(?!\w)", re.IGNORECASE
    )


def _scrub_words(text: str, pseudonyms: re.Pattern | None) -> str:
    """Belt and braces (organisers redact extracts; this catches what they missed): nothing
    the screening finds identifying (names, places, phone numbers...), no e-mail, no member's
    pseudonym, no machine address and no time finer than the month leaves."""
    findings = [f for f in screening.screen(text).findings if f.category == "identifying"]
    text = screening.redact(text, findings) if findings else text
    text = EMAIL.sub(REDACTED, text)
    if pseudonyms is not None:
        text = pseudonyms.sub(REDACTED, text)
    return FINER_THAN_A_MONTH.sub(REDACTED, text)


def _scrub(text: str, testimony: Testimony, pseudonyms: re.Pattern | None) -> str:
    """`_scrub_words`, and the testimony author's own e-mail address however it is written."""
    author = testimony.author
    if author is not None and author.email:
        text = re.sub(re.escape(author.email), REDACTED, text, flags=re.IGNORECASE)
    return _scrub_words(text, pseudonyms)


def gather(*, campaign: Campaign, use: str, theme: CampaignTheme | None = None) -> Export:
    """What an export for this use (and theme, if given) would hold, as of now."""
    if use not in USES:
        raise ValueError("Please choose how the testimony will be used.")
    consented = consented_testimony(campaign, use).select_related("author")
    if theme is not None:
        consented = consented.filter(themes=theme)
    testimonies = list(consented)
    answered = [q for q in questions_of(campaign) if q.kind != TestimonyQuestion.Kind.SHORT]
    quotes_out: list[Quote] = []
    pseudonyms = _pseudonyms()
    for testimony in testimonies:
        names = tuple(sorted(t.name for t in testimony.themes.all()))
        for extract in testimony.extracts.all():
            quotes_out.append(
                Quote(
                    number=len(quotes_out) + 1,
                    month=month_label(month_of(testimony.created_at)),
                    themes=names,
                    text=_scrub(extract.text, testimony, pseudonyms),
                )
            )
    story_quotes: list[StoryQuote] = []
    if theme is None:  # stories carry no campaign themes: they go in unfiltered exports only
        for quoted in campaign.quotes.filter(source_kind=STORY_KIND):
            status = quotes.quote_status(kind=STORY_KIND, object_id=quoted.source_id, channel=use)
            if status.usable:
                story_quotes.append(
                    StoryQuote(
                        number=len(story_quotes) + 1,
                        text=_scrub_words(quoted.text, pseudonyms),
                        byline=status.byline,
                        story_id=quoted.source_id,
                    )
                )
    return Export(
        campaign=campaign,
        use=use,
        theme=theme,
        month=month_of(timezone.now()),
        total=len(testimonies),
        themes=counts_by_theme(testimonies),
        # Short answers (a town, an age...) are never counted out: they could single people out.
        questions=counts_by_question(answered, testimonies),
        quotes=quotes_out,
        testimonies=testimonies,
        story_quotes=story_quotes,
    )


def _record(export: Export, *, actor, fmt: str) -> None:
    """One audit entry for the export, and a use of each testimony it drew on."""
    AuditEntry.objects.log_action(
        export.campaign,
        "campaign.export",
        user=actor,
        title=f"Campaign {export.campaign.pk} export",
        reason_code="export",
        data={
            **export.filters,
            "format": fmt,
            "testimonies": export.total,
            "quotes": len(export.quotes),
            "story_quotes": len(export.story_quotes),
        },
    )
    where = (
        f"{FORMATS[fmt]} for {export.use_label}, campaign “{export.campaign.title}”, "
        f"{month_label(export.month)}"
    )
    quotes.record_uses(
        kind="testimony",
        object_ids=[testimony.pk for testimony in export.testimonies],
        channel=export.use,
        where=where,
    )
    quotes.record_uses(
        kind=STORY_KIND,
        object_ids=[quote.story_id for quote in export.story_quotes],
        channel=export.use,
        where=where,
    )


def filename(export: Export, fmt: str) -> str:
    return f"{export.campaign.slug}-{export.use}-{export.month}.{fmt}"


# --- CSV ---------------------------------------------------------------------------------------


def safe_cell(value: object) -> str:
    """A cell no spreadsheet will run: one that would start a formula gets a leading quote."""
    text = str(value)
    if text.lstrip(" ").startswith(FORMULA_START):
        return "'" + text
    return text


def _csv_rows(export: Export) -> list[list[str]]:
    rows: list[list[str]] = [
        ["Campaign", export.campaign.title],
        ["Use", export.use_label],
        ["Theme", export.theme.name if export.theme else "All themes"],
        ["Exported", month_label(export.month)],
        ["Testimonies included", small(export.total)],
        ["Counts under 10 read", FEWER_THAN],
        [],
        ["Theme", "Testimonies"],
    ]
    rows += [[row.label, row.shown] for row in export.themes]
    rows += [[], ["Question", "Answer", "Testimonies"]]
    for counts in export.questions:
        rows += [[counts.question.label, row.label, row.shown] for row in counts.rows]
    rows += [[], ["Quote", "Month", "Themes", "Words"]]
    rows += [
        [str(quote.number), quote.month, "; ".join(quote.themes), quote.text]
        for quote in export.quotes
    ]
    if export.story_quotes:
        rows += [[], ["Story quote", "Told by", "Words"]]
        rows += [[str(q.number), q.byline, q.text] for q in export.story_quotes]
    return rows


def export_csv(*, campaign: Campaign, actor, use: str, theme: CampaignTheme | None = None):
    """The CSV (UTF-8 with a byte-order mark, for spreadsheets) and its file name."""
    if not is_organiser(actor, campaign):
        raise ExportRefused
    with transaction.atomic():
        export = gather(campaign=campaign, use=use, theme=theme)
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for row in _csv_rows(export):
            writer.writerow([safe_cell(cell) for cell in row])
        _record(export, actor=actor, fmt="csv")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), filename(export, "csv")


# --- Word --------------------------------------------------------------------------------------


class _Numbered:
    """Paragraphs numbered 1, 2, 3... in their text, as evidence submissions ask."""

    def __init__(self, document) -> None:
        self.document = document
        self.number = 0

    def add(self, text: str):
        self.number += 1
        return self.document.add_paragraph(f"{self.number}. {text}")


def _table(document, header: tuple[str, ...], rows: list[tuple[str, ...]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text


def _docx_bytes(export: Export, organisation: str) -> bytes:
    document = docx.Document()
    campaign = export.campaign
    month = month_label(export.month)
    document.add_heading(f"Evidence from parents: {campaign.title}", level=0)
    document.add_paragraph(
        f"Prepared by the organisers of the campaign at {organisation}, {month}. "
        f"For {export.use_label}."
    )
    numbered = _Numbered(document)
    document.add_heading("About this evidence", level=1)
    numbered.add(campaign.aim)
    numbered.add(
        f"It draws on the testimony of {small(export.total)} parents and carers who gave it "
        f"through {organisation} and agreed to its use for {export.use_label}"
        + (f", on the theme “{export.theme.name}”" if export.theme else "")
        + ". Nothing here names them or where they live, and any number under 10 is given as "
        f"“{FEWER_THAN}”, so that no one can be recognised from small numbers."
    )
    document.add_heading("Summary by theme", level=1)
    if export.themes:
        for row in export.themes:
            numbered.add(f"{row.label}: {row.shown} testimonies.")
        _table(document, ("Theme", "Testimonies"), [(r.label, r.shown) for r in export.themes])
    else:
        numbered.add("The organisers have not grouped this testimony into themes yet.")
    for counts in export.questions:
        document.add_heading(counts.question.label, level=2)
        _table(document, ("Answer", "Testimonies"), [(r.label, r.shown) for r in counts.rows])
    document.add_heading("In their own words", level=1)
    if not export.quotes:
        numbered.add("No passages have been chosen for quotation yet.")
    for quote in export.quotes:
        about = f" ({'; '.join(quote.themes)})" if quote.themes else ""
        numbered.add(f"“{quote.text}” (a parent, {quote.month}){about}")
    if export.story_quotes:
        document.add_heading("From parents' published stories", level=1)
        for story_quote in export.story_quotes:
            numbered.add(f"“{story_quote.text}” ({story_quote.byline or 'a parent'})")
    _plain_metadata(document, campaign=campaign, month=export.month)
    buffer = io.BytesIO()
    document.save(buffer)
    return _month_stamped_zip(buffer.getvalue(), export.month)


def _first_of(month: str) -> datetime:
    year, number = map(int, month.split("-"))
    return datetime(year, number, 1)  # a month, not a moment: no time zone to mark


def _plain_metadata(document, *, campaign: Campaign, month: str) -> None:
    """No author, tool name or exact time in the document's properties: the month only."""
    properties = document.core_properties
    properties.title = f"Evidence from parents: {campaign.title}"
    properties.author = ""
    properties.last_modified_by = ""
    properties.comments = ""
    properties.subject = ""
    properties.keywords = ""
    properties.category = ""
    properties.revision = 1
    properties.created = _first_of(month)
    properties.modified = _first_of(month)


def _month_stamped_zip(data: bytes, month: str) -> bytes:
    """The same .docx with every zip entry dated the first of the month (zip entries carry the
    time they were written, to the second)."""
    stamp = (*_first_of(month).timetuple()[:3], 0, 0, 0)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def export_docx(
    *, campaign: Campaign, actor, use: str, organisation: str, theme: CampaignTheme | None = None
):
    """The Word evidence bundle and its file name."""
    if not is_organiser(actor, campaign):
        raise ExportRefused
    with transaction.atomic():
        export = gather(campaign=campaign, use=use, theme=theme)
        data = _docx_bytes(export, organisation)
        _record(export, actor=actor, fmt="docx")
    return data, filename(export, "docx")


CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def export_file(
    *,
    campaign: Campaign,
    actor,
    use: str,
    fmt: str,
    organisation: str,
    theme: CampaignTheme | None = None,
) -> tuple[bytes, str, str]:
    """One export in the chosen format ("csv" or "docx"): its bytes, file name and content
    type. Audited like `export_csv` and `export_docx`, which it calls."""
    if fmt == "csv":
        data, name = export_csv(campaign=campaign, actor=actor, use=use, theme=theme)
    else:
        data, name = export_docx(
            campaign=campaign, actor=actor, use=use, theme=theme, organisation=organisation
        )
        fmt = "docx"
    return data, name, CONTENT_TYPES[fmt]
