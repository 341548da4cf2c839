"""WCAG 2.2 AA: axe-core, run in Chromium on the pages members, visitors and moderators use,
finds no serious or critical violation."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from axe_playwright_python.sync_playwright import Axe

from community.models import SignpostingPage
from tests.browser.conftest import sign_in
from tests.factories import (
    UserFactory,
    board,
    campaign,
    moderator,
    published_story,
    published_thread,
    trusted_member,
)

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
BLOCKING = {"serious", "critical"}


def _home(base: str):
    return None, "/"


def _signposting(base: str):
    page = SignpostingPage.objects.live().first()
    return None, page.url if page else "/need-help-now/"


def _stories_index(base: str):
    published_story(title="The year we stopped sleeping")
    return None, "/stories/"


def _story(base: str):
    return None, published_story(title="The year we stopped sleeping").url


def _board(base: str):
    place = board(slug="late-nights", title="Late nights")
    published_thread(on=place, title="Another hard week")
    return trusted_member(), "/forums/late-nights/"


def _thread(base: str):
    thread = published_thread(on=board(slug="late-nights"), title="Another hard week")
    return trusted_member(), thread.get_absolute_url()


def _campaign(base: str):
    made = campaign(title="Believe parents", questions=[("long", "What happened?")])
    return None, f"/campaigns/{made.slug}/"


def _testimony_form(base: str):
    made = campaign(title="Believe parents", questions=[("long", "What happened?")])
    return trusted_member(), f"/campaigns/{made.slug}/testimony/"


def _sign_in_page(base: str):
    return None, "/accounts/login/"


def _sign_up_page(base: str):
    return None, "/accounts/signup/"


def _account_email(base: str):
    return UserFactory(), "/accounts/email/"


def _account_data(base: str):
    return UserFactory(), "/account/data/"


def _account_password(base: str):
    return UserFactory(), "/accounts/password/change/"


def _account_two_step(base: str):
    return UserFactory(), "/accounts/2fa/"


def _account_stories(base: str):
    return trusted_member(), "/stories/mine/"


def _account_notifications(base: str):
    return trusted_member(), "/notifications/"


def _write_story(base: str):
    return trusted_member(), "/stories/write/"


def _house_rules_easy_read(base: str):
    return None, "/house-rules/easy-read/"


def _desk(base: str):
    return moderator(), "/admin/moderation/"


PAGES: dict[str, Callable] = {
    "home": _home,
    "signposting": _signposting,
    "stories index": _stories_index,
    "a story": _story,
    "forum board": _board,
    "thread with composer": _thread,
    "campaign page": _campaign,
    "testimony form": _testimony_form,
    "sign in": _sign_in_page,
    "join": _sign_up_page,
    "account e-mail": _account_email,
    "account data": _account_data,
    "account password": _account_password,
    "account two-step sign-in": _account_two_step,
    "account stories": _account_stories,
    "account notifications": _account_notifications,
    "write a story": _write_story,
    "house rules in easy read": _house_rules_easy_read,
    "moderators' desk": _desk,
}


# What must be on the page for its check to mean anything (the page checked is the one named).
MUST_SHOW = {
    "thread with composer": "textarea[name='body']",
    "testimony form": "form[method='post'] textarea",
    "write a story": "form[method='post'] textarea",
}


def _describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes'][:3]]}"
        for v in violations
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_or_critical_violation(name, live_server_url, context, page) -> None:
    member, path = PAGES[name](live_server_url)
    if member is not None:
        sign_in(context, live_server_url, member)

    response = page.goto(live_server_url + path)
    assert response is not None and response.ok, f"{path}: {response and response.status}"
    page.wait_for_load_state("networkidle")
    if name in MUST_SHOW:
        assert page.locator(MUST_SHOW[name]).count() >= 1, f"{name}: {MUST_SHOW[name]} missing"
    results = Axe().run(page, options=AXE_OPTIONS)

    blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING]
    assert results.response["testEngine"]["name"] == "axe-core"
    assert blocking == [], _describe(blocking)
