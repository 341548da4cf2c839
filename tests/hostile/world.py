"""The small site every hostile-input case runs in."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from community.models import User
from forums import services as forum_services
from forums.models import Post, Thread
from moderation.models import QueueItem
from tests.factories import (
    UserFactory,
    board,
    campaign,
    give_totp,
    join_circle,
    moderator,
    published_thread,
    story_index,
    trusted_member,
)


@dataclass
class World:
    """The site a case runs in, built once per test (the database is rolled back after it)."""

    board_slug: str
    thread: Thread
    post: Post
    other_thread: Thread
    campaign_slug: str
    question_field: str
    member: User
    reader: User
    organiser: User
    desk: User
    admin: User
    post_type_id: int
    held_item_id: int
    held_author: User

    def fill(self, text: str) -> str:
        """`text` with its placeholders ({thread}, {board}, ...) replaced by the world's own."""
        for name, value in {
            "board": self.board_slug,
            "thread": self.thread.pk,
            "post": self.post.pk,
            "ct": self.post_type_id,
            "campaign": self.campaign_slug,
            "other": self.other_thread.pk,
        }.items():
            text = text.replace("{" + name + "}", str(value))
        return text


def build_world() -> World:
    """Everything a case needs: members (two of them with names to imitate), places, people."""
    UserFactory(display_name="Hopeful Heron")
    UserFactory(display_name="Marsh Wren")
    story_index()
    the_board = board(slug="our-days", title="Our days")
    thread = published_thread(on=the_board, title="Evenings", body="We got through it.")
    host = trusted_member()
    circle = board(slug="quiet-circle", circle=True, host=host)
    join_circle(circle, host)
    other_thread = published_thread(on=circle, author=host, title="Circle only")
    organiser_campaign = campaign(
        title="Believe parents", questions=[("long", "What happened when you asked for help?")]
    )
    question = organiser_campaign.testimony_form.questions.get()
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    newcomer = UserFactory()  # a new member's post is held: the desk has an item to decide
    held = forum_services.post_create(thread=thread, author=newcomer, body="Is anyone up?")
    assert held.submission.held
    return World(
        board_slug=the_board.slug,
        thread=thread,
        post=thread.posts.order_by("pk").first(),
        other_thread=other_thread,
        campaign_slug=organiser_campaign.slug,
        question_field=question.field_name,
        member=trusted_member(),
        reader=trusted_member(),
        organiser=organiser_campaign.organisers.get(),
        desk=moderator(),
        admin=admin,
        post_type_id=ContentType.objects.get_for_model(Post).pk,
        held_item_id=QueueItem.for_instance(held.post).get().pk,
        held_author=newcomer,
    )
