"""The gazetteer: UK towns, villages and suburbs named in a post, with context rules so that
everyday words that are also places ("Reading", "Bath", "March") pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from moderation.screening import screen
from moderation.screening.gazetteer import gazetteer, match_form, place_at

DATA = Path(__file__).resolve().parents[3] / "moderation" / "screening" / "data"


def places(text: str) -> list[str]:
    """What a moderator sees held as a place."""
    return [
        text[f.start : f.end]
        for f in screen(text).findings
        if f.kind == "place" and f.category == "identifying"
    ]


def test_a_town_named_in_a_story_is_held_as_a_place():
    assert places("We moved to Rochdale two years ago to get away from it.") == ["Rochdale"]


def test_a_suburb_of_two_words_is_one_place():
    assert places("we're from Worcester Park originally") == ["Worcester Park"]


def test_a_town_in_lower_case_counts_after_a_place_cue():
    assert places("we live in skelmersdale and the police are useless") == ["skelmersdale"]
    assert places("hes been going up to grimsby every weekend") == ["grimsby"]


def test_a_town_in_lower_case_without_a_cue_passes():
    assert places("castleford is grim") == []


def test_hyphens_and_spaces_are_the_same_name():
    assert places("he got the bus to Stoke-on-Trent") == ["Stoke-on-Trent"]
    assert places("we live in stoke on trent") == ["stoke on trent"]


def test_a_place_known_by_part_of_its_name_is_found():
    assert places("we're from kingston upon hull originally") == ["kingston upon hull"]
    assert places("he was picked up in St Helens by transport police") == ["St Helens"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("it started after we moved to Bath for my husband's job", "Bath"),
        ("my son's dad lives in Reading", "Reading"),
        ("we're from Sale and it still happened to us", "Sale"),
        ("they took him down to Deal on the coast", "Deal"),
        ("we live in March and there's nothing for teenagers", "March"),
        ("he was picked up just outside Wells", "Wells"),
        ("he's been seen round Ware way", "Ware"),
        ("she ran off to the other side of Rugby", "Rugby"),
        ("we're from Bury and the youth team is great", "Bury"),
        ("There's a farm outside Hope where they kept him", "Hope"),
        ("the Bury area is where it all happens", "Bury"),
    ],
)
def test_an_everyday_word_that_is_a_place_counts_with_a_capital_and_a_place_cue(text, place):
    assert places(text) == [place]


@pytest.mark.parametrize(
    "text",
    [
        "Reading his messages made me feel sick.",
        "He spends hours in the bath with his phone.",
        "There was a sale on and he came back with trainers.",
        "Deal with one thing at a time.",
        "We've had meetings every week since March.",
        "He was born in March, the youngest in his year.",
        "Everyone on our street knows.",
        "I live in hope that he'll come home.",
        "Over the summer he changed completely.",
        "Bury the past, they said.",
        "He used to play rugby every Saturday.",
        "I just want things to go back to normal.",
        "I got a text from Hope this morning.",
        "We live in Wales and the services are stretched.",
        "He wants to go to Reading Festival with his mates.",
        "He loves a Bakewell tart.",
        "She supports Everton like her dad.",
        "He loves Leeds United more than anything.",
        "The coach took them to Wembley for the final.",
        "He goes to St Mary's on Sundays with his nan.",
        "We went to Alton Towers for his birthday.",
        "Inspector Radcliffe never called back.",
        "Her name is Chantelle Ashworth-Barnes.",
    ],
)
def test_everyday_words_names_clubs_and_venues_that_are_also_places_pass(text):
    assert places(text) == []


def test_a_national_city_alone_is_not_held_but_is_kept_as_a_detail_for_combinations():
    result = screen("We travelled from Manchester to the hearing in London.")
    assert not result.identifying
    from moderation.screening import engine, normalise
    from moderation.screening.gazetteer import _places
    from moderation.screening.scan import Scan

    text = normalise.views("We travelled from Manchester to the hearing in London.")[0].text
    found = _places(text, Scan(text, engine._detectors()[0]))
    assert [(text[f.start : f.end], f.category) for f in found] == [
        ("Manchester", "quasi"),
        ("London", "quasi"),
    ]


def test_a_list_of_places_is_found_whole():
    assert places("driven to Chesterfield and Worksop by men in their twenties") == [
        "Chesterfield",
        "Worksop",
    ]


def test_a_place_inside_a_long_rambling_sentence_is_found():
    text = (
        "so we packed up and moved and honestly I thought that was the end of it but within "
        "six months the same kind of boys were waiting outside the gates for him in "
        "littleborough and nobody at the school would listen to a word I said"
    )
    assert places(text) == ["littleborough"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("my son got picked up in Wythenshawe last night", "Wythenshawe"),
        ("they took him to a trap house in Moss Side", "Moss Side"),
        ("we stay in Easterhouse and the polis dinnae care", "Easterhouse"),
        ("hes from the Shankill and they've threatened him", "Shankill"),
        ("there's a house in Byker where they keep the kids", "Byker"),
        ("my son got arrested in Splott with his mates", "Splott"),
        ("weve been in southmead 10 yrs", "southmead"),
        ("i'm a single mum in Walker in newcastle", "Walker"),
        ("we're up the valleys, Merthyr, and its rife here", "Merthyr"),
    ],
)
def test_a_district_of_a_big_city_that_geonames_lacks_is_a_place(text, place):
    assert place in places(text)


def test_the_districts_supplement_says_it_is_hand_written_public_geography():
    header = [
        line
        for line in (DATA / "uk_districts.txt").read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    assert any("Public geography" in line for line in header)
    assert gazetteer().lookup("moss side").context == "proper"
    assert gazetteer().lookup("Walker").context == "word"  # also a surname: needs a cue


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("hes been going up oldham every weekend", "oldham"),
        ("someone said they saw him up kirkby with two older boys", "kirkby"),
        ("he gets dropped off down splott by an older lad", "splott"),
        ("hes always out by huyton on his bike", "huyton"),
        ("she was over in harehills again last night", "harehills"),
        ("we live just outside wigan so theres nothing to do", "wigan"),
        ("we're this side of burnley, up near the moors", "burnley"),
        ("its a bolton lad who got him into it", "bolton"),
        ("the rochdale lot are the ones we're scared of", "rochdale"),
        ("we're in moss side and i'm terrified every night", "moss side"),
    ],
)
def test_a_town_in_lower_case_counts_after_up_down_out_by_and_before_lad_or_lot(text, place):
    assert places(text) == [place]


@pytest.mark.parametrize(
    "text",
    [
        "I picked her up from school and she was in tears.",
        "Shut up Leigh, he said, and walked off.",
        "she's been up and down all night with worry",
        "calm down and tell me what happened",
        "Walker said he would ring back.",
        "the meadows behind our estate flood every winter",
        "the pill made her feel sick so she stopped",
    ],
)
def test_up_down_and_districts_that_are_words_or_surnames_pass_alone(text):
    assert places(text) == []


def test_the_gazetteer_ships_with_its_source_and_licence():
    header = (DATA / "uk_places.txt").read_text(encoding="utf-8").splitlines()[:3]
    assert any("GeoNames" in line for line in header)
    assert any("CC BY 4.0" in line for line in header)
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert "GeoNames" in readme and "CC BY 4.0" in readme


def test_the_gazetteer_has_thousands_of_places_each_with_a_context():
    gaz = gazetteer()
    assert len(gaz.places) > 5000
    assert {p.context for p in gaz.places} <= {"plain", "proper", "word", "month", "venue", "city"}
    assert gaz.lookup("worcester park").context == "plain"
    assert gaz.lookup("Reading").context == "word"
    assert gaz.lookup("MARCH").context == "month"
    assert gaz.lookup("London").context == "city"
    assert gaz.lookup("Wales") is None


def test_matching_keeps_every_offset():
    text = "İstanbul, Stoke-on-Trent\nRochdale's \ud83d end"
    assert len(match_form(text)) == len(text)
    assert place_at("Stoke-on-Trent's bus", 0) == len("Stoke-on-Trent")


def test_the_loaded_gazetteer_costs_a_few_megabytes_of_resident_memory():
    code = (
        "import gc\n"
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmRSS'):\n"
        "            return int(line.split()[1]) * 1024\n"
        "from moderation.screening import gazetteer\n"
        "gc.collect(); before = rss()\n"
        "gazetteer.gazetteer()\n"
        "gc.collect(); print(rss() - before)\n"
    )
    root = Path(__file__).resolve().parents[3]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert int(out.stdout.strip()) < 12 * 1024 * 1024


def test_a_flood_of_place_names_costs_one_check_per_name(monkeypatch):
    from moderation.screening import gazetteer as module

    calls = 0
    real = module._is_place

    def counting(*args):
        nonlocal calls
        calls += 1
        return real(*args)

    monkeypatch.setattr(module, "_is_place", counting)
    text = "Rochdale and Bury and Stoke-on-Trent, " * 2000
    found = module._places(text, None)
    assert calls <= 4 * 2000 + 10  # Stoke-on-Trent also holds "Stoke"
    assert len(found) >= 3 * 2000


@pytest.mark.parametrize(
    "text",
    [
        "\u0422\u0430\u0439\u043b\u0435\u0440 \u6771\u4eac Rochdale \u0660\u0667\u0667 " * 500,
        "\U0001f642Rochdale\U0001f642" * 500,
        "R\u0301ochdale " * 500,
        "ROCHDALE-" * 1000,
        "",
        "'",
        "in " * 5000,
        "going up " * 3000,
        "Moss Side lad " * 1000,
    ],
)
def test_odd_text_never_makes_the_gazetteer_raise(text):
    screen(text)
