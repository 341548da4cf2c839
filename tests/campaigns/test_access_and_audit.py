"""Who reaches a campaign's protected pages, the audited "ask the author for more", and the
forums' board hook: a draft campaign's board is hidden without any forum query knowing about
campaigns."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaigns import services
from community.models import Notification
from moderation.models import AuditEntry
from tests.factories import (
    board,
    campaign,
    moderator,
    organiser,
    published_thread,
    sent_testimony,
    trusted_member,
)

pytestmark = pytest.mark.django_db

QUESTION = ("long", "What happened when you asked for help?")
ANSWER = "They said it was a phase and sent us home."


def _campaign_with_testimony(*, contact: bool = True):
    lead = organiser(display_name="Northern Lights")
    cause = campaign(by=lead, title="Believe parents", questions=[QUESTION])
    author = trusted_member(display_name="Quiet Kestrel")
    given = sent_testimony(
        on=cause,
        author=author,
        answers={QUESTION[1]: ANSWER},
        campaigns=True,
        contact=contact,
    )
    return cause, lead, author, given


def _organisers_pages(cause, given) -> list[str]:
    base = f"/campaigns/{cause.slug}/organise"
    question = cause.testimony_form.questions.get()
    return [
        f"{base}/",
        f"{base}/questions/",
        f"{base}/questions/{question.pk}/",
        f"{base}/updates/new/",
        f"{base}/testimony/",
        f"{base}/testimony/{given.pk}/",
        f"{base}/testimony/{given.pk}/?pseudonyms=1",
        f"{base}/export/",
        f"{base}/dashboard/",
    ]


def test_a_stranger_is_refused_every_organisers_page_and_export_of_a_campaign(client):
    cause, _lead, _author, given = _campaign_with_testimony()
    pages = _organisers_pages(cause, given)
    # Another campaign's organiser is in the same group: that opens nothing here.
    strangers = [trusted_member(), organiser(display_name="Other Cause")]

    for stranger in strangers:
        client.force_login(stranger)
        for page in pages:
            response = client.get(page)
            assert response.status_code == 404, page
            assert ANSWER not in response.content.decode()
        export = client.post(
            f"/campaigns/{cause.slug}/organise/export/", {"use": "campaigns", "format": "csv"}
        )
        assert export.status_code == 404
        assert ANSWER.encode() not in export.content
        contact = client.post(
            f"/campaigns/{cause.slug}/organise/testimony/{given.pk}/", {"action": "contact"}
        )
        assert contact.status_code == 404

    client.logout()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 302, page
        assert "/accounts/login/" in response["Location"]

    assert not AuditEntry.objects.filter(action__startswith="campaign.").exists()
    assert not Notification.objects.filter(kind="campaign.contact").exists()


def test_a_stranger_is_refused_a_draft_campaigns_public_and_testimony_pages(client):
    draft = campaign(title="Quiet preparations", status="draft", questions=[QUESTION])
    client.force_login(trusted_member())

    for page in ("", "testimony/", "testimony/withdraw/", "organise/", "organise/export/"):
        assert client.get(f"/campaigns/{draft.slug}/{page}").status_code == 404, page
    assert "Quiet preparations" not in client.get("/campaigns/").content.decode()


def test_asking_an_author_for_more_reaches_them_without_a_name_and_is_in_the_audit_trail(client):
    cause, lead, author, given = _campaign_with_testimony()
    client.force_login(lead)

    response = client.post(
        f"/campaigns/{cause.slug}/organise/testimony/{given.pk}/",
        {"action": "contact"},
        follow=True,
    )

    assert "The author has been asked" in response.content.decode()
    assert "Quiet Kestrel" not in response.content.decode()
    told = Notification.objects.get(kind="campaign.contact")
    assert told.recipient == author
    assert told.url == f"/campaigns/{cause.slug}/testimony/"
    entry = AuditEntry.objects.get(action="campaign.ask_for_more")
    assert entry.user == lead
    assert entry.data == {"testimony": given.pk}
    assert "Quiet Kestrel" not in str(entry.data) + entry.label


def test_a_stranger_cannot_ask_an_author_for_more_even_through_the_service():
    _cause, _lead, _author, given = _campaign_with_testimony()

    for stranger in (trusted_member(), organiser(display_name="Other Cause")):
        with pytest.raises(PermissionDenied):
            services.testimony_ask_for_more(testimony=given, organiser=stranger)

    assert not Notification.objects.filter(kind="campaign.contact").exists()
    assert not AuditEntry.objects.filter(action="campaign.ask_for_more").exists()


def test_an_author_who_did_not_agree_to_be_asked_is_never_asked(client):
    cause, lead, _author, given = _campaign_with_testimony(contact=False)
    client.force_login(lead)

    response = client.post(
        f"/campaigns/{cause.slug}/organise/testimony/{given.pk}/",
        {"action": "contact"},
        follow=True,
    )

    assert "agreed to be asked for more" in response.content.decode()
    assert not Notification.objects.filter(kind="campaign.contact").exists()
    assert not AuditEntry.objects.filter(action="campaign.ask_for_more").exists()


def test_a_draft_campaigns_board_is_hidden_from_members_until_the_campaign_opens(client):
    board(slug="general", title="General")
    draft = campaign(title="Quiet preparations", status="draft")
    lead = draft.organisers.get()
    thread = published_thread(on=draft.board, author=lead, title="Our plan")
    staff = trusted_member()
    staff.user_permissions.add(Permission.objects.get(codename="manage_campaigns"))
    member = trusted_member()

    def sees(user) -> tuple[bool, int, int]:
        client.force_login(user)
        index = client.get("/forums/").content.decode()
        return (
            "Campaign: Quiet preparations" in index,
            client.get(draft.board.get_absolute_url()).status_code,
            client.get(thread.get_absolute_url()).status_code,
        )

    assert sees(member) == (False, 404, 404)
    for allowed in (lead, staff, moderator()):
        assert sees(allowed) == (True, 200, 200)

    services.campaign_set_status(campaign=draft, actor=lead, status="open")
    assert sees(member) == (True, 200, 200)


def test_no_forum_query_for_an_ordinary_thread_page_touches_a_campaign_table(client):
    general = board(slug="general")
    thread = published_thread(on=general, title="Court next week")
    campaign(title="Quiet preparations", status="draft")
    client.force_login(trusted_member())
    client.get(thread.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    touched = [q["sql"] for q in queries.captured_queries if "forums_campaign" in q["sql"]]
    assert not touched
