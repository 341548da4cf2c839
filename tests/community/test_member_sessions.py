"""A signed-in request reads its session and its member in one query, and Django's sign-in
checks still decide who it belongs to."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from community.infra.middleware import SessionMemberAuthenticationMiddleware
from community.members.auth import MemberModelBackend
from community.members.sessions import session_being_read
from community.models import MemberSession, User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user: User) -> None:
    """Through allauth's form, as a person would."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content


def request_with_session(client):
    """A request carrying `client`'s session cookie, through the session and authentication
    middleware (as the site's middleware runs them), with its user not yet read."""
    from django.contrib.sessions.middleware import SessionMiddleware

    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = client.cookies[
        settings.SESSION_COOKIE_NAME
    ].value
    SessionMiddleware(lambda r: None).process_request(request)
    SessionMemberAuthenticationMiddleware(lambda r: None).process_request(request)
    return request


def test_signing_in_stores_the_member_beside_the_session(client) -> None:
    member = UserFactory()

    sign_in(client, member)

    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert MemberSession.objects.get(session_key=key).member_id == member.pk


def test_a_signed_in_request_reads_its_session_and_member_in_one_query(client) -> None:
    member = UserFactory(display_name="Quiet Heron")
    sign_in(client, member)
    request = request_with_session(client)

    with CaptureQueriesContext(connection) as queries:
        user = request.user
        name = user.display_name

    assert name == "Quiet Heron"
    assert user.pk == member.pk
    assert len(queries) == 1
    # Permissions still come from the cache or the database, not from the session row.
    assert user.has_perm("wagtailadmin.access_admin") is False


def test_a_forum_page_greets_the_member_signed_in(client) -> None:
    sign_in(client, UserFactory(display_name="Quiet Heron"))

    page = client.get("/forums/").content.decode()

    assert "Signed in as Quiet Heron" in page


def test_a_member_deactivated_since_signing_in_is_signed_out(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    User.objects.filter(pk=member.pk).update(is_active=False)

    assert request_with_session(client).user.is_authenticated is False


def test_a_changed_password_ends_the_session_read_with_its_member(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    member.set_password("another long passphrase 7")
    member.save()
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    assert request_with_session(client).user.is_authenticated is False
    # Django's check flushes the session, as it would without the joined read.
    assert not MemberSession.objects.filter(session_key=key).exists()


def test_a_session_whose_member_was_deleted_reads_as_nobody(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    # Deleted without the erasure's clean-up of sessions, so the session row is left behind.
    User.objects.filter(pk=member.pk).delete()
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert MemberSession.objects.filter(session_key=key, member_id=member.pk).exists()

    assert request_with_session(client).user.is_authenticated is False


def test_a_session_row_naming_someone_else_than_its_data_is_not_believed(client) -> None:
    member = UserFactory(display_name="Quiet Heron")
    someone_else = UserFactory(display_name="Loud Crow")
    sign_in(client, member)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    MemberSession.objects.filter(session_key=key).update(member=someone_else)

    user = request_with_session(client).user

    # The signed session data says who signed in; the column only saves a query.
    assert user.pk == member.pk
    assert user.display_name == "Quiet Heron"


def test_the_joined_member_is_offered_only_while_the_requests_own_check_runs(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    request = request_with_session(client)
    assert request.user.is_authenticated

    assert session_being_read() is None
    # Outside a request's check, a backend reads the member from the database as Django's does.
    with CaptureQueriesContext(connection) as queries:
        found = MemberModelBackend().get_user(member.pk)
    assert found == member
    assert len(queries) == 1


def test_signing_out_deletes_the_session(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value

    client.post("/accounts/logout/")

    assert not MemberSession.objects.filter(session_key=key).exists()
    assert request_with_session(client).user.is_authenticated is False


def test_the_hourly_job_deletes_ended_sessions_and_keeps_live_ones(
    client, django_capture_on_commit_callbacks
) -> None:
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    live, ended = UserFactory(), UserFactory()
    sign_in(client, live)
    live_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    other = type(client)()
    sign_in(other, ended)
    ended_key = other.cookies[settings.SESSION_COOKIE_NAME].value
    MemberSession.objects.filter(session_key=ended_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    assert list(MemberSession.objects.values_list("session_key", flat=True)) == [live_key]


@pytest.mark.django_db(transaction=True)
def test_sessions_left_in_djangos_old_table_are_deleted_by_the_move() -> None:
    from django.contrib.sessions.backends.db import SessionStore as OldStore
    from django.db.migrations.executor import MigrationExecutor

    member = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate([("community", "0011_member_sessions")])
    # A session signed in before the move, in Django's own table.
    old = OldStore()
    old["_auth_user_id"] = str(member.pk)
    old.create()
    assert OldStore().exists(old.session_key)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    try:
        executor.migrate([("community", "0012_forget_old_sessions")])

        assert not OldStore().exists(old.session_key)
    finally:
        # Back to the latest schema: later tests in this process need the later migrations'
        # tables (community_taskworker was missing for the worker tests after this one).
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
