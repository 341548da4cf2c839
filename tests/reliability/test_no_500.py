"""No 500 from any URL or input (issue 17, point 4): each fix with the test that would have
caught it. The URL walk (`test_url_walk.py`) covers every pattern; these pin down the cases
found, and what the member sees instead: a 404, a page of results with a word about their
query, a form error."""

from __future__ import annotations

import io
import sqlite3

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction
from django.http import HttpResponse
from django.urls import path, reverse
from PIL import Image
from wagtail.images import get_image_model

from community.config.urls import urlpatterns as site_urlpatterns
from community.infra.dberrors import is_connection_failure
from community.input.converters import MAX_ID
from community.input.search import SHORTENED_QUERY, search_query
from community.site.views import server_error
from forums.models import Post
from tests.factories import (
    UserFactory,
    board,
    give_totp,
    moderator,
    published_story,
    published_thread,
    trusted_member,
)
from tests.reliability.servers import free_port

pytestmark = pytest.mark.django_db

UNREACHABLE = "We can't reach our records just now"
LONG_QUERY = ("lanterns " + "x" * 4991)[:5000]


@pytest.fixture
def member_client(client):
    client.raise_request_exception = False
    client.force_login(trusted_member())
    return client


@pytest.fixture
def moderator_client(client):
    client.raise_request_exception = False
    client.force_login(moderator())
    return client


@pytest.fixture
def admin_client(client):
    client.raise_request_exception = False
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)
    return client


# --- ids in paths ------------------------------------------------------------------------------


@pytest.mark.parametrize("thread_id", [2**63, 2**64, 10**30, "9" * 5000])
def test_a_thread_id_beyond_64_bits_is_a_404(member_client, thread_id):
    thread = published_thread(on=board())

    answer = member_client.get(f"/forums/{thread.board.slug}/{thread_id}/")

    assert answer.status_code == 404


def test_the_largest_64_bit_thread_id_is_a_plain_404_and_a_real_thread_still_opens(
    member_client,
):
    thread = published_thread(on=board())

    assert member_client.get(f"/forums/{thread.board.slug}/{MAX_ID}/").status_code == 404
    assert member_client.get(thread.get_absolute_url()).status_code == 200
    assert reverse("forums:thread", args=[thread.board.slug, MAX_ID]).endswith(f"/{MAX_ID}/")


@pytest.mark.parametrize("object_id", ["abc", "-1", "1.5", str(2**64), "%00"])
def test_a_report_for_an_id_that_is_not_a_number_is_a_404(member_client, object_id):
    post = Post.objects.get(thread=published_thread(on=board()))
    content_type = ContentType.objects.get_for_model(Post)

    answer = member_client.post(
        f"/report/{content_type.pk}/{object_id}/", {"reason": "spam", "note": "Odd."}
    )

    assert answer.status_code == 404
    assert member_client.get(f"/report/{content_type.pk}/{post.pk}/").status_code == 200


def test_a_slug_longer_than_any_stored_is_a_404(member_client):
    assert member_client.get("/forums/" + "a" * 81 + "/").status_code == 404
    assert member_client.get("/campaigns/" + "a" * 5000 + "/").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/pages/{2**64}/",
        f"/admin/pages/{2**63}/edit/",
        "/admin/images/chooser/chosen/not-a-number/",
        "/admin/documents/chooser/chosen/%FF/",
        "/admin/snippets/choose/moderation/watchedword/chosen/naïve/",
        "/admin/failwhale/",
    ],
)
def test_wagtails_admin_answers_404_for_an_id_that_is_not_one(moderator_client, path):
    assert moderator_client.get(path).status_code == 404


def test_a_document_id_of_thousands_of_digits_is_a_404(client):
    assert client.get("/documents/" + "9" * 5000 + "/letter.txt").status_code == 404


# --- query strings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["page=99999999999999999999999", "page=-1", "page=%00", "page=" + "9" * 5000]
)
def test_a_page_number_that_is_not_one_shows_the_first_page(member_client, query):
    thread = published_thread(on=board(), body="A calm evening at last.")

    board_page = member_client.get(f"{thread.board.get_absolute_url()}?{query}")
    thread_page = member_client.get(f"{thread.get_absolute_url()}?{query}")
    search_page = member_client.get(f"/forums/search/?q=calm&{query}")

    assert board_page.status_code == 200
    assert thread_page.status_code == 200 and "A calm evening at last." in thread_page.text
    assert search_page.status_code == 200


@pytest.mark.parametrize("quote", ["-1", "abc", str(2**64), "9" * 5000, "%00"])
def test_a_quote_link_to_no_post_is_ignored(member_client, quote):
    thread = published_thread(on=board())

    answer = member_client.get(f"{thread.get_absolute_url()}?quote={quote}")

    assert answer.status_code == 200
    assert f'value="{quote}"' not in answer.text


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ['"lanterns', 'lanterns"', "lanterns AND", "NEAR(lanterns", "-lanterns*", "^lanterns:"]
)
def test_a_story_search_with_query_syntax_finds_the_words(client, query):
    published_story(title="Kitchen table", body="We talked at the kitchen table about lanterns.")

    answer = client.get("/stories/search/", {"q": query})

    assert answer.status_code == 200
    assert "Kitchen table" in answer.text
    assert UNREACHABLE not in answer.text


def test_a_5000_character_story_search_is_answered_and_told_it_was_shortened(client):
    published_story(title="Kitchen table", body="We talked at the kitchen table about lanterns.")

    answer = client.get("/stories/search/", {"q": LONG_QUERY})

    assert answer.status_code == 200
    assert SHORTENED_QUERY in answer.text
    assert "x" * 300 not in answer.text


def test_a_5000_character_forum_search_is_answered_and_told_it_was_shortened(member_client):
    published_thread(on=board(), body="Lanterns along the canal path tonight.")

    answer = member_client.get("/forums/search/", {"q": LONG_QUERY})

    assert answer.status_code == 200
    assert SHORTENED_QUERY in answer.text


@pytest.mark.parametrize("query", ['"', '"lanterns', "NOT", "OR lanterns", "lanterns)"])
def test_a_forum_search_with_query_syntax_finds_the_words(member_client, query):
    published_thread(on=board(), body="Lanterns along the canal path tonight.")

    answer = member_client.get("/forums/search/", {"q": query})

    assert answer.status_code == 200
    if "lanterns" in query:
        assert "1 post found" in answer.text


def test_a_search_of_only_signs_says_to_use_words(client):
    answer = client.get("/stories/search/", {"q": '"*()-:^'})

    assert answer.status_code == 200
    assert "Please search for words or numbers" in answer.text


def test_full_width_and_invisible_characters_search_as_plain_words(client):
    published_story(title="Kitchen table", body="We talked at the kitchen table about lanterns.")

    full_width = "\uff4c\uff41\uff4e\uff54\uff45\uff52\uff4e\uff53"
    for typed in [full_width, "lan\u200bterns", "lanterns\u202e", "\U000e0041lanterns"]:
        answer = client.get("/stories/search/", {"q": typed})
        assert answer.status_code == 200
        assert "Kitchen table" in answer.text, typed
    # A lone surrogate's bytes (CESU-8), as a script could send them.
    answer = client.get("/stories/search/?q=%ED%A0%80lanterns")
    assert answer.status_code == 200 and "Kitchen table" in answer.text


def test_a_query_is_reduced_to_its_words_and_capped():
    query = search_query('  "Lanterns" AND -night* NEAR(a,b)  ' + "word " * 50)

    assert query.words[:4] == ("Lanterns", "night", "a", "b")
    assert query.terms.split()[:3] == ["lanterns", "night", "a"]
    assert len(query.words) <= 12 and len(query.text) <= 200
    assert query.shortened


# --- database errors -----------------------------------------------------------------------------


def _wrapped(error_maker) -> DatabaseError:
    """The error Django raises for what the driver raised (`wrap_database_errors`)."""
    with pytest.raises(DatabaseError) as raised, connection.wrap_database_errors:
        error_maker()
    return raised.value


sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own errors")
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's own errors"
)


@sqlite_only
def test_a_database_file_that_cannot_be_opened_is_a_connection_failure(tmp_path):
    error = _wrapped(lambda: sqlite3.connect(tmp_path / "no-such-folder" / "gone.sqlite3"))

    assert is_connection_failure(error)


@sqlite_only
def test_a_search_the_engine_cannot_parse_is_not_a_connection_failure():
    def bad_match():
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE words USING fts5(body)")
        db.execute("SELECT * FROM words WHERE words MATCH ?", ('"unbalanced',)).fetchall()

    error = _wrapped(bad_match)

    assert not is_connection_failure(error)


@postgresql_only
def test_a_postgresql_server_that_does_not_answer_is_a_connection_failure():
    psycopg = pytest.importorskip("psycopg")

    error = _wrapped(lambda: psycopg.connect(f"postgresql://postgres@127.0.0.1:{free_port()}/gone"))

    assert is_connection_failure(error)


@postgresql_only
def test_a_cancelled_statement_is_not_a_connection_failure():
    def cancelled():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")

    error = _wrapped(cancelled)

    assert not is_connection_failure(error)


def _error_page_for(error: BaseException, rf) -> str:
    """What handler500 shows for `error`, raised outside any view (in a middleware, say)."""
    try:
        raise error
    except DatabaseError:
        return server_error(rf.get("/")).content.decode()


@sqlite_only
def test_the_error_page_outside_views_calls_only_an_outage_unreachable(rf, tmp_path):
    def bad_match():
        db = sqlite3.connect(":memory:")
        db.execute("CREATE VIRTUAL TABLE words USING fts5(body)")
        db.execute("SELECT * FROM words WHERE words MATCH ?", ('"unbalanced',)).fetchall()

    refused = _error_page_for(_wrapped(bad_match), rf)
    outage = _error_page_for(
        _wrapped(lambda: sqlite3.connect(tmp_path / "no-such-folder" / "gone.sqlite3")), rf
    )

    assert UNREACHABLE not in refused
    assert "Something went wrong on our side" in refused
    assert UNREACHABLE in outage


def _a_query_that_fails(request):
    """A view whose query fails without any outage: an OperationalError, as an outage is."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # QueryCanceled (SQLSTATE 57014), raised as an OperationalError.
            cursor.execute("SET LOCAL statement_timeout = 1")
            cursor.execute("SELECT pg_sleep(1)")
        else:
            cursor.execute("SELECT * FROM a_table_no_one_made")
    return HttpResponse("unreachable line")


urlpatterns = [path("a-query-that-fails/", _a_query_that_fails), *site_urlpatterns]


@pytest.mark.urls(__name__)
def test_a_failing_query_is_the_error_page_never_could_not_be_reached(member_client):
    answer = member_client.post("/a-query-that-fails/", {"body": "Words I wrote."})

    assert answer.status_code == 500
    assert "Something went wrong on our side" in answer.text
    assert UNREACHABLE not in answer.text


# --- pictures ------------------------------------------------------------------------------------


def _picture(image_format: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (120, 160, 90)).save(out, format=image_format)
    return out.getvalue()


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 64]) + data[middle + 64 :]


DAMAGED = {
    "truncated-jpeg": ("picture.jpg", "image/jpeg", lambda: _picture("JPEG")[:400]),
    "half-a-jpeg": ("picture.jpg", "image/jpeg", lambda: _half(_picture("JPEG"))),
    "truncated-png": ("picture.png", "image/png", lambda: _picture("PNG")[:90]),
    "corrupt-png": ("picture.png", "image/png", lambda: _flipped(_picture("PNG"))),
    "header-only-jpeg": ("picture.jpg", "image/jpeg", lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 20),
    "empty": ("picture.jpg", "image/jpeg", lambda: b""),
}


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_picture_is_a_form_error_in_the_image_form(admin_client, kind):
    name, content_type, make = DAMAGED[kind]

    answer = admin_client.post(
        "/admin/images/add/",
        {"title": "A garden", "file": SimpleUploadedFile(name, make(), content_type=content_type)},
    )

    assert answer.status_code == 200
    assert 'class="error-message"' in answer.text or "error" in answer.text
    assert get_image_model().objects.count() == 0


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_damaged_picture_is_refused_by_the_multiple_uploader(admin_client, kind):
    name, content_type, make = DAMAGED[kind]

    answer = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile(name, make(), content_type=content_type)},
    )

    assert answer.status_code < 500
    assert get_image_model().objects.count() == 0


# --- form fields --------------------------------------------------------------------------------


@pytest.mark.parametrize("quote_of", [str(2**64), "-1", "99999999999999999999999999"])
def test_a_reply_quoting_a_post_id_beyond_64_bits_is_saved_without_the_quote(
    member_client, quote_of
):
    thread = published_thread(on=board())

    answer = member_client.post(
        thread.get_absolute_url(), {"body": "Thinking of you all tonight.", "quote_of": quote_of}
    )

    assert answer.status_code in (200, 302, 400)
    assert Post.objects.filter(thread=thread, body="Thinking of you all tonight.").count() <= 1
