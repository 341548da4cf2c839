"""Search in the forums: members only, and nobody finds what they could not read."""

from __future__ import annotations

import time

import pytest
from wagtail.search.backends import get_search_backend

from community.infra.ratelimit import allow
from forums import search, services
from forums.models import Post, Thread
from forums.views_search import SEARCHES_PER_MINUTE
from moderation import services as moderation
from moderation.models import QueueItem
from tests.factories import (
    UserFactory,
    board,
    join_circle,
    moderator,
    published_thread,
    trusted_member,
)

pytestmark = pytest.mark.django_db

SEARCH = "/forums/search/"


def found(client, query: str, **params) -> str:
    response = client.get(SEARCH, {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def test_a_member_finds_a_published_post_with_its_thread_board_and_author(client):
    author = trusted_member(display_name="Quiet Otter")
    forum = board(slug="courts", title="Court days")
    published_thread(
        on=forum,
        author=author,
        title="The hearing was moved again",
        body="The **magistrates** adjourned it for the third time this year.",
    )
    client.force_login(trusted_member())

    page = found(client, "magistrates")

    assert "1 post found" in page
    assert "The hearing was moved again" in page
    assert "Court days" in page
    assert "Quiet Otter" in page
    assert "The <mark>magistrates</mark> adjourned it for the third time this year." in page


def test_posts_made_through_the_forum_services_are_in_the_search_index():
    thread = published_thread(on=board(), body="Lanyards and wristbands everywhere.")
    reply = services.post_create(
        thread=thread, author=trusted_member(), body="The wristbands were orange."
    ).post

    results = get_search_backend().search("wristbands", Post.objects.published())

    assert {post.pk for post in results} == {thread.posts.first().pk, reply.pk}


def test_a_held_post_of_another_member_is_not_found(client):
    thread = published_thread(on=board())
    newcomer = UserFactory()
    posted = services.post_create(
        thread=thread, author=newcomer, body="Nobody believed the bruises."
    )
    assert posted.submission.held
    client.force_login(trusted_member())

    assert "Nothing found" in found(client, "bruises")


def test_a_held_post_is_not_found_even_by_its_author(client):
    newcomer = UserFactory()
    services.post_create(
        thread=published_thread(on=board()), author=newcomer, body="Nobody believed the bruises."
    )
    client.force_login(newcomer)

    assert "Nothing found" in found(client, "bruises")


def test_a_circle_post_is_found_by_its_members_and_never_by_a_stranger(client):
    host = trusted_member()
    circle = board(slug="kitchen-table", circle=True, host=host, title="Kitchen table")
    published_thread(on=circle, author=host, title="Circle talk", body="The caseworker rang.")
    member = trusted_member()
    join_circle(circle, member)

    client.force_login(trusted_member())
    stranger_page = found(client, "caseworker")
    assert "Nothing found" in stranger_page
    assert "Kitchen table" not in stranger_page

    client.force_login(member)
    member_page = found(client, "caseworker")
    assert "Circle talk" in member_page
    assert "Kitchen table (private circle)" in member_page


def test_a_visitor_gets_the_forums_welcome_page_and_no_results(client):
    published_thread(on=board(), body="Only members should read this.")

    response = client.get(SEARCH, {"q": "members"})

    page = response.content.decode()
    assert "Talk to parents who understand" in page
    assert "Only members should read this." not in page


def test_a_suspended_member_sees_no_results(client):
    published_thread(on=board(), body="Only members should read this.")
    suspended = trusted_member()
    moderation.sanction(
        member=suspended, moderator=moderator(safeguarding=True), kind="suspend", reason="test"
    )
    client.force_login(suspended)

    response = client.get(SEARCH, {"q": "members"})

    assert response.status_code == 403
    assert "Only members should read this." not in response.content.decode()


def test_a_post_removed_by_its_author_is_not_found(client):
    author = trusted_member()
    thread = published_thread(on=board())
    posted = services.post_create(thread=thread, author=author, body="I named the school.")
    client.force_login(trusted_member())
    assert "1 post found" in found(client, "school")

    services.post_remove(post=posted.post, author=author)

    assert "Nothing found" in found(client, "school")


def test_a_post_hidden_by_a_moderator_is_not_found(client):
    thread = published_thread(on=board(), body="The youth club on Fridays.")
    moderation.hide(obj=thread.posts.get(), moderator=moderator(), reason="Off topic")
    client.force_login(trusted_member())

    assert "Nothing found" in found(client, "youth club")


def test_words_a_moderator_redacted_are_not_found(client):
    author = trusted_member()
    thread = published_thread(on=board())
    posted = services.post_create(
        thread=thread, author=author, body="We're at 14 Larch Road now, come by."
    )
    assert posted.submission.held
    item = QueueItem.objects.get(object_id=str(posted.post.pk))
    moderation.redact(
        item=item, moderator=moderator(), text="We're at [address removed] now, come by."
    )
    client.force_login(trusted_member())

    assert "Nothing found" in found(client, "Larch")
    assert "1 post found" in found(client, "address removed")


def test_html_in_the_query_is_escaped_on_the_page(client):
    published_thread(on=board(), body="A script for the meeting with the school.")
    client.force_login(trusted_member())

    page = found(client, '<script>alert("x")</script> school')

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; school" in page


def test_html_written_in_a_post_shows_as_text_in_its_snippet(client):
    published_thread(on=board(), body="Fish & chips <b>again</b> at the gates.")
    client.force_login(trusted_member())

    page = found(client, "gates")

    assert "<b>again</b>" not in page
    assert "Fish &amp; chips &lt;b&gt;again&lt;/b&gt; at the <mark>gates</mark>." in page


def test_a_post_behind_a_content_note_shows_the_note_not_its_text(client):
    thread = published_thread(on=board())
    services.post_create(
        thread=thread,
        author=trusted_member(),
        body="What they did to him at the flat.",
        content_note="violence",
    )
    client.force_login(trusted_member())

    page = found(client, "flat")

    assert "Content note: violence. Open the thread to read this post." in page
    assert "What they did to him" not in page


def test_results_come_in_pages_that_keep_the_query(client):
    thread = published_thread(on=board(), body="Starting the diary thread.")
    author = trusted_member()
    Thread.objects.filter(pk=thread.pk).update(slow_mode_seconds=0)
    for n in range(search.RESULTS_PER_PAGE + 5):
        services.post_create(thread=thread, author=author, body=f"Diary entry {n}: a calm day.")
    client.force_login(trusted_member())

    first = found(client, "calm day")
    second = found(client, "calm day", page=2)

    assert "25 posts found" in first
    assert first.count('class="search-result"') == search.RESULTS_PER_PAGE
    assert "?q=calm%20day&amp;page=2" in first
    assert second.count('class="search-result"') == 5


def test_odd_queries_never_break_the_page(client):
    published_thread(on=board(), body="An ordinary post.")
    client.force_login(trusted_member())

    for query in ['"', "*", "AND", "NOT ordinary", "NEAR(", "-post", "a:b", "'", "x" * 500, "é"]:
        assert client.get(SEARCH, {"q": query}).status_code == 200


def test_an_empty_query_shows_only_the_form(client):
    client.force_login(trusted_member())

    page = found(client, "   ")

    assert 'role="search"' in page
    assert "found" not in page


def test_searching_too_often_is_slowed_down(client):
    published_thread(on=board(), body="An ordinary post.")
    member = trusted_member()
    client.force_login(member)

    for _attempt in range(2):  # Counters are per clock minute: try again if one just ended.
        minute = int(time.time() // 60)
        for _ in range(SEARCHES_PER_MINUTE):
            allow("forum-search", f"member:{member.pk}", limit=SEARCHES_PER_MINUTE, period=60)
        response = client.get(SEARCH, {"q": "ordinary"})
        if int(time.time() // 60) == minute:
            break

    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert "An ordinary post." not in response.content.decode()


# --- Thread titles ------------------------------------------------------------------------------


def threads_found(page: str) -> str:
    """The "Threads" part of a results page ('' when no title matched)."""
    if '<ul class="search-threads">' not in page:
        return ""
    part = page[page.index('<ul class="search-threads">') :]
    return part[: part.index("</ul>")]


def test_a_member_finds_a_thread_by_its_title(client):
    published_thread(on=board(title="Court days"), title="Waiting for the tribunal letter")
    client.force_login(trusted_member())

    page = found(client, "tribunal")

    titles = threads_found(page)
    assert "Waiting for the <mark>tribunal</mark> letter" in titles
    assert "Court days" in titles
    assert "1 thread title and 0 posts found" in page


def test_threads_made_through_the_forum_services_are_in_the_search_index():
    thread = published_thread(on=board(), title="Tribunal paperwork")

    results = get_search_backend().search("paperwork", Thread.objects.all())

    assert [each.pk for each in results] == [thread.pk]


def test_a_stranger_never_finds_a_circles_thread_by_its_title(client):
    host = trusted_member()
    circle = board(slug="night-owls", circle=True, host=host, title="Night owls")
    published_thread(on=circle, author=host, title="Sleepless about the tribunal")
    member = trusted_member()
    join_circle(circle, member)

    client.force_login(trusted_member())
    stranger_page = found(client, "sleepless tribunal")
    assert "Nothing found" in stranger_page
    assert "Sleepless" not in stranger_page
    assert "Night owls" not in stranger_page

    client.force_login(member)
    assert "<mark>Sleepless</mark> about the" in threads_found(found(client, "sleepless tribunal"))


def test_a_held_threads_title_is_found_by_its_author_and_moderators_only(client):
    newcomer = UserFactory()
    posted = services.thread_create(
        board=board(), author=newcomer, title="First time posting tribunal", body="Hello."
    )
    assert posted.submission.held

    client.force_login(trusted_member())
    assert "Nothing found" in found(client, "tribunal")

    client.force_login(newcomer)
    own = threads_found(found(client, "tribunal"))
    assert "First time posting" in own
    assert "Awaiting review" in own

    client.force_login(moderator())
    assert "First time posting" in threads_found(found(client, "tribunal"))


def test_a_thread_whose_opening_post_was_hidden_is_not_found_by_its_title(client):
    thread = published_thread(on=board(), title="Tribunal rumours")
    moderation.hide(obj=thread.posts.get(), moderator=moderator(), reason="Off topic")
    client.force_login(trusted_member())

    assert "Nothing found" in found(client, "rumours")
