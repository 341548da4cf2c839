"""Abuse: rate limits with a clear message, and bad input that gets a clear error and leaves
nothing half-saved.

Each limit is hit the way an attacker or a script would hit it, through the real endpoint;
each bad input goes in through the page or socket a member uses.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.contenttypes.models import ContentType

from community.input.sanitise import render_markdown
from community.members.names import DisplayNameError, check_display_name
from community.models import User
from forums.models import Post
from moderation.models import Flag, QueueItem
from tests.factories import PASSWORD, UserFactory, board, published_thread, trusted_member

pytestmark = pytest.mark.django_db


def signed_in(client, member=None):
    member = member or trusted_member()
    client.force_login(member)
    return member


# --- Rate limits -------------------------------------------------------------------------------


def test_signing_up_again_and_again_from_one_address_is_slowed_with_a_message(client):
    def sign_up(n):
        return client.post(
            "/accounts/signup/",
            {
                "display_name": f"Quiet Wren {chr(ord('a') + n % 26)}{chr(ord('a') + n // 26)}",
                "email": f"wren{n}@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )

    answers = [sign_up(n).status_code for n in range(20)]
    assert 429 not in answers
    refused = sign_up(20)
    assert refused.status_code == 429
    assert "Please wait" in refused.content.decode()
    assert not User.objects.filter(email="wren20@example.org").exists()


def test_guessing_a_password_is_stopped_with_a_message(client):
    member = UserFactory(email="heron@example.org")
    for _ in range(5):
        client.post("/accounts/login/", {"login": member.email, "password": "not-the-password"})
    refused = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    page = refused.content.decode()
    assert "Too many failed login attempts" in page
    assert "_auth_user_id" not in client.session  # not even the right password gets in now


def test_posting_very_fast_is_refused_with_a_message_and_the_words_kept(client):
    signed_in(client)
    thread = published_thread(on=board())
    for n in range(10):
        assert client.post(thread.get_absolute_url(), {"body": f"Line {n}."}).status_code == 302
    refused = client.post(thread.get_absolute_url(), {"body": "One more thing to say."})
    page = refused.content.decode()
    assert refused.status_code == 400
    assert "sent a lot in the last minute" in page
    assert "One more thing to say." in page  # still in the box
    assert not Post.objects.filter(body="One more thing to say.").exists()


def test_reporting_again_and_again_is_slowed_with_a_message(client):
    reporter = signed_in(client)
    thread = published_thread(on=board())
    post_type = ContentType.objects.get_for_model(Post)
    posts = [thread.posts.get(is_opening=True)] + [
        Post.objects.create(thread=thread, author=trusted_member(), body=f"Reply {n}",
                            body_html=f"<p>Reply {n}</p>", moderation_state="published")
        for n in range(10)
    ]  # fmt: skip
    for post in posts[:10]:
        answer = client.post(f"/report/{post_type.pk}/{post.pk}/", {"reason": "spam"})
        assert answer.status_code == 302
    refused = client.post(f"/report/{post_type.pk}/{posts[10].pk}/", {"reason": "spam"})
    assert refused.status_code == 429
    assert "a lot of reports in the last hour" in refused.content.decode()
    assert Flag.objects.filter(flagger=reporter).count() == 10


def test_screening_calls_are_limited_with_a_message(client):
    signed_in(client)

    def screen():
        return client.post(
            "/api/screen/", json.dumps({"text": "hello"}), content_type="application/json"
        )

    assert all(screen().status_code == 200 for _ in range(30))
    refused = screen()
    assert refused.status_code == 429
    assert "Please wait a moment" in refused.json()["error"]


# --- Bad input: nothing half-saved --------------------------------------------------------------


def test_an_oversized_body_gets_a_clear_error_and_saves_nothing(client):
    signed_in(client)
    thread = published_thread(on=board())
    huge = "x " * (1_600_000)  # over the 2 MB request limit
    refused = client.post(thread.get_absolute_url(), {"body": huge})
    assert refused.status_code == 400
    assert "too big to send" in refused.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_post_over_the_length_limit_comes_back_with_a_message(client):
    signed_in(client)
    thread = published_thread(on=board())
    refused = client.post(thread.get_absolute_url(), {"body": "word " * 4_001})
    assert refused.status_code == 400
    assert "at most 20000 characters" in refused.content.decode()
    assert Post.objects.filter(thread=thread).count() == 1


def test_a_nul_byte_in_a_post_is_taken_out_and_the_post_saved_once(client):
    signed_in(client)
    thread = published_thread(on=board())
    sent = client.post(thread.get_absolute_url(), {"body": "before\x00after"})
    assert sent.status_code == 302
    assert list(
        Post.objects.filter(thread=thread, is_opening=False).values_list("body", flat=True)
    ) == ["beforeafter"]


def test_invalid_utf8_in_a_post_never_breaks_the_page_or_stores_broken_text(client):
    signed_in(client)
    thread = published_thread(on=board())
    body = b"body=" + b"caf\xc3\xa9 and \xff\xfe broken \xed\xa0\x80 bytes"
    answer = client.post(
        thread.get_absolute_url(), body, content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code in (302, 400)
    for saved in Post.objects.filter(thread=thread).values_list("body", flat=True):
        saved.encode("utf-8")  # valid text, or this raises


@pytest.mark.parametrize(
    "name",
    [
        "Heron\u202eesoh",  # right-to-left override
        "Her\u200bon Blue",  # zero-width space
        "Heron\u2066Blue\u2069",  # isolates
        "Heron\u00adBlue",  # soft hyphen
        "Heron\x00Blue",  # NUL
        "\u200f\u200fHeron",  # right-to-left marks
        "Heron\u3164Blue",  # Hangul filler (looks like nothing)
    ],
)
def test_invisible_and_direction_characters_in_display_names_are_refused(name):
    with pytest.raises(DisplayNameError) as refused:
        check_display_name(name)
    assert str(refused.value)  # a message for the member


def test_signup_with_an_invisible_character_in_the_name_keeps_only_what_can_be_seen(client):
    answer = client.post(
        "/accounts/signup/",
        {
            "display_name": "Quiet\u202eWren",
            "email": "quiet@example.org",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert answer.status_code == 302
    # The one cleaning path takes the override out before the name is checked or stored.
    assert User.objects.get(email="quiet@example.org").display_name == "QuietWren"


def test_direction_overrides_cannot_make_a_post_show_what_screening_never_saw():
    # Stored as typed; shown in the order it was screened (no override reverses it on screen).
    shown = render_markdown("Ring me on \u202e32100 90077\u202c tonight")
    assert "\u202e" not in shown and "\u202c" not in shown
    assert "32100 90077" in shown


def test_a_phone_number_split_by_invisible_characters_is_still_held(client):
    member = signed_in(client)
    thread = published_thread(on=board())
    for n, hidden in enumerate(["\u00ad", "\u200b", "\u2060"]):
        client.post(thread.get_absolute_url(), {"body": f"Text me on 0{hidden}7700 900{n}23"})
    held = Post.objects.filter(thread=thread, author=member)
    assert held.count() == 3
    assert all(not post.is_published for post in held)
    assert QueueItem.objects.filter(object_id__in=[str(p.pk) for p in held]).count() == 3


def test_a_very_long_word_is_taken_whole(client):
    signed_in(client)
    thread = published_thread(on=board())
    word = "a" * 5_000
    assert client.post(thread.get_absolute_url(), {"body": word}).status_code == 302
    assert Post.objects.get(thread=thread, is_opening=False).body == word
