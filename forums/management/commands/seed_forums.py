"""Demo boards, a circle and a conversation, for `make run` (idempotent, fictional)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from community.input.sanitise import render_markdown
from community.models import User
from forums.models import Board, CircleMembership, Post, Thread
from moderation.models import ModerationState

BOARDS = [
    ("late-nights", "Late nights", "For when you can't sleep and need someone to talk to.", False),
    (
        "police-and-courts",
        "Police and courts",
        "Reporting, statements, hearings, and being heard.",
        False,
    ),
    (
        "school-and-college",
        "School and college",
        "Exclusions, managed moves, and getting support.",
        False,
    ),
    ("north-circle", "Tuesday circle", "A small private circle that meets on Tuesdays.", True),
]

CONVERSATION = [
    (
        "parent@example.org",
        "It's past two again and he's not home. I've done everything the "
        "officer said, and I still feel like I'm the one being judged.",
    ),
    (
        "carer@example.org",
        "You're not the one who did anything wrong. I remember those nights. "
        "Is there someone who can sit with you on the phone for a bit?",
    ),
    ("parent@example.org", "Thank you. Just writing it here helps. I'll try the helpline."),
]


class Command(BaseCommand):
    help = "Load fictional forum demo content (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            for order, (slug, title, description, circle) in enumerate(BOARDS):
                board, _ = Board.objects.get_or_create(
                    slug=slug,
                    defaults={
                        "title": title,
                        "description": description,
                        "order": order,
                        "is_circle": circle,
                    },
                )
                if circle:
                    self._circle(board)
            self._conversation(Board.objects.get(slug="late-nights"))

    def _circle(self, board: Board) -> None:
        host = User.objects.filter(email="carer@example.org").first()
        if host and board.host_id is None:
            board.host = host
            board.save(update_fields=["host"])
        for email in ("carer@example.org", "parent@example.org"):
            member = User.objects.filter(email=email).first()
            if member:
                CircleMembership.objects.get_or_create(
                    circle=board,
                    member=member,
                    defaults={"state": CircleMembership.State.ACTIVE},
                )

    def _conversation(self, board: Board) -> None:
        if board.threads.exists():
            return
        first_author = User.objects.filter(email=CONVERSATION[0][0]).first()
        if first_author is None:
            return
        thread = Thread.objects.create(
            board=board, title="Another night waiting up", author=first_author
        )
        for index, (email, body) in enumerate(CONVERSATION):
            Post.objects.create(
                thread=thread,
                author=User.objects.get(email=email),
                body=body,
                body_html=render_markdown(body),
                is_opening=index == 0,
                moderation_state=ModerationState.PUBLISHED,
            )
