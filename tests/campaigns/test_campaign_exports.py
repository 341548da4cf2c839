"""Exports: what leaves the platform never identifies anyone, even by small numbers.

Every test feeds the export a bad case (a pseudonym or e-mail in the words, a formula, nine
or ten of something, testimony without consent, testimony withdrawn) and reads the file back
as an organiser's spreadsheet or Word would: the CSV decoded from its bytes, the .docx opened
with python-docx.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import UTC, datetime

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from campaigns import exports as campaigns_exports
from campaigns import services as campaigns
from campaigns.exports import export_csv, export_docx, safe_cell
from community.privacy import quotes
from moderation.models import AuditEntry
from tests.factories import UserFactory, campaign, organiser, sent_testimony

pytestmark = pytest.mark.django_db

STORY = "When I rang the police they asked what I had done wrong as a mother"
QUESTIONS = [
    ("long", "What happened when you asked for help?"),
    ("single", "Who did you ask first?", ["Police", "School", "Social care"]),
]


def _campaign(by=None):
    return campaign(by=by or organiser(display_name="Northern Lights"), questions=QUESTIONS)


def _give(on, *, author=None, words=STORY, asked="Police", themes=(), extract=None, **consents):
    given = sent_testimony(
        on=on,
        author=author,
        answers={QUESTIONS[0][1]: words, QUESTIONS[1][1]: asked},
        **consents,
    )
    org = on.organisers.first()
    if themes:
        campaigns.themes_set(testimony=given, organiser=org, names=list(themes))
    if extract:
        campaigns.extract_add(testimony=given, organiser=org, text=extract)
    return given


def _csv(campaign_, actor, use="parliament"):
    data, name = export_csv(campaign=campaign_, actor=actor, use=use)
    return data, name, list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _docx(campaign_, actor, use="parliament"):
    data, name = export_docx(campaign=campaign_, actor=actor, use=use, organisation="Safe Voices")
    document = docx.Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return data, name, document, paragraphs, tables


def _all_text(paragraphs, tables) -> str:
    cells = [cell for table in tables for row in table for cell in row]
    return "\n".join([*paragraphs, *cells])


def test_the_evidence_bundle_reads_back_as_numbered_paragraphs_with_the_quote():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    _give(
        the_campaign,
        parliament=True,
        themes=["Police response"],
        extract="they asked what I had done wrong as a mother",
    )

    _data, name, _document, paragraphs, _tables = _docx(the_campaign, org)

    numbered = [p for p in paragraphs if re.match(r"^\d+\. ", p)]
    numbers = [int(p.split(".")[0]) for p in numbered]
    assert numbers == list(range(1, len(numbered) + 1))
    assert len(numbered) >= 4
    assert any("they asked what I had done wrong as a mother" in p for p in numbered)
    assert any(p.startswith(f"{numbers[-1]}. “they asked") for p in numbered)
    assert name.endswith(".docx") and the_campaign.slug in name


def test_no_export_holds_a_pseudonym_or_e_mail_even_when_the_words_contain_them():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    author = UserFactory(display_name="Quiet Kestrel", email="kestrel.family@example.org")
    words = (
        "Quiet Kestrel is what I call myself here. Write to kestrel.family@example.org "
        "or to other.person@example.net if you need more."
    )
    _give(
        the_campaign,
        author=author,
        words=words,
        parliament=True,
        extract=words,
    )

    csv_bytes, _name, rows = _csv(the_campaign, org)
    docx_bytes, _name, _document, paragraphs, tables = _docx(the_campaign, org)

    everything = [
        csv_bytes.decode("utf-8-sig"),
        _all_text(paragraphs, tables),
        *_docx_parts(docx_bytes),
    ]
    for text in everything:
        assert "Quiet Kestrel" not in text
        assert "kestrel" not in text.lower()
        assert "@example" not in text
        assert org.display_name not in text
        assert org.email not in text
    assert any("[redacted] is what I call myself here" in cell for row in rows for cell in row)


def _docx_parts(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        ]


def test_no_export_holds_ids_or_times_finer_than_the_month():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    given = _give(the_campaign, parliament=True, extract="what I had done wrong")

    csv_bytes, csv_name, rows = _csv(the_campaign, org)
    docx_bytes, docx_name, document, paragraphs, tables = _docx(the_campaign, org)

    now = timezone.localtime()
    month = now.strftime("%B %Y")
    assert ["Exported", month] in rows
    # The quote row: its number in this export, its month, never an id or a day.
    quote_rows = [row for row in rows if len(row) == 4 and row[3] == "what I had done wrong"]
    assert quote_rows == [["1", month, "", "what I had done wrong"]]
    for text in (csv_bytes.decode("utf-8-sig"), _all_text(paragraphs, tables)):
        assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{1,2}:\d{2}", text)
        assert f"/{given.pk}/" not in text
    stem = f"{the_campaign.slug}-parliament-{now:%Y-%m}"
    assert (csv_name, docx_name) == (f"{stem}.csv", f"{stem}.docx")
    # The document's own properties and zip entries say the month, not the moment.
    properties = document.core_properties
    assert properties.author == "" and properties.last_modified_by == ""
    first = datetime(now.year, now.month, 1, tzinfo=UTC)
    assert properties.created == first and properties.modified == first
    assert "python-docx" not in "".join(_docx_parts(docx_bytes))
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as archive:
        assert {info.date_time for info in archive.infolist()} == {
            (now.year, now.month, 1, 0, 0, 0)
        }


def test_only_testimony_consented_for_the_exports_use_is_included():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    _give(the_campaign, parliament=True, extract="what I had done wrong")
    _give(
        the_campaign,
        words="The school excluded him and nobody asked why",
        press=True,
        campaigns=True,
        extract="nobody asked why",
    )

    _b, _n, parliament_rows = _csv(the_campaign, org, use="parliament")
    _b, _n, press_rows = _csv(the_campaign, org, use="press")
    _d, _n, _doc, paragraphs, _t = _docx(the_campaign, org, use="parliament")

    parliament_cells = [cell for row in parliament_rows for cell in row]
    press_cells = [cell for row in press_rows for cell in row]
    assert "what I had done wrong" in parliament_cells
    assert "nobody asked why" not in parliament_cells
    assert "nobody asked why" in press_cells
    assert "what I had done wrong" not in press_cells
    assert not any("nobody asked why" in p for p in paragraphs)


def test_testimony_withheld_or_still_held_is_never_exported():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    sent_testimony(
        on=the_campaign,
        answers={QUESTIONS[0][1]: "Still waiting for the moderators"},
        approve=False,
        parliament=True,
    )

    _b, _n, rows = _csv(the_campaign, org)
    _d, _n, _doc, paragraphs, tables = _docx(the_campaign, org)

    assert ["Testimonies included", "fewer than 10"] in rows
    assert "Still waiting" not in _all_text(paragraphs, tables)
    assert not any("Still waiting" in cell for row in rows for cell in row)


@pytest.mark.parametrize(("police", "shown"), [(9, "fewer than 10"), (10, "10")])
def test_a_count_under_10_reads_fewer_than_10_in_both_exports(police, shown):
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    for _ in range(police):
        _give(the_campaign, asked="Police", parliament=True, themes=["Police response"])
    _give(the_campaign, asked="School", parliament=True, themes=["School"])

    _b, _n, rows = _csv(the_campaign, org)
    _d, _n, _doc, paragraphs, tables = _docx(the_campaign, org)

    assert ["Police response", shown] in rows
    assert ["School", "fewer than 10"] in rows
    assert [QUESTIONS[1][1], "Police", shown] in rows
    assert [QUESTIONS[1][1], "Social care", "fewer than 10"] in rows
    assert [
        "Testimonies included",
        str(police + 1) if police + 1 >= 10 else "fewer than 10",
    ] in rows
    assert any(p.endswith(f"Police response: {shown} testimonies.") for p in paragraphs)
    assert ["Police response", shown] in tables[0]
    assert ["Social care", "fewer than 10"] in tables[2]
    # No cell anywhere holds a bare number under 10 as a count.
    for row in rows:
        if len(row) >= 2 and row[0] != "Quote":
            assert not re.fullmatch(r"[0-9]", row[-1]), row
    for table in tables:
        for row in table[1:]:
            assert not re.fullmatch(r"[0-9]", row[-1]), row


def test_cells_that_would_start_a_formula_are_neutralised():
    the_campaign = campaign(
        by=organiser(),
        title="Believe parents",
        questions=[
            ("long", "What happened?"),
            ("single", "Which?", ['=HYPERLINK("http://evil.example")', "@SUM(A1)"]),
        ],
    )
    org = the_campaign.organisers.first()
    words = "=1+2 they said it was my fault"
    for formula in ("-2+3 nobody came", "+44 was the code", "\tnothing", "\rback"):
        given = sent_testimony(
            on=the_campaign,
            answers={"What happened?": f"{formula} and {words}", "Which?": "@SUM(A1)"},
            parliament=True,
        )
        campaigns.extract_add(testimony=given, organiser=org, text=f"{formula} and {words}")
    campaigns.themes_set(testimony=given, organiser=org, names=["=cmd|' /C calc'!A0"])

    data, _name, rows = _csv(the_campaign, org)

    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte-order mark
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), repr(cell)
    cells = [cell for row in rows for cell in row]
    assert "'=cmd|' /C calc'!A0" in cells
    assert '\'=HYPERLINK("http://evil.example")' in cells


def test_safe_cell_leaves_ordinary_words_alone_and_quotes_formulas():
    assert safe_cell("They listened in the end") == "They listened in the end"
    assert safe_cell(" =SUM(A1)") == "' =SUM(A1)"
    assert safe_cell("- a list") == "'- a list"
    assert safe_cell("\t=1+1") == "'\t=1+1"
    assert safe_cell("\r=1+1") == "'\r=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("+44") == "'+44"
    assert safe_cell(12) == "12"


def test_each_export_is_in_the_audit_trail_with_who_which_filter_and_how_many():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    _give(the_campaign, parliament=True, extract="what I had done wrong")

    _csv(the_campaign, org)
    _docx(the_campaign, org, use="press")

    entries = list(AuditEntry.objects.filter(action="campaign.export").order_by("timestamp", "pk"))
    assert [(e.user_id, e.data["format"], e.data["use"]) for e in entries] == [
        (org.pk, "csv", "parliament"),
        (org.pk, "docx", "press"),
    ]
    assert entries[0].data["testimonies"] == 1 and entries[0].data["quotes"] == 1
    assert entries[0].data["theme"] == "all"
    assert entries[1].data["testimonies"] == 0


def test_withdrawn_testimony_leaves_later_exports_and_its_receipt_lists_earlier_ones():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    author = UserFactory()
    given = _give(the_campaign, author=author, parliament=True, extract="what I had done wrong")
    _csv(the_campaign, org)
    _docx(the_campaign, org)

    receipt = campaigns.testimony_withdraw(testimony=given, author=author)

    assert [use.channel for use in receipt] == [quotes.PARLIAMENT, quotes.PARLIAMENT]
    assert "Spreadsheet (.csv)" in receipt[0].where
    assert "Evidence bundle (.docx)" in receipt[1].where
    _b, _n, rows = _csv(the_campaign, org)
    _d, _n, _doc, paragraphs, tables = _docx(the_campaign, org)
    assert "what I had done wrong" not in [cell for row in rows for cell in row]
    assert "what I had done wrong" not in _all_text(paragraphs, tables)
    assert len(quotes.uses_of(kind="testimony", object_id=given.pk)) == 2


def test_someone_who_is_not_an_organiser_of_the_campaign_cannot_export_it():
    the_campaign = _campaign()
    other_organiser = organiser()
    campaign(by=other_organiser, title="Another campaign")

    with pytest.raises(campaigns_exports.ExportRefused):
        export_csv(campaign=the_campaign, actor=other_organiser, use="parliament")
    with pytest.raises(campaigns_exports.ExportRefused):
        export_docx(
            campaign=the_campaign, actor=UserFactory(), use="press", organisation="Safe Voices"
        )
    assert not AuditEntry.objects.filter(action="campaign.export").exists()


def test_an_export_reads_in_the_same_number_of_queries_however_much_testimony_it_holds():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()

    def queries_for_an_export() -> tuple[int, int]:
        actor = type(org).objects.get(pk=org.pk)  # as a fresh request would load them
        with CaptureQueriesContext(connection) as captured:
            export_docx(campaign=the_campaign, actor=actor, use="parliament", organisation="SV")
        writes = [q for q in captured if q["sql"].startswith("INSERT")]
        return len(captured) - len(writes), len(writes)

    for _ in range(2):
        _give(the_campaign, parliament=True, themes=["Police response"], extract="what I had")
    reads_for_two, writes_for_two = queries_for_an_export()
    for _ in range(4):
        _give(the_campaign, parliament=True, themes=["School"], extract="what I had done")
    reads_for_six, writes_for_six = queries_for_an_export()

    assert reads_for_six == reads_for_two
    # One audit entry, and one insert of the uses of all testimonies (for withdrawal receipts).
    assert (writes_for_two, writes_for_six) == (2, 2)


def test_consent_taken_back_for_one_use_leaves_that_use_and_keeps_the_others():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    author = UserFactory()
    given = _give(
        the_campaign, author=author, parliament=True, press=True, extract="what I had done wrong"
    )

    campaigns.testimony_consent_change(
        testimony=given, author=author, consents=campaigns.Consents(press=True)
    )

    _b, _n, parliament_rows = _csv(the_campaign, org, use="parliament")
    _b, _n, press_rows = _csv(the_campaign, org, use="press")
    assert "what I had done wrong" not in [cell for row in parliament_rows for cell in row]
    assert "what I had done wrong" in [cell for row in press_rows for cell in row]


def test_no_export_holds_another_members_pseudonym_an_ip_address_or_an_exact_time():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    UserFactory(display_name="Silver Birch")
    words = (
        "silver birch saw it all. His phone was on 192.168.1.20 and fe80::1c2:33ff:fe44:5566 "
        "at 23:15 on 2024-03-05, again on 5th March at 9pm and on 07/03/2024 at 11.30pm. "
        "It cost £3.50 and happened in March 2024."
    )
    _give(the_campaign, words=words, parliament=True, extract=words)

    csv_bytes, _name, _rows = _csv(the_campaign, org)
    _bytes, _name, _document, paragraphs, tables = _docx(the_campaign, org)

    everything = [csv_bytes.decode("utf-8-sig"), _all_text(paragraphs, tables)]
    for text in everything:
        for detail in (
            "silver birch",
            "192.168",
            "fe80",
            "23:15",
            "2024-03-05",
            "5th March",
            "9pm",
            "07/03/2024",
            "11.30pm",
        ):
            assert detail.lower() not in text.lower(), detail
        # What is not finer than a month, or not a detail at all, stays.
        assert "saw it all" in text
        assert "£3.50" in text
        assert "March 2024" in text


def test_an_export_for_one_theme_holds_only_that_themes_testimony_and_says_so_in_the_trail():
    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    _give(the_campaign, parliament=True, themes=["Police"], extract="what I had done wrong")
    _give(
        the_campaign,
        words="The school said they would ring back and they never rang back",
        parliament=True,
        themes=["School"],
        extract="they never rang back",
    )
    police = the_campaign.themes.get(name="Police")

    data, _name = export_csv(campaign=the_campaign, actor=org, use="parliament", theme=police)

    text = data.decode("utf-8-sig")
    assert "what I had done wrong" in text
    assert "they never rang back" not in text
    entry = AuditEntry.objects.filter(action="campaign.export").latest("pk")
    assert entry.data["theme"] == "Police"
    assert entry.data["testimonies"] == 1


def test_a_story_the_campaign_quotes_goes_only_into_exports_its_author_consents_to():
    from stories import selectors as story_selectors
    from stories import services as story_services
    from tests.factories import published_story

    the_campaign = _campaign()
    org = the_campaign.organisers.first()
    author = UserFactory()
    page = published_story(
        author=author, channels=("website", "campaigns", "parliament"), body=STORY
    )
    submission = page.submission
    campaigns.quote_add(
        campaign=the_campaign,
        organiser=org,
        kind=campaigns.STORY_KIND,
        object_id=submission.pk,
        text="they asked what I had done wrong",
    )

    for_parliament = _csv(the_campaign, org, use="parliament")[0].decode("utf-8-sig")
    _bytes, _name, _document, paragraphs, _tables = _docx(the_campaign, org, use="parliament")
    for_press = _csv(the_campaign, org, use="press")[0].decode("utf-8-sig")

    assert "they asked what I had done wrong" in for_parliament
    assert any("they asked what I had done wrong" in p for p in paragraphs)
    assert "A mum in the North West" in for_parliament  # the byline the author chose
    assert author.display_name not in for_parliament
    assert "they asked what I had done wrong" not in for_press  # no consent for the press

    story_services.story_withdraw(submission=submission, member=author)
    after = _csv(the_campaign, org, use="parliament")[0].decode("utf-8-sig")

    assert "they asked what I had done wrong" not in after
    receipt = [use.where for use in story_selectors.uses_of_story(submission=submission)]
    assert any("Spreadsheet (.csv) for evidence to parliament" in where for where in receipt)
    assert any("Evidence bundle (.docx) for evidence to parliament" in where for where in receipt)
    assert not any("sharing with the press" in where for where in receipt)
