"""The identification guard on the report form (issue 16, point 5): the note is checked as it is
typed and again on sending; what could identify someone is shown back in plain words before the
report is sent, with the reason and the note kept; a report that someone is in danger is never
held back for it. All details are fictional."""

from __future__ import annotations

import html

import pytest
from django.contrib.contenttypes.models import ContentType

from moderation.models import Flag
from tests.factories import UserFactory, board, published_thread, trusted_member

pytestmark = pytest.mark.django_db

PHONE = "07700 900 456"


def _reported_post():
    thread = published_thread(on=board(slug="late-nights"), author=trusted_member())
    return thread, thread.posts.get()


def report_url(obj) -> str:
    return f"/report/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"


def test_the_report_form_checks_its_note_before_sending(client):
    _, post = _reported_post()
    client.force_login(UserFactory())

    page = client.get(report_url(post)).content.decode()

    assert "moderation/screen.js" in page
    assert '<textarea id="note" name="note" rows="4" maxlength="500" data-screen>' in page
    assert 'data-screen-findings-for="note" aria-live="polite"' in page


def test_a_report_note_with_a_phone_number_is_shown_back_before_it_is_sent(client):
    _, post = _reported_post()
    client.force_login(UserFactory())
    note = f"He asked people to ring him on {PHONE}."

    response = client.post(report_url(post), {"reason": "grooming", "note": note})

    assert response.status_code == 200
    shown = html.unescape(response.content.decode())
    assert "This looks like a phone number. People could use it to find you." in shown
    assert f'data-kind="phone" title="a phone number">{PHONE}</mark>' in shown
    assert f">{note}</textarea>" in shown  # the words are kept
    assert 'value="grooming" checked' in shown  # and the reason
    assert "Send it as it is: only the moderators will read it" in shown
    assert not Flag.objects.exists()


def test_a_report_note_sent_as_it_is_reaches_the_moderators_and_no_member(client):
    thread, post = _reported_post()
    reporter = UserFactory()
    client.force_login(reporter)
    note = f"He asked people to ring him on {PHONE}."

    response = client.post(
        report_url(post), {"reason": "grooming", "note": note, "send_anyway": "1"}
    )

    assert response.status_code == 302
    report = Flag.objects.get()
    assert (report.flagger, report.note) == (reporter, note)
    client.force_login(trusted_member())
    assert PHONE not in client.get(thread.get_absolute_url()).content.decode()


def test_a_report_that_someone_is_in_danger_is_taken_at_once_whatever_its_note_says(client):
    _, post = _reported_post()
    client.force_login(UserFactory())

    response = client.post(
        report_url(post), {"reason": "risk", "note": f"She said to call her on {PHONE} now."}
    )

    assert response.status_code == 302
    assert Flag.objects.get().reason == "risk"


def test_a_report_note_with_nothing_identifying_is_sent_straight_away(client):
    _, post = _reported_post()
    client.force_login(UserFactory())

    response = client.post(report_url(post), {"reason": "abuse", "note": "Unkind to a new mum."})

    assert response.status_code == 302
    assert Flag.objects.get().note == "Unkind to a new mum."
