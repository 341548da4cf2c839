"""The pages made when something fails still send "Leave this site" where staff chose."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

from community.selectors import forget_site_frame, safety_settings

CHOSEN = "https://weather.example.org/today"
DEFAULT = "https://www.bbc.co.uk/weather"


def quick_exit_href(response) -> str:
    html = response.content.decode()
    start = html.index('id="quick-exit" href="') + len('id="quick-exit" href="')
    return html[start : html.index('"', start)]


@pytest.fixture
def chosen_exit(db):
    settings = safety_settings()
    settings.quick_exit_url = CHOSEN
    settings.save()
    forget_site_frame()
    return CHOSEN


@pytest.fixture
def boom_site(settings):
    settings.ROOT_URLCONF = "tests.boom_urls"
    settings.DEBUG = False


def test_the_500_page_leaves_for_the_site_staff_chose_once_a_page_has_been_served(
    chosen_exit, boom_site
):
    client = Client(raise_request_exception=False)
    assert quick_exit_href(client.get("/")) == CHOSEN

    response = client.get("/boom/")

    assert response.status_code == 500
    assert quick_exit_href(response) == CHOSEN


def test_the_500_page_still_knows_the_chosen_site_when_the_cache_has_forgotten_it(
    chosen_exit, boom_site
):
    client = Client(raise_request_exception=False)
    client.get("/")
    cache.clear()  # as after a Redis restart: only this process remembers

    assert quick_exit_href(client.get("/boom/")) == CHOSEN


def test_the_400_page_for_a_body_too_big_to_read_leaves_for_the_site_staff_chose(
    chosen_exit, boom_site, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    client = Client(raise_request_exception=False)
    client.get("/")

    response = client.post("/accounts/login/", {f"field{n}": "x" for n in range(20)})

    assert response.status_code == 400
    assert "We couldn't read what was sent" in response.content.decode()
    assert quick_exit_href(response) == CHOSEN


def test_before_any_page_is_served_the_error_pages_use_the_settings_default(db, boom_site):
    forget_site_frame()
    response = Client(raise_request_exception=False).get("/boom/")

    assert response.status_code == 500
    assert quick_exit_href(response) == DEFAULT


def test_the_404_page_uses_the_site_staff_chose(chosen_exit):
    response = Client().get("/no-such-page-here/")

    assert response.status_code == 404
    assert quick_exit_href(response) == CHOSEN
