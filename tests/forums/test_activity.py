"""Activity: reactions counted never listed, following, unread marks, muting and the digest."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from community.models import Notification
from forums import services
from forums.activity import digests, muting, reactions, reading
from forums.live import render_post
from forums.models import ForumPreferences, Post, Reaction, ReadMarker, ThreadWatch
from forums.tasks import send_digests
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


def react(client, post: Post, kind: str = "not_alone", **kwargs):
    return client.post(f"/forums/post/{post.pk}/react/", {"kind": kind}, **kwargs)


def page_of(client, thread, **params) -> str:
    response = client.get(thread.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def reply(thread, author=None, body: str = "Thinking of you all.") -> Post:
    return services.post_create(thread=thread, author=author or trusted_member(), body=body).post


def approve(post: Post, reason: str = "") -> None:
    item = QueueItem.objects.get(object_id=str(post.pk), state="waiting")
    moderation.approve(item=item, moderator=moderator(), reason=reason)


def count_shown(page: str, post: Post, label: str) -> int:
    article = page[page.index(f'id="post-{post.pk}"') :]
    article = article[: article.index("</article>")]
    escaped = label.replace("'", "&#x27;")
    match = re.search(re.escape(escaped) + r' <span class="reaction-count">(\d+)</span>', article)
    assert match, f"no count for {label!r}"
    return int(match.group(1))


# --- Reactions ----------------------------------------------------------------------------------


def test_members_react_and_the_page_shows_counts_but_nobody_who_reacted(client):
    thread = published_thread(on=board())
    post = thread.posts.get()
    reactors = [
        trusted_member(display_name="Willow Wren"),
        trusted_member(display_name="Amber Fox"),
    ]
    for reactor in reactors:
        client.force_login(reactor)
        assert react(client, post, "thanks").status_code == 302
    client.force_login(reactors[0])
    react(client, post, "same")

    for viewer in (trusted_member(), moderator()):
        client.force_login(viewer)
        page = page_of(client, thread)
        assert count_shown(page, post, "Thank you for sharing") == 2
        assert count_shown(page, post, "Same here") == 1
        assert count_shown(page, post, "You're not alone") == 0
        assert "Willow Wren" not in page
        assert "Amber Fox" not in page
    assert Reaction.objects.count() == 3


def test_reacting_again_takes_the_reaction_back(client):
    thread = published_thread(on=board())
    post = thread.posts.get()
    client.force_login(trusted_member())

    react(client, post, "thinking")
    page = page_of(client, thread)
    assert count_shown(page, post, "Thinking of you") == 1
    assert 'aria-pressed="true"' in page

    response = react(client, post, "thinking", follow=True)

    assert "Reaction taken back." in response.content.decode()
    assert count_shown(page_of(client, thread), post, "Thinking of you") == 0
    assert not Reaction.objects.exists()


def test_a_member_gives_at_most_one_of_each_kind_but_may_give_several_kinds():
    post = published_thread(on=board()).posts.get()
    member = trusted_member()

    for kind in ("thanks", "same", "thanks", "thanks"):
        reactions.reaction_toggle(post=post, member=member, kind=kind)

    assert sorted(Reaction.objects.values_list("kind", flat=True)) == ["same", "thanks"]


def test_a_stranger_cannot_react_to_a_circle_post(client):
    host = trusted_member()
    circle = board(circle=True, host=host)
    post = published_thread(on=circle, author=host).posts.get()
    client.force_login(trusted_member())

    assert react(client, post).status_code == 404
    assert not Reaction.objects.exists()

    member = trusted_member()
    join_circle(circle, member)
    client.force_login(member)
    assert react(client, post).status_code == 302
    assert Reaction.objects.count() == 1


def test_a_held_post_cannot_be_reacted_to_and_shows_no_buttons(client):
    thread = published_thread(on=board())
    newcomer = UserFactory()
    held = reply(thread, author=newcomer, body="My first post here.")
    assert held.moderation_state == "held"

    client.force_login(moderator())
    assert react(client, held).status_code == 404
    client.force_login(newcomer)
    assert react(client, held).status_code == 404
    page = page_of(client, thread)
    article = page[page.index(f'id="post-{held.pk}"') :]
    assert "data-reactions" not in article[: article.index("</article>")]
    assert not Reaction.objects.exists()


def test_a_member_cannot_react_to_their_own_post_but_sees_its_counts(client):
    author = trusted_member()
    thread = published_thread(on=board(), author=author)
    post = thread.posts.get()
    client.force_login(trusted_member())
    react(client, post, "same")
    client.force_login(author)

    response = react(client, post, "thanks", follow=True)

    assert "You can&#x27;t react to your own post." in response.content.decode()
    page = page_of(client, thread)
    assert count_shown(page, post, "Same here") == 1
    assert f'action="/forums/post/{post.pk}/react/"' not in page
    assert Reaction.objects.count() == 1


def test_an_unknown_reaction_is_refused(client):
    post = published_thread(on=board()).posts.get()
    client.force_login(trusted_member())

    response = react(client, post, "angry", follow=True)

    assert "Please choose one of the reactions" in response.content.decode()
    assert not Reaction.objects.exists()


def test_reacting_too_fast_is_refused_with_a_clear_message(client):
    post = published_thread(on=board()).posts.get()
    client.force_login(trusted_member())
    for _ in range(reactions.REACTION_LIMIT):
        assert react(client, post, "thanks").status_code == 302

    response = react(client, post, "same", follow=True)

    assert "You&#x27;ve sent a lot of reactions in a short time" in response.content.decode()
    assert not Reaction.objects.filter(kind="same").exists()


def test_reaction_buttons_are_plain_forms_that_work_without_javascript(client):
    thread = published_thread(on=board())
    post = thread.posts.get()
    client.force_login(trusted_member())

    page = page_of(client, thread)

    assert f'<form method="post" action="/forums/post/{post.pk}/react/"' in page
    assert '<input type="hidden" name="kind" value="not_alone">' in page
    response = react(client, post)
    assert response.url == f"{thread.get_absolute_url()}?page=1#post-{post.pk}"


def test_a_live_post_shows_counts_and_never_who_reacted():
    post = published_thread(on=board()).posts.get()
    reactions.reaction_toggle(
        post=post, member=trusted_member(display_name="Silver Birch"), kind="thanks"
    )

    html = render_post(Post.objects.get(pk=post.pk))

    assert count_shown(html, post, "Thank you for sharing") == 1
    assert "Silver Birch" not in html
    assert "csrfmiddlewaretoken" not in html


# --- Following threads and notifications ------------------------------------------------------


def test_posting_follows_the_thread_and_the_thread_page_can_stop_it(client):
    starter = trusted_member()
    thread = published_thread(on=board(), author=starter)
    replier = trusted_member()
    reply(thread, author=replier)
    assert ThreadWatch.objects.filter(thread=thread, level="following").count() == 2

    client.force_login(replier)
    assert "Stop following" in page_of(client, thread)
    client.post(f"/forums/thread/{thread.pk}/unsubscribe/")
    assert not ThreadWatch.objects.filter(member=replier).exists()
    assert "Follow this thread" in page_of(client, thread)
    client.post(f"/forums/thread/{thread.pk}/subscribe/")
    assert ThreadWatch.objects.get(member=replier).level == "following"


def test_followers_are_told_of_a_reply_with_no_words_title_or_author():
    starter = trusted_member()
    thread = published_thread(on=board(), author=starter, title="Court on Friday")
    replier = trusted_member(display_name="Brave Badger")

    post = reply(thread, author=replier, body="We will be there with you.")

    note = Notification.objects.get(recipient=starter)
    assert note.kind == "forums.reply"
    assert note.message == "There's a new reply in a thread you follow."
    assert note.url == f"/forums/post/{post.pk}/"
    for secret in ("We will be there", "Court on Friday", "Brave Badger"):
        assert secret not in note.message
    assert not Notification.objects.filter(recipient=replier).exists()


def test_a_notification_link_opens_the_reply_on_its_page(client):
    thread = published_thread(on=board())
    author = trusted_member()
    for i in range(50):
        reply(thread, author=author, body=f"Reply {i}")
    last = Post.objects.order_by("-pk").first()
    client.force_login(trusted_member())

    response = client.get(f"/forums/post/{last.pk}/")

    assert response.url == f"{thread.get_absolute_url()}?page=2#post-{last.pk}"


def test_a_held_reply_tells_nobody_until_a_moderator_approves_it():
    starter = trusted_member()
    thread = published_thread(on=board(), author=starter)

    held = reply(thread, author=UserFactory(), body="Is anyone around tonight?")

    assert held.moderation_state == "held"
    assert not Notification.objects.filter(recipient=starter).exists()
    approve(held)
    note = Notification.objects.get(recipient=starter, kind="forums.reply")
    assert note.url == f"/forums/post/{held.pk}/"


def test_a_muted_thread_sends_no_notifications(client):
    starter = trusted_member()
    thread = published_thread(on=board(), author=starter)
    client.force_login(starter)
    client.post(f"/forums/thread/{thread.pk}/mute/")

    reply(thread)
    reply(thread, author=starter, body="Posting in it again keeps it muted.")
    reply(thread)

    assert ThreadWatch.objects.get(member=starter).level == "muted"
    assert not Notification.objects.filter(recipient=starter).exists()


def test_someone_who_left_a_circle_is_not_told_of_its_replies():
    host = trusted_member()
    circle = board(circle=True, host=host)
    leaver = trusted_member()
    join_circle(circle, leaver)
    thread = published_thread(on=circle, author=host)
    reply(thread, author=leaver)
    circle.memberships.filter(member=leaver).delete()

    reply(thread, author=host)

    assert not Notification.objects.filter(recipient=leaver).exists()


def test_an_edit_approved_after_review_is_not_told_as_a_new_reply(client):
    starter = trusted_member()
    thread = published_thread(on=board(), author=starter)
    author = trusted_member()
    post = reply(thread, author=author, body="We had a long day.")
    Notification.objects.all().delete()

    services.post_edit(post=post, editor=author, body="We're at 14 Larch Road now.")
    approve(post, reason="A made-up street in a story.")

    assert not Notification.objects.filter(recipient=starter, kind="forums.reply").exists()


# --- Unread markers -----------------------------------------------------------------------------


def test_the_board_marks_threads_with_unread_posts(client):
    forum = board()
    thread = published_thread(on=forum, title="Waiting for news")
    reader = trusted_member()
    client.force_login(reader)
    page_of(client, thread)

    assert "Unread" not in client.get(forum.get_absolute_url()).content.decode()
    reply(thread)
    assert "thread--unread" in client.get(forum.get_absolute_url()).content.decode()
    page_of(client, thread)
    assert "thread--unread" not in client.get(forum.get_absolute_url()).content.decode()


def test_jump_to_first_unread_goes_to_the_right_page_and_anchor(client):
    thread = published_thread(on=board())
    author = trusted_member()
    for i in range(49):
        reply(thread, author=author, body=f"Reply {i}")
    reader = trusted_member()
    client.force_login(reader)
    assert "Jump to first unread" not in page_of(client, thread)

    first_new = reply(thread, author=author, body="The first new one.")
    reply(thread, author=author, body="Another new one.")
    page = page_of(client, thread)

    assert f'href="{thread.get_absolute_url()}?page=2#post-{first_new.pk}"' in page
    assert "Jump to first unread" in page
    page = page_of(client, thread, page=2)
    assert 'class="post post--unread"' in page


def test_a_reply_approved_later_counts_as_unread_where_it_sits(client):
    thread = published_thread(on=board())
    held = reply(thread, author=UserFactory(), body="Held for a while.")
    reply(thread, body="Published at once.")
    reader = trusted_member()
    client.force_login(reader)
    page_of(client, thread)

    approve(held)

    page = page_of(client, thread)
    assert f'href="{thread.get_absolute_url()}?page=1#post-{held.pk}"' in page
    assert "Jump to first unread" in page


def test_reading_an_earlier_page_again_keeps_later_posts_read(client):
    thread = published_thread(on=board())
    author = trusted_member()
    for i in range(55):
        reply(thread, author=author, body=f"Reply {i}")
    client.force_login(trusted_member())
    page_of(client, thread, page=2)
    marker = ReadMarker.objects.get().last_read_event_id

    page_of(client, thread, page=1)

    assert ReadMarker.objects.get().last_read_event_id == marker
    assert "Jump to first unread" not in page_of(client, thread, page=1)


def test_viewing_a_thread_writes_only_its_read_marker_in_one_query(client):
    thread = published_thread(on=board())
    reply(thread)
    client.force_login(trusted_member())
    page_of(client, thread)
    reply(thread)

    with CaptureQueriesContext(connection) as queries:
        page_of(client, thread)

    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert len(writes) == 1
    assert "forums_readmarker" in writes[0]


def test_viewing_a_thread_already_read_writes_nothing(client):
    thread = published_thread(on=board())
    reply(thread)
    reader = trusted_member()
    client.force_login(reader)
    page_of(client, thread)

    with CaptureQueriesContext(connection) as queries:
        page_of(client, thread)

    assert not [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "REPLACE"))
    ]
    assert reading.read_marker(reader, thread) == thread.events.latest("pk").pk


def test_the_thread_page_needs_the_same_queries_with_reactions_on_5_and_50_posts(client):
    thread = published_thread(on=board())
    authors = [trusted_member() for _ in range(5)]
    reactors = [trusted_member() for _ in range(3)]
    viewer = trusted_member()
    kinds = Reaction.Kind.values

    def add_replies(count: int) -> None:
        for i in range(count):
            post = reply(thread, author=authors[i % 5], body=f"Reply {i}")
            for n, reactor in enumerate(reactors):
                Reaction.objects.create(post=post, member=reactor, kind=kinds[(i + n) % 4])
            Reaction.objects.create(post=post, member=viewer, kind=kinds[i % 4])

    add_replies(4)
    client.force_login(viewer)
    page_of(client, thread)
    with CaptureQueriesContext(connection) as five:
        page_of(client, thread)
    add_replies(45)
    assert thread.posts.count() == 50
    page_of(client, thread)  # read the new replies, as the five were
    with CaptureQueriesContext(connection) as fifty:
        page = page_of(client, thread)

    assert len(fifty) == len(five)
    assert page.count('aria-pressed="true"') == 49


# --- Muting words and threads -------------------------------------------------------------------


def test_posts_with_muted_words_are_folded_away_behind_details(client):
    thread = published_thread(on=board(), body="He came home with a KNIFE in his bag.")
    reply(thread, body="Same here, the knives worry me.")
    reader = trusted_member()
    ForumPreferences.objects.create(member=reader, muted_words=["knife"])
    client.force_login(reader)

    page = page_of(client, thread)

    assert page.count("Hidden by your muted words — show") == 1
    folded = page[page.index('<details class="muted-post">') :]
    folded = folded[: folded.index("</details>")]
    assert "He came home with a KNIFE in his bag." in folded
    assert "the knives worry me" not in folded


def test_the_settings_page_keeps_muted_words_and_the_digest_choice(client):
    member = trusted_member()
    client.force_login(member)
    assert client.get("/forums/preferences/").status_code == 200

    response = client.post(
        "/forums/preferences/", {"muted_words": "Knife\n\n  county   LINES \nknife", "digest": "on"}
    )

    assert response.status_code == 302
    preferences = ForumPreferences.objects.get(member=member)
    assert preferences.muted_words == ["knife", "county lines"]
    assert preferences.digest is True
    too_many = "\n".join(f"word{i}" for i in range(muting.MAX_MUTED_WORDS + 1))
    response = client.post("/forums/preferences/", {"muted_words": too_many})
    assert response.status_code == 400
    assert "You can mute up to" in response.content.decode()


def test_a_muted_thread_sits_dimmed_at_the_bottom_of_its_board(client):
    forum = board()
    muted = published_thread(on=forum, title="Loud thread")
    published_thread(on=forum, title="Older quiet thread")
    published_thread(on=forum, title="Newest thread")
    member = trusted_member()
    client.force_login(member)
    client.post(f"/forums/thread/{muted.pk}/mute/")

    page = client.get(forum.get_absolute_url()).content.decode()

    assert page.index("Newest thread") < page.index("Older quiet thread") < page.index("Loud")
    assert 'thread--muted">' in page
    assert "Unmute" in page_of(client, muted)


def test_a_stranger_cannot_follow_or_mute_a_circle_thread(client):
    host = trusted_member()
    thread = published_thread(on=board(circle=True, host=host), author=host)
    stranger = trusted_member()
    client.force_login(stranger)

    for verb in ("subscribe", "mute"):
        assert client.post(f"/forums/thread/{thread.pk}/{verb}/").status_code == 404
    assert client.get(f"/forums/post/{thread.posts.get().pk}/").status_code == 404
    assert not ThreadWatch.objects.filter(member=stranger).exists()


# --- The e-mail digest --------------------------------------------------------------------------


def test_the_digest_is_one_neutral_email_with_counts_and_a_link_only(settings):
    starter = trusted_member(email="starter@example.org")
    thread = published_thread(on=board(), author=starter, title="Court on Friday")
    ForumPreferences.objects.create(member=starter, digest=True)
    quiet = trusted_member()
    ForumPreferences.objects.create(member=quiet, digest=True)
    not_asked = trusted_member()
    published_thread(on=board(), author=not_asked)
    replier = trusted_member(display_name="Brave Badger")
    reply(thread, author=replier, body="We will be there with you.")
    reply(thread, author=replier, body="Thinking of you tonight.")
    reply(thread, author=not_asked, body="Me too.")

    assert digests.digests_send() == 1

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["starter@example.org"]
    assert email.subject == "An update for you"
    assert email.from_email == "Notifications <noreply@localhost>"
    assert "You have 3 new notifications" in email.body
    assert "http://testserver/notifications/" in email.body
    for secret in ("We will be there", "Thinking of you", "Me too", "Court on Friday"):
        assert secret not in email.body
    for name in ("Brave Badger", str(not_asked), str(starter)):
        assert name not in email.body
    assert digests.digests_send() == 0
    assert len(mail.outbox) == 1


def test_the_send_digests_command_and_task_send_the_digest():
    starter = trusted_member()
    thread = published_thread(on=board(), author=starter)
    ForumPreferences.objects.create(member=starter, digest=True)
    reply(thread)

    call_command("send_digests")
    assert len(mail.outbox) == 1

    reply(thread)
    result = send_digests.enqueue()
    assert result.return_value == 1
    assert len(mail.outbox) == 2
