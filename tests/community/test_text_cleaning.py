"""One text-cleaning path for every sink (community.input.sanitise.clean_text): the function by
category, the form field and strict JSON that carry it, the pages a member and an attacker
see, and the data migrations that clean what was stored before the rule."""

from __future__ import annotations

import json
import timeit
import unicodedata

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from community.input.fields import CleanCharField
from community.input.jsonbody import JSONBodyError, json_object
from community.input.sanitise import (
    MAX_MARKS_PER_CHARACTER,
    SURROGATE_MESSAGE,
    clean_text,
    render_markdown,
)
from community.models import Draft
from forums.models import Post, Thread
from moderation import services as moderation_services
from moderation.models import Flag
from stories.models import StoryPage
from tests.community.test_live_socket import HOST, SAME_ORIGIN, open_socket, session_cookie
from tests.factories import (
    UserFactory,
    approved_story,
    board,
    campaign,
    give_totp,
    moderator,
    note,
    organiser,
    published_thread,
    trusted_member,
)

ZWJ, ZWNJ = "\u200d", "\u200c"
PERSIAN_WORD = "\u0645\u06cc" + ZWNJ + "\u062e\u0648\u0627\u0647\u0645"  # "I want", with ZWNJ
FAMILY = "\U0001f468" + ZWJ + "\U0001f469" + ZWJ + "\U0001f467"  # one emoji, three people
DEVANAGARI_HALF_FORM = "\u0915\u094d" + ZWJ + "\u0937"  # ka, virama, ZWJ, ssa
WALES = "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f"


# --- Lone surrogates -----------------------------------------------------------------------


@pytest.mark.parametrize("half", ["\ud83d", "\ude00", "\udfff", "\ud800"])
def test_a_lone_surrogate_is_refused_with_a_message_for_the_member(half):
    with pytest.raises(ValidationError) as refused:
        clean_text(f"See you soon {half}")

    assert refused.value.messages == [SURROGATE_MESSAGE]
    assert refused.value.code == "surrogate"


def test_stored_text_drops_a_lone_surrogate_and_keeps_the_rest():
    assert clean_text("See you soon \ud83d", drop_surrogates=True) == "See you soon "


def test_a_whole_emoji_is_not_a_surrogate():
    assert clean_text("See you soon \U0001f600") == "See you soon \U0001f600"


# --- Controls --------------------------------------------------------------------------------


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x08", "\x1b", "\x7f", "\x80", "\x9b"])
def test_control_characters_are_removed(control):
    assert clean_text(f"We got{control} through it") == "We got through it"


def test_tab_and_newline_stay_and_every_line_ending_becomes_a_newline():
    text = "One\tthing\r\nthen another\rand a third\x85and a fourth"

    assert clean_text(text) == "One\tthing\nthen another\nand a third\nand a fourth"


def test_a_single_line_box_turns_line_breaks_and_tabs_into_spaces():
    assert clean_text("A hard\r\nweek\tagain", multiline=False) == "A hard week again"


def test_an_ansi_escape_sequence_loses_its_escape():
    assert clean_text("\x1b[31mred\x1b[0m") == "[31mred[0m"


# --- Format characters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u2060", "\u00ad", "\u180e", "\ufeff", "\u2061", "\u206a", "\U0001d173"],
)
def test_invisible_format_characters_are_removed(invisible):
    assert clean_text(f"Jo{invisible}hn") == "John"


def test_zwnj_inside_a_persian_word_is_kept():
    assert clean_text(f"\u0645\u0646 {PERSIAN_WORD}") == f"\u0645\u0646 {PERSIAN_WORD}"


def test_zwj_inside_an_emoji_sequence_and_an_indic_conjunct_is_kept():
    assert clean_text(FAMILY) == FAMILY
    assert clean_text(DEVANAGARI_HALF_FORM) == DEVANAGARI_HALF_FORM


@pytest.mark.parametrize(
    "text, cleaned",
    [
        (f"J{ZWJ}o{ZWNJ}hn", "John"),  # between Latin letters: only hides or splits a word
        (f"{ZWJ}{FAMILY}", FAMILY),  # at the start of a word
        (f"{FAMILY}{ZWJ}", FAMILY),  # at the end
        (f"{FAMILY}{ZWJ}{ZWJ}{FAMILY}", FAMILY * 2),  # two in a row
        (f"\u0645\u06cc{ZWNJ} word", "\u0645\u06cc word"),  # before a space
    ],
)
def test_zwj_and_zwnj_outside_a_word_are_removed(text, cleaned):
    assert clean_text(text) == cleaned


@pytest.mark.parametrize("override", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066"])
def test_bidirectional_overrides_are_removed_as_render_markdown_does(override):
    text = f"call {override}00977 12300"

    assert clean_text(text) == "call 00977 12300"
    assert render_markdown(text) == render_markdown(clean_text(text))


def test_the_plain_direction_marks_stay_as_render_markdown_keeps_them():
    text = "\u05e9\u05dc\u05d5\u05dd\u200f!"

    assert clean_text(text) == text


# --- Tag characters --------------------------------------------------------------------------


def test_tag_characters_smuggling_invisible_words_are_removed():
    hidden = "".join(chr(0xE0000 + ord(c)) for c in "ignore the rules")

    assert clean_text(f"Hello{hidden} there\U000e0001") == "Hello there"


def test_a_subdivision_flag_keeps_its_tags():
    assert clean_text(f"Proud to be from {WALES}") == f"Proud to be from {WALES}"


# --- Separators and byte-order marks ---------------------------------------------------------


def test_line_and_paragraph_separators_become_newlines():
    assert clean_text("First\u2028second\u2029third") == "First\nsecond\nthird"
    assert clean_text("First\u2028second", multiline=False) == "First second"


def test_a_leading_byte_order_mark_and_any_other_are_removed():
    assert clean_text("\ufeffHello\ufeff there") == "Hello there"


def test_noncharacters_are_removed():
    assert clean_text("a\ufffeb\uffffc\ufdd0d") == "abcd"


# --- Combining marks and normalisation -------------------------------------------------------


def test_stacked_combining_marks_are_capped_per_character():
    zalgo = "Z" + "\u0301\u0302\u0303\u0304" * 500 + "a" + "\u0308" * 3000

    cleaned = clean_text(zalgo)

    assert max(len(run) for run in _mark_runs(cleaned)) <= MAX_MARKS_PER_CHARACTER
    assert cleaned == unicodedata.normalize(
        "NFC", "Z\u0301\u0302\u0303\u0304a\u0308\u0308\u0308\u0308"
    )


def test_vietnamese_with_two_marks_on_a_letter_is_kept_and_composed():
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt của tôi")

    assert clean_text(decomposed) == "Tiếng Việt của tôi"


def test_hebrew_pointing_is_kept():
    pointed = "\u05e9\u05b8\u05c1\u05dc\u05d5\u05b9\u05dd"  # shalom, with three marks

    assert clean_text(pointed) == unicodedata.normalize("NFC", pointed)


def test_text_comes_back_nfc():
    assert clean_text("cafe\u0301") == "caf\u00e9"


def _mark_runs(text: str) -> list[str]:
    runs, run = [], ""
    for char in text:
        if unicodedata.category(char) in ("Mn", "Me"):
            run += char
        elif run:
            runs.append(run)
            run = ""
    return runs + ([run] if run else [])


# --- Empty after cleaning --------------------------------------------------------------------


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b\u200b\u200b",
        f"{ZWJ}{ZWNJ}{ZWJ}",
        " \u2060 \ufeff ",
        "\u3164\u3164",  # Hangul fillers
        "\u2800\u2800",  # blank braille
        "\u0301\u0302",  # marks on nothing
        "\u200f\u200e",  # direction marks alone
        "\x00\x01\x02",
        "\U000e0041\U000e0042",
    ],
)
def test_text_with_nothing_visible_left_is_empty(invisible):
    assert clean_text(invisible) == ""


def test_ordinary_text_passes_unchanged():
    text = "We got through it.\n\n**Thank you** all - it helps. \u00a312, caf\u00e9, \U0001f600"

    assert clean_text(text) == text


def test_cleaning_4_kb_of_mixed_text_takes_well_under_a_millisecond_each():
    text = (f"Ordinary words, une r\u00e9ponse, {PERSIAN_WORD}, {FAMILY} ok.\n" * 80)[:4096]

    seconds = timeit.timeit(lambda: clean_text(text), number=50) / 50

    # Measured about 0.2 ms; the bound leaves room for a loaded CI machine.
    assert seconds < 0.01


def test_cleaning_hostile_text_stays_linear():
    hostile = ("\u200b" + "\u0301" * 50 + ZWJ * 3 + "\x00") * 10_000

    seconds = timeit.timeit(lambda: clean_text(hostile), number=1)

    assert seconds < 1


# --- The form field --------------------------------------------------------------------------


def test_a_required_box_of_invisible_characters_says_it_is_required():
    field = CleanCharField(max_length=20)

    with pytest.raises(ValidationError) as refused:
        field.clean("\u200b\u200d\u2060")

    assert refused.value.messages == ["This field is required."]


def test_the_length_is_counted_after_cleaning():
    field = CleanCharField(max_length=5)

    assert field.clean("He\u200b\u200b\u200b\u200bllo") == "Hello"


# --- Strict JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"text": "half \\ud83d"}',  # a lone surrogate escape
        b'{"text": "\\udc00 half"}',
        b'{"\\ud800": "in a key"}',
        b'{"text": "\xed\xa0\xbd\xed\xb8\x80"}',  # CESU-8
        b'{"text": "\xff\xfe"}',  # not UTF-8
        b'{"n": NaN}',
        b'{"n": Infinity}',
        b'["not", "an", "object"]',
        b'"just text"',
        b"",
        b"[" * 100_000,
        b'{"a": ' * 20 + b"1" + b"}" * 20,
    ],
)
def test_json_bodies_are_strict(body):
    with pytest.raises(JSONBodyError):
        json_object(body)


def test_strict_json_reads_an_object_with_paired_surrogate_escapes_and_a_bom():
    body = "\ufeff" + '{"text": "\\ud83d\\ude00 ok"}'

    assert json_object(body.encode()) == {"text": "\U0001f600 ok"}


# --- Through the real pages ------------------------------------------------------------------


@pytest.mark.django_db
def test_a_thread_title_of_only_zero_width_characters_is_refused_and_the_body_kept(client):
    the_board = board()
    client.force_login(trusted_member())

    response = client.post(
        f"/forums/{the_board.slug}/new/",
        {"title": "\u200b\u200d\u2060\ufeff", "body": "Words I would hate to lose."},
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page
    assert "Words I would hate to lose." in page
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_a_reply_is_stored_clean_and_rendered_from_the_clean_text(client):
    thread = published_thread(on=board())
    member = trusted_member()
    client.force_login(member)

    client.post(
        thread.get_absolute_url(),
        {"body": "\ufeffThank\x00 you\u2028so much\U000e0041\u202e", "content_note": "a\nb"},
    )

    reply = Post.objects.get(author=member)
    assert reply.body == "Thank you\nso much"
    assert reply.body_html == render_markdown("Thank you\nso much")
    assert reply.content_note == "a b"


@pytest.mark.django_db
def test_a_draft_with_a_lone_surrogate_is_refused_and_the_thread_page_still_loads(client):
    thread = published_thread(on=board())
    member = trusted_member()
    client.force_login(member)
    slot = f"reply:thread:{thread.pk}"

    response = client.put(
        f"/api/drafts/{slot}/",
        '{"fields": {"body": "Cut in half \\ud83d"}}',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert response.json() == {"error": SURROGATE_MESSAGE}
    assert not Draft.objects.exists()
    assert client.get(thread.get_absolute_url()).status_code == 200


@pytest.mark.django_db
def test_a_draft_stored_with_a_lone_surrogate_before_the_rule_still_restores(client):
    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL's JSON never held a lone surrogate: it refused them.")
    thread = published_thread(on=board())
    member = trusted_member()
    Draft.objects.create(
        member=member, slot=f"reply:thread:{thread.pk}", fields={"body": "Kept words \ud83d"}
    )
    client.force_login(member)

    response = client.get(thread.get_absolute_url())

    assert response.status_code == 200
    assert "Kept words" in response.content.decode()


@pytest.mark.django_db
def test_a_draft_of_only_invisible_characters_keeps_nothing(client):
    client.force_login(trusted_member())

    response = client.put(
        "/api/drafts/reply:thread:1/",
        json.dumps({"fields": {"body": "\u200b\u2060"}}),
        content_type="application/json",
    )

    assert response.json() == {"saved": False, "deleted": True}
    assert not Draft.objects.exists()


@pytest.mark.django_db
def test_the_composer_check_answers_400_to_a_lone_surrogate_and_to_bad_json(client):
    client.force_login(trusted_member())

    for body in ('{"text": "half \\ud83d"}', '{"text": "x"', '["text"]', '{"text": NaN}'):
        response = client.post("/api/screen/", body, content_type="application/json")

        assert response.status_code == 400, body
        assert response.json()["error"]


@pytest.mark.django_db
def test_the_composer_check_screens_the_cleaned_text(client):
    client.force_login(trusted_member())

    response = client.post(
        "/api/screen/",
        json.dumps({"text": "Nothing \u200bto\x00 see"}),
        content_type="application/json",
    )

    assert response.status_code == 200
    assert response.json()["html"] == "Nothing to see"


@pytest.mark.django_db
def test_a_report_note_with_nul_is_stored_without_it(client):
    obj = note(author=trusted_member())
    moderation_services.submit(obj=obj)
    client.force_login(UserFactory())
    url = f"/report/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"

    response = client.post(url, {"reason": "abuse", "note": "Unkind\x00 words\u200b here"})

    assert response.status_code == 302
    assert Flag.objects.get().note == "Unkind words here"


@pytest.mark.django_db
def test_a_report_with_a_reason_that_is_not_one_is_a_message(client):
    obj = note(author=trusted_member())
    moderation_services.submit(obj=obj)
    client.force_login(UserFactory())
    url = f"/report/{ContentType.objects.get_for_model(obj).pk}/{obj.pk}/"

    response = client.post(url, {"reason": "abuse\x00<b>", "note": "Kept words"})

    assert response.status_code == 400
    assert "Please choose a reason." in response.content.decode()
    assert "Kept words" in response.content.decode()
    assert not Flag.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("quote", ["abc", "-1", "99999999999999999999999", "1.5"])
def test_an_organiser_page_answers_a_malformed_id_with_a_message(client, quote):
    by = organiser()
    the_campaign = campaign(by=by)
    client.force_login(by)

    response = client.post(
        f"{the_campaign.get_absolute_url()}organise/", {"action": "unquote", "quote": quote}
    )

    assert response.status_code == 400
    assert "That choice could not be read." in response.content.decode()


@pytest.mark.django_db
def test_a_sanction_of_absurdly_many_days_is_a_message_not_a_crash(client):
    lead = moderator(safeguarding=True)
    member = trusted_member()
    client.force_login(lead)

    response = client.post(
        reverse("moderation:sanction", args=[member.pk]),
        {"kind": "silence", "reason": "Repeated abuse", "days": "99999999999"},
        follow=True,
    )

    assert response.status_code == 200
    assert "The number of days is at most 365." in response.content.decode()


@pytest.mark.django_db
def test_a_thread_moderation_post_with_bad_seconds_is_a_message(client):
    thread = published_thread(on=board())
    client.force_login(moderator())

    response = client.post(
        f"/forums/thread/{thread.pk}/moderate/",
        {"action": "slow_mode", "seconds": "1e9"},
        follow=True,
    )

    assert response.status_code == 200
    assert "Please choose one of the slow mode settings." in response.content.decode()
    thread.refresh_from_db()
    assert thread.slow_mode_seconds == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?kind=%00&space=%00&reason=%00&age=%00",
        "?kind=" + "k" * 5000,
    ],
)
def test_the_moderation_desk_ignores_filters_it_cannot_read(client, query):
    client.force_login(moderator())

    assert client.get(f"/admin/moderation/{query}").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?actor=99999999999999999999999",
        "?since=2026-13-40T25:00",
        "?action=%00&actor=-1&since=%00",
    ],
)
def test_the_audit_trail_ignores_filters_it_cannot_read(client, query):
    admin = UserFactory(is_superuser=True, is_staff=True)
    give_totp(admin)
    client.force_login(admin)

    assert client.get(f"/admin/moderation/audit/{query}").status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
async def test_a_socket_frame_with_a_lone_surrogate_gets_an_error_frame():
    from asgiref.sync import sync_to_async

    member = await sync_to_async(UserFactory)()
    headers = [SAME_ORIGIN, HOST, await sync_to_async(session_cookie)(member)]
    async with open_socket(headers) as socket:
        await socket.send_to(text_data='{"action": "subscribe", "topic": "\\ud83d"}')
        assert await socket.receive_json_from() == {
            "type": "error",
            "message": "That message was not understood.",
        }
        await socket.send_json_to({"action": "ping"})
        assert await socket.receive_json_from() == {"type": "pong"}


@pytest.mark.django_db
def test_an_editor_saving_a_story_page_stores_its_plain_text_clean(client):
    page = approved_story(title="Signed off").page
    editor = UserFactory(groups=["Editors"], display_name="Careful Editor")
    give_totp(editor)
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if isinstance(v, str) and k != "body"}
    data.update(
        {
            "title": "\ufeffSigned\u200b off\x07",
            "slug": page.slug,
            "byline": "A parent in Wales\u202e",
            "summary": "Hope\u2028after all\U000e0041",
            "body-count": "0",
        }
    )

    response = client.post(edit, data)

    assert response.status_code == 302
    saved = StoryPage.objects.get(pk=page.pk).get_latest_revision().as_object()
    assert (saved.title, saved.byline, saved.summary) == (
        "Signed off",
        "A parent in Wales",
        "Hope after all",
    )


@pytest.mark.django_db
def test_an_editor_cannot_give_a_story_page_an_invisible_title(client):
    page = approved_story(title="Signed off").page
    editor = UserFactory(groups=["Editors"], display_name="Careful Editor")
    give_totp(editor)
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(edit).context["form"]
    data = {k: v for k, v in form.initial.items() if isinstance(v, str) and k != "body"}
    data.update({"title": "\u200b\u3164", "slug": page.slug, "summary": "", "body-count": "0"})

    response = client.post(edit, data)

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert StoryPage.objects.get(pk=page.pk).title == "Signed off"


# --- The data migrations ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_data_migrations_clean_text_stored_before_the_rule():
    from django.db.migrations.executor import MigrationExecutor

    thread = published_thread(on=board(), title="A hard week", body="Fine words")
    post = thread.posts.get()
    obj = note(author=trusted_member())
    moderation_services.submit(obj=obj)
    flag = moderation_services.flag(obj=obj, flagger=UserFactory(), reason="abuse", note="ok")
    # As stored before the rule, past the cleaning path.
    Thread.objects.filter(pk=thread.pk).update(title="\u200b\u200d\u2060")
    Post.objects.filter(pk=post.pk).update(
        body="\ufeffWe\u202e got\x07 through\u2028it", body_html="<p>old</p>"
    )
    if connection.vendor == "sqlite":  # PostgreSQL never stored these
        Flag.objects.filter(pk=flag.pk).update(note="Unkind\x00 words")
        draft = Draft.objects.create(
            member=post.author, slot="reply:thread:1", fields={"body": "Kept \ud83d words"}
        )

    executor = MigrationExecutor(connection)
    executor.migrate(
        [
            ("forums", "0004_send_key"),
            ("moderation", "0005_send_key"),
            ("community", "0015_uploads_under_server_names"),
        ]
    )
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())

        thread.refresh_from_db()
        post.refresh_from_db()
        assert thread.title == "Untitled thread"
        assert post.body == "We got through\nit"
        assert post.body_html == render_markdown("We got through\nit")
        if connection.vendor == "sqlite":
            assert Flag.objects.get(pk=flag.pk).note == "Unkind words"
            assert Draft.objects.get(pk=draft.pk).fields == {"body": "Kept  words"}
    finally:
        # Back to the latest schema whatever happened: later tests need every migration.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
