"""The thread page renders each post once and fits it to the member reading (forums.rendering).

Posts rendered before are served from the cache: these tests look at the page a member gets
after something changed, and check that nothing from one reader's page reaches another's.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db.models import OuterRef, Subquery
from django.test import Client

from community.models import User
from forums import live, selectors, services
from forums.activity import reactions
from forums.models import Post, ThreadEvent
from forums.rendering import ROW_FIELDS, PostRow
from tests.factories import board, moderator, published_thread, trusted_member

pytestmark = pytest.mark.django_db


def page_of(client: Client, thread) -> str:
    response = client.get(thread.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def article(page: str, post: Post) -> str:
    match = re.search(rf'<article class="[^"]*" id="post-{post.pk}".*?</article>', page, re.S)
    assert match, f"post {post.pk} is not on the page"
    return match[0]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_edit_shows_at_once_on_a_page_that_showed_the_post_before():
    author = trusted_member()
    thread = published_thread(on=board(), author=author, body="We meet on Tuesdays.")
    reader = signed_in(trusted_member())
    assert "We meet on Tuesdays." in page_of(reader, thread)

    services.post_edit(post=thread.posts.get(), editor=author, body="We meet on Thursdays now.")

    page = page_of(reader, thread)
    assert "We meet on Thursdays now." in page
    assert "Tuesdays" not in page
    assert " · edited" in page


def test_a_new_display_name_shows_on_posts_shown_before():
    author = trusted_member(display_name="Early Lark")
    thread = published_thread(on=board(), author=author)
    reader = signed_in(trusted_member())
    assert "Early Lark" in page_of(reader, thread)

    User.objects.filter(pk=author.pk).update(display_name="Night Owl")

    page = page_of(reader, thread)
    assert "Night Owl" in page
    assert "Early Lark" not in page


def test_a_reaction_changes_the_count_on_a_post_shown_before():
    thread = published_thread(on=board())
    post = thread.posts.get()
    reader = signed_in(trusted_member())
    assert '<span class="reaction-count">0</span>' in article(page_of(reader, thread), post)

    reactions.reaction_toggle(post=post, member=trusted_member(), kind="thanks")

    shown = article(page_of(reader, thread), post)
    assert re.search(r'Thank you for sharing <span class="reaction-count">1</span>', shown)


def test_the_authors_edit_and_remove_links_never_reach_another_reader():
    author = trusted_member()
    thread = published_thread(on=board(), author=author)
    post = thread.posts.get()
    own = article(page_of(signed_in(author), thread), post)
    assert '<span class="owner-only" data-owner-only>' in own
    assert f'action="/forums/post/{post.pk}/react/"' not in own

    other = article(page_of(signed_in(trusted_member()), thread), post)

    assert '<span class="owner-only" data-owner-only hidden>' in other
    assert f'action="/forums/post/{post.pk}/react/"' in other


def test_one_readers_reactions_are_not_shown_as_pressed_to_another():
    thread = published_thread(on=board())
    post = thread.posts.get()
    giver = trusted_member()
    reactions.reaction_toggle(post=post, member=giver, kind="same")
    mine = article(page_of(signed_in(giver), thread), post)
    assert mine.count('aria-pressed="true"') == 1
    assert "reaction reaction--mine" in mine

    other = article(page_of(signed_in(trusted_member()), thread), post)

    assert 'aria-pressed="true"' not in other
    assert "reaction--mine" not in other
    assert re.search(r'Same here <span class="reaction-count">1</span>', other)


def test_every_form_in_a_post_carries_the_readers_csrf_token_and_works():
    thread = published_thread(on=board())
    post = thread.posts.get()
    reader = Client(enforce_csrf_checks=True)
    reader.force_login(trusted_member())
    shown = article(page_of(reader, thread), post)
    forms = re.findall(r"<form .*?</form>", shown, re.S)
    assert len(forms) == 5  # four reactions, and the author's Remove (hidden for others)
    tokens = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', f)[1] for f in forms}
    assert len(tokens) == 1

    response = reader.post(
        f"/forums/post/{post.pk}/react/", {"kind": "thanks", "csrfmiddlewaretoken": tokens.pop()}
    )

    assert response.status_code == 302
    assert post.reactions.filter(kind="thanks").count() == 1


def test_a_reader_gets_the_live_copy_of_a_post_with_only_their_token_added():
    thread = published_thread(on=board())
    post = services.post_create(
        thread=thread, author=trusted_member(), body="Control characters \x01 stay text."
    ).post
    shown = article(page_of(signed_in(trusted_member()), thread), post)

    live_copy = live.render_post(Post.objects.get(pk=post.pk)).strip()

    assert re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", shown) == live_copy
    assert "Control characters" in shown


def test_posts_never_fill_a_local_memory_default_cache_where_rate_limits_are_counted():
    default = caches["default"]
    if not isinstance(default, LocMemCache):
        pytest.skip("the default cache is shared (Redis): posts are meant to be kept there")
    thread = published_thread(on=board())
    reader = signed_in(trusted_member())

    page_of(reader, thread)

    assert not [key for key in default._cache if "post-html" in key]


def test_the_rows_read_in_plain_sql_are_the_orms_for_every_reader_and_page():
    """`selectors.ThreadPostRows` reads the page's posts without the ORM: the same posts, in
    the same order, with the same fields, as `selectors.thread_posts` gives each reader."""
    author, other, held_author = trusted_member(), trusted_member(), trusted_member()
    thread = published_thread(on=board(), author=author, body="The opening words.")
    first = thread.posts.get()
    quoted = services.post_create(thread=thread, author=other, body="I know that feeling.").post
    services.post_create(thread=thread, author=author, body="Thank you.", quote_of=quoted)
    services.post_edit(post=quoted, editor=other, body="I know that feeling well.")
    held = services.post_create(thread=thread, author=held_author, body="Mine, held.").post
    Post.objects.filter(pk=held.pk).update(moderation_state="held")
    gone = services.post_create(thread=thread, author=other, body="Never mind.").post
    services.post_remove(post=gone, author=other)
    other.display_name = "Renamed Robin"
    other.save()
    readers = [author, other, held_author, trusted_member(), moderator()]
    fields = [name for name in ROW_FIELDS if name != "published_event"]

    for reader in readers:
        orm = list(
            selectors.thread_posts(reader, thread)
            .annotate(
                published_event=Subquery(
                    ThreadEvent.objects.filter(post=OuterRef("pk"), kind="published")
                    .order_by("-pk")
                    .values("pk")[:1]
                )
            )
            .values(*fields, "published_event")
        )
        for start, stop in ((0, 51), (0, 2), (2, 4), (4, 10)):
            rows = selectors.ThreadPostRows(reader, thread)[start:stop]
            expected = [PostRow.from_values(row) for row in orm[start:stop]]
            assert rows == expected, f"{reader.display_name}, posts {start} to {stop}"
        assert selectors.ThreadPostRows(reader, thread).count() == len(orm)
    assert first.pk in [row.pk for row in selectors.ThreadPostRows(readers[3], thread)[0:51]]
    assert held.pk not in [row.pk for row in selectors.ThreadPostRows(readers[3], thread)[0:51]]
    assert held.pk in [row.pk for row in selectors.ThreadPostRows(held_author, thread)[0:51]]
