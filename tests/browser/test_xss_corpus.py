"""The project's XSS corpus (tests/reliability/xss_corpus.txt) in a real Chromium.

Every payload goes in as a post (through the forum service, and live through the page's own
server while a reader watches) and, where it fits the 30 characters a name may have, as a
display name stored as is (as if it had slipped past the name rules). The reader's page must
run none of them: no `window.__xss`, no dialog, no element with an event handler or a script
URL, and no request to any host but the site itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test import Client

from community.models import User
from forums import services
from forums.models import Post
from tests.browser.conftest import WATCH_PAGE, sign_in
from tests.factories import board, published_thread, trusted_member
from tests.reliability.servers import Browserless

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
