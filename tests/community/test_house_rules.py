"""The house rules, and their easy-read version, are on every page's footer for everyone."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_every_page_links_to_the_house_rules_and_their_easy_read_version(client) -> None:
    home = client.get("/").content.decode()

    assert 'href="/house-rules/"' in home
    assert 'href="/house-rules/easy-read/"' in home


def test_the_easy_read_rules_are_short_plain_sentences(client) -> None:
    response = client.get("/house-rules/easy-read/")

    assert response.status_code == 200
    body = response.content.decode()
    text = body.split('<div class="easy-read">', 1)[1].split("</div>", 1)[0]
    sentences = [re.sub(r"<[^>]+>", "", s).strip() for s in re.findall(r"<p>(.*?)</p>", text)]
    assert len(sentences) >= 15
    # Easy read: one idea a line, short lines.
    assert max(len(s.split()) for s in sentences) <= 12
    assert "Call <strong>999</strong>." in text


def test_the_full_rules_say_how_to_stay_anonymous_and_what_moderators_do(client) -> None:
    body = client.get("/house-rules/").content.decode()

    assert "Keep everyone anonymous, including you" in body
    assert "What moderators do" in body
    assert 'href="/house-rules/easy-read/"' in body
