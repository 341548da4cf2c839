"""The database unavailable: a kind 503 page made without it, and the member's words kept
(a reply, a story, a testimony) with the form's send key, never a password or a sign-in token.

The workers here are real Daphne processes whose DATABASE_URL points where no database
answers, as when PostgreSQL is down or unreachable; the session, the page and the send all fail
at the database, in middleware (the session) or in the view.
"""

from __future__ import annotations

import html
import re
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.urls import reverse

from campaigns import models as campaign_models
from campaigns.selectors import questions_of
from forums.models import Post
from stories.models import StorySubmission
from tests.factories import board, campaign, published_thread, trusted_member

from .servers import Browserless, session_cookie_value, unreachable_database_url

pytestmark = pytest.mark.django_db(transaction=True)

WORDS = "We had <b>a hard</b> night & I need to write it down before I forget."


def test_a_visitor_gets_a_kind_503_page_when_the_database_is_unreachable(workers, tmp_path):
    worker = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")
    status, page = Browserless(session="").request(worker.url, "/")
    assert status == 503
    assert "We can't reach our records just now" in page
    assert "Leave this site" in page  # quick exit still works
    assert "Traceback" not in page and "OperationalError" not in page


def test_a_reply_sent_while_the_database_is_down_comes_back_with_its_words(workers, tmp_path):
    thread = published_thread(on=board())
    member = Browserless(session_cookie_value(trusted_member()))
    down = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")

    key = "a-reply-form-key-0001"
    status, page = member.request(
        down.url,
        thread.get_absolute_url(),
        {"body": WORDS, "content_note": "night", "send_token": key},
    )

    assert status == 503
    assert "your words are here" in page
    # Escaped, in a box the member can copy from or send again.
    assert html.escape(WORDS, quote=False) in page
    assert "<b>a hard</b>" not in page
    form = re.search(r'<form method="post" action="([^"]+)">', page)
    assert form and html.unescape(form.group(1)) == thread.get_absolute_url()
    assert Post.objects.filter(thread=thread).count() == 1  # nothing half-saved

    # The database is back (another worker on the real one): "Try sending again" sends the
    # very fields the page gave back, once.
    resend = {
        name: html.unescape(value)
        for name, value in re.findall(
            r'<textarea id="kept-\w+" name="(\w+)"[^>]*>([^<]*)</textarea>', page
        )
    }
    assert resend == {"body": WORDS, "content_note": "night"}
    # The form's send key goes back too, so sending again twice (or after a send that did
    # reach the database) saves the reply once.
    assert f'<input type="hidden" name="send_token" value="{key}">' in page
    resend["send_token"] = key
    up = workers()
    for _ in range(2):
        status, _ = member.request(up.url, thread.get_absolute_url(), resend)
        assert status == 302, up.output()[-3000:]
    assert Post.objects.filter(thread=thread, body=WORDS).count() == 1


def test_a_password_is_never_given_back_on_the_503_page(workers, tmp_path):
    down = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")
    status, page = Browserless(session="").request(
        down.url,
        "/accounts/login/",
        {"login": "someone@example.org", "password": "s3cret-Pa55word"},
    )
    assert status == 503
    assert "s3cret-Pa55word" not in page
    assert "someone@example.org" not in page


# --- Stories and testimony ---------------------------------------------------------------------

STORY_TITLE = "The winter we <i>stopped</i> answering the door"
STORY = (
    "He came home at four & said nothing.\n\nWe learnt to wait <b>up</b>.\n\n- a list\n- of nights"
)
LONG_ANSWER = "They asked what I had done <b>wrong</b> & wrote that he chose to go."
SHORT_ANSWER = "The first officer's words"


def send(member: Browserless, base: str, path: str, fields: list[tuple[str, str]]):
    """POST a form whose fields may repeat (ticked boxes), as a browser sends it; the status
    and the page, without following a redirect."""
    body = urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", member.csrf)]).encode()
    headers = {
        "Cookie": member.cookie,
        "Origin": base,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(base + path, body, headers), timeout=20) as done:
            return done.status, done.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def kept_boxes(page: str) -> list[tuple[str, str]]:
    return [
        (name, html.unescape(value))
        for name, value in re.findall(
            r'<textarea id="kept-\w+" name="(\w+)"[^>]*>([^<]*)</textarea>', page
        )
    ]


def kept_hidden(page: str) -> list[tuple[str, str]]:
    return [
        (name, html.unescape(value))
        for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', page)
        if name != "csrfmiddlewaretoken"
    ]


def test_a_story_sent_while_the_database_is_down_comes_back_with_its_words(workers, tmp_path):
    author = trusted_member()
    member = Browserless(session_cookie_value(author))
    down = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")
    fields = [
        ("title", STORY_TITLE),
        ("body", STORY),
        ("content_notes", "violence"),
        ("content_notes", "self-harm"),
        ("teller", "mum"),
        ("region", "north-west"),
        ("naming", "byline"),
        ("channels", "website"),
        ("channels", "campaigns"),
        ("years", "1"),
        ("agree", "on"),
        ("send_anyway", "1"),
    ]

    status, page = send(member, down.url, reverse("stories:write"), fields)

    assert status == 503
    assert "your words are here" in page
    assert html.escape(STORY, quote=False) in page
    assert "<b>up</b>" not in page and "<i>stopped</i>" not in page
    assert kept_boxes(page) == [("title", STORY_TITLE), ("body", STORY)]
    assert not StorySubmission.objects.exists()  # nothing half-saved

    # Back up: "Try sending again" sends the story with every choice the member made, once.
    resend = kept_boxes(page) + kept_hidden(page)
    assert sorted(resend) == sorted(fields)
    up = workers()
    status, _ = send(member, up.url, reverse("stories:write"), resend)
    assert status == 302, up.output()[-3000:]
    story = StorySubmission.objects.get(author=author)
    assert (story.title, story.body) == (STORY_TITLE, STORY)
    assert story.content_notes == ["violence", "self-harm"]
    assert story.current_consent().channels == ["website", "campaigns"]


def test_a_testimony_sent_while_the_database_is_down_comes_back_with_its_answers(workers, tmp_path):
    made = campaign(
        questions=[
            ("long", "What happened when you first asked for help?"),
            ("short", "What do you remember most?"),
            ("multiple", "Who did you ask?", ["Police", "School", "Social care"]),
            ("scale", "How much did they help?"),
        ]
    )
    long_q, short_q, multiple_q, scale_q = (q.field_name for q in questions_of(made))
    author = trusted_member()
    member = Browserless(session_cookie_value(author))
    down = workers(DATABASE_URL=unreachable_database_url(tmp_path), REDIS_URL="")
    fields = [
        (long_q, LONG_ANSWER),
        (short_q, SHORT_ANSWER),
        (multiple_q, "Police"),
        (multiple_q, "Social care"),
        (scale_q, "2"),
        ("consent_parliament", "on"),
        ("consent_contact", "on"),
        ("send_token", "a-testimony-form-key-01"),
    ]
    path = f"/campaigns/{made.slug}/testimony/"

    status, page = send(member, down.url, path, fields)

    assert status == 503
    assert "your words are here" in page
    assert html.escape(LONG_ANSWER, quote=False) in page
    assert "<b>wrong</b>" not in page
    assert kept_boxes(page) == [(long_q, LONG_ANSWER), (short_q, SHORT_ANSWER), (scale_q, "2")]
    assert not campaign_models.Testimony.objects.exists()

    # Everything comes back, the form's send key too (sending again cannot save it twice).
    resend = kept_boxes(page) + kept_hidden(page)
    assert sorted(resend) == sorted(fields)
    up = workers()
    status, _ = send(member, up.url, path, resend)
    assert status == 302, up.output()[-3000:]
    given = campaign_models.Testimony.objects.get(author=author)
    by_question = {f"q_{key}": value for key, value in given.answers.items()}
    assert by_question[long_q] == LONG_ANSWER
    assert by_question[short_q] == SHORT_ANSWER
    assert sorted(by_question[multiple_q]) == ["Police", "Social care"]
    assert str(by_question[scale_q]) == "2"
    assert (given.consent_parliament, given.consent_contact) == (True, True)
    assert (given.consent_campaigns, given.consent_press) == (False, False)
