"""A member downloads everything held about them, or erases their account, and nobody else can."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from community.models import DataExport, Draft, ErasureRequest, Notification, User
from community.privacy import services as privacy
from community.services import notify
from community.site.drafts import draft_save
from forums import services as forums
from forums.activity import reactions
from forums.models import Reaction
from moderation import services as moderation
from moderation.models import Flag
from tests.factories import (
    PASSWORD,
    Authenticator,
    UserFactory,
    board,
    give_totp,
    published_thread,
    story_submission,
    trusted_member,
)

pytestmark = pytest.mark.django_db


def _signed_in(member: User) -> Client:
    client = Client()
    assert client.login(email=member.email, password=PASSWORD)
    return client


def _download(client: Client, export: DataExport) -> zipfile.ZipFile:
    response = client.get(f"/account/data/export/{export.pk}/")
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_a_visitor_is_sent_to_sign_in_instead_of_seeing_the_data_page(client) -> None:
    response = client.get("/account/data/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_export_holds_the_members_account_notifications_and_drafts(
    django_capture_on_commit_callbacks,
) -> None:
    member = UserFactory(email="heron@example.org", display_name="Hopeful Heron")
    notify(member, kind="test", message="Your post was approved.")
    draft_save(member=member, slot="reply:thread:9", data={"body": "Half a reply <b>here</b>"})
    client = _signed_in(member)

    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/account/data/export/")
    page = client.get("/account/data/")
    export = DataExport.objects.get(member=member)
    archive = _download(client, export)

    assert started.status_code == 302
    assert "Your data is ready" in page.content.decode()
    assert sorted(archive.namelist()) == ["data.json", "index.html"]
    data = json.loads(archive.read("data.json"))
    assert data["sections"]["account"]["email"] == "heron@example.org"
    assert data["sections"]["account"]["display_name"] == "Hopeful Heron"
    assert data["sections"]["account"]["show_others_when_you_are_replying"] is False
    assert [n["message"] for n in data["sections"]["account-notifications"]] == [
        "Your post was approved."
    ]
    assert data["sections"]["account-drafts"][0]["fields"]["body"] == "Half a reply <b>here</b>"
    readable = archive.read("index.html").decode()
    assert "Half a reply &lt;b&gt;here&lt;/b&gt;" in readable
    assert "<b>here</b>" not in readable


def test_another_member_cannot_download_someone_elses_export(
    django_capture_on_commit_callbacks,
) -> None:
    owner = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = privacy.export_request(member=owner)
    export.refresh_from_db()
    stranger = _signed_in(UserFactory())

    response = stranger.get(f"/account/data/export/{export.pk}/")

    assert export.state == DataExport.State.READY
    assert response.status_code == 404


def test_asking_twice_while_the_export_is_being_prepared_gives_one_export() -> None:
    member = UserFactory()

    first = privacy.export_request(member=member)
    second = privacy.export_request(member=member)

    assert first.pk == second.pk
    assert DataExport.objects.filter(member=member).count() == 1


def test_the_page_shows_progress_and_refreshes_itself_while_the_export_is_prepared() -> None:
    member = UserFactory()
    DataExport.objects.create(member=member, state=DataExport.State.RUNNING, progress=40)

    page = _signed_in(member).get("/account/data/").content.decode()

    assert "40%" in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert "Prepare my data" not in page


def test_an_expired_export_is_deleted_and_no_longer_downloadable(
    django_capture_on_commit_callbacks,
) -> None:
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        export = privacy.export_request(member=member)
    export.refresh_from_db()
    storage, name = export.file.storage, export.file.name
    assert storage.exists(name)
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")
    response = _signed_in(member).get(f"/account/data/export/{export.pk}/")

    assert response.status_code == 404
    assert not storage.exists(name)
    assert DataExport.objects.get(pk=export.pk).state == DataExport.State.EXPIRED


def test_asking_for_erasure_without_choosing_keeps_the_account_and_says_what_is_missing() -> None:
    member = UserFactory()

    response = _signed_in(member).post("/account/data/erase/", {})

    assert response.status_code == 400
    body = response.content.decode()
    assert "Please choose what should happen to what you wrote." in body
    assert "Please tick the box to confirm." in body
    assert not ErasureRequest.objects.exists()


def test_erasure_waits_fourteen_days_and_can_be_undone() -> None:
    member = UserFactory()
    client = _signed_in(member)

    client.post("/account/data/erase/", {"contributions": "delete", "confirm": "on"})
    waiting = client.get("/account/data/").content.decode()
    client.post("/account/data/erase/undo/")
    privacy.erasures_run_due(now=timezone.now() + timedelta(days=15))

    expected = (timezone.now() + timedelta(days=14)).strftime("%-d %B %Y")
    assert f"Your account will be erased on <strong>{expected}</strong>" in waiting
    assert User.objects.filter(pk=member.pk).exists()


def test_asking_for_erasure_signs_the_member_out_on_other_devices_only() -> None:
    member = UserFactory()
    other_device = _signed_in(member)
    this_device = _signed_in(member)

    this_device.post("/account/data/erase/", {"contributions": "keep", "confirm": "on"})

    assert other_device.get("/account/data/").status_code == 302
    assert this_device.get("/account/data/").status_code == 200


def test_after_the_undo_period_the_account_and_everything_of_it_is_erased(
    django_capture_on_commit_callbacks,
) -> None:
    member = UserFactory(email="gone@example.org", display_name="Quiet Kestrel")
    notify(member, kind="test", message="Something happened.")
    draft_save(member=member, slot="reply:thread:1", data={"body": "words"})
    with django_capture_on_commit_callbacks(execute=True):
        privacy.export_request(member=member)
    export_file = DataExport.objects.get(member=member).file
    client = _signed_in(member)
    privacy.erasure_request(member=member, keep_contributions=False)
    ErasureRequest.objects.update(erase_after=timezone.now() - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("run_periodic")

    assert not User.objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email="gone@example.org").exists()
    assert not export_file.storage.exists(export_file.name)
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(member.pk) for s in Session.objects.all()
    )
    assert client.get("/account/data/").status_code == 302


def test_erase_now_ends_the_account_at_once_for_a_member_who_asked() -> None:
    member = UserFactory()
    client = _signed_in(member)
    client.post("/account/data/erase/", {"contributions": "delete", "confirm": "on"})

    response = client.post("/account/data/erase/now/", {"confirm": "yes"})

    assert "Your account has been erased" in response.content.decode()
    assert not User.objects.filter(pk=member.pk).exists()


def test_erase_now_ends_the_members_session_on_every_device() -> None:
    member = UserFactory()
    this_device = _signed_in(member)
    this_device.post("/account/data/erase/", {"contributions": "delete", "confirm": "on"})
    # Signed in elsewhere again while the erasure waited.
    other_device = _signed_in(member)
    other_device_key = other_device.session.session_key
    assert Session.objects.filter(session_key=other_device_key).exists()

    this_device.post("/account/data/erase/now/", {"confirm": "yes"})

    assert not Session.objects.filter(session_key=other_device_key).exists()
    assert not any(
        s.get_decoded().get("_auth_user_id") == str(member.pk) for s in Session.objects.all()
    )
    assert other_device.get("/account/data/").status_code == 302


def test_erase_now_does_nothing_unless_erasure_was_asked_for_first() -> None:
    member = UserFactory()

    _signed_in(member).post("/account/data/erase/now/", {"confirm": "yes"})

    assert User.objects.filter(pk=member.pk).exists()


def test_a_failed_export_says_so_kindly_and_logs_none_of_the_members_words(
    monkeypatch, caplog
) -> None:
    member = UserFactory()

    def broken(member):
        raise ValueError("could not read 'the van outside number seventeen'")

    # A section that fails, for this test only.
    monkeypatch.setitem(
        privacy._sections,
        "zz-broken",
        privacy.ExportSection(key="zz-broken", title="Broken", collect=broken),
    )
    export = privacy.export_request(member=member)
    privacy.export_build(export_id=export.pk)
    page = _signed_in(member).get("/account/data/").content.decode()

    export.refresh_from_db()
    assert export.state == DataExport.State.FAILED
    assert "Something went wrong while preparing your data. Nothing was lost" in page
    assert "Prepare my data" in page
    assert all("seventeen" not in record.getMessage() for record in caplog.records)
    assert any("ValueError" in record.getMessage() for record in caplog.records)


def test_an_export_left_unfinished_by_a_dead_worker_does_not_block_a_new_one() -> None:
    member = UserFactory()
    stuck = DataExport.objects.create(
        member=member,
        state=DataExport.State.RUNNING,
        requested_at=timezone.now() - timedelta(hours=2),
    )

    fresh = privacy.export_request(member=member)

    assert fresh.pk != stuck.pk


def test_thirteen_days_after_asking_the_account_is_kept_and_after_fifteen_it_is_erased() -> None:
    member = UserFactory()
    privacy.erasure_request(member=member, keep_contributions=False)
    asked_at = ErasureRequest.objects.get(member=member).requested_at

    erased_early = privacy.erasures_run_due(now=asked_at + timedelta(days=13))
    kept_on_day_thirteen = User.objects.filter(pk=member.pk).exists()
    erased_late = privacy.erasures_run_due(now=asked_at + timedelta(days=15))

    assert erased_early == 0
    assert kept_on_day_thirteen
    assert erased_late == 1
    assert not User.objects.filter(pk=member.pk).exists()


def _plant_what_a_member_leaves_behind(member: User, *, on) -> None:
    """An authenticator, a reaction, a notification, a draft and a report, all the member's."""
    give_totp(member)
    post = on.posts.first()
    reactions.reaction_toggle(post=post, member=member, kind="not_alone")
    notify(member, kind="test", message=f"A note for {member.display_name}.")
    draft_save(member=member, slot=f"reply:thread:{on.pk}", data={"body": "Not sent yet"})
    moderation.flag(obj=post, flagger=member, reason="other", note="Please look at this.")


def test_erasure_takes_the_members_authenticator_reactions_notifications_drafts_and_reports() -> (
    None
):
    thread = published_thread(on=board())
    leaving, staying = trusted_member(), trusted_member()
    _plant_what_a_member_leaves_behind(leaving, on=thread)
    _plant_what_a_member_leaves_behind(staying, on=thread)
    leaving_id = leaving.pk

    privacy.member_erase(
        member=leaving,
        choice=privacy.ErasureChoice(keep_contributions=False, keep_published=False),
    )

    assert not Authenticator.objects.filter(user_id=leaving_id).exists()
    assert not Reaction.objects.filter(member_id=leaving_id).exists()
    assert not Notification.objects.filter(recipient_id=leaving_id).exists()
    assert not Draft.objects.filter(member_id=leaving_id).exists()
    assert not Flag.objects.filter(flagger_id=leaving_id).exists()
    assert Authenticator.objects.filter(user=staying).count() == 1
    assert Reaction.objects.filter(member=staying).count() == 1
    assert Notification.objects.filter(recipient=staying).count() == 1
    assert Draft.objects.filter(member=staying).count() == 1
    assert Flag.objects.filter(flagger=staying).count() == 1


def test_the_export_holds_the_members_posts_reactions_stories_and_reports(
    django_capture_on_commit_callbacks,
) -> None:
    member = trusted_member()
    place = board(slug="late-nights", title="Late nights")
    forums.thread_create(
        board=place, author=member, title="Where does he go", body="He came home at four again."
    )
    someone_elses = published_thread(on=place, title="Another week")
    reactions.reaction_toggle(post=someone_elses.posts.first(), member=member, kind="thinking")
    story_submission(
        author=member, title="The year we stopped sleeping", body="We sat up every night."
    )
    moderation.flag(
        obj=someone_elses.posts.first(),
        flagger=member,
        reason="identifying",
        note="It names the school.",
    )
    client = _signed_in(member)

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/data/export/")
    archive = _download(client, DataExport.objects.get(member=member))

    sections = json.loads(archive.read("data.json"))["sections"]
    assert [p["text"] for p in sections["forums-posts"]] == ["He came home at four again."]
    assert sections["forums-activity"]["reactions_given"] == [
        {"thread": "Another week", "reaction": "Thinking of you"}
    ]
    assert [(s["title"], s["text"]) for s in sections["stories"]] == [
        ("The year we stopped sleeping", "We sat up every night.")
    ]
    assert [(r["reason"], r["note"]) for r in sections["moderation"]["reports_made"]] == [
        ("It could identify someone", "It names the school.")
    ]
