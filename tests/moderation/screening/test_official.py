"""Official numbers and references (moderation/screening/official.py).

Every number here is invented; check digits were computed for the test (a real number could
coincide, which cannot be helped).
"""

from __future__ import annotations

import pytest

from moderation.screening import screen
from moderation.screening.official import (
    chi_number,
    driving_licence,
    nhs_number,
    nino_prefix,
    pupil_number,
)

from .test_hostile_input import _calls


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind, text[f.start : f.end]) for f in screen(text).findings]


def kinds(text: str) -> set[str]:
    return {kind for kind, _ in found(text)}


# Validators ---------------------------------------------------------------------------------


def test_an_nhs_number_needs_its_mod_11_check_digit():
    assert nhs_number("9995774631")
    assert not nhs_number("9995774632")
    assert not nhs_number("0445294035")  # NHS numbers never start with 0


def test_a_chi_number_needs_a_real_date_and_its_check_digit():
    assert chi_number("1408131315")
    assert chi_number("0105141410")
    assert not chi_number("1408131316")  # check digit
    assert not chi_number("3102131310")  # 31 February


def test_national_insurance_prefixes_follow_hmrc_rules():
    assert nino_prefix("YS") and nino_prefix("ab")
    for never in ("DA", "FA", "QQ", "UA", "VA", "AO", "AD", "BG", "GB", "NK", "KN", "TN", "NT"):
        assert not nino_prefix(never), never


def test_a_pupil_number_needs_dfe_check_letter_and_a_known_authority():
    assert pupil_number("Q382873978278")
    assert not pupil_number("A382873978278")
    assert not pupil_number("E000200005001")


def test_a_driving_licence_needs_a_real_date_of_birth_in_it():
    assert driving_licence("MORGA703115SM9IJ")
    assert driving_licence("LEE99857228A99XY")  # a woman born in July: month 57
    assert not driving_licence("MORGA713115SM9IJ")  # month 13
    assert not driving_licence("MORGA704315SM9IJ")  # 31 April


# Official numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("his NHS number is 999 577 4631 if the nurse needs it", "999 577 4631"),
        ("i gave them 9791702365 which is her number", "9791702365"),
        ("NHS number: 490-410-8531", "490-410-8531"),
        ("nhs no. 999 940 2909 on the letter", "999 940 2909"),
        ("her CHI is 1408131315", "1408131315"),
        ("CHI no. 010514 1410", "010514 1410"),
        ("his national insurance number is YS 12 17 10 B", "YS 12 17 10 B"),
        ("found GH360516D on a scrap of paper", "GH360516D"),
        ("her NI is ml 47 51 46 c", "ml 47 51 46 c"),
        ("NI number AB123456", "AB123456"),
        ("the UPN on his report is Q382873978278", "Q382873978278"),
        ("passport no. 293569140", "293569140"),
        ("his passport number was 014615697", "014615697"),
        ("driving licence MORGA703115SM9IJ", "MORGA703115SM9IJ"),
        ("the licence was HARGR 802125 JT9 AB on the photo", "HARGR 802125 JT9 AB"),
        ("a photo of his licence, SIMPS854017CA8ZX 12, online", "SIMPS854017CA8ZX 12"),
        ("ULN 4512398740 on the enrolment form", "4512398740"),
    ],
)
def test_official_numbers_are_found_whole(text, span):
    assert ("official_number", span) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "the number was 999 577 4632 on the form",  # wrong check digit, no cue
        "QQ 12 34 56 C is the example on the form",  # never issued
        "we were at 12 34 56 a",  # lowercase, spaced, no cue
        "my password is A123456789012",  # not a pupil number
        "ring +1 202 555 0143 for the US office",  # a phone's digit groups
        "the kids were in the childrens ward 4412345",  # "chi" inside "children"
    ],
)
def test_numbers_that_fail_their_checks_are_not_official_numbers(text):
    assert "official_number" not in kinds(text), found(text)


def test_a_ten_digit_number_after_a_crime_cue_is_a_reference_not_an_nhs_number():
    assert found("the crime number is 4779434548") == [("reference", "4779434548")]


# References -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("the crime number they gave us is 44/118230/23", "44/118230/23"),
        ("crime ref CRN/2023/04412, please chase it", "CRN/2023/04412"),
        ("Our case number at the family court is LS-2291-K.", "LS-2291-K"),
        ("incident number 0412 of 16/03 was the first", "0412 of 16/03"),
        ("police log no. 0933 of 2 march", "0933 of 2 march"),
        ("log 1187 of 12/02/2024", "1187 of 12/02/2024"),
        ("URN 47BX0193823 on the charge sheet", "47BX0193823"),
        ("we've got a CAD number, CAD 4471, from that night", "CAD 4471"),
        ("reference number: NCA 2023 118 442", "NCA 2023 118 442"),
        ("the file number is YOT 22/0871", "YOT 22/0871"),
        ("please quote reference ABX9921", "ABX9921"),
        ("ref 4412", "4412"),
        ("the MASH ref is M/2024/1120", "M/2024/1120"),
        ("case 2023/1187/FAM was closed", "2023/1187/FAM"),
        ("got a crime number today 42230094172", "42230094172"),
        ("in the end the crime number was E/13392/24, the second time", "E/13392/24"),
        ("his case number with social services is 398821", "398821"),
    ],
)
def test_references_after_a_cue_are_found_whole(text, span):
    assert ("reference", span) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "In any case, the school never rang us back.",
        "Just in case 1234 people read this.",
        "The referee at his match was brilliant.",
        "The ref gave him a yellow card in the 89th minute.",
        "It's a 50/50 case whether they'll charge him.",
        "His phone case cost £12.99.",
        "The case is 1500 pages long.",
        "The crime number took 3 days to come through.",
        "They gave us a crime number on 12/03/2023 and nothing happened.",
        "Did anyone else get a crime number from 101?",
        "the case from 2019 was reopened",
        "the ref is 2day lol",
        "Please reference this in your report.",
        "I looked at the police log and it said 2am.",
        "the council number is 0161 496 0123",
    ],
)
def test_everyday_case_ref_and_log_words_are_not_references(text):
    assert "reference" not in kinds(text), found(text)


# Hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit",
    [
        "NHS 999 577 4631 ",
        "case ref ",
        "the crime number they gave us was ",
        "case ",
        "AB123456C ",
        "1234567890 ",
        "MORGA703115SM9IJ ",
        "log 1 of 2/3 ",
        "ref a/b/c/d/e/f/g/h/",
        "Q382873978278",
    ],
)
def test_official_numbers_and_references_are_screened_in_linear_work(unit):
    small, large = _calls(unit * 300), _calls(unit * 1200)
    assert large <= 5 * small + 2_000, (small, large)


# Red-team round: references by their shape, cues after them --------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("13/55678/24 is the number the police gave us", "13/55678/24"),
        ("got given 24/81122/23 as a crime number and told to wait", "24/81122/23"),
        ("got 13 / 55678 / 24 as the crime number", "13 / 55678 / 24"),
        ("police gave us CR/0412883/24 and that was it", "CR/0412883/24"),
        ("my complaint went in under CMP/23/11872", "CMP/23/11872"),
        ("the log was LOG-0587-13042024", "LOG-0587-13042024"),
        ("the family court case is MA24C00731", "MA24C00731"),
        ("the papers had 47BX0193823 at the top", "47BX0193823"),
        ("they said quote 42240119873 when i ring 101", "42240119873"),
        ("PSNI gave us serial number 1047 of 03/05/24", "1047 of 03/05/24"),
        ("the ref for the complaint is HC/0912", "HC/0912"),
    ],
)
def test_references_are_found_by_their_shape_or_a_cue_after_them(text, span):
    assert ("reference", span) in found(text), found(text)


@pytest.mark.parametrize(
    "text",
    [
        "It was the 2023/24 school year when it started.",
        "The ratio is 1/2500 apparently.",
        "Covid-19 set everything back for him.",
        "Year 10/11 are the worst for this.",
        "it's 24/7 with him at the moment",
        "she's been on the waiting list since 03/2023",
        "The police said to quote the reference when I ring back.",
        "DOB-12/03/2012 was on the form",
    ],
)
def test_dates_years_scores_and_versions_are_not_reference_shapes(text):
    assert "reference" not in kinds(text), found(text)


def test_reference_shapes_are_screened_in_linear_work():
    unit = "CR/0412883/24 13/55678/24 MA24C00731 "
    small, large = _calls(unit * 300), _calls(unit * 1200)
    assert large <= 5 * small + 2_000, (small, large)


def test_a_number_sign_before_a_reference_belongs_to_it():
    text = "incident #1187 on the police portal"
    assert ("reference", "#1187") in found(text), found(text)
