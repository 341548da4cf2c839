"""A server worker killed while it saves a reply: the member's re-send makes exactly one post.

The Daphne worker that takes the first send stops at a point in the send path (pausing.py:
the row inserted, the COMMIT about to be sent, the COMMIT done) and is killed there with
SIGKILL, as a crash or an out-of-memory kill would. The member gets no answer, so they send the
same form again (the same send token) and it reaches another worker. Whatever the moment of the
crash, the thread then holds the reply once, and the answer is the truth: the redirect leads to
the page that shows it (saved now, or "already sent" with a link to the post that exists),
never to a page without it.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from secrets import token_urlsafe

import pytest

from forums.models import Post
from tests.factories import board, published_thread, trusted_member

from .servers import Browserless, session_cookie_value

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "I sent this once and the page went blank, so I pressed send again."


def send_in_background(
    member: Browserless, worker, path: str, form: dict
) -> tuple[threading.Thread, list]:
    """The first send, which the killed worker never answers: the thread sending it, and
    what came back (an answer, or the error of a dropped connection)."""
    answers: list = []

    def send() -> None:
        try:
            answers.append(member.request(worker.url, path, form, timeout=60))
        except OSError as error:  # the connection dropped with the worker
            answers.append(error)

    sending = threading.Thread(target=send, daemon=True)
    sending.start()
    return sending, answers


def wait_for_file(path: Path, worker, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert time.monotonic() < deadline, (
            f"the worker never reached the pause\n{worker.output()[-3000:]}"
        )
        time.sleep(0.05)


@pytest.mark.parametrize("point", ["send:inserted", "send:before-commit", "send:after-commit"])
def test_a_reply_whose_worker_is_killed_mid_send_is_saved_once_when_the_member_sends_again(
    workers, tmp_path, point, fault_tally
):
    thread = published_thread(on=board())
    member = Browserless(session_cookie_value(trusted_member()))
    pause = tmp_path / "pause"
    pause.touch()
    doomed = workers(RELIABILITY_PAUSE_FILE=str(pause), RELIABILITY_PAUSE_AT=point)
    survivor = workers()
    form = {"body": BODY, "send_token": token_urlsafe(16)}
    path = thread.get_absolute_url()

    first, answers = send_in_background(member, doomed, path, form)
    wait_for_file(Path(f"{pause}.reached"), doomed)
    doomed.kill()
    pause.unlink()
    first.join(30)
    assert not first.is_alive()
    assert not isinstance(answers[0], tuple), f"the killed worker answered {answers}"

    # No answer: the member sends the very same form again, and another worker takes it.
    status, page = member.request(survivor.url, path, form)
    stored = list(Post.objects.filter(thread=thread, body=BODY))
    fault_tally.count(sent=[BODY], stored=[post.body for post in stored])

    assert status == 302, f"{status}\n{page[:2000]}\n{survivor.output()[-3000:]}"
    assert len(stored) == 1, f"{len(stored)} posts after a crash at {point!r}"
    (post,) = stored
    # The answer is truthful: it leads to the post that exists, and the page shows it.
    where, _, anchor = member.location.partition("#")
    assert where.startswith(path)
    assert anchor in ("", f"post-{post.pk}")
    status, page = member.request(survivor.url, where)
    assert status == 200, page[:2000]
    assert f'id="post-{post.pk}"' in page
    assert BODY.replace("'", "&#x27;") in page
    assert doomed.process.returncode is not None
