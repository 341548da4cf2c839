"""The undisguised view: what a member does to slip a detail past the guard is undone, and every
finding is reported on the whole disguised form as the member wrote it.

Spans are checked as a moderator sees them: the kind, and the exact text of the original that
the finding covers (what redaction replaces). Bad input is checked by counting work (lines of
Python run in the normalisation, the view's size), never by the clock.
"""

# ruff: noqa: RUF001, RUF003 (look-alike characters are the point of these tests)

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from moderation.screening import normalise, redact, screen
from moderation.screening.normalise import View, characters, views

ZW, ZWJ, SHY, WJ, BOM, RLO, PDF, VS16 = (
    "\u200b",
    "\u200d",
    "\u00ad",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u202c",
    "\ufe0f",
)


def found(text: str) -> list[tuple[str, str]]:
    """(kind, the original text it covers) of every identifying finding."""
    return [
        (f.kind, text[f.start : f.end])
        for f in screen(text).findings
        if f.category == "identifying"
    ]


def undisguised(text: str) -> str | None:
    """The undisguised view's text, or None when there is none."""
    out = views(text)
    return out[1].text if len(out) > 1 else None


def fullwidth(s: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


# --------------------------------------------------------------------------------------------
# Only when there is something to undo


@pytest.mark.parametrize(
    "text",
    [
        "My son was 14 when it started and nobody believed me.",
        "We waited at A&E from 5pm till 3am on the 1st.",
        "I said oh no, not again, and one or two of them laughed.",
        "He’s “fine”, they said — he’s not 😭❤️",
        "Привет всем, я тоже мама.",
        "谢谢大家的支持 🙏🏻",
    ],
)
def test_a_post_with_nothing_to_undo_is_screened_once(text):
    assert len(views(text)) == 1


def test_the_plain_view_is_always_first_and_unchanged_in_length():
    text = f"my son {fullwidth('Tyler')} rang from 0 7 7 0 0 9 0 0 1 2 3"
    first = views(text)[0]
    assert first.offsets is None and len(first.text) == len(text)


# --------------------------------------------------------------------------------------------
# Characters


def test_fullwidth_mathematical_and_circled_letters_read_as_plain_letters():
    assert undisguised(fullwidth("Tyler")) == "Tyler"
    assert undisguised("𝐓𝐲𝐥𝐞𝐫 and 𝓣𝔂𝓵𝓮𝓻") == "Tyler and Tyler"
    assert undisguised("ⓣⓨⓛⓔⓡ") == "tyler"
    assert undisguised("🅣🅨🅛🅔🅡 and 🇹🇾🇱🇪🇷") == "TYLER and TYLER"


def test_digits_of_other_scripts_and_enclosed_digits_read_as_ascii_digits():
    assert undisguised("٠٧٧٠٠ ٩٠٠١٢٣") == "07700 900123"
    assert undisguised("०७७०० ९००१२३") == "07700 900123"
    assert undisguised("⓪⑦⑦⓪⓪ ❾⓪⓪①②③") == "07700 900123"
    assert undisguised("𝟎𝟕𝟕𝟎𝟎 ９００１２３") == "07700 900123"


def test_look_alike_letters_read_as_the_latin_letters_they_imitate_keeping_case():
    assert undisguised("my son Тyler") == "my son Tyler"  # Cyrillic Т
    assert undisguised("Еmmа and jаy.smith@gmаil.com") == "Emma and jay.smith@gmail.com"
    assert undisguised("ⅠΙІ") == "III"  # Roman numeral, Greek and Cyrillic capitals


def test_a_word_written_wholly_in_look_alikes_reads_as_latin():
    assert undisguised("the plate was ВХ19 КРО") == "the plate was BX19 KPO"


def test_a_name_in_another_script_among_english_words_is_transliterated():
    assert undisguised("my son Тайлер is missing") == "my son Tayler is missing"


def test_a_post_written_in_another_script_is_left_as_it_is():
    assert len(views("Γεια σας από μια μαμά")) == 1  # "μια" is not the name Mia
    assert found("Γεια σας από μια μαμά") == []


@pytest.mark.parametrize("invisible", [ZW, ZWJ, SHY, WJ, BOM, VS16, "\U000e0020", "\u2066"])
def test_invisible_and_format_characters_inside_a_word_are_removed(invisible):
    text = f"my son Ty{invisible}ler is 14"
    assert undisguised(text) == "my son Tyler is 14"
    assert ("name", f"Ty{invisible}ler") in found(text)


def test_an_invisible_character_between_emoji_is_not_a_disguise():
    assert len(views(f"❤{VS16}❤{VS16} thank you all")) == 1


def test_text_inside_a_right_to_left_override_reads_in_the_order_it_is_shown():
    assert undisguised(f"call {RLO}321009 00770{PDF} now") == "call 07700 900123 now"
    assert undisguised(f"{RLO}relyT\nis here") == "Tyler\nis here"  # ends with the line


def test_the_override_controls_belong_to_the_span_so_redaction_takes_them_too():
    text = f"my son {RLO}relyT{PDF} ran off"
    assert ("name", f"{RLO}relyT{PDF}") in found(text)
    assert redact(text, screen(text).findings) == "my son [a name] ran off"


def test_accents_and_combining_marks_on_latin_letters_are_dropped():
    assert undisguised("Tÿlër") == "Tyler"
    assert undisguised("T̸y̸l̸e̸r̸") == "Tyler"
    assert undisguised("T" + "\u0301" * 50 + "yler") == "Tyler"


# --------------------------------------------------------------------------------------------
# Words


@pytest.mark.parametrize("separator", [" ", ".", "-", "/", "_", " 🙂 ", "🔥", " . "])
def test_spaced_out_digits_are_joined_into_the_phone_number(separator):
    spaced = separator.join("07700900417")
    text = f"ring me on {spaced} tonight"
    assert ("phone", spaced) in found(text)


def test_digits_in_groups_keep_their_groups_one_space_apart():
    text = "text me on 0 7 7 0 0  9 0 0  8 3 2 any time"
    assert "07700 900 832" in undisguised(text)
    assert ("phone", "0 7 7 0 0  9 0 0  8 3 2") in found(text)


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("we're at O.L.9 7.Q.X if anyone's near", "postcode", "O.L.9 7.Q.X"),
        ("the house is L-S-6 2-W-Q, blue door", "postcode", "L-S-6 2-W-Q"),
        ("the car was K X 1 9 P L M", "vehicle", "K X 1 9 P L M"),
        ("reg is Y-T-6-8 W-Z-R", "vehicle", "Y-T-6-8 W-Z-R"),
        ("my son T-y-l-e-r is 14", "name", "T-y-l-e-r"),
        ("T 🙂 y 🙂 l 😀 e 🙂 r rang", "name", "T 🙂 y 🙂 l 😀 e 🙂 r"),
        ("the one who took her is\nL\ni\na\nm\nplease share", "name", "L\ni\na\nm"),
        ("the boy is called M O H A M M E D", "name", "M O H A M M E D"),
        ("insta is j a y b _ 0 9", "handle", "j a y b _ 0 9"),
        ("she's at B r o o k s i d e  P r i m a r y", "school", "B r o o k s i d e  P r i m a r y"),
    ],
)
def test_spaced_out_characters_are_joined_into_the_detail(text, kind, span):
    assert (kind, span) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "We got referred to C.A.M.H.S. in the end.",
        "N O T H I N G has changed.",
        "The 5 4 3 2 1 grounding thing helps.",
        "love you all x x x",
        "It's the 1 2 3 of safeguarding.",
        "I'm a mum of three.",
    ],
)
def test_initialisms_emphasis_and_counting_are_left_as_written(text):
    assert len(views(text)) == 1


@pytest.mark.parametrize(
    ("text", "digits", "span"),
    [
        (
            "my number is oh seven seven double oh nine double oh three one four",
            "07700900314",
            "oh seven seven double oh nine double oh three one four",
        ),
        (
            "the burner was zero seven seven zero zero nine zero zero seven seven one",
            "07700900771",
            "zero seven seven zero zero nine zero zero seven seven one",
        ),
        ("its 07 seven 00 nine 00 one five six", "07700900156", "07 seven 00 nine 00 one five six"),
        (
            "mobile: oh seven seven oh oh, nine oh oh, treble two",
            "07700900222",
            "oh seven seven oh oh, nine oh oh, treble two",
        ),
        (
            "OH SEVEN SEVEN DOUBLE OH NINE DOUBLE OH FIVE FIVE EIGHT RING IT",
            "07700900558",
            "OH SEVEN SEVEN DOUBLE OH NINE DOUBLE OH FIVE FIVE EIGHT",
        ),
        (
            "0-seven-seven-0-0-nine-0-0-two-four-six is in his phone",
            "07700900246",
            "0-seven-seven-0-0-nine-0-0-two-four-six",
        ),
        (
            "landline nought one one three, four nine six, oh double one seven",
            "01134960117",
            "nought one one three, four nine six, oh double one seven",
        ),
    ],
)
def test_spelled_out_digits_read_as_digits(text, digits, span):
    assert digits in undisguised(text)
    assert ("phone", span) in found(text)


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("postcode is O L nine, seven Q X if anyone's local", "postcode", "O L nine, seven Q X"),
        ("we're in M one four six Z T now", "postcode", "M one four six Z T"),
        ("the reg was Y T six eight W Z R I wrote it down", "vehicle", "Y T six eight W Z R"),
        ("the plate was KX19 P L M I think", "vehicle", "KX19 P L M"),
        (
            "it's plus four four seven seven double oh nine double oh six two one",
            "phone",
            "plus four four seven seven double oh nine double oh six two one",
        ),
    ],
)
def test_a_postcode_plate_or_number_partly_spelled_or_spaced_reads_as_one(text, kind, span):
    assert (kind, span) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "I said oh no, not again.",
        "He's one of the two boys they spoke to.",
        "Five, six, seven, eight, the teacher counts.",
        "He got a double detention, treble the worry.",
        "Oh, one more thing: the meeting moved.",
        "He's a twenty three year old man, not a boy.",
    ],
)
def test_number_words_in_ordinary_sentences_stay_words(text):
    assert len(views(text)) == 1


@pytest.mark.parametrize(
    "address",
    [
        "jay dot smith at gmail dot com",
        "kayden_b09 (at) hotmail (dot) co (dot) uk",
        "t.okafor[at]outlook[dot]com",
        "ellie {at} yahoo {dot} co {dot} uk",
        "tyler underscore 2009 at gmail dot com",
        "leah.m at icloud.com",
        "danny.k AT hotmail DOT com",
        "jay_smith[@]gmail[.]com",
    ],
)
def test_a_spoken_email_address_is_read_as_an_address(address):
    assert ("email", address) in found(f"his address is {address} if you know anything")


def test_a_spoken_email_address_is_rewritten_in_the_view():
    assert undisguised("it's jay dot smith at gmail dot com") == "it's jay.smith@gmail.com"


@pytest.mark.parametrize(
    "text",
    [
        "I was at home dot dot dot waiting for the phone.",
        "I was at school. Com-pletely lost it.",
        "Meet at the school gate at three.",
    ],
)
def test_at_and_dot_in_ordinary_sentences_are_not_an_address(text):
    assert [kind for kind, _ in found(text) if kind in ("email", "url")] == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Ty13r keeps coming round", "Ty13r"),
        ("she's called $ophie", "$ophie"),
        ("my son J4ck was there", "J4ck"),
        ("K@yden is the one who recruited him", "K@yden"),
        ("3mma from the flats is involved", "3mma"),
        ("I think 0scar is the one selling", "0scar"),
        ("Chl03 and her mates", "Chl03"),
    ],
)
def test_digits_and_symbols_for_letters_in_a_name_read_as_letters(text, name):
    assert ("name", name) in found(text)


def test_a_digit_that_could_be_two_letters_is_read_as_the_one_that_makes_a_name():
    assert undisguised("Ty13r came") == "Tyler came"  # "1" as "l", not "i"
    assert undisguised("Em1ly came") == "Emily came"  # "1" as "i", not "l"


@pytest.mark.parametrize(
    "text",
    [
        "We were up at 5am again.",
        "It's the 3rd time this month, the 1st was worse.",
        "He's on his PS4 all night.",
        "4ever grateful to this group.",
        "The Y10s get out at 3pm.",
        "the postcode is SK4 3RB",
        "c u l8r, gr8 advice m8",
    ],
)
def test_times_ordinals_and_codes_are_not_read_as_names(text):
    assert [kind for kind, _ in found(text) if kind == "name"] == []


def test_a_name_broken_across_a_line_is_joined():
    assert ("name", "Ty-\nler") in found("my son Ty-\nler came home")
    assert ("name", "Soph\nie") in found("I'm so worried about Soph\nie tonight")
    assert len(views("Thanks all\nlove from a tired mum")) == 1


def test_letter_o_and_l_in_a_phone_number_read_as_digits():
    assert ("phone", "O77OO 9OO471") in found("O77OO 9OO471 is the number")
    assert ("phone", "07700 9OO 124") in found("whatsapp 07700 9OO 124 its my old one")


def test_letter_o_and_i_in_every_group_of_a_number_read_as_digits():
    assert ("phone", "O7.7OO.9OO.5I2") in found("O7.7OO.9OO.5I2 is the one on the flyer")
    assert ("phone", "O7 7OO 9OO 5I2") in found("his number is O7 7OO 9OO 5I2")


@pytest.mark.parametrize("separator", ["_", "/", "*", "~", "|", "+", "🔥", " 🔥 ", ", ", ":", "#"])
def test_a_phone_number_split_by_symbols_or_emoji_reads_as_one(separator):
    number = f"07700{separator}900{separator}615"
    assert undisguised(f"text him on {number} tonight") == "text him on 07700 900 615 tonight"
    assert ("phone", number) in found(f"text him on {number} tonight")


def test_a_landline_spaced_and_split_by_slashes_reads_as_one():
    text = "landline is 0 1 6 3 2 / 9 6 0 / 4 4 7"
    assert ("phone", "0 1 6 3 2 / 9 6 0 / 4 4 7") in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "The 2020/21 season was when he stopped playing.",
        "We pay £1,500/month for the flat.",
        "The bus at 07:30 gets him there by 08:15.",
        "He was out 3/4/5 nights in a row.",
        "Times are 10:30-11:30 and 14:00-15:00 at the contact centre.",
        "I rang 0800/1111 for him.",
    ],
)
def test_numbers_split_by_symbols_that_are_no_phone_are_left_as_written(text):
    assert len(views(text)) == 1


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("postcode B twenty three four N P", "postcode", "B twenty three four N P"),
        (
            "ring oh seven seven hundred nine hundred four one two",
            "phone",
            "oh seven seven hundred nine hundred four one two",
        ),
        ("we moved to M 1 4   5 T Q last year", "postcode", "M 1 4   5 T Q"),
    ],
)
def test_tens_and_hundreds_said_aloud_and_wide_gaps_read_as_one_detail(text, kind, span):
    assert (kind, span) in found(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("J-A-C-K is the one who gave him the phone", "J-A-C-K"),
        ("J 4 C K hangs round the estate", "J 4 C K"),
        ("it was K4i who took him to the flat", "K4i"),
    ],
)
def test_a_name_spelled_in_capitals_or_short_with_a_digit_reads_as_the_name(text, span):
    assert ("name", span) in found(text)


def test_the_dot_after_a_name_spelled_with_dots_is_part_of_the_disguise():
    assert ("name", "D.E.A.N.") in found("the mans name is D.E.A.N.")
    assert undisguised("we went to C.A.M.H.S. today") is None


def test_a_look_alike_letter_with_an_accent_reads_as_its_latin_letter():
    assert undisguised("Dѐan keeps messaging") == "Dean keeps messaging"
    assert ("name", "Dѐan") in found("Dѐan keeps messaging")


@pytest.mark.parametrize("text", ["c u L8r", "M8s from school", "the B4s bus", "Y9s and Y10s"])
def test_short_words_with_a_digit_that_make_no_name_are_left_as_written(text):
    assert [kind for kind, _ in found(text) if kind == "name"] == []


def test_a_phone_number_split_across_a_line_is_joined():
    assert ("phone", "07700\n900361") in found("his number is 07700\n900361 but")


# --------------------------------------------------------------------------------------------
# Spans and explanations


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        (f"number is {fullwidth('07700 900388')} ok", "phone", fullwidth("07700 900388")),
        ("my son Тyler rang", "name", "Тyler"),
        (f"postcode OL9{ZW}7QZ please", "postcode", f"OL9{ZW}7QZ"),
        (
            f"write to mum.of.3{ZW}@{ZW}btinternet.com x",
            "email",
            f"mum.of.3{ZW}@{ZW}btinternet.com",
        ),
        (
            "call 0 . 7 . 7 . 0 . 0 . 9 . 0 . 0 . 3 . 3 . 1",
            "phone",
            "0 . 7 . 7 . 0 . 0 . 9 . 0 . 0 . 3 . 3 . 1",
        ),
    ],
)
def test_a_finding_in_the_undisguised_view_covers_the_whole_disguised_form(text, kind, span):
    assert (kind, span) in found(text)


def test_redaction_replaces_the_whole_disguised_form():
    text = "ring me on 0 7 7 0 0 9 0 0 4 1 7 if you want"
    assert redact(text, screen(text).findings) == "ring me on [a phone number] if you want"
    text = "my number is oh seven seven double oh nine double oh three one four ok"
    assert redact(text, screen(text).findings) == "my number is [a phone number] ok"


def test_a_finding_explains_what_was_undone_inside_its_own_span():
    text = f"Тyler rang from {fullwidth('07700 900388')}"
    via = {text[f.start : f.end]: f.via for f in screen(text).findings}
    assert via["Тyler"] == "look-alike letters"
    assert via[fullwidth("07700 900388")] == "compatibility forms"
    text = "T-y-l-e-r rang from oh seven seven double oh nine double oh three one four"
    via = {f.kind: f.via for f in screen(text).findings}
    assert via["phone"] == "spelled-out digits"


def test_the_undisguised_view_of_a_long_post_holds_only_what_was_undone_and_its_context():
    text = (
        "We talked for ages about school. " * 40
        + "Call 0 7 7 0 0 9 0 0 1 2 3 now. "
        + ("Then we went home and had tea. " * 40)
    )
    view = views(text)[1]
    assert len(view.text) < 300
    assert ("phone", "0 7 7 0 0 9 0 0 1 2 3") in found(text)


def test_disguises_far_apart_in_a_long_post_are_each_found_on_their_own_spans():
    filler = "We talked for ages about school and what the police said. " * 20
    text = (
        f"{filler}My son T-y-l-e-r is 14. {filler}Ring 0 7 7 0 0 9 0 0 4 1 7 if you can. "
        f"{filler}We live at O.L.9 7.Q.X now.\n{filler}"
    )
    view = views(text)[1]
    assert view.text.count("\x00") == 2  # three windows
    assert {("name", "T-y-l-e-r"), ("phone", "0 7 7 0 0 9 0 0 4 1 7")} <= set(found(text))
    assert ("postcode", "O.L.9 7.Q.X") in found(text)


def test_a_view_maps_a_span_back_through_joins_and_reversals():
    view = View("Tyler", (2, 0, 4, 6, 8), "x", None, None, ordered=False)
    assert view.span(0, 5) == (0, 9)
    view = View("ab", (0, 5), "", None)
    assert view.span(0, 2) == (0, 6)
    assert view.span(1, 1) == (5, 5)


# --------------------------------------------------------------------------------------------
# Bad input: never raises, linear work


HOSTILE = {
    "emoji": "🙂",
    "emoji with selector": f"❤{VS16}",
    "separators": "- ",
    "spaced digits": "0 ",
    "spaced letters": "a-",
    "letters and number words": "a one ",
    "emoji-spaced letters": "T 🙂 ",
    "combining marks": "\u0301",
    "overrides": RLO,
    "override pairs": f"{RLO}ab{PDF}",
    "zero-width": ZW,
    "look-alikes": "Ту",
    "foreign word among English": "Тайлер is ",
    "number words": "oh seven ",
    "spoken dots": "a dot ",
    "leet words": "J4ck ",
    "short leet words": "K4i ",
    "symbol-split numbers": "07700_900_",
    "oh groups": "O7.7OO.",
    "tens and hundreds": "twenty three hundred ",
    "spaced capitals": "J-A-C-K  ",
    "line-broken names": "Tyl\ner ",
    "fullwidth": fullwidth("Tyler 0"),
    "lone surrogate": "\ud800a",
    "nul": "\x00",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_text_never_raises_and_maps_inside_the_original(name):
    text = HOSTILE[name] * 3000
    # the undisguised view itself, not `views`, which would swallow an error to keep screening
    view = normalise._undisguised(text, normalise._plain(text))
    if view is not None:
        assert len(view.offsets) == len(view.text) == len(view.ends) == len(view.labels)
        assert len(view.text) <= 3 * len(text)
        assert min(view.offsets) >= 0 and max(view.ends) <= len(text)
    screen(text)


def _lines_run(text: str) -> int:
    """Lines of Python run inside the normalise package to build the views of `text`."""
    count = 0
    package = os.path.dirname(normalise.__file__) + os.sep

    def tracer(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(package):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        views(text)
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_normalising_hostile_text_is_linear_in_its_length(name):
    unit = HOSTILE[name]
    _lines_run(unit * 500)  # caches warm
    small, large = _lines_run(unit * 1000), _lines_run(unit * 4000)
    assert large <= 4.4 * small + 500, (small, large)


def test_a_million_emoji_look_at_one_character_and_make_no_second_view(monkeypatch):
    calls = []
    rule = characters._rule
    monkeypatch.setattr(characters, "_rule", lambda ch: calls.append(ch) or rule(ch))
    assert len(views("🙂" * 1_000_000)) == 1
    assert calls == ["🙂"]


def test_a_hundred_thousand_combining_marks_fold_into_one_letter():
    text = "Ty" + "\u0301" * 100_000 + "ler"
    view = views(text)[1]
    assert view.text == "Tyler" and view.span(0, 5) == (0, len(text))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                *"Tyler 07 .-_@\n'",
                *("oh", "seven", "dot", "at", "double", "J4ck", "\u200b", RLO, PDF, "Т", "у"),
                *("😀", "\u0301", "０", "٣", "ⓣ", "$", "1", "|", "com", "gmail", "\ufe0f"),
                "\U000e0041",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_any_mix_of_disguises_maps_every_view_character_inside_the_original(text):
    for view in views(text):
        if view.offsets is None:
            continue
        for i in range(len(view.text)):
            start, end = view.span(i, i + 1)
            assert 0 <= start <= end <= len(text)
    for f in screen(text).findings:
        assert 0 <= f.start <= f.end <= len(text)
