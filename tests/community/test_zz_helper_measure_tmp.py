import time
import pytest
from django.conf import settings
from tests.factories import UserFactory, board, published_thread
from tests.reliability.servers import RedisServer, free_port, session_cookie_value, start_worker
from django.db import connections

pytestmark = pytest.mark.django_db(transaction=True)

OLD = open("/tmp/sv-helper-old-thread.js").read()

def wait(page, ok, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        text = page.locator("[data-live-status]").text_content() or ""
        if ok(text):
            return
        page.wait_for_timeout(100)
    raise AssertionError(text)


@pytest.mark.parametrize("which", ["new", "old"])
@pytest.mark.parametrize("outage", [20, 45])
def test_measure(tmp_path, which, outage):
    from playwright.sync_api import sync_playwright
    redis = RedisServer(port=free_port()); redis.start()
    member = UserFactory()
    thread = published_thread(on=board())
    key = session_cookie_value(member)
    connections.close_all()
    worker = start_worker(tmp_path, REDIS_URL=redis.url, RELIABILITY_PREFIX=f"m{free_port()}")
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless=new", "--no-sandbox", "--disable-gpu"])
            context = browser.new_context()
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": key, "url": worker.url}])
            page = context.new_page()
            if which == "old":
                page.route("**/static/forums/thread.js", lambda route: route.fulfill(body=OLD, content_type="text/javascript"))
            page.goto(worker.url + thread.get_absolute_url())
            status = page.locator("[data-live-status]")
            wait(page, lambda t: t == "Live: new replies appear here.", 30)
            redis.stop()
            wait(page, lambda t: "paused" in t, 30)
            time.sleep(outage)
            redis.start()
            t0 = time.monotonic()
            wait(page, lambda t: t == "Live: new replies appear here.", 60)
            took = time.monotonic() - t0
            print(f"\nMEASURE {which} outage={outage}s: live again {took:.1f} s after Redis was back")
            browser.close()
    finally:
        worker.stop(); redis.stop()
