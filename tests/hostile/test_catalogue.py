"""Every case of the hostile-input catalogue gets its defined outcome (issue 17, "Bad input").

Each case is sent through the real page of its sink as a member would (a visitor, for a display
name at signup; an admin, for the image form), then every page that shows what was sent is
loaded, as the author, another member, the organiser and a moderator at the desk:

- no answer and no page is ever a 5xx;
- an accepted case stored exactly one item, and its text is clean (tests/hostile/checks.py);
- a refused case stored nothing, tells the member why, and gives their words back;
- a 404 case is a 404.

Socket frames go to the routed ASGI application through the channels communicator.
"""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.test import Client

from community.config.asgi import application
from tests.factories import board, join_circle, published_thread, trusted_member

from .catalogue import CASES
from .outcomes import failure_of

pytestmark = pytest.mark.django_db

PAGE_CASES = [case for case in CASES if case.sink != "socket"]
SOCKET_CASES = [case for case in CASES if case.sink == "socket"]


GROUPS = sorted({(case.sink, case.category) for case in PAGE_CASES})


@pytest.mark.parametrize(("sink", "category"), GROUPS, ids=[f"{s}-{c}" for s, c in GROUPS])
def test_each_hostile_input_gets_its_defined_outcome_and_breaks_no_page(sink, category, world):
    """One world per group; each case in a savepoint rolled back after it, so every case
    starts from the same database, cache and kept pages (and runs in a fraction of the time a
    world per case would take). Every failing case is listed, not just the first."""
    group = [c for c in PAGE_CASES if (c.sink, c.category) == (sink, category)]

    failures = [failure for case in group if (failure := failure_of(case, world))]

    assert not failures, "\n".join(failures)


# --- Socket frames -----------------------------------------------------------------------------


def _cookie_for(user) -> tuple[bytes, bytes]:
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())


async def _answer_to(frame: object, headers) -> tuple[str, object]:
    """What the socket does with `frame`: ("frame", the JSON sent back) or ("closed", code)."""
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect(timeout=10)
    assert connected, "a signed-in member's socket was refused"
    try:
        # As the ASGI server hands it over (the communicator's helper refuses an empty frame).
        kind = "bytes" if isinstance(frame, bytes) else "text"
        await communicator.send_input({"type": "websocket.receive", kind: frame})
        output = await communicator.receive_output(timeout=5)
        if output["type"] == "websocket.close":
            return "closed", output.get("code")
        answer = json.loads(output["text"])
        # Still usable after a bad frame: a ping is answered.
        await communicator.send_json_to({"action": "ping"})
        pong = await communicator.receive_json_from(timeout=5)
        assert pong == {"type": "pong"}, pong
        return "frame", answer
    finally:
        await communicator.disconnect()


@pytest.fixture
def socket_people(transactional_db):
    """A member, and a thread in a private circle they are not in (a topic not theirs)."""
    host = trusted_member()
    circle = board(slug="quiet-circle", circle=True, host=host)
    join_circle(circle, host)
    return trusted_member(), published_thread(on=circle, author=host, title="Circle only")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", SOCKET_CASES, ids=[case.id for case in SOCKET_CASES])
def test_each_hostile_socket_frame_is_answered_with_a_refusal_or_a_clean_close(case, socket_people):
    member, other_thread = socket_people
    frame = case.input
    if isinstance(frame, str):
        frame = frame.replace("{other}", str(other_thread.pk))
    headers = [(b"origin", b"http://testserver"), (b"host", b"testserver"), _cookie_for(member)]

    kind, answer = async_to_sync(_answer_to)(frame, headers)

    if kind == "closed":
        assert answer is not None and answer >= 1000, (case.id, answer)
    else:
        assert isinstance(answer, dict), (case.id, answer)
        assert answer.get("type") in ("error", "refused"), (case.id, answer)
