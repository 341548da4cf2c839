"""Postcodes, postcode districts in place context, whole addresses, street corners and estates."""

from __future__ import annotations

import pytest

from moderation.screening import screen

from .work import calls

MINE = {"postcode", "address", "place"}


def found(text: str) -> list[tuple[str, str]]:
    """(kind, span) of what a moderator sees held, for this module's kinds."""
    return [
        (f.kind, text[f.start : f.end])
        for f in screen(text).findings
        if f.category == "identifying" and f.kind in MINE
    ]


def test_an_address_from_the_flat_number_to_the_postcode_is_one_span():
    text = "they kept him at Flat 3, 12 Larkspur Road, Hollowmere, OL9 7QX for a week"
    assert found(text) == [("address", "Flat 3, 12 Larkspur Road, Hollowmere, OL9 7QX")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("the house is 14 Tanfield Grove, Chadderton and", "14 Tanfield Grove, Chadderton"),
        (
            "she was found at flat 9, Kestrel House, Wickham Street",
            "flat 9, Kestrel House, Wickham Street",
        ),
        ("he keeps going to unit 4, Brambling Trading Park late", "unit 4, Brambling Trading Park"),
        ("they rented room 12 at 40 Quayside Walk for the weekend", "room 12 at 40 Quayside Walk"),
        (
            "send it to 62 albany terrace, castleford wf10 5pd please",
            "62 albany terrace, castleford wf10 5pd",
        ),
        ("the police raided 3-5 Birchwood Parade on Tuesday", "3-5 Birchwood Parade"),
        ("outside No. 7 Gorsey Bank Road at 3am", "No. 7 Gorsey Bank Road"),
        (
            "the parcel said 7 Cranleigh Mews, Prestwich, Manchester M25 9HB",
            "7 Cranleigh Mews, Prestwich, Manchester M25 9HB",
        ),
        ("the house is at 23 The Green, Tottington", "23 The Green, Tottington"),
        ("my address is 8 the willows, failsworth", "8 the willows, failsworth"),
        ("we live at 11 harrier close so everyone knows", "11 harrier close"),
        ("the girl lives at number 31 and her mum works nights", "number 31"),
        (
            "Room 214 of the Lakeside Lodge, 3 Marina Way, Morecambe when",
            "Room 214 of the Lakeside Lodge, 3 Marina Way, Morecambe",
        ),
    ],
)
def test_an_address_is_caught_whole(text, span):
    assert ("address", span) in found(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (
            "they meet on the corner of Cobden Road and Mill Street at ten",
            "the corner of Cobden Road and Mill Street",
        ),
        (
            "the van was parked where Thistle Lane meets Burdock Road",
            "where Thistle Lane meets Burdock Road",
        ),
        (
            "we met at the junction of Haverley Road and Stanmoor Avenue",
            "the junction of Haverley Road and Stanmoor Avenue",
        ),
        (
            "they wait by the crossroads of Wren Lane and Copse Road",
            "the crossroads of Wren Lane and Copse Road",
        ),
        # the building said before the corner is part of the address
        (
            "the shop at the junction of Haverley Road and Stanmoor Avenue",
            "the shop at the junction of Haverley Road and Stanmoor Avenue",
        ),
        (
            "hes at the house on the corner of Larch Road and Hibbert Street most nights",
            "the house on the corner of Larch Road and Hibbert Street",
        ),
    ],
)
def test_a_street_corner_or_junction_is_one_address(text, span):
    assert found(text) == [("address", span)]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (
            "it was the flats behind the Co-op on Garside Road, everyone knows",
            "the flats behind the Co-op on Garside Road",
        ),
        (
            "they met at the garages at the back of Fenby Walk",
            "the garages at the back of Fenby Walk",
        ),
        ("its house 3 on Penrose Crescent", "house 3 on Penrose Crescent"),
        ("she was found at flat 4 / 22 Kettering rd", "flat 4 / 22 Kettering rd"),
        ("they were sending him to no. 14 Carrow Street", "no. 14 Carrow Street"),
        ("the flat was flat 2b, 31 Hensall Road", "flat 2b, 31 Hensall Road"),
    ],
)
def test_the_building_said_before_a_street_belongs_to_the_address(text, span):
    assert found(text) == [("address", span)]


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("we're OL9 and it's everywhere round here", "OL9"),
        ("round OL9 way they all know him", "OL9"),
        ("the N17 lot are the ones who got him", "N17"),
        ("im in ng7 if anyone local wants to chat", "ng7"),
        ("he's repping N15 now", "N15"),
        ("the line runs out of BT12 into the towns", "BT12"),
        ("we're just off the M8 postcode", "M8"),
        ("they told him to go to CR0 and wait", "CR0"),
    ],
)
def test_a_postcode_district_alone_counts_in_place_context(text, district):
    assert found(text) == [("postcode", district)]


def test_every_district_in_a_list_counts():
    assert found("he's been selling in PE1 and PE2 for weeks") == [
        ("postcode", "PE1"),
        ("postcode", "PE2"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "He moved up to S3 this year.",
        "They drove him up and down the M6 for days.",
        "We got the train to M1 junction 12.",
        "He's been stuck on the M62 since six.",
        "He got his E3 level maths at last.",
        "We're B1 level in French.",
        "We live near the M60 and you can hear it.",
    ],
)
def test_motorways_school_years_and_levels_are_not_postcodes(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("we live on the Larchwood estate and everyone watches", "Larchwood estate"),
        ("he's always hanging about on Hollowfield Estate", "Hollowfield Estate"),
        ("they sell from the Beacon flats behind the precinct", "Beacon flats"),
        ("were on the ravensholt estate and you cant walk anywhere", "ravensholt estate"),
    ],
)
def test_a_named_estate_or_block_of_flats_is_a_place(text, span):
    assert ("place", span) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "We live on a council estate and everyone knows our business.",
        "The council moved us to the new estate across town.",
        "She lives in the tower flats by the ring road.",
        "The estate agent was useless.",
        "He's always over at the posh estate by the park.",
        "The High Street is full of them after school.",
        "I sat outside the Crown Court for six hours.",
        "My sister lives at number 4 in the same street, it helps.",
        "He stood on the corner of our road for hours.",
        "It took 3 hours door to door.",
        "We met at 3 the next day.",
        "He came number 3 in the race.",
        "The flats behind us have a broken lift.",
        "The house on the corner has been empty for years.",
        "He walked past the garages at the end of our road.",
        "It's 2 Weeks way too long to wait for a callback.",
    ],
)
def test_ordinary_estates_streets_courts_and_numbers_pass(text):
    assert found(text) == []


def _calls(text: str) -> int:
    return calls(lambda: screen(text))


@pytest.mark.parametrize(
    "unit",
    [
        "Flat 3, 12 Larkspur Road, Hollowmere, OL9 7QX, ",
        "the corner of Cobden Road and Mill Street and ",
        "in OL9 and OL9 and ",
        "12 A B C Road, D E F, G H I, ",
        "the Marsh estate the Beacon flats ",
        "at 1 the 2 the 3 the ",
        "the flats behind the shop on the house by the ",
        "the flats behind the Co-op on Garside Road and ",
        "house 3 on flat 2 / 4 Kettering rd ",
    ],
)
def test_long_runs_of_address_pieces_cost_linear_work(unit):
    small, large = _calls(unit * 100), _calls(unit * 400)
    assert large < 5 * small
