"""Display names: pseudonyms that reveal nothing and imitate nobody."""

from __future__ import annotations

import pytest

from community.members.names import DisplayNameError, check_display_name, skeleton

RESERVED = ["admin", "moderator", "staff", "Safe Voices"]


def check(name: str, taken: set[str] | None = None):
    keys = {skeleton(n) for n in (taken or set())}
    return check_display_name(name, is_taken=keys.__contains__, reserved=RESERVED)


def test_a_plain_pseudonym_is_accepted_and_normalised():
    checked = check("  Hopeful   Heron ")

    assert checked.name == "Hopeful Heron"


def test_compatibility_characters_are_folded_by_nfkc():
    assert check("Ｈｏｐｅｆｕｌ Heron").name == "Hopeful Heron"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Jo", "between 3 and 30"),
        ("A" * 31, "between 3 and 30"),
        ("mum@example.org", "e-mail address"),
        ("@heron_mum", "@handle"),
        ("heron@mum", "@handle"),
        ("www.heronmum", "web address"),
        ("heronmum.co.uk", "web address"),
        ("Mum 07700 900123", "phone number"),
        ("Mum 020 7946 0000", "phone number"),
        ("Heron\u202emum", "only letters"),
        ("Heron\u200bmum", "only letters"),
        ("Heron <b>", "only letters"),
        ("12345", "at least one letter"),
    ],
)
def test_names_that_could_identify_or_mislead_are_refused_with_a_reason(name, message):
    with pytest.raises(DisplayNameError, match=message):
        check(name)


@pytest.mark.parametrize(
    "name",
    [
        "Admin",
        "ADMIN",
        "adm1n",
        "\u0430dmin",  # Cyrillic а
        "Ad.Min",
        "Moderator Jane",
        "Jane the Staff",
        "Safe Voices",
        "SafeVoices",
        "Ѕafe Vоices",  # Cyrillic Ѕ and о
    ],
)
def test_reserved_words_and_their_look_alikes_are_refused(name):
    with pytest.raises(DisplayNameError, match="kept for the team"):
        check(name)


def test_a_name_containing_a_reserved_word_inside_a_longer_word_is_fine():
    assert check("Staffordshire Bull").name == "Staffordshire Bull"


@pytest.mark.parametrize(
    "name",
    [
        "Hopeful Heron",
        "hopeful heron",
        "Hopeful-Heron",
        "H\u043epeful Her\u043en",  # Cyrillic о twice
        "HopefuI Heron",  # capital I for l
        "Hopefu1 Heron",  # digit 1 for l
    ],
)
def test_a_confusable_of_an_existing_name_is_refused(name):
    with pytest.raises(DisplayNameError, match="taken"):
        check(name, taken={"Hopeful Heron"})


def test_skeletons_agree_for_look_alikes_and_differ_for_different_names():
    assert skeleton("Quiet Harbour") == skeleton("QUIET harb0ur")
    assert skeleton("Quiet Harbour") != skeleton("Quiet Harbours")
