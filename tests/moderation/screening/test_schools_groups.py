"""Schools (with their town, in lower case, as acronyms, PRUs and alternative provision) and
the groups that exploit children (gangs, crews, county lines, tags)."""

from __future__ import annotations

import pytest

from moderation.screening import screen

from .work import calls


def held(text: str, kind: str) -> list[str]:
    return [
        text[f.start : f.end]
        for f in screen(text).findings
        if f.category == "identifying" and f.kind == kind
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("he's at Brackwell Academy in Rochdale and", "Brackwell Academy in Rochdale"),
        ("the bus to Moorcroft Academy, Failsworth goes past", "Moorcroft Academy, Failsworth"),
        ("she's at Castlebrook academy in stockport", "Castlebrook academy in stockport"),
        ("he moved to Beechfield School in Tyldesley after", "Beechfield School in Tyldesley"),
    ],
)
def test_a_school_with_its_town_is_one_span(text, span):
    assert span in held(text, "school")


def test_a_month_after_a_school_is_not_its_town():
    assert held("he was excluded from Redwood Academy in March", "school") == ["Redwood Academy"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("he goes to oakbridge academy and they say he's fine", "oakbridge academy"),
        ("she was at ashgrove high until they moved her", "ashgrove high"),
        ("hes year 10 at fernside college and never there", "fernside college"),
        ("they wait outside ferncliffe primary every day", "ferncliffe primary"),
    ],
)
def test_a_school_written_in_lower_case_counts_after_a_school_cue(text, span):
    assert held(text, "school") == [span]


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("he went to BHS until year 10", "BHS"),
        ("she's in year 8 at SMCA and her head of year is brilliant", "SMCA"),
        ("he got excluded from KHS for fighting", "KHS"),
        ("my daughter goes to ACGS", "ACGS"),
    ],
)
def test_a_school_acronym_counts_after_a_school_cue(text, acronym):
    assert held(text, "school") == [acronym]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("he's been in the PRU on Larch Street since October", "the PRU on Larch Street"),
        ("they moved him to Northgate PRU", "Northgate PRU"),
        (
            "he's at the Harbour Centre alternative provision",
            "Harbour Centre alternative provision",
        ),
        (
            "she's in the pupil referral unit on Cromwell Road",
            "the pupil referral unit on Cromwell Road",
        ),
        (
            "the alternative provision at Redbank House",
            "the alternative provision at Redbank House",
        ),
        ("he goes to an AP called the Hive Learning Centre", "AP called the Hive Learning Centre"),
        ("he's at the Brook Street pupil referral unit", "Brook Street pupil referral unit"),
        ("she goes to Pathways AP on Mill Road", "Pathways AP on Mill Road"),
    ],
)
def test_a_pru_or_alternative_provision_named_by_street_place_or_name_is_a_school(text, span):
    assert held(text, "school") == [span]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("he goes to the academy on Pell Lane", "the academy on Pell Lane"),
        ("he's in year 9 at the catholic high in Wigan", "the catholic high in Wigan"),
        ("she's at the girls' grammar in Altrincham", "the girls' grammar in Altrincham"),
        ("they wait outside the comp on Marsh Road", "the comp on Marsh Road"),
        ("the only catholic school in Leeds", "the only catholic school in Leeds"),
    ],
)
def test_a_school_described_by_its_street_or_town_is_a_school(text, span):
    assert held(text, "school") == [span]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("my daughter's at st josephs and they havent done a thing", "st josephs"),
        ("the head of St Bede's said there's nothing they can do", "St Bede's"),
        ("he's in year 11 at Sacred Heart and they've excluded him", "Sacred Heart"),
        ("the teachers at Our Lady's know what's going on", "Our Lady's"),
        ("a letter from st bedes came today", "st bedes"),
    ],
)
def test_a_saints_name_after_a_school_cue_is_a_school(text, span):
    assert held(text, "school") == [span]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("my daughter goes Larkhollow academy", "Larkhollow academy"),
        ("my son's in the sixth form at Priorsfold college", "Priorsfold college"),
        ("hes at Bishop Harwood C of E and getting bullied", "Bishop Harwood C of E"),
    ],
)
def test_a_capitalised_school_name_with_a_lower_case_or_church_ending_is_a_school(text, span):
    assert span in held(text, "school")


@pytest.mark.parametrize(
    "text",
    [
        "He started sixth form in September and dropped out.",
        "Primary school was fine, it was secondary where it went wrong.",
        "The local academy wouldn't take him.",
        "He goes to the football academy on Saturdays.",
        "She's at night school doing English.",
        "He's at a good school now.",
        "His anxiety is at an all time high.",
        "They moved him to a pupil referral unit.",
        "He was sent to alternative provision in September.",
        "He got a letter from CAMHS at last.",
        "He spends all day at ASDA with his mates.",
        "HE WENT TO HIS NAN'S AND STAYED THERE.",
        "He's in Year 9 at the local secondary.",
        "The school in town rang me again about his attendance.",
        "The school in Leeds wouldn't tell me anything.",
        "The best school in Manchester still couldn't keep him safe.",
        "The schools in our area are all oversubscribed.",
        "He goes to St Mary's on Sundays with his nan.",
        "He was at St Mary's hospital for two nights.",
        "She did a first aid course with St John Ambulance.",
        "We had a week in St Ives in the summer.",
        "He got into the Arsenal academy when he was nine.",
        "Thankfully academy staff noticed the bruises.",
        "He's at the academy in September.",
    ],
)
def test_school_years_generic_schools_and_services_pass(text):
    assert held(text, "school") == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("the Hollow Boyz are the ones who groomed him", "the Hollow Boyz"),
        ("he runs with the hollow boyz now", "the hollow boyz"),
        ("he says he's OTF now", "OTF"),
        ("he was running for the 4G crew before he was 14", "the 4G crew"),
        ("they're from Zone 2 and everyone is scared", "Zone 2"),
        ("he's part of the Bando line", "the Bando line"),
        ("he got mixed up with TPL", "TPL"),
        ("the Mash Gang had him holding stuff", "the Mash Gang"),
        ("he's repping YRG on his videos", "YRG"),
        ("my son is running the dolla line", "the dolla line"),
        ("the Nitty line sent him to Devon", "the Nitty line"),
        ("he says he's in gang 2DT now", "gang 2DT"),
        ("he said the boys are from 9Z", "9Z"),
        ("he's repping 410 on his snapchat", "410"),
        ("the KPM boys sent him out", "KPM"),
        ("he drew the 3Hunna sign in his book", "3Hunna"),
        ("the Moss Side Young Bloods are behind it", "the Moss Side Young Bloods"),
        ("the county line they call Bando runs through here", "Bando"),
        ("they call themselves 24K", "24K"),
    ],
)
def test_a_gang_crew_or_county_line_name_is_a_group(text, span):
    assert span in held(text, "gang")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("my son owes money to the Ashfield Young Guns", "the Ashfield Young Guns"),
        ("the Northside Riders have been messaging him", "the Northside Riders"),
        ("he keeps posting Blackridge Gunnaz drill videos", "Blackridge Gunnaz"),
        ("hes been messaging someone from the Southside Shottas", "the Southside Shottas"),
        ("the Beckside YGs have him holding", "the Beckside YGs"),
        ("they said he's YKG now and theres no getting out", "YKG"),
        ("my son says he's part of the 3Ls", "3Ls"),
        ("hes been recruited by the Rico line", "the Rico line"),
    ],
)
def test_gang_names_in_the_forms_young_people_use_are_groups(text, span):
    assert span in held(text, "gang")


@pytest.mark.parametrize(
    "text",
    [
        "The gang took everything from him.",
        "He said the older boys were his crew.",
        "The whole gang came round for his birthday.",
        "County lines is a national problem.",
        "I was on the phone line to the helpline for an hour.",
        "The bottom line is nobody protected him.",
        "He's on the District line every day.",
        "A travelcard from Zone 1 to Zone 2 costs a fortune.",
        "We live in zone 2 and the tube is easy.",
        "He was with the U14 side until last season.",
        "He switched from 4G to wifi to hide it.",
        "He's from 2009, so he's 15 now.",
        "He says he's OK now.",
        "Someone from CAMHS called this morning.",
        "He's scared of the Albanian gang everyone talks about.",
        "The gang called me at midnight.",
        "He plays for the Northside Riders at weekends.",
        "We watched the Leicester Riders basketball game.",
        "He's part of the U16s squad now.",
        "He's MVP of his football team this season.",
        "She's UASC and her social worker is lovely.",
        "He's ADHD and the school doesn't understand him.",
        "He joined the B team last month.",
    ],
)
def test_ordinary_talk_of_gangs_lines_and_zones_passes(text):
    assert held(text, "gang") == []


def _calls(text: str) -> int:
    return calls(lambda: screen(text))


@pytest.mark.parametrize(
    "unit",
    [
        "Oakbridge Academy in Rochdale, ",
        "goes to BHS goes to ",
        "the PRU on Larch Street the ",
        "the Hollow Boyz the 4G crew gang 2DT repping 410 ",
        "St Mary's and St John's and ",
        "the catholic high in Wigan the academy on Pell Lane ",
        "he's at st josephs he's at ",
        "Larkhollow academy Priorsfold college ",
        "part of the 3Ls he's YKG the Ashfield Young Guns ",
    ],
)
def test_long_runs_of_school_and_group_names_cost_linear_work(unit):
    small, large = _calls(unit * 100), _calls(unit * 400)
    assert large < 5 * small
