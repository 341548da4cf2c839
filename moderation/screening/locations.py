"""Map locations and machine addresses: what3words addresses, GPS coordinates, plus codes, grid
references [location], and IP addresses [ip_address].

what3words. "///filled.count.soap" anywhere (three words of letters, any script); the three
words without the slashes only after a cue ("what3words", "what 3 words", "w3w", "three words"),
or just before "what3words" or "w3w" ("it's jumps.cloth.fabric on what3words").

Coordinates. A decimal pair ("53.4808, -2.2426", "53.4808N 2.2426W", "53.8008° N, 1.5491° W"):
latitude within 90, longitude within 180, and each with at least three decimal places, or with
its hemisphere letter or a degree sign, or after a cue ("coordinates", "coords", "gps", "lat",
"location", "pin", "map", "tracker"...). A labelled pair ("lat 53.48 long -2.24", "latitude
52.4862, longitude -1.8904") counts whatever the decimals, from the label to the last number.
Degrees, minutes and seconds ("53°28'51\"N 2°14'33\"W", "54° 58' 26" N, 1° 36' 48" W", with
prime marks or quotes), the seconds optional. Prices, times, scores and versions ("£12.99,
13.50", "10.0.2") have too few decimals or no second number.

Plus codes ("9C5VFQ3R+2V"), in Google's alphabet, with a letter and a digit. OS grid references
("SJ 838 980") only after "grid ref" or "grid reference".

IP addresses. IPv4 with every part 0-255 ("81.2.69.142"), not one piece of a longer dotted run
and not after "version", "v", "section", "para", "clause", "chapter", "build", "iOS"... (section
and version numbers). IPv6, full or compressed ("2001:db8:85a3::8a2e:370:7334"), checked with
Python's `ipaddress`, with at least one digit and not glued to a word ("std::vector" passes).
"""

from __future__ import annotations

import ipaddress
import re

from .scan import Pattern, Scan
from .types import Finding, identifying

# --------------------------------------------------------------------------------------------
# what3words


_W3W_RULES = ((1, "what3words"), (2, "what3words-after-cue"), (3, "what3words-before-cue"))


def _what3words(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("w3w"):
        for group, rule in _W3W_RULES:
            if m.start(group) >= 0:
                out.append(identifying("location", m.start(group), m.end(group), rule=rule))
    return out


# --------------------------------------------------------------------------------------------
# Coordinates

_COORD_CUE = re.compile(
    r"(?i)\b(?:co-?ord(?:inate)?s?|gps|lat|latitude|long|longitude|location|located|pin|"
    r"map|maps|tracker|tracking|find[ \t]?my|pinged|ping|position|sat[ \t]?nav|geo[ \t]?tag|"
    r"snap[ \t]?map|life360)\b[^.!?\n]{0,40}$"
)
_DECIMALS = re.compile(r"\.(\d+)")
_DIGIT_BEFORE = re.compile(r"[\d.]$|\d[.,]$")
_DIGIT_AFTER = re.compile(r"\.?\d")


def _decimal_places(number: str) -> int:
    m = _DECIMALS.search(number)
    return len(m.group(1)) if m else 0


def _in_range(lat: str, lon: str) -> bool:
    try:
        return abs(float(lat)) <= 90 and abs(float(lon)) <= 180
    except ValueError:
        return False


def _coordinates(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("coords"):
        if m.start(7) >= 0:  # labelled: "lat 53.48 long -2.24"
            if _in_range(m.group(7), m.group(8)):
                rule = "coordinates-labelled"
                out.append(identifying("location", m.start(), m.end(), rule=rule))
            continue
        if m.start(9) >= 0:  # degrees, minutes and seconds
            end = m.end()
            if text[end - 1].isalpha() and text[end : end + 1].isalpha():
                end -= 1  # "... 2°14'33\" Wales": not a hemisphere
            out.append(identifying("location", m.start(), end, rule="coordinates-dms"))
            continue
        lat, lon = m.group(2).replace("\u2212", "-"), m.group(5).replace("\u2212", "-")
        start, end = m.start(), m.end()
        if not _in_range(lat, lon) or _DIGIT_BEFORE.search(text[max(0, start - 2) : start]):
            continue
        if _DIGIT_AFTER.match(text, end, end + 2):
            continue  # "1.2.3.4.5"
        hemispheres = bool((m.group(1) or m.group(3)) and (m.group(4) or m.group(6)))
        degrees = m.group().count("°") == 2
        places = min(_decimal_places(lat), _decimal_places(lon))
        cued = bool(_COORD_CUE.search(text[max(0, start - 50) : start]))
        if places >= 3 or hemispheres or degrees:
            out.append(identifying("location", start, end, rule="coordinates-decimal"))
        elif cued and places >= 2:
            out.append(identifying("location", start, end, rule="coordinates-after-cue"))
    return out


def _plus_codes(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("codes"):
        if m.start(1) >= 0:
            code = m.group(1)
            if any(c.isdigit() for c in code) and any(c.isalpha() for c in code):
                out.append(identifying("location", m.start(1), m.end(1), rule="plus-code"))
        elif m.start(2) >= 0:
            out.append(identifying("location", m.start(2), m.end(2), rule="grid-reference"))
    return out


# --------------------------------------------------------------------------------------------
# IP addresses

_NUMBERED_THING = re.compile(
    r"(?i)\b(?:v|ver|version|versions|section|sections|s|para|paragraph|clause|chapter|build|"
    r"ios|android|firmware|update|release|rule|regulation|article|appendix|figure|fig|table|"
    r"step|item|part|standard|rev|revision|patch)\.?[ \t]*$"
)


def _ip_addresses(text: str, scan: Scan) -> list[Finding]:
    out = []
    matches = list(scan.find("codes"))
    for m in matches:
        start, end = m.start(3), m.end(3)
        if start < 0:
            continue
        if start > 0 and text[start - 1] in ".0123456789":
            continue
        if re.match(r"\.\d|\d", text[end : end + 2]):
            continue
        if _NUMBERED_THING.search(text[max(0, start - 20) : start]):
            continue
        out.append(identifying("ip_address", start, end, rule="ipv4"))
    for m in matches:
        start, end = m.start(4), m.end(4)
        if start < 0:
            continue
        candidate = m.group(4)
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ":_"):
            continue
        if end < len(text) and (text[end].isalnum() or text[end] == "_"):
            continue
        if "::" not in candidate and candidate.count(":") != 7:
            continue
        if not any(c.isdigit() for c in candidate) or len(candidate) < 6:
            continue
        try:
            address = ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        if address.is_unspecified or address.is_loopback:
            continue
        out.append(identifying("ip_address", start, end, rule="ipv6"))
    return out


# --------------------------------------------------------------------------------------------


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    word = r"\p{L}+"
    lat = r"([-+\x{2212}]?\d{1,2}(?:\.\d{1,8})?)"
    lon = r"([-+\x{2212}]?\d{1,3}(?:\.\d{1,8})?)"
    lat_dec = r"([-+\x{2212}]?\d{1,2}\.\d{1,8})"
    lon_dec = r"([-+\x{2212}]?\d{1,3}\.\d{1,8})"
    deg = r"(?:[ \t]*°)?"
    octet = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    dms = (
        r"\d{1,3}[ \t]*°[ \t]*\d{1,2}(?:\.\d+)?[ \t]*['\x{2032}][ \t]*"
        r"(?:\d{1,2}(?:\.\d+)?[ \t]*(?:\"|\x{2033}|''|\x{2032}\x{2032})[ \t]*)?"
    )
    plus = "[23456789CFGHJMPQRVWX]"
    return {
        # (1) "///filled.count.soap"; (2) the words after a cue; (3) the words before one ("it's
        # jumps.cloth.fabric on what3words").
        "w3w": (
            rf"(///{word}\.{word}\.{word})"
            r"|(?i:\b(?:what[ \t]?(?:3|three)[ \t]?words?|w3w|three[ \t]words)\b"
            r"[^.\n]{0,30}?(?:[:=\-][ \t]*)?((?:///)?\p{Ll}+\.\p{Ll}+\.\p{Ll}+)\b)"
            r"|(?:^|[^\w.])(\p{Ll}+\.\p{Ll}+\.\p{Ll}+)(?:[ \t,]+[^.!?\n]{0,20}?)?"
            r"(?i:\b(?:what[ \t]?(?:3|three)[ \t]?words?|w3w)\b)"
        ),
        # A decimal pair (groups 1-6), a labelled pair (7, 8), degrees-minutes-seconds (9).
        "coords": (
            rf"(?i)(?:\b([NS])[ \t]*)?{lat_dec}{deg}(?:[ \t]*([NS])\b)?(?:[ \t]*[,;/][ \t]*|[ \t]+)"
            rf"(?:([EW])[ \t]*)?{lon_dec}{deg}(?:[ \t]*([EW])\b)?"
            rf"|\blat(?:itude)?\.?[ \t]*[:=]?[ \t]*{lat}{deg}(?:[ \t]*[NS]\b)?[ \t]*[,;]?[ \t]*"
            rf"(?:long(?:itude)?|lon|lng)\.?[ \t]*[:=]?[ \t]*{lon}{deg}(?:[ \t]*[EW]\b)?"
            rf"|\b((?:[NS][ \t]*)?{dms}[NS]?[ \t]*[,;/]?[ \t]*(?:[EW][ \t]*)?{dms}[EW]?)"
        ),
        # A plus code (1), a grid reference (2), an IPv4 (3) or IPv6 (4) address.
        "codes": (
            rf"\b({plus}{{4,8}}\+{plus}{{2,3}})\b"
            r"|(?i:\bgrid[ \t]*ref(?:erence)?\.?[ \t:]*)"
            r"([HNOST][A-HJ-Z][ \t]?\d{2,5}[ \t]?\d{2,5})\b"
            rf"|\b({octet}\.{octet}\.{octet}\.{octet})\b"
            r"|((?i:[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}))"
        ),
    }


DETECTORS = (_what3words, _coordinates, _plus_codes, _ip_addresses)
