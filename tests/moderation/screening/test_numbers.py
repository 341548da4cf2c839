"""Phone numbers and number plates, whole or partial (moderation/screening/numbers.py).

Phones come from Ofcom's drama ranges; plates are invented.
"""

from __future__ import annotations

import pytest

from moderation.screening import screen

from .test_hostile_input import _calls


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in screen(text).findings]


def kinds(text: str) -> set[str]:
    return {kind for kind, _ in found(text)}


# Phones -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "07700 900 456",
        "07700900123",
        "07700-900-777",
        "07700.900.212",
        "+44 7700 900318",
        "+44 (0)7700 900 645",
        "0044 7700 900 318",
        "(0161) 496 0123",
        "0113-496-0452",
        "0113 4960 987",
        "028 9649 6221",
        "+1 202 555 0143",
    ],
)
def test_a_phone_number_is_found_whole_in_every_common_form(number):
    assert ("phone", number) in found(f"ring {number} tonight"), found(f"ring {number} tonight")


@pytest.mark.parametrize(
    "text",
    [
        "Childline is 0800 1111",
        "Samaritans on 116 123",
        "ring 0808 800 5000 for the NSPCC",
        "call 101 or 999",
        "Crimestoppers is 0800 555 111",
    ],
)
def test_helplines_are_not_a_familys_phone(text):
    assert "phone" not in kinds(text)


def test_digits_written_one_by_one_are_read_in_the_undisguised_view():
    text = "text me on 0 7 7 0 0 9 0 0 1 2 3 tonight"
    [phone] = [f for f in screen(text).findings if f.kind == "phone"]
    assert text[phone.start : phone.end] == "0 7 7 0 0 9 0 0 1 2 3"
    assert phone.via  # found after undoing the spacing, and it says so


# Number plates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a silver Golf, reg AB12 CDE", "AB12 CDE"),
        ("the van's reg was yh 70 kdr i think", "yh 70 kdr"),
        ("the old Volvo P372 KLT was parked up", "P372 KLT"),
        ("reg started KX6, couldn't see the rest", "KX6"),
        ("the plate ending 4 ND, a grey Corsa", "4 ND"),
        ("the reg ends in 7 HW and it's always the same car", "7 HW"),
        ("a blue Nissan, reg beginning EY2", "EY2"),
        ("it was a YR20 something, white Transit", "YR20"),
        ("i got part of it, HN1 something, red Clio", "HN1"),
        ("number plate was something like MA69 K...", "MA69 K"),
        ("i only caught the end of the plate, FTZ, blue fiesta", "FTZ"),
        ("number plate started WK and ended in ZT", "ZT"),
        ("number plate started WK and ended in ZT", "WK"),
    ],
)
def test_number_plates_are_found_whole_or_in_part(text, span):
    assert ("vehicle", span) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "It was a 19 plate Corsa, nothing special.",
        "A grey car pulled up, I didn't get the reg.",
        "The car had tinted windows and a private plate.",
        "the reg was about 3 weeks ago",
        "the reg ends in 3 weeks, I think",
        "he wants a PS5 something for christmas",
        "the plate started to crack in the oven",
    ],
)
def test_plate_words_in_everyday_senses_are_not_plates(text):
    assert "vehicle" not in kinds(text), found(text)


# Hostile input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    ["07700 900 456 ", "reg AB12 ", "plate ending 4 ", "AB12 something ", "reg and ended in "],
)
def test_phones_and_plates_are_screened_in_linear_work(unit):
    small, large = _calls(unit * 300), _calls(unit * 1200)
    assert large <= 5 * small + 2_000, (small, large)


# Red-team round: forms written outside the project ------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("the number was 07700 then 900 then 552, she read it out", "07700 then 900 then 552"),
        ("ring me on 07700 900 and then 415 after the school run", "07700 900 and then 415"),
        ("call me on 07700 900 double 4 9", "07700 900 double 4 9"),
        ("ring +44 7700 then 900 then 733 now", "+44 7700 then 900 then 733"),
    ],
)
def test_a_phone_number_read_out_with_words_between_its_groups_is_found_whole(text, span):
    assert ("phone", span) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "i rang 0161 and then 0800 1111 and got nowhere",
        "they're 07 and 11 and 15 now",
        "ring 0800 then 555 then 111 for crimestoppers",
    ],
)
def test_numbers_with_words_between_that_make_no_personal_number_are_not_phones(text):
    assert "phone" not in kinds(text), found(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("black merc, ef 71 uvj, outside the chippy every night", "ef 71 uvj"),
        ("it was a red focus, nk 65 lpt, always parked by the garages", "nk 65 lpt"),
        ("the car Y 123 ABC pulled up", "Y 123 ABC"),
        ("the reg started with KN19 but i didnt get the rest", "KN19"),
        ("first bit of the plate was SF 66 and it was a blue corsa", "SF 66"),
    ],
)
def test_plates_in_lower_case_spaced_or_cut_short_before_a_word_are_found(text, span):
    assert ("vehicle", span) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "the car was booked on 15 may",
        "the van came at 10 and left",
        "mot on the car due by 15 feb",
        "the car had 12 mpg",
        "my bff 12 yrs old",
    ],
)
def test_lower_case_words_around_a_number_are_not_a_plate(text):
    assert "vehicle" not in kinds(text), found(text)


def test_phones_read_out_are_screened_in_linear_work():
    unit = "07700 then 900 and then "
    small, large = _calls(unit * 300), _calls(unit * 1200)
    assert large <= 5 * small + 2_000, (small, large)
