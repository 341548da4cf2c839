"""The project's XSS corpus (tests/reliability/xss_corpus.txt) in a real Chromium.

Every payload goes in as a post (through the forum service, and live through the page's own
server while a reader watches) and, where it fits the 30 characters a name may have, as a
display name stored as is (as if it had slipped past the name rules). Every payload also goes
in as a story title (through the story form) and, all together, as one story typed into the
form and one testimony answer typed into the campaign's form; they are read where the author,
a moderator, a reader of the published story and the campaign's organiser see them. No page
may run any of them: no `window.__xss`, no dialog, no element with an event handler or a
script URL, and no request to any host but the site itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client
from django.urls import reverse

from campaigns import models as campaign_models
from community.input.sanitise import ALLOWED_TAGS, render_markdown
from community.models import User
from forums import services
from forums.models import Post
from moderation import services as moderation_services
from moderation.models import QueueItem
from moderation.views import PAGE_SIZE as DESK_PAGE_SIZE
from stories.forms import MAX_TITLE
from stories.models import StoryPage, StorySubmission
from tests.browser.conftest import WATCH_PAGE, sign_in
from tests.factories import (
    board,
    campaign,
    moderator,
    organiser,
    published_thread,
    story_index,
    trusted_member,
)
from tests.reliability.servers import Browserless, session_cookie_value

CORPUS = Path(__file__).resolve().parents[1] / "reliability" / "xss_corpus.txt"
PAYLOADS = [
    line for line in CORPUS.read_text().splitlines() if line.strip() and not line.startswith("#")
]
NAME_LENGTH = User._meta.get_field("display_name").max_length
NAME_PAYLOADS = [payload for payload in PAYLOADS if len(payload) <= NAME_LENGTH]
LIVE_TIMEOUT_MS = 30_000

# What a page must not contain inside its posts, whatever was written.
INSPECT_POSTS = """() => {
  const found = [];
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href"];
  for (const el of document.querySelectorAll("[data-thread] *")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
      if (urlAttrs.includes(attr.name) && /^\\s*(javascript|vbscript|data):/i.test(attr.value))
        found.push(`${el.tagName} ${attr.value}`);
    }
  }
  // Inside what members wrote (bodies, quotes, names), only the sanitiser's few tags.
  const written = document.querySelectorAll(
    "[data-thread] .post-body *, [data-thread] .post-quote *, [data-thread] .post-author *");
  const allowed = /^(P|BR|STRONG|EM|A|UL|OL|LI|BLOCKQUOTE|CODE|PRE|HR|H3|H4|DEL)$/;
  for (const el of written) if (!allowed.test(el.tagName)) found.push(el.tagName);
  return found;
}"""


def watch_for_escape(page, base_url: str) -> dict[str, list[str]]:
    """Dialogs and requests to other hosts on `page`, from now on."""
    seen: dict[str, list[str]] = {"dialogs": [], "elsewhere": []}
    home = urlsplit(base_url).netloc

    def on_dialog(dialog) -> None:
        seen["dialogs"].append(dialog.message)
        dialog.dismiss()

    def on_request(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != home:
            seen["elsewhere"].append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.add_init_script(WATCH_PAGE)
    return seen


def assert_nothing_ran(page, seen) -> None:
    page.wait_for_timeout(500)  # let any onerror, onload or animation fire
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert seen["dialogs"] == []
    assert seen["elsewhere"] == []
    assert page.evaluate(INSPECT_POSTS) == []


def test_no_corpus_payload_runs_as_a_post_a_title_or_a_display_name(live_server_url, context, page):
    thread = published_thread(on=board(), title=PAYLOADS[0])
    writer = trusted_member()
    for payload in PAYLOADS:
        services.post_create(thread=thread, author=writer, body=payload)
    for n, payload in enumerate(NAME_PAYLOADS):
        # Stored as is, as if a name had slipped past the rules: the page must still escape it.
        named = trusted_member()
        User.objects.filter(pk=named.pk).update(display_name=payload, display_name_key=f"x{n}")
        services.post_create(thread=thread, author=named, body=f"Posted under name {n}.")

    # The writer sees every one of their posts, held ones too.
    sign_in(context, live_server_url, writer)
    seen = watch_for_escape(page, live_server_url)
    pages = (Post.objects.filter(thread=thread).count() + 49) // 50
    for number in range(1, pages + 1):
        page.goto(f"{live_server_url}{thread.get_absolute_url()}?page={number}")
        assert_nothing_ran(page, seen)
    names = page.locator("[data-thread] .post-author").all_inner_texts()
    assert set(NAME_PAYLOADS) <= set(names)  # shown as the text that was stored
    page.goto(f"{live_server_url}{thread.board.get_absolute_url()}")
    assert_nothing_ran_outside_posts(page, seen)


def assert_nothing_ran_outside_posts(page, seen) -> None:
    page.wait_for_timeout(500)
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert seen["dialogs"] == [] and seen["elsewhere"] == []


def test_no_corpus_payload_runs_when_it_arrives_live(live_server_url, context, page):
    thread = published_thread(on=board())
    reader = trusted_member()
    sign_in(context, live_server_url, reader)
    seen = watch_for_escape(page, live_server_url)
    page.goto(f"{live_server_url}{thread.get_absolute_url()}")
    page.wait_for_function(
        "() => (document.querySelector('[data-live-status]') || {}).textContent"
        " === 'Live: new replies appear here.'",
        timeout=LIVE_TIMEOUT_MS,
    )

    # Sent through the page's own server, ten a member (the posting limit), so the events are
    # published where the reader's socket is served.
    senders: list[Browserless] = []
    for n, payload in enumerate(PAYLOADS):
        if n % 10 == 0:
            client = Client()
            client.force_login(trusted_member())
            senders.append(Browserless(client.cookies[settings.SESSION_COOKIE_NAME].value))
        status, _ = senders[-1].request(
            live_server_url, thread.get_absolute_url(), {"body": payload}
        )
        assert status == 302
    for n, payload in enumerate(NAME_PAYLOADS):
        named = trusted_member()
        User.objects.filter(pk=named.pk).update(display_name=payload, display_name_key=f"y{n}")
        client = Client()
        client.force_login(named)
        status, _ = Browserless(client.cookies[settings.SESSION_COOKIE_NAME].value).request(
            live_server_url, thread.get_absolute_url(), {"body": f"Live under name {n}."}
        )
        assert status == 302

    published = Post.objects.filter(thread=thread, moderation_state="published").count()
    assert published > len(PAYLOADS) // 2  # most are plain text to screening
    page.wait_for_function(
        f"() => document.querySelectorAll('[data-thread] article.post').length >= {published}",
        timeout=LIVE_TIMEOUT_MS,
    )
    assert_nothing_ran(page, seen)
    assert re.search(r"Live under name \d+\.", page.content())


# --- Other hostile text on the page ------------------------------------------------------------


def test_a_very_long_word_does_not_widen_the_page(live_server_url, context, page):
    thread = published_thread(on=board())
    writer = trusted_member()
    services.post_create(thread=thread, author=writer, body="a" * 5_000)
    services.post_create(thread=thread, author=writer, body="`" + "b" * 3_000 + "`")
    sign_in(context, live_server_url, writer)
    page.set_viewport_size({"width": 390, "height": 800})  # a phone
    page.goto(f"{live_server_url}{thread.get_absolute_url()}")
    widths = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


# --- Stories and testimony ---------------------------------------------------------------------

# On the other surfaces: nothing with an event handler or a script URL anywhere in the page's
# main part; inside what members wrote, only the sanitiser's tags (rich) or, in escaped text
# (plain), only line breaks and the marks screening puts around details.
INSPECT_PAGE = """([rich, plain, allowed]) => {
  const found = [];
  const root = document.querySelector("main") || document.body;
  const urlAttrs = ["href", "src", "action", "formaction", "data", "xlink:href"];
  for (const el of root.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
      if (urlAttrs.includes(attr.name) && /^\\s*(javascript|vbscript|data):/i.test(attr.value))
        found.push(`${el.tagName} ${attr.value}`);
    }
  }
  const tags = new RegExp(`^(${allowed})$`);
  for (const el of rich ? document.querySelectorAll(rich) : [])
    for (const inner of el.querySelectorAll("*"))
      if (!tags.test(inner.tagName)) found.push(`${inner.tagName} in ${rich}`);
  for (const el of plain ? document.querySelectorAll(plain) : [])
    for (const inner of el.querySelectorAll("*"))
      if (!/^(BR|MARK)$/.test(inner.tagName)) found.push(`${inner.tagName} in ${plain}`);
  return found;
}"""
SANITISED_TAGS = "|".join(sorted(tag.upper() for tag in ALLOWED_TAGS))
# Every payload in one story and one answer, each on its own lines: one send per surface. The
# sanitiser treats them as it would one by one (checked below), and answers are escaped text.
BATCH = "\n\n".join(PAYLOADS)
# Not one of the corpus titles, so it names one story; the head is where a title could run.
BATCH_TITLE = "Every payload </title><script>window.__xss=100</script>"


def assert_page_clean(page, seen, *, rich: str = "", plain: str = "") -> None:
    """Nothing ran on `page`, nothing left for another host, nothing was blocked by the CSP
    (a blocked script is still one that got in), and no written element grew tags."""
    page.wait_for_timeout(300)  # let any onerror, onload or animation fire
    assert page.evaluate("typeof window.__xss") == "undefined", page.url
    assert seen["dialogs"] == [] and seen["elsewhere"] == [], page.url
    assert page.evaluate("() => window.__cspViolations") == [], page.url
    assert page.evaluate(INSPECT_PAGE, [rich, plain, SANITISED_TAGS]) == [], page.url


def squeeze(text: str) -> str:
    return " ".join(text.split())


def visit(page, url: str) -> None:
    response = page.goto(url)
    assert response is not None and response.ok, f"{url}: {response and response.status}"


def watched_page(new_context, base: str, user=None):
    page = new_context(user, base).new_page()
    return page, watch_for_escape(page, base)


def test_every_payload_is_batched_as_the_sanitiser_would_treat_it_alone():
    batch = render_markdown(BATCH)
    assert [p for p in PAYLOADS if render_markdown(p).strip() not in batch] == []


def test_no_corpus_payload_runs_in_a_story_where_its_author_a_moderator_or_a_reader_sees_it(
    live_server_url, new_context
):
    base = live_server_url
    index = story_index()
    author, desk_moderator = trusted_member(), moderator()
    assert all(len(payload) <= MAX_TITLE for payload in PAYLOADS)

    # Every payload as a story title, sent through the story form over HTTP (fast).
    sender = Browserless(session_cookie_value(author))
    for payload in PAYLOADS:
        status, _ = sender.request(
            base,
            reverse("stories:write"),
            {
                "title": payload,
                "body": f"Sent under a title. {payload}",
                "naming": "anonymous",
                "channels": "website",
                "years": "2",
                "agree": "on",
                "send_anyway": "1",
            },
        )
        assert status == 302, sender.location

    # And every payload in one story typed into the form in the browser, where the page's own
    # screening reads it as it is typed.
    member, seen = watched_page(new_context, base, author)
    visit(member, base + reverse("stories:write"))
    member.fill("#id_title", BATCH_TITLE)
    member.fill("#id_body", BATCH)
    member.check("#id_agree")
    member.wait_for_timeout(1_500)  # the screening request and its marks
    assert_page_clean(member, seen)
    with member.expect_navigation():
        member.get_by_role("button", name="Send for review").click()
    if not member.url.endswith(reverse("stories:mine")):  # details were marked: send anyway
        assert_page_clean(member, seen, plain=".server-findings .screen-preview")
        member.check("input[name=send_anyway]")
        with member.expect_navigation():
            member.get_by_role("button", name="Send for review").click()
    assert member.url.endswith(reverse("stories:mine")), member.url
    batch = StorySubmission.objects.get(author=author, title=BATCH_TITLE)
    assert batch.body == BATCH.replace("\n", "\r\n") or batch.body == BATCH

    # The author's list of stories (every title) and the story as sent.
    assert_page_clean(member, seen, plain=".my-story h2 a")
    titles = member.locator(".my-story h2 a").all_inner_texts()
    # Shown as the text that was stored (a form strips a title; a page collapses its spaces).
    assert {squeeze(p) for p in [*PAYLOADS, BATCH_TITLE]} <= {squeeze(t) for t in titles}
    visit(member, base + reverse("stories:submission", args=[batch.pk]))
    assert_page_clean(member, seen, rich=".story-body", plain="h1")
    assert member.locator("main h1").inner_text().strip() == BATCH_TITLE

    # A moderator: the desk (every title), the batch at the desk, and the story as sent.
    desk, desk_seen = watched_page(new_context, base, desk_moderator)
    waiting = QueueItem.for_instance(batch).get(state="waiting")
    pages = (QueueItem.objects.filter(state="waiting").count() + DESK_PAGE_SIZE - 1) // (
        DESK_PAGE_SIZE
    )
    for number in range(1, pages + 1):
        visit(desk, f"{base}{reverse('moderation:desk')}?page={number}")
        assert_page_clean(desk, desk_seen, plain=".desk-table td > a")
    visit(desk, base + reverse("moderation:item", args=[waiting.pk]))
    assert_page_clean(desk, desk_seen)
    visit(desk, base + reverse("stories:submission", args=[batch.pk]))
    assert_page_clean(desk, desk_seen, rich=".story-body", plain="h1")

    # Approved and published (as the desk and an editor's sign-off would), then read by a
    # visitor: the page, its head, and the story index.
    moderation_services.approve(item=waiting, moderator=desk_moderator, reason="A test corpus.")
    batch.refresh_from_db()
    batch.page.get_latest_revision().publish()
    story = StoryPage.objects.get(submission=batch)
    assert story.live
    reader, reader_seen = watched_page(new_context, base)
    visit(reader, base + story.url)
    # The body is one paragraph block (Wagtail's own <div>), holding the sanitised story.
    assert reader.locator(".story-body > *").count() == 1
    assert_page_clean(reader, reader_seen, rich=".story-body > .block-paragraph", plain="h1")
    assert reader.locator("main h1").inner_text().strip() == BATCH_TITLE
    assert BATCH_TITLE in reader.title()
    og_title = reader.locator("meta[property='og:title']").get_attribute("content")
    assert og_title == BATCH_TITLE
    assert "window.__xss=1" in reader.locator(".story-body").inner_text()  # shown as text
    visit(reader, base + index.url)
    assert_page_clean(reader, reader_seen)
    visit(member, base + reverse("stories:mine"))
    assert_page_clean(member, seen, plain=".my-story h2 a")


def test_no_corpus_payload_runs_in_testimony_where_its_author_a_moderator_or_an_organiser_sees_it(
    live_server_url, new_context
):
    base = live_server_url
    lead = organiser()
    made = campaign(by=lead, questions=[("long", "What happened?"), ("short", "In a line")])
    author, desk_moderator = trusted_member(), moderator()
    testimony_url = f"{base}/campaigns/{made.slug}/testimony/"
    short_payload = max(PAYLOADS, key=len)

    # The member types every payload into the testimony form (screened as they type).
    member, seen = watched_page(new_context, base, author)
    visit(member, testimony_url)
    member.get_by_label("What happened?").fill(BATCH)
    member.get_by_label("In a line").fill(short_payload)
    member.get_by_label("Give my words, without my name, as evidence to parliament").check()
    member.wait_for_timeout(1_500)  # the screening request and its marks
    assert_page_clean(member, seen)
    with member.expect_navigation():
        member.get_by_role("button", name="Send my testimony", exact=True).click()
    assert_page_clean(member, seen, plain=".testimony-answers dd")
    given = campaign_models.Testimony.objects.get(author=author)
    long_id, short_id = (str(q.pk) for q in made.testimony_form.questions.all())
    assert given.answers[long_id].replace("\r\n", "\n") == BATCH
    assert given.answers[short_id] == short_payload
    shown = member.locator(".testimony-answers dd").all_inner_texts()
    assert short_payload in shown

    # A moderator reads it at the desk and approves it.
    desk, desk_seen = watched_page(new_context, base, desk_moderator)
    waiting = QueueItem.for_instance(given).get(state="waiting")
    visit(desk, base + reverse("moderation:desk"))
    assert_page_clean(desk, desk_seen)
    visit(desk, base + reverse("moderation:item", args=[waiting.pk]))
    assert_page_clean(desk, desk_seen)
    moderation_services.approve(item=waiting, moderator=desk_moderator, reason="Checked.")

    # The organiser reviews it: the list, and the one testimony.
    review, review_seen = watched_page(new_context, base, lead)
    visit(review, f"{base}/campaigns/{made.slug}/organise/testimony/")
    assert_page_clean(review, review_seen, plain="dd")
    answers = review.locator("main dd").all_inner_texts()
    assert any("window.__xss=1" in answer for answer in answers)  # shown as text
    visit(review, f"{base}/campaigns/{made.slug}/organise/testimony/{given.pk}/")
    assert_page_clean(review, review_seen, plain=".testimony-answers dd")
    assert short_payload in review.locator(".testimony-answers dd").all_inner_texts()
