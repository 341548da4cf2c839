"""A campaign in real browsers, from the first question to the withdrawn testimony.

An organiser creates a campaign with a question and opens it; a member gives testimony through
the page's own form; a moderator approves it at the desk; the organiser tags it, marks a
quotable passage and downloads both exports; the exports hold the passage and not the member's
pseudonym; the member withdraws; the next export lacks it.

Every step goes through the live server (Daphne serving the real ASGI app) and the pages'
own forms, buttons and downloads.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import docx

from campaigns import models as campaign_models
from campaigns.models import Campaign
from moderation.models import QueueItem, QueueItemState
from tests.browser.conftest import sign_in
from tests.browser.test_forum_journey import approve_at_the_desk, assert_clean, watch
from tests.factories import UserFactory, organiser

QUESTION = "What happened when you first asked for help?"
ANSWER = (
    "I rang the police the night he went missing. The officer asked what I had done wrong as "
    "a mother, and wrote down that my son was choosing to go."
)
PASSAGE = "The officer asked what I had done wrong as a mother"
PSEUDONYM = "Patient Otter"


def _go(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"


def _submit(page, button_name: str) -> None:
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=button_name, exact=True).click()
    response = navigation.value
    assert response is not None and response.ok, f"{button_name}: {response.status}"


def _download(page, base_url: str, slug: str, *, fmt: str, tmp_path: Path) -> Path:
    """Export through the page's form: parliament use, all themes, in the given format."""
    _go(page, f"{base_url}/campaigns/{slug}/organise/export/")
    page.select_option("select[name=use]", "parliament")
    page.check(f"input[name=format][value={fmt}]")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download", exact=True).click()
    download = download_info.value
    assert download.suggested_filename.endswith(f".{fmt}")
    target = tmp_path / f"{len(list(tmp_path.iterdir()))}-{download.suggested_filename}"
    download.save_as(target)
    return target


def _csv_cells(path: Path) -> list[str]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    return [cell for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for cell in row]


def _docx_paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def test_an_organisers_campaign_collects_testimony_exports_it_and_honours_its_withdrawal(
    live_server_url, browser, new_context, tmp_path
):
    base = live_server_url

    # The organiser creates the campaign and its question, then opens it.
    organiser_context = new_context()
    sign_in(organiser_context, base, organiser(display_name="Northern Lights"))
    org = organiser_context.new_page()
    org_errors = watch(org)
    _go(org, f"{base}/campaigns/new/")
    org.fill("input[name=title]", "Believe parents")
    org.fill("textarea[name=aim]", "Agencies should treat parents as partners, not suspects.")
    org.fill("textarea[name=asks]", "A named contact for every family")
    _submit(org, "Save as a draft")
    assert org.url.endswith("/campaigns/believe-parents/organise/")
    org.get_by_role("link", name="Questions", exact=True).click()
    org.select_option("select[name=kind]", "long")
    org.fill("input[name=label]", QUESTION)
    _submit(org, "Add question")
    assert QUESTION in org.locator("ol.questions").inner_text()
    org.get_by_role("link", name="Overview", exact=True).click()
    org.select_option("select[name=status]", "open")
    _submit(org, "Change status")
    assert Campaign.objects.get(slug="believe-parents").status == "open"

    # A member gives testimony through the form, agreeing to evidence and campaign use.
    member_context = new_context()
    sign_in(member_context, base, UserFactory(display_name=PSEUDONYM))
    member = member_context.new_page()
    member_errors = watch(member)
    _go(member, f"{base}/campaigns/believe-parents/")
    member.get_by_role("link", name="Give your testimony").click()
    # Before sending, the page points out what could identify someone; the words stay as typed.
    answer_box = member.get_by_label(QUESTION)
    answer_box.press_sequentially("They wait for him outside Oakbridge Academy.")
    findings = member.locator(".screen-findings mark")
    findings.wait_for(state="visible", timeout=10_000)
    assert findings.inner_text() == "Oakbridge Academy"
    assert answer_box.input_value() == "They wait for him outside Oakbridge Academy."
    answer_box.fill(ANSWER)
    member.get_by_label("Give my words, without my name, as evidence to parliament").check()
    member.get_by_label("Quote my words, without my name, in this campaign").check()
    _submit(member, "Send my testimony")
    assert "Awaiting review" in member.locator("main").inner_text()
    given = campaign_models.Testimony.objects.get()
    assert given.moderation_state == "held"

    # Before approval the organiser sees nothing of it.
    _go(org, f"{base}/campaigns/believe-parents/organise/testimony/")
    assert "No approved testimony yet." in org.locator("main").inner_text()

    # A moderator approves it at the desk.
    approve_at_the_desk(
        browser, base, QueueItem.for_instance(given).get(state=QueueItemState.WAITING)
    )

    # The organiser reviews it, without the pseudonym, tags it and marks the passage.
    org.reload()
    review = org.locator("main").inner_text()
    assert "I rang the police the night he went missing." in review
    assert PSEUDONYM not in review
    org.get_by_role("link", name="Testimony 1").click()
    org.fill("input[name=themes]", "Police response")
    _submit(org, "Save themes")
    org.fill("textarea[name=text]", PASSAGE)
    _submit(org, "Mark as quotable")
    assert PASSAGE in org.locator("ul.extracts").inner_text()

    # Both exports hold the passage and not the pseudonym.
    first_csv = _download(org, base, "believe-parents", fmt="csv", tmp_path=tmp_path)
    first_docx = _download(org, base, "believe-parents", fmt="docx", tmp_path=tmp_path)
    cells = _csv_cells(first_csv)
    paragraphs = _docx_paragraphs(first_docx)
    assert PASSAGE in cells
    assert not any(PSEUDONYM in cell for cell in cells)
    numbered = [p for p in paragraphs if p[:1].isdigit()]
    assert [int(p.split(".")[0]) for p in numbered] == list(range(1, len(numbered) + 1))
    assert any(PASSAGE in p for p in numbered)
    assert not any(PSEUDONYM in p for p in paragraphs)

    # The member withdraws; the receipt lists both exports.
    _go(member, f"{base}/campaigns/believe-parents/testimony/")
    member.get_by_role("link", name="Withdraw my testimony").click()
    _submit(member, "Withdraw my testimony")
    receipt = member.locator("main").inner_text()
    assert "Your testimony is withdrawn" in receipt
    assert "Spreadsheet (.csv)" in receipt and "Evidence bundle (.docx)" in receipt

    # The next exports lack it.
    later_csv = _download(org, base, "believe-parents", fmt="csv", tmp_path=tmp_path)
    later_docx = _download(org, base, "believe-parents", fmt="docx", tmp_path=tmp_path)
    assert PASSAGE not in _csv_cells(later_csv)
    assert not any(PASSAGE in p for p in _docx_paragraphs(later_docx))
    assert "fewer than 10" in _csv_cells(later_csv)

    # No Content Security Policy violation and no script error on any page either used.
    assert_clean(org, org_errors)
    assert_clean(member, member_errors)
