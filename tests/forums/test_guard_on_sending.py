"""The identification guard on every forum and campaign form, on the server: each form marks its
boxes for the pre-send check, and sending screens the words again and holds what could identify
someone (issue 16, point 5). Members are trusted (past the new-member hold), so only screening
can hold what they send. All details are fictional."""

from __future__ import annotations

import html
import re

import pytest
from django.urls import reverse

from campaigns import models as campaign_models
from forums.models import Post, Thread
from moderation.models import ModerationState, QueueItem, QueueReason
from tests.factories import (
    UserFactory,
    board,
    campaign,
    join_circle,
    organiser,
    published_thread,
    trusted_member,
)

pytestmark = pytest.mark.django_db

PHONE = "07700 900 456"
EMAIL = "kestrel.parent@example.org"
SCREEN_JS = "moderation/screen.js"


def _page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return html.unescape(response.content.decode())


def _box(page: str, name: str) -> str:
    """The opening tag of the page's box called `name`."""
    found = re.search(rf'<(?:input|textarea)[^>]*\bname="{name}"[^>]*>', page)
    assert found, name
    return found[0]


def _held_for_identifying(obj) -> QueueItem:
    obj.refresh_from_db()
    assert obj.moderation_state == ModerationState.HELD
    item = QueueItem.for_instance(obj).get(state="waiting")
    assert QueueReason.IDENTIFYING in item.reasons
    assert any(f["kind"] in {"phone", "email"} for f in item.findings)
    return item


def _told_why(client, path: str, kind: str) -> None:
    """The author's next page says it was held, and why, in plain words."""
    shown = _page(client, path)
    assert "awaiting review" in shown.lower()
    assert f"It looks like it includes {kind}, which people could use to find you" in shown


# --- Each form marks its boxes for the pre-send check -----------------------------------------


def test_the_start_a_thread_form_checks_its_title_body_and_content_note_before_sending(client):
    the_board = board(slug="late-nights")
    client.force_login(trusted_member())

    page = _page(client, reverse("forums:thread_new", args=[the_board.slug]))

    assert page.count(SCREEN_JS) == 1
    assert _box(page, "title").find("data-screen") > 0
    assert _box(page, "body").find("data-composer") > 0
    assert _box(page, "content_note").find("data-screen") > 0
    for name in ("title", "body", "content_note"):
        assert f'data-screen-findings-for="{name}"' in page, name


def test_the_reply_box_and_the_edit_form_check_before_sending(client):
    author = trusted_member()
    thread = published_thread(on=board(slug="late-nights"), author=author)
    client.force_login(author)

    reply = _page(client, thread.get_absolute_url())
    edit = _page(client, reverse("forums:post_edit", args=[thread.posts.get().pk]))

    for page in (reply, edit):
        assert page.count(SCREEN_JS) == 1
        assert _box(page, "body").find("data-composer") > 0
        assert 'data-screen-findings-for="body"' in page
        assert 'aria-live="polite"' in page


def test_the_testimony_form_checks_every_answer_in_words_before_sending(client):
    made = campaign(questions=[("long", "What happened?"), ("short", "In a line")])
    client.force_login(trusted_member())

    page = _page(client, f"/campaigns/{made.slug}/testimony/")

    assert page.count(SCREEN_JS) == 1
    for question in made.testimony_form.questions.all():
        assert f'data-screen-findings-for="{question.field_name}"' in page


def test_a_campaigns_public_words_and_its_updates_are_checked_before_sending(client):
    lead = organiser()
    made = campaign(by=lead)
    client.force_login(lead)

    new = _page(client, reverse("campaigns:new"))
    update = _page(client, reverse("campaigns:update_new", args=[made.slug]))

    for page, names in ((new, ("title", "aim", "background", "asks")), (update, ("title", "body"))):
        assert page.count(SCREEN_JS) == 1
        for name in names:
            assert _box(page, name).find("data-screen") > 0, name
            assert f'data-screen-findings-for="{name}"' in page, name


# --- Sending screens again and holds ----------------------------------------------------------


def test_a_thread_started_with_a_phone_number_is_held_and_other_members_never_see_it(client):
    the_board = board(slug="late-nights")
    author, other = trusted_member(), trusted_member()
    client.force_login(author)

    response = client.post(
        reverse("forums:thread_new", args=[the_board.slug]),
        {"title": "Please help me tonight", "body": f"My number is {PHONE}, any time."},
    )

    assert response.status_code == 302
    thread = Thread.objects.get(title="Please help me tonight")
    _held_for_identifying(thread.posts.get())
    _told_why(client, response["Location"], "a phone number")
    client.force_login(other)
    assert "Please help me tonight" not in _page(client, the_board.get_absolute_url())
    _page(client, thread.get_absolute_url(), status=404)


def test_a_thread_title_alone_with_an_e_mail_address_is_held(client):
    the_board = board(slug="late-nights")
    client.force_login(trusted_member())

    client.post(
        reverse("forums:thread_new", args=[the_board.slug]),
        {"title": f"Write to {EMAIL}", "body": "We had a hard week."},
    )

    _held_for_identifying(Thread.objects.get().posts.get())


def test_a_reply_with_an_e_mail_address_is_held_and_other_members_never_see_it(client):
    thread = published_thread(on=board(slug="late-nights"), title="Another hard week")
    author, other = trusted_member(), trusted_member()
    client.force_login(author)

    response = client.post(thread.get_absolute_url(), {"body": f"Write to me at {EMAIL}"})

    assert response.status_code == 302
    _held_for_identifying(Post.objects.get(author=author))
    _told_why(client, response["Location"], "an e-mail address")
    client.force_login(other)
    assert EMAIL not in _page(client, thread.get_absolute_url())


def test_an_edit_that_adds_a_phone_number_holds_the_post_and_hides_it_from_others(client):
    author, other = trusted_member(), trusted_member()
    thread = published_thread(on=board(slug="late-nights"), author=author, body="A hard week.")
    post = thread.posts.get()
    client.force_login(author)

    response = client.post(
        reverse("forums:post_edit", args=[post.pk]), {"body": f"A hard week. Ring {PHONE}."}
    )

    assert response.status_code == 302
    item = _held_for_identifying(post)
    assert QueueReason.EDITED in item.reasons
    _told_why(client, response["Location"], "a phone number")
    client.force_login(other)
    _page(client, thread.get_absolute_url(), status=404)


def test_a_circle_post_with_a_phone_number_is_held_and_other_circle_members_never_see_it(client):
    host, author, other = trusted_member(), trusted_member(), trusted_member()
    circle = board(slug="evening-circle", circle=True, host=host)
    for member in (author, other):
        join_circle(circle, member)
    thread = published_thread(on=circle, author=host, title="Tuesday check-in")
    client.force_login(author)

    response = client.post(thread.get_absolute_url(), {"body": f"Text me on {PHONE}."})

    assert response.status_code == 302
    _held_for_identifying(Post.objects.get(author=author))
    client.force_login(other)
    assert PHONE not in _page(client, thread.get_absolute_url())


def test_testimony_with_a_phone_number_is_held_as_identifying_and_organisers_never_see_it(
    client,
):
    lead = organiser()
    made = campaign(by=lead, questions=[("long", "What happened?")])
    client.force_login(trusted_member())
    field = made.testimony_form.questions.get().field_name

    response = client.post(
        f"/campaigns/{made.slug}/testimony/", {field: f"The officer gave me {PHONE}."}
    )

    assert response.status_code == 302
    _held_for_identifying(campaign_models.Testimony.objects.get())
    shown = _page(client, response["Location"])
    assert "It looks like it includes a phone number" in shown
    client.force_login(lead)
    assert PHONE not in _page(client, f"/campaigns/{made.slug}/organise/testimony/")


def test_a_held_post_with_nothing_identifying_says_nothing_about_identifying_details(client):
    thread = published_thread(on=board(slug="late-nights"))
    client.force_login(UserFactory())  # a new member: held for being new, not for details

    response = client.post(thread.get_absolute_url(), {"body": "We got through the week."})

    shown = _page(client, response["Location"])
    assert "awaiting review" in shown.lower()
    assert "It looks like it includes" not in shown
