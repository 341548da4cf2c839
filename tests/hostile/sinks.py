"""Drive hostile input through the real pages, as a member would, and load every page that shows
what was sent (issue 17, point 4 and "Bad input").

`World` (tests/hostile/world.py) is the small site every case runs in: a board with a published
thread, a private circle the member cannot see, an open campaign with one long question, a post
held for the desk, and the people who look at the result (the author, another member, the
campaign's organiser, a moderator). `send()` posts one
input through one sink with the Django test client; `pages_after()` loads the pages that show
it. Nothing here mocks our own code: the real views, forms, services and database.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.images import get_image_model

from campaigns.models import Testimony
from community.models import Draft, User
from forums.models import Post, Thread
from moderation.models import Flag, QueueItem
from stories.models import StorySubmission

from .catalogue import percent_encoded
from .uploads import UPLOAD_RECIPES
from .world import World

# Words in every page that tells a member something went wrong with what they sent.
MESSAGE_MARKS = ('role="alert"', "errorlist", 'class="error', '"error"')
# Member markup that would run in a reader's browser: a script, or an event handler attribute.
LIVE_MARKUP = re.compile(r"<script>alert|<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


# --- What is counted, before and after ----------------------------------------------------------

COUNTED = {
    "post": lambda: Post.objects.count(),
    "thread": lambda: Thread.objects.count(),
    "story": lambda: StorySubmission.objects.count(),
    "testimony": lambda: Testimony.objects.count(),
    "flag": lambda: Flag.objects.count(),
    "queue": lambda: QueueItem.objects.count(),
    "decision": lambda: QueueItem.objects.exclude(decided_at=None).count(),
    "user": lambda: User.objects.count(),
    "image": lambda: get_image_model().objects.count(),
}
# The rows one accepted send of each sink makes (exactly one each); every other count stays put.
MADE_BY = {
    "reply": {"post": 1},
    "content_note": {"post": 1},
    "thread_title": {"post": 1, "thread": 1},
    "story_title": {"story": 1},
    "story_body": {"story": 1},
    "testimony": {"testimony": 1},
    "report_note": {"flag": 1},
    "display_name": {"user": 1},
    "upload": {"image": 1},
    "moderation_note": {"decision": 1},
}


def counts() -> dict[str, int]:
    return {name: count() for name, count in COUNTED.items()}


@dataclass
class Sent:
    """The answer to one send, and what it stored."""

    sink: str
    status: int
    body: str  # the answer's text, HTML entities decoded
    made: dict[str, int] = field(default_factory=dict)  # rows added, per kind
    stored: str = ""  # the text stored by an accepted send, for the cleanliness check
    location: str = ""

    @property
    def accepted(self) -> bool:
        wanted = MADE_BY.get(self.sink)
        if wanted is None:
            return self.status < 400
        return self.made_exactly(wanted)

    def made_exactly(self, wanted: dict[str, int]) -> bool:
        # The queue may gain a row for what was made (held for review, or reported).
        others = {k: v for k, v in self.made.items() if v and k != "queue"}
        return others == wanted and 0 <= self.made.get("queue", 0) <= 1

    @property
    def nothing_stored(self) -> bool:
        return not any(self.made.values())

    @property
    def has_message(self) -> bool:
        if self.status == 429 and 'role="status"' in self.body:
            return True  # "You've searched a lot in a minute": said politely, as a status
        return any(mark in self.body for mark in MESSAGE_MARKS)


def _decoded(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return html.unescape(content.decode("utf-8", "replace"))


# --- Sending ----------------------------------------------------------------------------------


def _form_body(fields: dict[str, object]) -> str:
    """A urlencoded body where a value may be raw bytes (sent byte for byte, percent-encoded)."""
    parts = []
    for name, value in fields.items():
        raw = value if isinstance(value, bytes) else str(value).encode("utf-8", "surrogatepass")
        parts.append(f"{name}={percent_encoded(raw)}")
    return "&".join(parts)


def _post_form(client: Client, path: str, fields: dict[str, object]):
    return client.post(path, _form_body(fields), content_type="application/x-www-form-urlencoded")


def _json_body(value: object, *, escaped: bool = False, whole: bool = False, key: str) -> bytes:
    """The body of a JSON sink: the text in its field, or `value` as the whole body."""
    if whole:
        return value  # type: ignore[return-value]
    if isinstance(value, bytes):  # raw bytes inside the JSON string
        inner = value.replace(b"\\", b"\\\\").replace(b'"', b'\\"')
    elif escaped:  # already JSON escapes, such as \ud83d
        inner = value.encode()  # type: ignore[union-attr]
    else:
        inner = json.dumps(value)[1:-1].encode()
    if key == "text":
        return b'{"text": "' + inner + b'"}'
    if key == "story":
        return b'{"fields": {"title": "' + inner + b'", "body": "' + inner + b'"}}'
    return b'{"fields": {"body": "' + inner + b'"}}'


def draft_slot(world: World) -> str:
    return f"reply:thread:{world.thread.pk}"


def send(world: World, client: Client, sink: str, value: object, extra: dict | None = None) -> Sent:
    """Send `value` through `sink` as the world's member (a visitor, for a display name)."""
    extra = extra or {}
    before = counts()
    response, stored_of = _SENDERS[sink](world, client, value, extra)
    after = counts()
    made = {name: after[name] - before[name] for name in before}
    sent = Sent(
        sink=sink,
        status=response.status_code,
        body=_decoded(response),
        made=made,
        location=response.get("Location", ""),
    )
    if sent.accepted and stored_of is not None:
        sent.stored = stored_of()
    return sent


def _reply(world, client, value, extra):
    client.force_login(world.member)
    response = _post_form(client, world.thread.get_absolute_url(), {"body": value})
    return response, lambda: Post.objects.filter(author=world.member).latest("pk").body


def _content_note(world, client, value, extra):
    client.force_login(world.member)
    response = _post_form(
        client,
        world.thread.get_absolute_url(),
        {"body": "A calm evening at last.", "content_note": value},
    )
    return response, lambda: Post.objects.filter(author=world.member).latest("pk").content_note


def _thread_title(world, client, value, extra):
    client.force_login(world.member)
    response = _post_form(
        client,
        f"/forums/{world.board_slug}/new/",
        {"title": value, "body": "We are still here."},
    )
    return response, lambda: Thread.objects.filter(author=world.member).latest("pk").title


STORY_CHOICES = {"naming": "anonymous", "channels": "website", "years": "2", "agree": "on"}


def _story(world, client, title, body):
    client.force_login(world.member)
    fields = {"title": title, "body": body, **STORY_CHOICES, "send_anyway": "1"}
    return _post_form(client, "/stories/write/", fields)


def _story_title(world, client, value, extra):
    response = _story(world, client, value, "We kept going, one evening at a time.")
    return response, lambda: StorySubmission.objects.filter(author=world.member).get().title


def _story_body(world, client, value, extra):
    response = _story(world, client, "Evenings", value)
    return response, lambda: StorySubmission.objects.filter(author=world.member).get().body


def _testimony(world, client, value, extra):
    client.force_login(world.member)
    response = _post_form(
        client,
        f"/campaigns/{world.campaign_slug}/testimony/",
        {world.question_field: value, "consent_campaigns": "on"},
    )

    def stored() -> str:
        answers = Testimony.objects.filter(author=world.member).get().answers
        return "\n".join(str(v) for v in answers.values())

    return response, stored


def _report_note(world, client, value, extra):
    client.force_login(world.member)
    response = _post_form(
        client,
        f"/report/{world.post_type_id}/{world.post.pk}/",
        {"reason": "other", "note": value, "send_anyway": "1"},
    )
    return response, lambda: Flag.objects.filter(flagger=world.member).get().note


def _draft(world, client, value, extra):
    client.force_login(world.member)
    body = _json_body(
        value,
        escaped=extra.get("escaped", False),
        whole=extra.get("whole_body", False),
        key="fields",
    )
    response = client.put(
        f"/api/drafts/{draft_slot(world)}/", body, content_type="application/json"
    )

    def stored() -> str:
        kept = Draft.objects.filter(member=world.member).first()
        return "\n".join(str(v) for v in kept.fields.values()) if kept else ""

    return response, stored


def _moderation_note(world, client, value, extra):
    """A moderator sends a held post back to its author, with `value` as the reason."""
    client.force_login(world.desk)
    response = client.post(
        f"/admin/moderation/{world.held_item_id}/",
        _form_body({"action": "reject", "reason": value}),
        content_type="application/x-www-form-urlencoded",
        follow=True,  # the desk answers with a redirect and says what happened on the next page
    )
    return response, lambda: QueueItem.objects.get(pk=world.held_item_id).decision_reason


STORY_DRAFT_SLOT = "story:new"


def _story_draft(world, client, value, extra):
    client.force_login(world.member)
    body = _json_body(value, escaped=extra.get("escaped", False), key="story")
    response = client.put(f"/api/drafts/{STORY_DRAFT_SLOT}/", body, content_type="application/json")

    def stored() -> str:
        kept = Draft.objects.filter(member=world.member, slot=STORY_DRAFT_SLOT).first()
        return "\n".join(str(v) for v in kept.fields.values()) if kept else ""

    return response, stored


def _screen(world, client, value, extra):
    client.force_login(world.member)
    body = _json_body(
        value,
        escaped=extra.get("escaped", False),
        whole=extra.get("whole_body", False),
        key="text",
    )
    response = client.post("/api/screen/", body, content_type="application/json")
    return response, None


SIGNUP_PASSWORD = "kettle-harbour-lantern-42"


def _display_name(world, client, value, extra):
    client.logout()
    response = _post_form(
        client,
        "/accounts/signup/",
        {
            "display_name": value,
            "email": "new.parent@example.org",
            "password1": SIGNUP_PASSWORD,
            "password2": SIGNUP_PASSWORD,
        },
    )
    return response, lambda: User.objects.get(email="new.parent@example.org").display_name


def _search(path):
    def run(world, client, value, extra):
        client.force_login(world.member)
        # A query starting with "%" is sent as written (already percent-encoded bytes).
        raw = value.encode("utf-8", "surrogatepass")
        query = value if value.startswith("%") else percent_encoded(raw)
        url = f"{path}?q={query}"
        if "page" in extra:
            url += f"&page={extra['page']}"
        response = None
        for _ in range(extra.get("repeat", 1)):
            response = client.get(url)
        return response, None

    return run


def _url(world, client, value, extra):
    # The desk's URLs as a moderator (a member is sent to sign in before the id is read).
    client.force_login(world.desk if value.startswith("/admin/") else world.member)
    return client.get(world.fill(value)), None


def _upload(world, client, value, extra):
    client.force_login(world.admin)
    data, content_type = UPLOAD_RECIPES[value]()
    response = client.post(
        "/admin/images/add/",
        {
            "title": "A picture",
            "file": SimpleUploadedFile(extra["name"], data, content_type=content_type),
        },
    )

    def stored() -> str:
        image = get_image_model().objects.latest("pk")
        return image.file.name

    return response, stored


_SENDERS = {
    "reply": _reply,
    "content_note": _content_note,
    "thread_title": _thread_title,
    "story_title": _story_title,
    "story_body": _story_body,
    "testimony": _testimony,
    "report_note": _report_note,
    "draft": _draft,
    "moderation_note": _moderation_note,
    "story_draft": _story_draft,
    "screen": _screen,
    "display_name": _display_name,
    "story_search": _search("/stories/search/"),
    "forum_search": _search("/forums/search/"),
    "url": _url,
    "upload": _upload,
}


# --- Pages that show what was sent -------------------------------------------------------------


def pages_after(world: World, sink: str) -> list[tuple[str, str, User | None]]:
    """(path, who reads it) for every page that shows what `sink` stores."""
    thread = world.thread.get_absolute_url()
    desk = [("/admin/moderation/", world.desk)]
    if sink in ("reply", "content_note", "draft"):
        return [
            (f"{thread}?page=last", world.member),
            (thread, world.reader),
            (f"/forums/{world.board_slug}/", world.member),
            (f"/api/drafts/{draft_slot(world)}/", world.member),
            *desk,
        ]
    if sink == "moderation_note":
        return [
            (f"/admin/moderation/{world.held_item_id}/", world.desk),
            ("/admin/moderation/audit/", world.desk),
            *desk,
            (world.thread.get_absolute_url(), world.held_author),
            ("/notifications/", world.held_author),
        ]
    if sink == "story_draft":
        return [
            ("/stories/write/", world.member),
            (f"/api/drafts/{STORY_DRAFT_SLOT}/", world.member),
        ]
    if sink == "thread_title":
        return [
            (f"/forums/{world.board_slug}/", world.member),
            (f"/forums/{world.board_slug}/", world.reader),
            (f"/forums/{world.board_slug}/new/", world.member),
            ("/forums/search/?q=Kestrel", world.member),
            *desk,
        ]
    if sink in ("story_title", "story_body"):
        return [
            ("/stories/mine/", world.member),
            ("/stories/write/", world.member),
            *desk,
        ]
    if sink == "testimony":
        base = f"/campaigns/{world.campaign_slug}"
        return [
            (f"{base}/testimony/", world.member),
            (f"{base}/testimony/?edit=1", world.member),
            (f"{base}/organise/testimony/", world.organiser),
            *desk,
        ]
    if sink == "report_note":
        return [(thread, world.member), *desk]
    if sink == "display_name":
        return [("/accounts/signup/", None)]
    if sink == "upload":
        return [("/admin/images/", world.admin)]
    return []


def load_pages(world: World, sink: str, extra_paths: list[tuple[str, User]] = ()) -> list[str]:
    """Load every page that shows what was sent; the problems found (5xx, a script run)."""
    problems = []
    reader = Client()
    for path, who in [*pages_after(world, sink), *extra_paths]:
        if who is None:
            reader.logout()
        else:
            reader.force_login(who)
        try:
            response = reader.get(path)
        except Exception as error:  # the test client re-raises what a view raised: a 500
            problems.append(f"{path} raised {type(error).__name__}: {str(error)[:200]}")
            continue
        if response.status_code >= 500:
            problems.append(f"{path} answered {response.status_code}")
            continue
        # Raw, not unescaped: "&lt;script&gt;" is the member's words shown safely.
        # Only HTML runs in a browser: a JSON answer carries the member's words as data.
        is_html = response.get("Content-Type", "").startswith("text/html")
        shown = response.status_code < 300 and is_html
        raw = response.content.decode("utf-8", "replace") if shown else ""
        if LIVE_MARKUP.search(raw):
            problems.append(f"{path} shows member markup unescaped")
    return problems
