"""The composer's pre-send check and `manage.py screen`."""

from __future__ import annotations

import io
import json
import sys

import pytest
from django.core.management import call_command

from moderation.models import LocalTerm, WatchedWord
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def check(client, text: str):
    return client.post("/api/screen/", json.dumps({"text": text}), content_type="application/json")


def test_a_member_sees_the_findings_marked_in_their_own_text(client):
    client.force_login(UserFactory())

    response = check(client, "Ring me on 07700 900123 <script>x</script>")

    assert response.status_code == 200
    data = response.json()
    assert data["action"] == "hold"
    [finding] = data["findings"]
    assert finding["kind"] == "phone"
    assert finding["replacement"] == "[a phone number]"
    assert "&lt;script&gt;" in data["html"]
    assert 'data-kind="phone"' in data["html"]


def test_a_risk_finding_tells_the_composer_to_show_signposting(client):
    client.force_login(UserFactory())

    assert check(client, "I just want to end it all").json()["signpost"] is True


def test_a_visitor_cannot_use_the_screening_endpoint(client):
    response = check(client, "anything")

    assert response.status_code == 403
    assert "sign in" in response.json()["error"]


def test_the_screening_endpoint_is_rate_limited_with_a_kind_message(client):
    client.force_login(UserFactory())
    statuses = [check(client, "hello").status_code for _ in range(31)]

    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
    assert "wait a moment" in check(client, "hello").json()["error"]


def test_too_long_a_text_is_refused_clearly(client):
    client.force_login(UserFactory())

    response = check(client, "x" * 20_001)

    assert response.status_code == 400


def run_screen(monkeypatch, text: str, *args: str) -> list[dict]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    out = io.StringIO()
    call_command("screen", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_screen_command_prints_one_json_object_per_line_with_lines(monkeypatch):
    LocalTerm.objects.create(text="Kestrel Fields", kind="place")
    WatchedWord.objects.create(pattern="opp*", match="wildcard", action="flag")

    rows = run_screen(
        monkeypatch,
        "We had a good day.\nHe hangs about Kestrel Fields\nthe opps were out\n",
        "--lines",
    )

    assert [row["action"] for row in rows] == ["pass", "hold", "flag"]
    place = rows[1]["findings"][0]
    assert place["kind"] == "place"
    assert (place["start"], place["end"]) == (15, 29)
    assert place["replacement"] == "[a place]"


def test_screen_command_treats_all_input_as_one_item_without_lines(monkeypatch):
    rows = run_screen(monkeypatch, "line one\nline two 07700 900123\n")

    assert len(rows) == 1
    assert rows[0]["findings"][0]["kind"] == "phone"


def test_screen_command_says_which_detector_found_each_detail_and_in_what_text(monkeypatch):
    rows = run_screen(monkeypatch, "text me on 07700 900123 tonight\n", "--explain")

    phone = rows[0]["findings"][0]
    assert phone["text"] == "07700 900123"
    assert phone["detector"] == "phones"
    assert phone["normalisation"] == "none"
    assert phone["why"].startswith("a phone number, found by phones")


def test_screen_command_explains_a_detail_found_only_after_undoing_a_disguise(monkeypatch):
    text = "text me on 0 7 7 0 0 9 0 0 1 2 3 tonight\n"

    rows = run_screen(monkeypatch, text, "--explain")

    phone = next(f for f in rows[0]["findings"] if f["kind"] == "phone")
    assert phone["text"] == "0 7 7 0 0 9 0 0 1 2 3"
    assert phone["normalisation"] != "none"
    assert "after undoing" in phone["why"]
