"""The thread page rendered once for everyone and filled in for each reader (forums.pages).

The promise: a reader served from the kept page gets exactly the page that would have been
rendered for them, and nothing of any other reader. Each test compares with the page rendered
for the reader (asked with a query parameter the kept page does not answer, which the page
itself ignores), or looks for what must not be there.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from community.services import notify
from forums import activity, services
from forums.models import Post, ReadMarker, ThreadWatch
from moderation import services as moderation_services
from tests.factories import board, join_circle, moderator, published_thread, trusted_member

pytestmark = pytest.mark.django_db

RENDERED_FOR_THEM = "?ref=rendered"
_TOKENS = re.compile(r'(name="(?:csrfmiddlewaretoken|send_token)" value=")[^"]*(")')


def signed_in(member) -> Client:
    client = Client()
    client.force_login(member)
    return client


def get(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def without_tokens(page: str) -> str:
    """Form tokens differ on every view by design; everything else must match."""
    return _TOKENS.sub(r"\1…\2", page)


def kept_and_rendered(client: Client, thread, query: str = "") -> tuple[str, str]:
    """The page from the kept copy, and the page rendered for the same reader right after."""
    url = thread.get_absolute_url()
    markers = list(ReadMarker.objects.filter(thread=thread))

    def as_before() -> None:
        # A view moves the reader's marker: each view here starts where the first did.
        ReadMarker.objects.filter(thread=thread).delete()
        ReadMarker.objects.bulk_create(markers)

    get(client, f"{url}{query}")  # kept now, if it was not already
    as_before()
    with CaptureQueriesContext(connection) as queries:
        kept = get(client, f"{url}{query}")
    assert not [q for q in queries.captured_queries if "p.body_html" in q["sql"]], (
        "served from the kept page, without reading the posts"
    )
    as_before()
    rendered_query = f"{query}&ref=rendered" if query else RENDERED_FOR_THEM
    rendered = get(client, f"{url}{rendered_query}")
    return without_tokens(kept), without_tokens(rendered)


def thread_with_replies(count: int = 3, **kwargs):
    thread = published_thread(on=board(), **kwargs)
    for n in range(count):
        services.post_create(thread=thread, author=trusted_member(), body=f"Reply number {n}.")
    return thread


def test_a_reader_gets_from_the_kept_page_exactly_the_page_rendered_for_them():
    thread = thread_with_replies()
    someone_else = signed_in(trusted_member(display_name="First Reader"))
    get(someone_else, thread.get_absolute_url())  # rendered and kept for everyone
    reader = signed_in(trusted_member(display_name="Second Reader"))

    kept, rendered = kept_and_rendered(reader, thread)

    assert kept == rendered
    assert "Signed in as Second Reader" in kept
    assert "First Reader" not in kept


def test_a_kept_page_carries_this_readers_id_tokens_and_unread_count_not_the_first_readers():
    thread = thread_with_replies()
    first = trusted_member(display_name="Lantern")
    second = trusted_member(display_name="Harbour")
    notify(second, kind="test", message="Someone replied.")
    notify(second, kind="test", message="Someone else replied.")
    get(signed_in(first), thread.get_absolute_url())
    client = Client(enforce_csrf_checks=True)
    client.force_login(second)

    page = get(client, thread.get_absolute_url())

    assert f'data-viewer="{second.pk}"' in page
    assert f'data-viewer="{first.pk}"' not in page
    assert "Lantern" not in page
    assert "(2 new)" in page
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    # The token works: the reader can follow the thread from this very page.
    response = client.post(
        f"/forums/thread/{thread.pk}/subscribe/", {"csrfmiddlewaretoken": token}, follow=False
    )
    assert response.status_code in (302, 303)


def test_new_posts_reactions_and_the_jump_link_are_the_readers_own():
    thread = thread_with_replies(2)
    reader_member = trusted_member()
    reader = signed_in(reader_member)
    get(reader, thread.get_absolute_url())  # read up to here
    services.post_create(thread=thread, author=trusted_member(), body="Something new.")
    newest = thread.posts.order_by("-pk").first()
    first_post = thread.posts.order_by("pk").first()
    activity.reaction_toggle(post=first_post, member=reader_member, kind="thinking")
    activity.reaction_toggle(post=first_post, member=trusted_member(), kind="thinking")
    get(signed_in(trusted_member()), thread.get_absolute_url())  # kept by another reader

    kept, rendered = kept_and_rendered(reader, thread)

    assert kept == rendered
    assert "Jump to first unread" in kept
    new_post = re.search(rf'<article class="post post--unread" id="post-{newest.pk}"', kept)
    assert new_post, "the reply since the last visit is marked new"
    mine = re.search(
        rf'id="post-{first_post.pk}".*?class="reaction reaction--mine" aria-pressed="true">'
        r'Thinking of you <span class="reaction-count">2</span>',
        kept,
        re.S,
    )
    assert mine, "the reader's own reaction is pressed, and counted with the other"


@pytest.mark.parametrize("level", [ThreadWatch.Level.FOLLOWING, ThreadWatch.Level.MUTED])
def test_following_or_muting_the_thread_shows_as_on_the_page_rendered_for_them(level):
    thread = thread_with_replies(1)
    member = trusted_member()
    if level == ThreadWatch.Level.FOLLOWING:
        activity.thread_follow(member=member, thread=thread)
    else:
        activity.thread_mute(member=member, thread=thread)
    get(signed_in(trusted_member()), thread.get_absolute_url())

    kept, rendered = kept_and_rendered(signed_in(member), thread)

    assert kept == rendered
    assert ("Stop following" in kept) == (level == ThreadWatch.Level.FOLLOWING)
    assert ("Unmute" in kept) == (level == ThreadWatch.Level.MUTED)


@pytest.mark.parametrize("page", ["?page=1", "?page=2", "?page=last"])
def test_every_page_of_a_long_thread_matches_the_page_rendered_for_the_reader(page):
    thread = published_thread(on=board())
    author = trusted_member()
    for n in range(55):
        Post.objects.create(
            thread=thread,
            author=author,
            body=f"Post {n}",
            body_html=f"<p>Post {n}</p>",
            moderation_state="published",
        )
    reader = signed_in(trusted_member())

    kept, rendered = kept_and_rendered(reader, thread, page)

    assert kept == rendered
    assert "Page 2 of 2" in kept or "Page 1 of 2" in kept


def test_a_held_post_never_reaches_the_kept_page_and_its_author_still_sees_it():
    thread = thread_with_replies(1)
    newcomer = trusted_member()
    newcomer.moderation_standing.approved_count = 0
    newcomer.moderation_standing.save()
    posted = services.post_create(thread=thread, author=newcomer, body="My first words here.")
    assert posted.submission.held
    reader = signed_in(trusted_member())

    before = get(reader, thread.get_absolute_url())
    authors_page = get(signed_in(newcomer), thread.get_absolute_url())
    after = get(reader, thread.get_absolute_url())

    assert "My first words here." in authors_page
    assert "My first words here." not in before
    assert "My first words here." not in after


def test_a_post_hidden_by_a_moderator_leaves_the_kept_page_at_once():
    thread = thread_with_replies(1)
    reply = thread.posts.order_by("-pk").first()
    reader = signed_in(trusted_member())
    assert "Reply number 0." in get(reader, thread.get_absolute_url())

    moderation_services.hide(obj=reply, moderator=moderator(), reason="Names a school.")

    assert "Reply number 0." not in get(reader, thread.get_absolute_url())


def test_an_erased_author_shows_as_a_former_member_on_a_page_kept_before():
    author = trusted_member(display_name="Quiet Heron")
    thread = published_thread(on=board(), author=author)
    reader = signed_in(trusted_member())
    assert "Quiet Heron" in get(reader, thread.get_absolute_url())

    Post.objects.filter(author=author).update(author=None)
    author.delete()

    page = get(reader, thread.get_absolute_url())
    assert "Quiet Heron" not in page
    assert "a former member" in page


def test_someone_who_wrote_in_the_thread_gets_their_own_edit_and_remove_buttons():
    thread = thread_with_replies(1)
    writer = thread.posts.order_by("-pk").first().author
    get(signed_in(trusted_member()), thread.get_absolute_url())

    page = get(signed_in(writer), thread.get_absolute_url())

    own = re.search(r'<span class="owner-only" data-owner-only>', page)
    assert own, "the writer's own post shows Edit and Remove"


def test_a_moderator_gets_the_moderator_tools_not_the_members_kept_page():
    thread = thread_with_replies(1)
    get(signed_in(trusted_member()), thread.get_absolute_url())

    page = get(signed_in(moderator()), thread.get_absolute_url())

    assert "Moderator tools" in page


def test_a_stranger_is_refused_a_circles_thread_even_when_a_member_has_it_kept():
    host = trusted_member()
    circle = board(circle=True, host=host)
    join_circle(circle, host)
    thread = published_thread(on=circle, author=host, body="Only for the circle.")
    member = trusted_member()
    join_circle(circle, member)
    assert "Only for the circle." in get(signed_in(member), thread.get_absolute_url())

    response = signed_in(trusted_member()).get(thread.get_absolute_url())

    assert response.status_code == 404
    assert "Only for the circle." not in response.content.decode()


def test_a_message_for_the_reader_is_shown_not_lost_to_the_kept_page():
    thread = thread_with_replies(1)
    client = signed_in(trusted_member())
    get(client, thread.get_absolute_url())

    response = client.post(f"/forums/thread/{thread.pk}/subscribe/", follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert 'class="messages"' in page
    assert "Stop following" in page
