"""Threads and posts: members only, screened, held when they should be, and never lost."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forums import services
from forums.models import Post, ThreadEvent
from moderation import services as moderation
from moderation.models import QueueItem, WatchedWord
from tests.factories import (
    UserFactory,
    board,
    campaign,
    join_circle,
    moderator,
    published_thread,
    trusted_member,
)

pytestmark = pytest.mark.django_db


def test_a_visitor_sees_the_welcome_page_and_never_a_post(client):
    thread = published_thread(on=board(), body="Only members should read this.")

    for path in ("/forums/", thread.board.get_absolute_url(), thread.get_absolute_url()):
        response = client.get(path)
        body = response.content.decode()
        assert "Talk to parents who understand" in body
        assert "Only members should read this." not in body
        assert '<meta name="robots" content="noindex' in body


def test_a_member_reads_a_thread_and_replies(client):
    thread = published_thread(on=board(), body="Nobody listened at the meeting.")
    member = trusted_member(display_name="Kettle On")
    client.force_login(member)

    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Nobody listened at the meeting." in page
    assert '<meta name="robots" content="noindex' in page

    response = client.post(thread.get_absolute_url(), {"body": "I'm **so** sorry."})

    assert response.status_code == 302
    reply = Post.objects.get(author=member)
    assert reply.body == "I'm **so** sorry."
    assert reply.body_html == "<p>I'm <strong>so</strong> sorry.</p>\n"
    assert (
        "I'm <strong>so</strong> sorry." in client.get(thread.get_absolute_url()).content.decode()
    )


def test_a_new_members_reply_is_held_and_invisible_to_others_until_approved(client):
    thread = published_thread(on=board())
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post(thread.get_absolute_url(), {"body": "First time posting here."})

    own_view = client.get(thread.get_absolute_url()).content.decode()
    assert "First time posting here." in own_view
    assert "Awaiting review" in own_view

    reader = trusted_member()
    client.force_login(reader)
    assert "First time posting here." not in client.get(thread.get_absolute_url()).content.decode()

    post = Post.objects.get(author=newcomer)
    item = QueueItem.objects.get(object_id=str(post.pk))
    moderation.approve(item=item, moderator=moderator())
    assert "First time posting here." in client.get(thread.get_absolute_url()).content.decode()


def test_a_held_post_url_gives_others_404_and_the_author_their_text(client):
    author = UserFactory()
    posted = services.thread_create(board=board(), author=author, title="Help", body="New here.")
    url = posted.post.thread.get_absolute_url()

    client.force_login(trusted_member())
    assert client.get(url).status_code == 404
    client.force_login(author)
    assert "New here." in client.get(url).content.decode()


def test_raw_html_in_a_post_is_shown_as_text(client):
    thread = published_thread(on=board())
    client.force_login(trusted_member())

    client.post(thread.get_absolute_url(), {"body": "<script>alert(1)</script> hello"})

    page = client.get(thread.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hello" in page


def test_a_blocked_word_gives_the_reply_back_editable_with_a_kind_message(client):
    WatchedWord.objects.create(pattern="grass", match="word", action="block")
    thread = published_thread(on=board())
    client.force_login(trusted_member())

    response = client.post(thread.get_absolute_url(), {"body": "He's a grass, everyone says."})

    assert response.status_code == 400
    page = response.content.decode()
    assert "He&#x27;s a grass, everyone says." in page
    assert "nothing you wrote has been lost" in page
    assert Post.objects.count() == 1


def test_an_empty_reply_is_refused_with_a_message(client):
    thread = published_thread(on=board())
    client.force_login(trusted_member())

    response = client.post(thread.get_absolute_url(), {"body": "   "})

    assert response.status_code == 400
    assert Post.objects.count() == 1


def test_a_risk_reply_shows_signposting_to_its_author_at_once(client):
    thread = published_thread(on=board())
    client.force_login(trusted_member())

    response = client.post(
        thread.get_absolute_url(), {"body": "I can't go on anymore."}, follow=True
    )

    page = response.content.decode()
    assert "If anyone is in immediate danger, call 999." in page
    assert "These services can help right now" in page


def test_a_stranger_cannot_see_a_circle_or_its_threads(client):
    host = trusted_member()
    circle = board(slug="quiet-circle", circle=True, host=host, title="Quiet circle")
    thread = published_thread(on=circle, author=host, body="Circle only.")
    client.force_login(trusted_member())

    assert client.get(circle.get_absolute_url()).status_code == 404
    assert client.get(thread.get_absolute_url()).status_code == 404
    assert "Quiet circle" not in client.get("/forums/").content.decode()

    member = trusted_member()
    join_circle(circle, member)
    client.force_login(member)
    assert "Circle only." in client.get(thread.get_absolute_url()).content.decode()


def test_the_author_edits_a_post_and_it_is_screened_again(client):
    author = trusted_member()
    thread = published_thread(on=board(), author=author, body="It was a long day.")
    post = thread.posts.get()
    client.force_login(author)

    client.post(f"/forums/post/{post.pk}/edit/", {"body": "We're at 14 Larch Road now."})

    post.refresh_from_db()
    assert post.moderation_state == "held"
    assert post.revisions.get().body == "It was a long day."
    client.force_login(trusted_member())
    assert client.get(thread.get_absolute_url()).status_code == 404


def test_a_removed_post_reads_removed_by_its_author_and_keeps_its_place(client):
    author = trusted_member()
    thread = published_thread(on=board())
    services.post_create(thread=thread, author=author, body="I shouldn't have said that.")
    services.post_create(thread=thread, author=trusted_member(), body="A later reply.")
    post = Post.objects.get(author=author)
    client.force_login(author)

    client.post(f"/forums/post/{post.pk}/remove/")

    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Removed by its author." in page
    assert "I shouldn&#x27;t have said that." not in page
    assert page.index("Removed by its author.") < page.index("A later reply.")


def test_only_the_author_can_edit_or_remove(client):
    thread = published_thread(on=board())
    post = thread.posts.get()
    client.force_login(trusted_member())

    assert client.get(f"/forums/post/{post.pk}/edit/").status_code == 404
    assert client.post(f"/forums/post/{post.pk}/remove/").status_code == 404


def test_a_locked_thread_refuses_replies_and_keeps_the_text(client):
    thread = published_thread(on=board())
    thread.locked = True
    thread.save()
    client.force_login(trusted_member())

    response = client.post(thread.get_absolute_url(), {"body": "Can I still reply?"})

    assert response.status_code == 400
    assert "Can I still reply?" in response.content.decode()


def test_slow_mode_asks_the_member_to_wait_and_keeps_their_reply(client):
    thread = published_thread(on=board())
    thread.slow_mode_seconds = 120
    thread.save()
    member = trusted_member()
    client.force_login(member)
    client.post(thread.get_absolute_url(), {"body": "First."})

    response = client.post(thread.get_absolute_url(), {"body": "Second, too soon."})

    assert response.status_code == 400
    assert "slow mode" in response.content.decode()
    assert "Second, too soon." in response.content.decode()


def test_the_thread_page_needs_the_same_queries_for_5_and_50_posts(client):
    thread = published_thread(on=board())
    authors = [trusted_member() for _ in range(5)]
    client.force_login(trusted_member())

    def add(count: int, words: str) -> None:
        for i in range(count):
            services.post_create(thread=thread, author=authors[i % 5], body=f"{words} {i}")

    def queries_read_and_with_one_new() -> tuple[int, int]:
        """Queries for a page already read, and for one with a reply since the last visit
        (which looks for the first unread post and moves the read marker)."""
        client.get(thread.get_absolute_url())
        with CaptureQueriesContext(connection) as read:
            client.get(thread.get_absolute_url())
        add(1, "Since your last visit")
        with CaptureQueriesContext(connection) as new:
            client.get(thread.get_absolute_url())
        return len(read), len(new)

    add(3, "Reply")
    five = queries_read_and_with_one_new()
    assert thread.posts.count() == 5
    add(44, "More")
    fifty = queries_read_and_with_one_new()
    assert thread.posts.count() == 50

    assert fifty == five


def test_a_thread_page_reads_each_table_once_and_its_posts_in_one_query(client):
    thread = published_thread(on=board())
    for i in range(5):
        services.post_create(thread=thread, author=trusted_member(), body=f"Reply {i}")
    # Someone who wrote in the thread gets the page rendered for them (forums.pages).
    client.force_login(thread.posts.last().author)
    client.get(thread.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        response = client.get(thread.get_absolute_url())

    assert response.content.decode().count('<article class="post') == 6
    reading_posts = [q["sql"] for q in queries.captured_queries if "p.body_html" in q["sql"]]
    assert len(reading_posts) == 1
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) == len(set(statements)), "the same query ran twice"


def test_a_kept_thread_page_makes_three_queries_and_reads_no_posts(client):
    thread = published_thread(on=board())
    for i in range(5):
        services.post_create(thread=thread, author=trusted_member(), body=f"Reply {i}")
    client.force_login(trusted_member())
    client.get(thread.get_absolute_url())  # renders the page for everyone, and keeps it

    with CaptureQueriesContext(connection) as queries:
        response = client.get(thread.get_absolute_url())

    assert response.content.decode().count('<article class="post') == 6
    assert not [q for q in queries.captured_queries if "p.body_html" in q["sql"]]
    statements = [q["sql"] for q in queries.captured_queries]
    # The session with its member, the thread with the reader's state, the reactions with the
    # authors' names: nothing else, and nothing twice.
    assert len(statements) == 3, statements
    assert "community_user" in statements[0]
    assert "forums_readmarker" in statements[1]


def test_publishing_numbers_an_event_and_holding_does_not():
    thread = published_thread(on=board())
    services.post_create(thread=thread, author=UserFactory(), body="Held reply.")

    assert list(ThreadEvent.objects.values_list("kind", flat=True)) == ["published"]


def test_a_thread_is_found_only_on_its_own_board_and_a_draft_campaigns_only_by_organisers(
    client,
):
    general = board(slug="general")
    other = board(slug="other")
    thread = published_thread(on=general, title="Court next week")
    draft = campaign(title="Quiet preparations", status="draft")
    organiser_of_it = draft.organisers.first()
    draft_thread = published_thread(on=draft.board, author=organiser_of_it, title="Our plan")
    stranger = trusted_member()

    client.force_login(stranger)
    on_its_board = client.get(thread.get_absolute_url())
    under_another_board = client.get(f"/forums/{other.slug}/{thread.pk}/")
    draft_for_stranger = client.get(draft_thread.get_absolute_url())
    client.force_login(organiser_of_it)
    draft_for_organiser = client.get(draft_thread.get_absolute_url())

    assert on_its_board.status_code == 200
    assert "Court next week" in on_its_board.content.decode()
    assert under_another_board.status_code == 404
    assert draft_for_stranger.status_code == 404
    assert "Our plan" not in draft_for_stranger.content.decode()
    assert draft_for_organiser.status_code == 200
    assert "Our plan" in draft_for_organiser.content.decode()
