"""Exactly-once sending (issue 17, point 1): a reply, thread, story, testimony or report is saved
once however the member re-sends it and wherever the process dies.

Each send below is a real request through the test client against the real database. A fault is
injected at one step of the send path with public Django seams only:

- before the item's INSERT and just after it (`connection.execute_wrapper`),
- at the last write of its transaction, just before the commit (the same seam),
- after the commit (a `transaction.on_commit` callback that raises, registered as the item's
  INSERT runs, so it fails before any of the send's own callbacks),
- before the response leaves the server (a middleware that raises on the way out).

The member sees a 500 (`Client(raise_request_exception=False)`), sends the same form again, and
must find exactly one item and a true answer: saved now, or "already sent" with a link to it.
Two sends racing with one key are in `test_send_exactly_once_races` (PostgreSQL).

The old design claimed the form's token in the cache before the transaction: a fault before the
commit left the claim behind, and the re-send was told "already sent" with nothing saved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from campaigns import models as campaign_models
from community.infra.sendonce import ALREADY_SENT
from forums.models import Post, Thread
from moderation.models import Flag, WatchedWord
from stories.models import StorySubmission
from tests.factories import (
    board,
    campaign,
    published_thread,
    story_index,
    trusted_member,
    wagtail_tree_as_migrated,
)

KEY = "a-key-the-server-made-for-one-page"
TOKEN = re.compile(r'name="send_token" value="([A-Za-z0-9_-]{16,64})"')
REPORT_ALREADY = "This was already sent - thank you."


class WorkerDied(Exception):
    """Stands for a server process dying at the injected step."""


# --- The five kinds of send --------------------------------------------------------------------


@dataclass
class Send:
    """One form a member sends, and how to find and recognise what it saves."""

    url: str
    data: dict
    saved_by: Callable[[object], list]  # what a member's sends of this page (KEY) saved
    place: Callable[[object], str]  # where "already sent" must lead for that item
    text: str  # words the item's page shows
    already: str  # what the page says to a re-send of a saved form
    table: str  # the item's table
    last_write: str  # the last statement of the send's transaction
    author: object = None
    on_a_page: bool = False
    first_write: str = ""  # the send's first write, when not the item's INSERT

    @property
    def starts_with(self) -> str:
        return self.first_write or f'INSERT INTO "{self.table}"'

    def leads_to(self, location: str, item) -> bool:
        place = self.place(item)
        if self.on_a_page:  # a reply: whichever page of its thread shows it, at its anchor
            thread, anchor = place.split("?")[0], place.split("#")[1]
            return location.startswith(f"{thread}?page=") and location.endswith(f"#{anchor}")
        return location == place

    def items(self) -> list:
        """What the page's own member saved with it."""
        return self.saved_by(self.author)


def _reply(author) -> Send:
    thread = published_thread(on=board())
    body = "We got through the night, thank you all."
    return Send(
        url=thread.get_absolute_url(),
        data={"body": body, "send_token": KEY},
        saved_by=lambda member: list(Post.objects.filter(author=member, send_key=KEY)),
        place=lambda post: f"{thread.get_absolute_url()}?page=1#post-{post.pk}",
        text=body,
        already=ALREADY_SENT,
        table="forums_post",
        last_write='UPDATE "forums_thread"',
        author=author,
        on_a_page=True,
    )


def _thread(author) -> Send:
    the_board = board()
    title = "Nights without news"
    return Send(
        url=reverse("forums:thread_new", args=[the_board.slug]),
        data={"title": title, "body": "Does anyone else sit up waiting?", "send_token": KEY},
        saved_by=lambda member: list(
            Thread.objects.filter(author=member, posts__send_key=KEY, posts__is_opening=True)
        ),
        place=lambda thread: thread.get_absolute_url(),
        text=title,
        already=ALREADY_SENT,
        table="forums_post",
        last_write='INSERT INTO "forums_threadevent"',
        author=author,
        first_write='INSERT INTO "forums_thread"',
    )


def _story(author) -> Send:
    story_index()
    title = "The winter he stopped coming home"
    return Send(
        url=reverse("stories:write"),
        data={
            "title": title,
            "body": "For weeks we did not know where he went after school.",
            "naming": "anonymous",
            "channels": ["website"],
            "years": "2",
            "agree": "on",
            "send_token": KEY,
        },
        saved_by=lambda member: list(StorySubmission.objects.filter(author=member, send_key=KEY)),
        place=lambda story: reverse("stories:submission", args=[story.pk]),
        text=title,
        already=ALREADY_SENT,
        table="stories_storysubmission",
        last_write='DELETE FROM "community_draft"',
        author=author,
    )


def _testimony(author) -> Send:
    made = campaign(questions=[("long", "What happened when you asked for help?")])
    field = made.testimony_form.questions.get().field_name
    answer = "They told us he would grow out of it."
    return Send(
        url=f"/campaigns/{made.slug}/testimony/",
        data={field: answer, "send_token": KEY},
        saved_by=lambda member: list(
            campaign_models.Testimony.objects.filter(author=member, send_key=KEY)
        ),
        place=lambda testimony: testimony.get_absolute_url(),
        text=answer,
        already=ALREADY_SENT,
        table="forums_testimony",
        last_write='INSERT INTO "moderation_auditentry"',
        author=author,
    )


def _report(author) -> Send:
    thread = published_thread(on=board())
    post = Post.objects.get(thread=thread, is_opening=True)
    content_type = ContentType.objects.get_for_model(Post)
    return Send(
        url=reverse("report_content", args=[content_type.pk, post.pk]),
        data={"reason": "abuse", "note": "", "send_token": KEY},
        saved_by=lambda member: list(Flag.objects.filter(flagger=member, send_key=KEY)),
        place=lambda flag: post.get_absolute_url(),
        text=thread.title,
        already=REPORT_ALREADY,
        table="moderation_flag",
        last_write='UPDATE "moderation_flag"',
        author=author,
    )


KINDS = {
    "reply": _reply,
    "thread": _thread,
    "story": _story,
    "testimony": _testimony,
    "report": _report,
}


@pytest.fixture
def wagtail_tree(db) -> None:
    """The default Site and home page the story pages need, as the migrations make them (another
    transactional test's flush may have emptied Wagtail's tree)."""
    wagtail_tree_as_migrated()


@pytest.fixture(params=list(KINDS))
def kind(request) -> str:
    return request.param


def member_client(member) -> Client:
    """The member's browser: a server error comes back as the page they would see."""
    client = Client(raise_request_exception=False)
    client.force_login(member)
    return client


def shown(client: Client, location: str) -> str:
    page = client.get(location)
    assert page.status_code == 200
    return page.content.decode()


# --- The faults --------------------------------------------------------------------------------


def runs(sql: str, start: str) -> bool:
    """Whether `sql` is the statement `start` names (its opening words)."""
    return sql.lstrip().upper().startswith(start.upper())


@contextmanager
def dies_at(start: str, *, after: bool = False) -> Iterator[None]:
    """The process dies at the first SQL statement beginning with `start` (just before it runs,
    or just after it ran)."""
    fired = []

    def wrapper(execute, sql, params, many, context):
        if fired or not runs(sql, start):
            return execute(sql, params, many, context)
        fired.append(sql)
        if after:
            execute(sql, params, many, context)
        raise WorkerDied(f"died at {start}")

    with connection.execute_wrapper(wrapper):
        yield
    assert fired, f"the send never ran {start!r}"


@contextmanager
def dies_after_commit(table: str) -> Iterator[None]:
    """The process dies once the send's transaction has committed: a commit callback registered
    as the item's row is inserted raises, before any of the send's own callbacks run."""
    fired = []

    def boom() -> None:
        raise WorkerDied("died after the commit")

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not fired and runs(sql, f'INSERT INTO "{table}"'):
            fired.append(sql)
            transaction.on_commit(boom)
        return result

    with connection.execute_wrapper(wrapper):
        yield
    assert fired, f"the send never inserted into {table}"


class DieBeforeResponse:
    """Test middleware (outermost): the response is ready, the session saved, and the process
    dies before a byte of it reaches the member."""

    armed = False

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if DieBeforeResponse.armed and request.method == "POST":
            DieBeforeResponse.armed = False
            raise WorkerDied("died before the response")
        return response


@pytest.fixture
def dying_middleware(settings):
    settings.MIDDLEWARE = [f"{__name__}.DieBeforeResponse", *settings.MIDDLEWARE]
    yield
    DieBeforeResponse.armed = False


@contextmanager
def dies_before_response() -> Iterator[None]:
    DieBeforeResponse.armed = True
    yield
    assert not DieBeforeResponse.armed, "the send never reached the response"


# --- A fault before the commit: nothing saved, and the re-send saves it --------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "step",
    ["before the insert", "after the insert", "before the commit"],
)
def test_a_send_that_died_before_its_commit_is_saved_once_when_sent_again(kind, step, wagtail_tree):
    member = trusted_member()
    send = KINDS[kind](member)
    client = member_client(member)
    fault = {
        "before the insert": lambda: dies_at(f'INSERT INTO "{send.table}"'),
        "after the insert": lambda: dies_at(f'INSERT INTO "{send.table}"', after=True),
        "before the commit": lambda: dies_at(send.last_write, after=True),
    }[step]

    with fault():
        died = client.post(send.url, send.data)
    assert died.status_code == 500
    assert send.items() == []  # nothing of the first send was kept

    again = client.post(send.url, send.data)

    assert again.status_code == 302
    assert len(send.items()) == 1
    page = shown(client, again["Location"])
    assert send.already not in page  # saved now, and not told otherwise
    if kind != "report":  # a report answers on the reported page, with its thanks
        assert send.text in page


# --- A fault after the commit: the re-send finds what was saved and says so ----------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("step", ["after the commit", "before the response"])
def test_a_send_that_died_after_its_commit_is_found_and_shown_when_sent_again(
    kind, step, wagtail_tree, dying_middleware
):
    member = trusted_member()
    send = KINDS[kind](member)
    client = member_client(member)
    fault = {
        "after the commit": lambda: dies_after_commit(send.table),
        "before the response": dies_before_response,
    }[step]

    with fault():
        died = client.post(send.url, send.data)
    assert died.status_code == 500
    [saved] = send.items()

    again = client.post(send.url, send.data)

    assert again.status_code == 302
    assert send.items() == [saved]
    assert send.leads_to(again["Location"], saved)
    page = shown(client, again["Location"])
    assert send.already in page
    assert send.text in page


# --- Double clicks, refusals, other members ----------------------------------------------------


@pytest.mark.django_db
def test_a_form_sent_twice_saves_one_item_and_both_answers_lead_to_it(kind, wagtail_tree):
    member = trusted_member()
    send = KINDS[kind](member)
    client = member_client(member)

    first = client.post(send.url, send.data)
    second = client.post(send.url, send.data)

    assert first.status_code == second.status_code == 302
    [item] = send.items()
    assert send.leads_to(second["Location"], item)
    assert send.already in shown(client, second["Location"])


@pytest.mark.django_db
@pytest.mark.parametrize("kind_", ["reply", "thread", "story", "testimony"])
def test_a_send_refused_by_screening_can_be_sent_again_after_fixing_it(kind_, wagtail_tree):
    WatchedWord.objects.create(pattern="grass", match="word", action="block")
    member = trusted_member()
    send = KINDS[kind_](member)
    client = member_client(member)
    words = "body" if "body" in send.data else next(k for k in send.data if k.startswith("q_"))
    fixed = send.data[words]

    refused = client.post(send.url, {**send.data, words: f"{fixed} Who would grass?"})
    assert refused.status_code == 400
    assert send.items() == []

    sent = client.post(send.url, send.data)  # the same page, its words changed

    assert sent.status_code == 302
    assert len(send.items()) == 1
    assert send.already not in shown(client, sent["Location"])


@pytest.mark.django_db
def test_a_story_shown_back_for_its_details_is_saved_once_when_sent_as_it_is(wagtail_tree):
    member = trusted_member()
    send = _story(member)
    client = member_client(member)
    data = {**send.data, "body": "The youth worker said to call 07700 900 456 if he went."}

    marked = client.post(send.url, data)
    assert marked.status_code == 200
    assert send.items() == []

    sent = client.post(send.url, {**data, "send_anyway": "1"})
    again = client.post(send.url, {**data, "send_anyway": "1"})

    [story] = send.items()
    assert sent.status_code == again.status_code == 302
    assert again["Location"] == reverse("stories:submission", args=[story.pk])


@pytest.mark.django_db
def test_a_reply_refused_in_slow_mode_is_not_refused_again_once_it_was_saved(wagtail_tree):
    # The first send was saved; the re-send comes within the slow-mode wait it started itself.
    member = trusted_member()
    send = _reply(member)
    client = member_client(member)
    Thread.objects.update(slow_mode_seconds=600)

    client.post(send.url, send.data)
    again = client.post(send.url, send.data)

    assert again.status_code == 302
    assert len(send.items()) == 1
    assert ALREADY_SENT in shown(client, again["Location"])


@pytest.mark.django_db
def test_another_members_send_with_the_same_key_makes_their_own_item(kind, wagtail_tree):
    first_member, other = trusted_member(), trusted_member()
    send = KINDS[kind](first_member)
    member_client(first_member).post(send.url, send.data)
    [theirs] = send.items()

    client = member_client(other)
    answer = client.post(send.url, send.data)

    assert answer.status_code == 302
    [mine] = send.saved_by(other)
    assert mine != theirs
    if kind not in ("report", "testimony"):  # those answer at addresses that are the same
        assert not send.leads_to(answer["Location"], theirs)  # for every member
    assert send.already not in shown(client, answer["Location"])
    assert send.items() == [theirs]  # untouched, and still one


@pytest.mark.django_db
def test_items_made_without_a_form_carry_no_key_and_never_collide():
    author = trusted_member()
    the_board = board()

    published_thread(on=the_board, author=author)
    published_thread(on=the_board, author=author)

    assert list(Post.objects.filter(author=author).values_list("send_key", flat=True)) == ["", ""]


@pytest.mark.django_db
def test_a_key_the_server_could_not_have_made_is_ignored_not_trusted(wagtail_tree):
    member = trusted_member()
    send = _reply(member)
    client = member_client(member)

    answer = client.post(send.url, {**send.data, "send_token": "x' OR 1=1 --"})

    assert answer.status_code == 302
    [post] = Post.objects.filter(author=member, is_opening=False)
    assert post.send_key == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    "kind_",
    [
        "reply",
        "thread",
        "story",
        "testimony",
        "report",
    ],
)
def test_every_form_page_carries_a_send_key_of_its_own(kind_, wagtail_tree):
    member = trusted_member()
    send = KINDS[kind_](member)
    client = member_client(member)

    keys = [TOKEN.findall(shown(client, send.url)) for _ in range(2)]

    assert all(len(found) == 1 for found in keys)
    assert keys[0] != keys[1]  # a new page, a new key
