"""Member pages speak plainly: no technical or official words where everyday ones do, and
short sentences (the UK government's guidance for plain English: about 15 to 20 words on
average, 25 at most in a sentence)."""

from __future__ import annotations

import html
import re

import pytest

from community.models import SignpostingPage
from tests.factories import board, campaign, published_thread, trusted_member

pytestmark = pytest.mark.django_db

# Words that make a worried parent stop and guess, with what to say instead.
JARGON = {
    "invalid": "not right",
    "credentials": "e-mail and password",
    "authenticate": "sign in",
    "authentication": "signing in",
    "submit": "send",
    "utilise": "use",
    "terminate": "end",
    "prior to": "before",
    "in accordance with": "as",
    "aforementioned": "this",
    "commence": "start",
    "user": "member",
    "username": "e-mail",
    "error occurred": "something went wrong",
    "request failed": "that didn't work",
}
LONGEST = 30
AVERAGE = 20


_BLOCKS = r"p|li|h[1-6]|label|legend|td|th|dt|dd|button|option|summary|div|section|ul|ol|form|nav|a"


def _visible_words(page: str) -> str:
    """The text a reader sees in the page's main part, one line per block (a paragraph, a
    heading, a list item, a label...)."""
    main = page.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    main = re.sub(r"<(script|style|template)\b.*?</\1>", " ", main, flags=re.S | re.I)
    main = re.sub(rf"</?(?:{_BLOCKS})\b[^>]*>", "\n", main, flags=re.I)
    main = re.sub(r"<[^>]+>", " ", main)
    lines = (" ".join(line.split()) for line in html.unescape(main).split("\n"))
    return "\n".join(line for line in lines if line)


def _sentences(text: str) -> list[str]:
    """Sentences of three words or more (a heading or a button label is not a sentence)."""
    return [
        sentence
        for line in text.split("\n")
        for sentence in re.split(r"(?<=[.!?])\s+", line)
        if len(sentence.split()) >= 3
    ]


def _pages(client):
    """(what, path, member or None) for the pages members and visitors read most."""
    place = board(slug="late-nights", title="Late nights")
    thread = published_thread(on=place, title="Another hard week")
    made = campaign(title="Believe parents", questions=[("long", "What happened?")])
    signposting = SignpostingPage.objects.live().first()
    member = trusted_member()
    return [
        ("home", "/", None),
        ("forums for a visitor", "/forums/", None),
        ("sign in", "/accounts/login/", None),
        ("join", "/accounts/signup/", None),
        ("house rules", "/house-rules/", None),
        ("house rules, easy read", "/house-rules/easy-read/", None),
        ("help", signposting.url if signposting else "/need-help-now/", None),
        ("campaign", f"/campaigns/{made.slug}/", None),
        ("forums", "/forums/", member),
        ("board", place.get_absolute_url(), member),
        ("thread", thread.get_absolute_url(), member),
        ("write a story", "/stories/write/", member),
        ("your data", "/account/data/", member),
        ("notifications", "/notifications/", member),
        ("testimony", f"/campaigns/{made.slug}/testimony/", member),
        ("page not found", "/no-such-page/", member),
    ]


def test_member_pages_use_everyday_words_and_short_sentences(client) -> None:
    problems = []
    for what, path, member in _pages(client):
        if member is not None:
            client.force_login(member)
        else:
            client.logout()
        response = client.get(path)
        assert response.status_code in (200, 404), f"{what}: {response.status_code}"
        text = _visible_words(response.content.decode())
        assert text, what
        lowered = f" {text.lower()} "
        for word, instead in JARGON.items():
            if re.search(rf"\b{re.escape(word)}\b", lowered):
                problems.append(f"{what}: '{word}' (say '{instead}')")
        sentences = _sentences(text)
        lengths = [len(sentence.split()) for sentence in sentences]
        for sentence, length in zip(sentences, lengths, strict=True):
            if length > LONGEST:
                problems.append(f"{what}: a sentence of {length} words: {sentence[:90]}...")
        if lengths and sum(lengths) / len(lengths) > AVERAGE:
            problems.append(f"{what}: sentences average {sum(lengths) / len(lengths):.0f} words")

    assert problems == [], "\n".join(problems)
