"""Demo stories for `make run`: the story index under the home page and three fictional
stories, sent, approved and published through the same services as members' stories, with
website consent (idempotent)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Site

from community.models import User
from community.privacy.quotes import CAMPAIGNS, WEBSITE
from moderation import services as moderation
from moderation.models import QueueItem, QueueItemState
from stories import services
from stories.models import StoryIndexPage, StoryPage, ThemeSnippet

INTRO = (
    "<p>Parents and carers tell what happened to their families, in their own words and "
    "without their names. Every story is read by a moderator and an editor first, and its "
    "author can withdraw it at any time.</p>"
)

# Original and fictional: no real person, school, street or number.
STORIES = [
    {
        "title": "The summer the phone never stopped",
        "teller": "mum",
        "region": "north-west",
        "themes": ["county-lines", "going-missing", "police"],
        "content_notes": ["drugs"],
        "summary": "A mother on the months her son kept disappearing, and the day someone "
        "finally asked her what she knew.",
        "body": (
            "It started with a second phone. He said a friend had lent it to him, and I wanted "
            "to believe that, so I did.\n\n"
            "By the middle of the summer he was gone for two or three nights at a time. Each "
            "time I reported him missing, and each time he came back tired and quiet, with "
            "new trainers and no explanation.\n\n"
            "What helped, in the end, was a worker who sat at our kitchen table and asked me "
            "what I had noticed. Nobody had asked me before. I had a notebook full of dates "
            "and times, and she read every page.\n\n"
            "If you are writing things down and wondering whether it matters: it does."
        ),
    },
    {
        "title": "What I wish the school had asked",
        "teller": "dad",
        "region": "west-midlands",
        "themes": ["school", "criminal-exploitation", "social-care"],
        "content_notes": [],
        "summary": "A father on exclusions, meetings and the one teacher who noticed.",
        "body": (
            "My daughter went from top sets to exclusions in a single term. Every meeting was "
            "about her behaviour. Not one was about why.\n\n"
            "I wish professionals had known that a child who is frightened can look like a "
            "child who is defiant. I wish someone had asked who she was afraid of.\n\n"
            "One teacher did notice. She kept a lunchtime room open, and my daughter ate "
            "there every day for a year. I don't think that teacher knows what she did for "
            "us."
        ),
    },
    {
        "title": "Looking after myself, slowly",
        "teller": "carer",
        "region": "",
        "themes": ["looking-after-yourself", "health"],
        "content_notes": ["self-harm"],
        "summary": "A kinship carer on learning that she mattered too.",
        "body": (
            "For two years every thought I had was about my grandson. I stopped seeing "
            "friends, stopped sleeping, stopped eating properly.\n\n"
            "A parent I met through a support group told me that I could not pour from an "
            "empty cup. I was cross with her at the time. Now I say it to other people.\n\n"
            "I walk every morning now, even for ten minutes. It is not much, but it is mine."
        ),
    },
]

AUTHOR_EMAIL = "parent@example.org"  # a demo member from seed_demo, when it ran first
FALLBACK_EMAIL = "storyteller@example.org"


class Command(BaseCommand):
    help = "Load fictional demo stories (idempotent)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            index = self._index()
            author = self._author()
            approver = User.objects.filter(is_superuser=True).first()
            for story in STORIES:
                if StoryPage.objects.filter(title=story["title"]).exists():
                    continue
                self._publish(index, author, approver, story)
        self.stdout.write(self.style.SUCCESS("Demo stories are ready."))

    def _index(self) -> StoryIndexPage:
        index = StoryIndexPage.objects.first()
        if index is not None:
            return index
        home = Site.objects.get(is_default_site=True).root_page
        index = StoryIndexPage(title="Stories", slug="stories", intro=INTRO)
        home.add_child(instance=index)
        index.save_revision().publish()
        services.ensure_story_workflow(index=index)
        return index

    def _author(self) -> User:
        author = User.objects.filter(email__in=[AUTHOR_EMAIL, FALLBACK_EMAIL]).first()
        if author is None:
            author = User(email=FALLBACK_EMAIL, display_name="Demo Storyteller")
            author.set_unusable_password()
            author.save()
        return author

    def _publish(self, index, author, approver, story: dict) -> None:
        sent = services.story_submit(
            author=author,
            title=story["title"],
            body=story["body"],
            themes=list(ThemeSnippet.objects.filter(slug__in=story["themes"])),
            content_notes=story["content_notes"],
            teller=story["teller"],
            region=story["region"],
            naming="byline",
            channels=[WEBSITE, CAMPAIGNS],
        )
        submission = sent.submission
        item = QueueItem.for_instance(submission).filter(state=QueueItemState.WAITING).first()
        if approver is not None and item is not None:
            moderation.approve(item=item, moderator=approver, reason="Demo content.")
        else:
            services.approve_without_queue(submission=submission)
        submission.refresh_from_db()
        page = submission.page
        page.summary = story["summary"]
        page.save_revision().publish()
