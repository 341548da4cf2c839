"""Browser fixtures: the real ASGI app in a Daphne process, a local neutral site, and Chromium."""

from __future__ import annotations

import importlib.util
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from daphne.testing import DaphneProcess
from django.conf import settings
from django.db import connections
from django.test import Client

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOST = "127.0.0.1"
SERVER_START_TIMEOUT = 30
NEUTRAL_TITLE = "Neutral page"

_HERE = Path(__file__).resolve().parent


def _missing_requirement() -> str | None:
    if not Path(CHROMIUM_PATH).is_file():
        return f"Chromium not found at {CHROMIUM_PATH}: apt-get install chromium (CI does)"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright is not installed: pip install -e '.[browser]'"
    return None


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test in this folder `browser`, and skip them all when Chromium is absent."""
    missing = _missing_requirement()
    for item in items:
        if _HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)
        if missing:
            item.add_marker(pytest.mark.skip(reason=missing))


# --- The site under test ---------------------------------------------------------------------


class ForkedDaphneProcess(DaphneProcess):
    """Daphne in a forked child, which inherits the settings pytest-django has already pointed
    at the test database (Python 3.14 no longer forks by default on Linux)."""

    @staticmethod
    def _Popen(process_obj):
        return multiprocessing.get_context("fork").Process._Popen(process_obj)


def _asgi_application():
    # Looked up in the child, as `daphne community.config.asgi:application` would.
    from community.config.asgi import application

    return application


@pytest.fixture
def live_server_url(transactional_db, django_db_serialized_rollback) -> Iterator[str]:
    """The real ASGI application (pages, static files, /ws/) served by Daphne on the test DB.

    Transactional so that what a test writes is committed where the server can read it; the
    serialized rollback restores the migrations' rows (the Site, the home page) for each test.
    Static files come through WhiteNoise's finders (test settings), so no extra static handler.
    """
    # A forked child must not share the parent's database sockets.
    connections.close_all()
    process = ForkedDaphneProcess(HOST, _asgi_application)
    process.daemon = True  # never outlives an interrupted run
    process.start()
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not process.ready.wait(0.1):
            if not process.is_alive() or time.monotonic() > deadline:
                error = "" if process.errors.empty() else process.errors.get(timeout=1)[1]
                raise RuntimeError(f"Daphne did not start serving\n{error}")
        yield f"http://{HOST}:{process.port.value}"
    finally:
        process.terminate()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()


# --- Somewhere neutral to leave for ----------------------------------------------------------


class _NeutralPage(BaseHTTPRequestHandler):
    body = (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{NEUTRAL_TITLE}</title></head><body><p>Weather for today.</p></body></html>"
    ).encode()

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":
            self.send_response(204)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format, *args) -> None:
        pass  # keep test output quiet


@pytest.fixture(scope="session")
def neutral_site_url() -> Iterator[str]:
    """A local stand-in for an everyday site ("Neutral page"): the network is closed."""
    server = ThreadingHTTPServer((HOST, 0), _NeutralPage)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="neutral-site", daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


# --- The browser -----------------------------------------------------------------------------


@pytest.fixture
def browser(live_server_url):
    """Headless Chromium, started after the live server and stopped before the DB is flushed.

    Playwright's sync API marks its event loop as running between calls. While it does, Django
    refuses ORM calls (so the variable below lifts that check for this process only) and, worse,
    asgiref hands out a second set of DB connections, on which pytest-django's serialized
    rollback and flush would not act. So the browser lives strictly inside the test's database
    lifetime; per test it costs about a second.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        playwright = sync_playwright().start()
        try:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
            try:
                yield chromium
            finally:
                chromium.close()
        finally:
            # Connections the test opened while the loop was marked running live in that second
            # set; close them here, while it is still reachable (PostgreSQL cannot drop the test
            # database with a connection left open).
            connections.close_all()
            playwright.stop()


@pytest.fixture
def context(browser):
    """A fresh browser context (no cookies, no history) for one test."""
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def console_errors(page) -> list[str]:
    """Console errors and uncaught exceptions on `page`, CSP violations included."""
    errors: list[str] = []

    def on_console(message) -> None:
        if message.type == "error":
            errors.append(f"{message.text} [{message.location.get('url', '')}]")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


# Before any page script: every CSP violation, and every change to the page's live status
# ([data-live-status], on the desk and on a thread).
WATCH_PAGE = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push({
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    sample: event.sample,
    source: event.sourceFile,
    line: event.lineNumber,
    disposition: event.disposition,
  });
});
window.__liveStatuses = [];
document.addEventListener("DOMContentLoaded", () => {
  const status = document.querySelector("[data-live-status]");
  if (!status) return;
  new MutationObserver(() => window.__liveStatuses.push(status.textContent)).observe(
    status, { childList: true, characterData: true, subtree: true }
  );
});
"""


# --- Signing in ------------------------------------------------------------------------------


def sign_in(context, base_url: str, user) -> None:
    """Give a browser context a session for `user` (in the test database the server reads)."""
    client = Client()
    client.force_login(user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": base_url,
            }
        ]
    )


@pytest.fixture
def new_context(browser):
    """Browser contexts made on demand (`new_context(user, base_url)` signs one in), each
    watched from before its first script, and closed after the test."""
    made = []

    def make(user=None, base_url: str = ""):
        context = browser.new_context(accept_downloads=True)
        context.add_init_script(WATCH_PAGE)
        if user is not None:
            sign_in(context, base_url, user)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()
