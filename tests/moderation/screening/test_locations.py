"""Map locations and IP addresses (moderation/screening/locations.py)."""

from __future__ import annotations

import pytest

from moderation.screening import screen

from .test_hostile_input import _calls


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in screen(text).findings]


def kinds(text: str) -> set[str]:
    return {kind for kind, _ in found(text)}


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("they meet at ///filled.count.soap every night", "///filled.count.soap"),
        ("what3words: lamp.river.button", "lamp.river.button"),
        ("the w3w was index.home.raft by the canal", "index.home.raft"),
        ("her snap map pinged at 53.4808, -2.2426 at 2am", "53.4808, -2.2426"),
        ("coords: 52.9548,-1.1581", "52.9548,-1.1581"),
        ("pin 50.71, -3.53 was where she was", "50.71, -3.53"),
        ("lat 53.48 long -2.24 is where it was", "lat 53.48 long -2.24"),
        ("latitude 52.4862, longitude -1.8904", "latitude 52.4862, longitude -1.8904"),
        ("the tracker had him at 55.8642N, 4.2518W", "55.8642N, 4.2518W"),
        ("find my phone said 53.8008° N, 1.5491° W", "53.8008° N, 1.5491° W"),
        ("the flat is at 53°28'51\"N 2°14'33\"W", "53°28'51\"N 2°14'33\"W"),
        (
            "54° 58\u2032 26\u2033 N, 1° 36\u2032 48\u2033 W",
            "54° 58\u2032 26\u2033 N, 1° 36\u2032 48\u2033 W",
        ),
        ("the plus code was 9C5VFQ3R+2V", "9C5VFQ3R+2V"),
        ("grid ref SJ 838 980 is the old quarry", "SJ 838 980"),
    ],
)
def test_map_locations_are_found_whole(text, span):
    assert ("location", span) in found(text), found(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("his IP address was 81.2.69.142 according to the police", "81.2.69.142"),
        ("IP: 203.0.113.77.", "203.0.113.77"),
        ("traced to 2001:db8:85a3::8a2e:370:7334 on the log", "2001:db8:85a3::8a2e:370:7334"),
        ("2001:0db8:0000:0000:0000:ff00:0042:8329", "2001:0db8:0000:0000:0000:ff00:0042:8329"),
        ("last login fe80::1ff:fe23:4567:890a", "fe80::1ff:fe23:4567:890a"),
    ],
)
def test_ip_addresses_are_found_whole(text, span):
    assert ("ip_address", span) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Version 2.3.1 of the app still lets strangers message kids.",
        "Section 4.2.1.3 of the policy says they must tell parents.",
        "update to iOS 17.4.1.2 tonight",
        "It cost £12.99, 13.50 with delivery.",
        "at 12.30, 13.45 and 15.00 he was seen",
        "the room was 3.5 by 4.2 metres",
        "he scored 12.345 in the test",
        "meet at 10:30:45 by the gate",
        "std::vector is what the coding club used",
        "the three words he said were sorry, sorry, sorry",
        "ok.see.you later",
        "the ratio was 1.25, 2.50",
    ],
)
def test_versions_sections_prices_and_times_are_not_locations(text):
    assert not kinds(text) & {"location", "ip_address"}, found(text)


@pytest.mark.parametrize(
    "unit",
    ["///a.b.c ", "53.4808, -2.2426 ", "1.1.1.1.", "::", ":a:b:c", "°'\" ", "w3w ", "1.23 "],
)
def test_locations_are_screened_in_linear_work(unit):
    small, large = _calls(unit * 300), _calls(unit * 1200)
    assert large <= 5 * small + 2_000, (small, large)


def test_three_words_just_before_what3words_are_a_location():
    text = "its jumps.cloth.fabric on what3words"
    assert ("location", "jumps.cloth.fabric") in found(text), found(text)
    text = "w3w ///pint.lamp.ocean"
    assert ("location", "///pint.lamp.ocean") in found(text), found(text)


def test_three_dotted_words_without_a_cue_are_not_a_location():
    assert "location" not in kinds("he said no.never.again and walked off")
