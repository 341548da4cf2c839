"""What every signed-in page asks about its reader (may they moderate? are they suspended?)
comes from the cache, and a change of role or a sanction shows on the very next request."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from moderation import services as moderation
from moderation.models import SanctionKind
from tests.factories import board, moderator, published_thread, trusted_member

pytestmark = pytest.mark.django_db

TOOLS = "Moderator tools"


def _suspend(member, *, for_: timedelta, reason: str) -> None:
    moderation.sanction(
        member=member,
        moderator=moderator(safeguarding=True),
        kind=SanctionKind.SUSPEND,
        reason=reason,
        ends_at=timezone.now() + for_,
    )


def _page(client, path: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return response.content.decode(), [query["sql"] for query in queries.captured_queries]


def test_a_page_asks_the_database_for_permissions_and_sanctions_only_once(client):
    member = trusted_member()
    thread = published_thread(on=board())
    client.force_login(member)
    client.get(thread.get_absolute_url())

    body, queries = _page(client, thread.get_absolute_url())

    assert "Signed in as" in body
    assert not [sql for sql in queries if "auth_permission" in sql or "moderation_sanction" in sql]


def test_a_member_given_the_moderator_role_gets_the_tools_on_the_next_page_and_loses_them_at_once(
    client,
):
    member = trusted_member()
    thread = published_thread(on=board())
    client.force_login(member)
    assert TOOLS not in _page(client, thread.get_absolute_url())[0]

    member.groups.add(Group.objects.get(name="Moderators"))
    assert TOOLS in _page(client, thread.get_absolute_url())[0]

    member.groups.remove(Group.objects.get(name="Moderators"))
    assert TOOLS not in _page(client, thread.get_absolute_url())[0]


def test_a_role_that_loses_a_permission_loses_it_for_every_holder_on_the_next_page(client):
    member = trusted_member()
    member.groups.add(Group.objects.get(name="Moderators"))
    thread = published_thread(on=board())
    client.force_login(member)
    assert TOOLS in _page(client, thread.get_absolute_url())[0]

    moderators = Group.objects.get(name="Moderators")
    moderators.permissions.remove(*moderators.permissions.filter(codename="moderate"))

    assert TOOLS not in _page(client, thread.get_absolute_url())[0]


def test_a_member_suspended_while_reading_sees_the_suspended_page_on_the_next_request(client):
    member = trusted_member()
    thread = published_thread(on=board())
    client.force_login(member)
    assert thread.title in _page(client, thread.get_absolute_url())[0]

    _suspend(member, for_=timedelta(days=7), reason="Shared another family's details again.")

    response = client.get(thread.get_absolute_url())
    assert response.status_code == 403
    assert thread.title not in response.content.decode()


def test_a_suspension_that_has_run_out_no_longer_keeps_the_member_out(client, settings):
    member = trusted_member()
    thread = published_thread(on=board())
    _suspend(member, for_=timedelta(seconds=1), reason="A short pause after a heated exchange.")
    client.force_login(member)
    assert client.get(thread.get_absolute_url()).status_code == 403

    later = timezone.now() + timedelta(seconds=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
