"""The moderator's desk: who may open it, what it shows, and that it stays fast."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from moderation import services
from moderation.models import QueueItem
from tests.factories import UserFactory, give_totp, moderator, note, trusted_member

pytestmark = pytest.mark.django_db


def held(body="We got through another week.", **kwargs) -> QueueItem:
    return services.submit(obj=note(body=body, **kwargs)).item


def admin_user():
    user = UserFactory(is_superuser=True, is_staff=True)
    give_totp(user)
    return user


ROLES = {
    "visitor": lambda: None,
    "member": UserFactory,
    "author": None,  # filled per test: the author of the held item
    "moderator": moderator,
    "safeguarding lead": lambda: moderator(safeguarding=True),
    "admin": admin_user,
}


def as_role(client, role, item):
    user = item.author if role == "author" else ROLES[role]()
    if user is not None:
        client.force_login(user)
    return user


@pytest.mark.parametrize(
    ("role", "desk", "item_page", "audit"),
    [
        ("visitor", "login", "login", "login"),
        ("member", "login", "login", "login"),
        ("author", "login", "login", "login"),
        ("moderator", 200, 200, "denied"),
        ("safeguarding lead", 200, 200, "denied"),
        ("admin", 200, 200, 200),
    ],
)
def test_permission_matrix_for_the_desk_pages(client, role, desk, item_page, audit):
    item = held()
    as_role(client, role, item)

    for path, expected in (
        ("/admin/moderation/", desk),
        (f"/admin/moderation/{item.pk}/", item_page),
        ("/admin/moderation/audit/", audit),
    ):
        response = client.get(path)
        if expected == "login":
            assert response.status_code == 302, path
            assert response["Location"].startswith("/accounts/login/"), path
        elif expected == "denied":
            # Wagtail turns PermissionDenied in the admin into a redirect with a message.
            assert response.status_code == 302, path
            assert response["Location"] == "/admin/", path
        else:
            assert response.status_code == expected, path


@pytest.mark.parametrize("role", ["visitor", "member", "author"])
def test_people_who_are_not_moderators_cannot_post_a_decision(client, role):
    item = held()
    as_role(client, role, item)

    client.post(f"/admin/moderation/{item.pk}/", {"action": "approve"})

    item.refresh_from_db()
    assert item.state == "waiting"


def test_a_moderator_without_mfa_is_sent_to_enrol_before_the_desk(client):
    user = UserFactory(groups=["Moderators"])
    client.force_login(user)

    assert client.get("/admin/moderation/")["Location"].startswith("/accounts/2fa/totp/activate/")


def test_the_desk_lists_urgent_first_then_oldest_with_pseudonyms_not_emails(client):
    calm = held(author=UserFactory(display_name="Calm Otter", email="calm@example.org"))
    urgent = held(
        body="I want to end it all tonight.", author=trusted_member(display_name="Worried Wren")
    )
    client.force_login(moderator())

    body = client.get("/admin/moderation/").content.decode()

    assert body.index(f"/admin/moderation/{urgent.pk}/") < body.index(
        f"/admin/moderation/{calm.pk}/"
    )
    assert "Calm Otter" in body and "Worried Wren" in body
    assert "calm@example.org" not in body
    assert "Urgent waiting" in body


def test_an_item_shows_the_text_with_findings_highlighted_and_escaped(client):
    item = held(body="<b>Call</b> 07700 900123 now", author=trusted_member())
    client.force_login(moderator())

    body = client.get(f"/admin/moderation/{item.pk}/").content.decode()

    assert "&lt;b&gt;Call&lt;/b&gt;" in body
    assert 'data-kind="phone"' in body
    assert ">07700 900123</mark>" in body


def test_a_moderator_approves_from_the_desk_and_moves_to_the_next_item(client):
    first, second = held(), held()
    client.force_login(moderator())

    response = client.post(f"/admin/moderation/{first.pk}/", {"action": "approve"})

    first.refresh_from_db()
    assert first.state == "approved"
    assert response["Location"] == f"/admin/moderation/{second.pk}/"


def test_rejecting_without_a_reason_keeps_the_item_waiting_with_a_message(client):
    item = held()
    client.force_login(moderator())

    response = client.post(f"/admin/moderation/{item.pk}/", {"action": "reject"}, follow=True)

    item.refresh_from_db()
    assert item.state == "waiting"
    assert "Tell the author why" in response.content.decode()


def test_a_reason_over_the_limit_comes_back_in_its_box_with_a_message(client):
    item = held()
    client.force_login(moderator())
    reason = "Please leave out the name of the estate. " * 13  # 533 characters

    response = client.post(f"/admin/moderation/{item.pk}/", {"action": "reject", "reason": reason})

    item.refresh_from_db()
    assert response.status_code == 400
    assert item.state == "waiting"
    page = response.content.decode()
    assert "at most 500 characters" in page
    assert f">{reason}</textarea>" in page  # the moderator's words, not cut


def test_a_redaction_refused_keeps_the_moderators_edit(client):
    item = held(body="Call me on 07700 900123 tonight")
    client.force_login(moderator())
    edited = "Call me on [phone number] tonight " + "x" * 200_001

    response = client.post(
        f"/admin/moderation/{item.pk}/", {"action": "redact", "redacted_text": edited}
    )

    assert response.status_code == 400
    assert "Call me on [phone number] tonight" in response.content.decode()


def test_the_desk_filters_by_reason_and_kind(client):
    plain = held()
    risky = held(body="I want to end it all.", author=trusted_member())
    client.force_login(moderator())

    body = client.get("/admin/moderation/?reason=risk").content.decode()

    assert f"/admin/moderation/{risky.pk}/" in body
    assert f"/admin/moderation/{plain.pk}/" not in body


def test_the_desk_query_count_does_not_grow_with_the_queue(client):
    client.force_login(moderator())
    for _ in range(3):
        held()
    client.get("/admin/moderation/")  # warm caches (content types, settings)
    with CaptureQueriesContext(connection) as few:
        client.get("/admin/moderation/")
    for _ in range(20):
        held()
    with CaptureQueriesContext(connection) as many:
        client.get("/admin/moderation/")

    assert len(many) == len(few)


def test_the_audit_csv_is_safe_for_spreadsheets_and_is_itself_audited(client):
    item = held()
    mod = moderator()
    services.reject(item=item, moderator=mod, reason='=HYPERLINK("x")', reason_code="=cmd")
    client.force_login(admin_user())

    response = client.get("/admin/moderation/audit/?format=csv")
    content = b"".join(response.streaming_content).decode("utf-8")

    assert content.startswith("\ufefftime,actor_id,action")
    assert "'=cmd" in content
    assert "HYPERLINK" not in content
    from moderation.models import AuditEntry

    assert AuditEntry.objects.filter(action="moderation.audit_export").count() == 1


def test_page_links_keep_the_filters(client):
    for _ in range(51):
        held(body="I want to end it all.", author=trusted_member())
    client.force_login(moderator())

    body = client.get("/admin/moderation/?reason=risk").content.decode()

    assert "?reason=risk&amp;page=2" in body


def test_opening_an_item_writes_nothing(client):
    item = held()
    client.force_login(moderator())
    client.get(f"/admin/moderation/{item.pk}/")  # warm caches

    with CaptureQueriesContext(connection) as queries:
        client.get(f"/admin/moderation/{item.pk}/")

    writes = [q["sql"] for q in queries if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
