"""Django's own sessions (`cached_db`): a signed-in request reads its session from the cache and
its member in one query, Django's sign-in checks decide who it belongs to, a Redis restart signs
nobody out, and ended sessions are cleared every hour."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from community.members.auth import MemberAuthenticationBackend, MemberModelBackend
from community.models import User
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user: User) -> None:
    """Through allauth's form, as a person would."""
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content


def session_key(client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def request_with_session(client):
    """A request carrying `client`'s session cookie, through the session and authentication
    middleware (as the site's middleware runs them), with its user not yet read."""
    from django.contrib.auth.middleware import AuthenticationMiddleware

    request = RequestFactory().get("/")
    request.COOKIES[settings.SESSION_COOKIE_NAME] = session_key(client)
    SessionMiddleware(lambda r: None).process_request(request)
    AuthenticationMiddleware(lambda r: None).process_request(request)
    return request


def test_signing_in_lists_the_session_among_the_members_devices(client) -> None:
    member = UserFactory()

    sign_in(client, member)

    assert UserSession.objects.get(session_key=session_key(client)).user_id == member.pk
    assert Session.objects.filter(session_key=session_key(client)).exists()


def test_a_signed_in_request_reads_its_session_from_the_cache_and_its_member_in_one_query(
    client,
) -> None:
    member = UserFactory(display_name="Quiet Heron")
    sign_in(client, member)
    request = request_with_session(client)

    with CaptureQueriesContext(connection) as queries:
        user = request.user
        name = user.display_name

    assert name == "Quiet Heron"
    assert user.pk == member.pk
    assert len(queries) == 1
    # Permissions still come from the cache or the database, not from the session.
    assert user.has_perm("wagtailadmin.access_admin") is False


def test_the_member_read_for_a_session_is_the_one_the_orm_reads() -> None:
    member = UserFactory(display_name="Quiet Heron")
    User.objects.filter(pk=member.pk).update(last_login=timezone.now())

    read = MemberModelBackend().get_user(str(member.pk))

    expected = User.objects.get(pk=member.pk)
    assert read == expected
    for field in User._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
    assert read._state.adding is False


@pytest.mark.parametrize("stored", ["", "x", "1 OR 1=1", "99999999"])
def test_a_session_naming_no_member_reads_as_nobody(stored) -> None:
    UserFactory()

    assert MemberAuthenticationBackend().get_user(stored) is None


def test_a_forum_page_greets_the_member_signed_in(client) -> None:
    sign_in(client, UserFactory(display_name="Quiet Heron"))

    page = client.get("/forums/").content.decode()

    assert "Signed in as Quiet Heron" in page


def test_a_redis_restart_signs_nobody_out(client) -> None:
    sign_in(client, UserFactory(display_name="Quiet Heron"))

    cache.clear()  # what a restarted Redis holds: nothing

    assert "Signed in as Quiet Heron" in client.get("/forums/").content.decode()


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (the default cache is in-process)"
)
def test_a_member_stays_signed_in_while_redis_cannot_be_reached(client) -> None:
    sign_in(client, UserFactory(display_name="Quiet Heron"))
    unreachable = {
        **settings.CACHES["default"],
        "LOCATION": "redis://127.0.0.1:9/0",  # the discard port: nothing answers there
    }

    with override_settings(CACHES={"default": unreachable}):
        page = client.get("/forums/").content.decode()

    assert "Signed in as Quiet Heron" in page


def test_a_member_deactivated_since_signing_in_is_signed_out(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    User.objects.filter(pk=member.pk).update(is_active=False)

    assert request_with_session(client).user.is_authenticated is False


def test_a_changed_password_ends_the_session(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    member.set_password("another long passphrase 7")
    member.save()
    key = session_key(client)

    assert request_with_session(client).user.is_authenticated is False
    # Django's check flushes the session.
    assert not Session.objects.filter(session_key=key).exists()


def test_changing_the_password_signs_the_member_out_on_other_devices_only() -> None:
    member = UserFactory()
    this_device, other_device = Client(), Client()
    sign_in(this_device, member)
    sign_in(other_device, member)

    response = this_device.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "another long passphrase 7",
            "password2": "another long passphrase 7",
        },
    )

    assert response.status_code == 302, response.content
    assert this_device.get("/account/data/").status_code == 200
    assert other_device.get("/account/data/").status_code == 302


def test_a_session_whose_member_was_deleted_reads_as_nobody(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    # Deleted without the erasure's clean-up of sessions, so the session is left behind.
    User.objects.filter(pk=member.pk).delete()
    key = session_key(client)
    assert Session.objects.filter(session_key=key).exists()

    assert request_with_session(client).user.is_authenticated is False


def test_signing_out_deletes_the_session(client) -> None:
    member = UserFactory()
    sign_in(client, member)
    key = session_key(client)

    client.post("/accounts/logout/")

    assert not Session.objects.filter(session_key=key).exists()
    assert request_with_session(client).user.is_authenticated is False


def test_the_hourly_job_deletes_ended_sessions_and_keeps_live_ones(
    client, django_capture_on_commit_callbacks
) -> None:
    live, ended = UserFactory(), UserFactory()
    sign_in(client, live)
    live_key = session_key(client)
    other = Client()
    sign_in(other, ended)
    ended_key = session_key(other)
    Session.objects.filter(session_key=ended_key).update(
        expire_date=timezone.now() - timedelta(minutes=1)
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    assert list(Session.objects.values_list("session_key", flat=True)) == [live_key]
    # The ended session's device row goes with it; the live one's stays.
    assert list(UserSession.objects.values_list("session_key", flat=True)) == [live_key]


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
