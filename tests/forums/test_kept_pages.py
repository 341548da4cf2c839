"""The thread page rendered once for everyone and filled in for each reader
(forums.thread_page).

The promise: a reader served from the kept page gets exactly the page that would have been
rendered for them, and nothing of any other reader. Each test compares with the page rendered
for the reader (asked with a query parameter the kept page does not answer, which the page
itself ignores), or looks for what must not be there.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext

from community.services import notify
from forums import rendering, selectors, services
from forums.activity import following, muting, reactions
from forums.models import Post, ReadMarker, ThreadWatch
from forums.thread_page import forget_kept_pages, kept
from moderation import services as moderation_services
from tests.factories import (
    board,
    join_circle,
    moderator,
    organiser,
    published_thread,
    trusted_member,
)

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
    reactions.reaction_toggle(post=first_post, member=reader_member, kind="thinking")
    reactions.reaction_toggle(post=first_post, member=trusted_member(), kind="thinking")
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
        following.thread_follow(member=member, thread=thread)
    else:
        muting.thread_mute(member=member, thread=thread)
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


# --- The slot rule: nothing of a reader in the shared HTML outside a declared slot ------------


def _reader_values(member, client: Client, page: str) -> list[str]:
    """What would identify this reader in HTML meant for everyone: their name, e-mail, id as
    the page writes it, and their form tokens (the one in the page, and the cookie's secret)."""
    return [
        member.display_name,
        member.email,
        f'data-viewer="{member.pk}"',
        re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1],
        client.cookies[settings.CSRF_COOKIE_NAME].value,
    ]


def _kept_html_after_view(client: Client, thread) -> tuple[str, str]:
    """The reader's page, and the kept page it was filled from, as HTML with every slot's
    default in place (what a reader without a value for a slot would get). The kept page is
    rendered on the reader's second view, when their browser holds its cookies."""
    get(client, thread.get_absolute_url())
    forget_kept_pages()
    page = get(client, thread.get_absolute_url())
    kept_pages = list(kept._kept.pages.values())
    assert len(kept_pages) == 1, "the page was served from a kept page"
    return page, "".join(kept_pages[0].html.parts)


def test_nothing_of_a_reader_reaches_the_kept_page_outside_a_slot():
    thread = thread_with_replies(3)
    services.post_create(
        thread=thread,
        author=trusted_member(),
        body="A quote follows.",
        quote_of=thread.posts.order_by("pk")[1],
    )
    # Two readers as unlike as a kept page allows: names, roles, unread counts, tokens.
    first = trusted_member(display_name="Quillon Verity", email="quillon@example.org")
    second = organiser(display_name="Marrow Adeyemi", email="marrow@example.org")
    notify(first, kind="test", message="Someone replied.")
    first_client = Client(enforce_csrf_checks=True)
    first_client.force_login(first)
    second_client = Client(enforce_csrf_checks=True)
    second_client.force_login(second)

    first_page, kept_for_first = _kept_html_after_view(first_client, thread)
    second_page, kept_for_second = _kept_html_after_view(second_client, thread)

    assert kept_for_first == kept_for_second
    for value in _reader_values(first, first_client, first_page) + _reader_values(
        second, second_client, second_page
    ):
        assert value not in kept_for_first
    assert "Signed in as Quillon Verity" in first_page
    assert "Signed in as Marrow Adeyemi" in second_page


@pytest.mark.parametrize("level", [ThreadWatch.Level.FOLLOWING, ThreadWatch.Level.MUTED])
def test_a_following_or_muting_reader_leaves_nothing_of_theirs_in_the_kept_page(level):
    thread = thread_with_replies(2)
    member = trusted_member(display_name="Tamsin Orchard", email="tamsin@example.org")
    if level == ThreadWatch.Level.FOLLOWING:
        following.thread_follow(member=member, thread=thread)
    else:
        muting.thread_mute(member=member, thread=thread)
    client = signed_in(member)

    page, kept_html = _kept_html_after_view(client, thread)

    for value in _reader_values(member, client, page):
        assert value not in kept_html


def _request_of(member, client: Client):
    """A request of this reader's, as the middleware leaves it, for rendering a partial with
    everything of theirs in reach (user, request, CSRF token, messages, context processors)."""
    request = RequestFactory().get("/forums/")
    request.user = member
    request.session = client.session
    request.COOKIES[settings.CSRF_COOKIE_NAME] = client.cookies[settings.CSRF_COOKIE_NAME].value
    return request


def test_a_cooked_post_is_the_same_for_every_reader_with_their_request_in_reach():
    """`forums/includes/post.html` is rendered once per post version for everyone: if it ever
    used the reader (`request.user`, `user`, `csrf_token`, `perms`), this fails."""
    thread = thread_with_replies(2)
    services.post_create(
        thread=thread,
        author=trusted_member(),
        body="Quoting the first reply.",
        quote_of=thread.posts.order_by("pk")[1],
        content_note="a hard day",
    )
    first = trusted_member(display_name="Quillon Verity", email="quillon@example.org")
    second = organiser(display_name="Marrow Adeyemi", email="marrow@example.org")
    readers = []
    for member in (first, second):
        client = signed_in(member)
        page = get(client, thread.get_absolute_url())  # gives the reader a CSRF cookie
        readers.append((member, client, page))
    rows = selectors.ThreadPostRows(AnonymousUser(), thread)[0:50]
    reactions.attach_reactions(rows, None)
    models = Post.objects.select_related("author", "quote_of__author").in_bulk(
        [row.pk for row in rows]
    )

    for variant in (rendering.READER, rendering.AUTHOR):
        cooked = []
        for member, client, _page in readers:
            request = _request_of(member, client)
            get_token(request)
            cooked.append(
                "".join(
                    render_to_string(
                        rendering.TEMPLATE,
                        rendering.cooked_context(models[row.pk], row, variant),
                        request=request,
                    )
                    for row in rows
                )
            )

        assert cooked[0] == cooked[1]
        for member, client, page in readers:
            for value in _reader_values(member, client, page):
                assert value not in cooked[0]


def test_only_the_thread_view_imports_the_kept_page_package():
    """The kept page is fenced in `forums/thread_page/`: nothing else builds on it."""
    root = Path(__file__).resolve().parents[2]
    allowed = {root / "forums" / "views.py"}
    importers = []
    for package in ("community", "forums", "moderation", "stories", "campaigns", "records"):
        for path in (root / package).rglob("*.py"):
            if path in allowed or (root / "forums" / "thread_page") in path.parents:
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.ImportFrom):
                    base = "." * node.level + (node.module or "")
                    names = [base] + [f"{base}.{alias.name}" for alias in node.names]
                elif isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                if any("thread_page" in name.split(".") for name in names):
                    importers.append(str(path.relative_to(root)))

    assert importers == []
