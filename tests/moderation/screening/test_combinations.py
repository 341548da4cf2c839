"""Combinations: the quasi-identifier tags, their scoring, and combinations with history."""

from __future__ import annotations

import time

import pytest

from moderation.screening import KINDS, combinations, redact, screen
from moderation.screening.combinations import EarlierTag, item_tags, with_history

KEY = b"k" * 32


def tags_in(text: str) -> list[tuple[str, str]]:
    """(kind, span text) of every quasi-identifier in `text`."""
    return sorted((f.kind, text[f.start : f.end]) for f in combinations.quasi_findings(text))


def combined(text: str) -> list[str]:
    return [text[f.start : f.end] for f in screen(text).findings if f.kind == "combination"]


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("We live on the north side of the town.", "area", "on the north side of the town"),
        ("it's just our estate that's bad", "area", "our estate"),
        (
            "They wait near the retail park by the canal.",
            "area",
            "near the retail park by the canal",
        ),
        ("We're in the flats behind the Aldi.", "area", "in the flats behind the Aldi"),
        ("He's in Year 9 now.", "school_year", "in Year 9"),
        ("she's in yr 10", "school_year", "in yr 10"),
        ("He's in S3 at the academy.", "school_year", "in S3"),
        ("He's 14 and angry.", "age", "He's 14"),
        ("she just turned 15 last week", "age", "just turned 15 last week"),
        ("My lad (13) won't talk.", "age", "My lad (13)"),
        ("my 14 year old is out again", "age", "my 14 year old"),
        ("It happened on 14 March.", "date", "on 14 March"),
        ("it was last Tuesday the 3rd", "date", "last Tuesday the 3rd"),
        ("He went missing on Bonfire Night 2023.", "date", "on Bonfire Night 2023"),
        ("He boxes with the under-14s.", "club", "with the under-14s"),
        ("He goes to the boxing club.", "club", "to the boxing club"),
        ("He plays for Kingsway Juniors.", "club", "Kingsway Juniors"),
        ("She was on Ward 7.", "care", "on Ward 7"),
        ("We have the youth court in March.", "court", "the youth court"),
        ("We met at the Eid fair.", "event", "at the Eid fair"),
        (
            "We're the only Sikh family in the village.",
            "only",
            "We're the only Sikh family in the village",
        ),
        ("I'm the only Polish dinner lady.", "only", "I'm the only Polish dinner lady"),
        (
            "his two little sisters, 6 and 9, are scared",
            "siblings",
            "his two little sisters, 6 and 9",
        ),
        ("her brothers (4 and 7) don't know", "siblings", "her brothers (4 and 7)"),
        (
            "I'm the lollipop lady at the primary.",
            "job",
            "I'm the lollipop lady at the primary",
        ),
        ("My husband runs the corner shop.", "job", "runs the corner shop"),
        (
            "Ever since the fire at the chip shop he's changed.",
            "incident",
            "since the fire at the chip shop",
        ),
        ("It was in the local paper.", "incident", "It was in the local paper"),
    ],
)
def test_each_kind_of_detail_is_tagged_over_its_whole_phrase(text, kind, span):
    assert (kind, span) in tags_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "The only thing that helps is talking to you lot.",
        "He's the only one who listens to me.",
        "He's 14 stone and still growing.",
        "The train was 20 minutes late.",
        "I've got three kids and I'm exhausted.",
        "It's been a year since he came home.",
        "He needs 24/7 care.",
        "you may 2 things at once",
    ],
)
def test_everyday_phrases_that_look_like_details_are_not_tagged(text):
    assert tags_in(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "My son is in Year 9 and he hates maths.",
        "He's 14 and thinks he knows everything.",
        "The hearing is on 14 March.",
        "He used to go to the boxing club.",
        "His two sisters miss him so much.",
        "We're the only Sikh family in the village.",
        # one family twice: an age and a school year are one detail
        "My son is 14 and in Year 9.",
        # two weak details from different families are not enough
        "He's 14 and we live on the north side of town.",
        "My son is 13 and goes to the youth club on Fridays.",
    ],
)
def test_one_detail_or_two_weak_ones_are_never_held(text):
    result = screen(text)

    assert combined(text) == []
    assert result.action == "pass"


def test_three_details_together_are_held_with_every_span_marked():
    text = (
        "My son is in Year 9 and we live on the north side of the town, and he was picked up "
        "on 14 March."
    )
    result = screen(text)

    assert result.action == "hold"
    assert combined(text) == ["in Year 9", "on the north side of the town", "on 14 March"]
    finding = next(f for f in result.findings if f.kind == "combination")
    assert finding.category == "identifying"
    assert finding.rule == "combination:age+area+date"
    assert KINDS[finding.kind] == "details that together could identify a family"


def test_a_strong_detail_with_a_weak_one_is_a_combination():
    text = "I'm the only Polish dinner lady at the primary and my daughter is in Year 6 there."

    assert combined(text) == [
        "I'm the only Polish dinner lady at the primary",
        "in Year 6",
    ]


def test_neighbouring_details_joined_by_a_little_word_are_one_span():
    text = (
        "He's 14, boxes with the under-14s at the boxing club and his two little sisters, "
        "6 and 9, watch."
    )

    assert "with the under-14s at the boxing club" in combined(text)


def test_an_identifying_detail_counts_and_keeps_its_own_kind():
    text = (
        "My son goes to Oakbridge Academy and he's 14 and his two little sisters, 6 and 9, "
        "are at home."
    )
    result = screen(text)
    shown = [(f.kind, text[f.start : f.end]) for f in result.findings]

    assert ("school", "Oakbridge Academy") in shown
    assert ("combination", "he's 14") in shown
    assert ("combination", "his two little sisters, 6 and 9") in shown


def test_a_combination_is_redacted_detail_by_detail():
    text = "He's in Year 8, we're near the leisure centre, and it was on 2 February."

    assert redact(text, screen(text).findings) == (
        "He's [a detail], we're [a detail], and it was [a detail]."
    )


def test_the_same_detail_written_two_ways_has_one_value():
    first = item_tags("he's 14", screen("he's 14"))
    second = item_tags("a fourteen-year-old", screen("a fourteen-year-old"))

    assert first[0].value == second[0].value == "14"
    assert first[0].digest(KEY) == second[0].digest(KEY)
    assert len(first[0].digest(KEY)) == 64  # a keyed hash, never the words


def test_dates_written_two_ways_have_one_value():
    a = item_tags("on 14 March", screen("on 14 March"))[0]
    b = item_tags("March 14th", screen("March 14th"))[0]

    assert a.value == b.value == "03-14"


def earlier(*pairs, source=("post", 1)):
    return [
        EarlierTag(kind=kind, weight=weight, digest=f"d-{kind}-{weight}", source=source)
        for kind, weight in pairs
    ]


def test_a_new_detail_that_completes_the_authors_history_is_a_combination():
    text = "It all happened on 14 March."
    history = earlier(("school_year", 2), ("area", 2), source=("post", 7))

    match = with_history(text, screen(text), history, key=KEY)

    assert match
    assert match.sources == (("post", 7),)
    assert [text[f.start : f.end] for f in match.findings] == ["on 14 March"]
    assert match.findings[0].rule == "combination-history:age+area+date"
    assert match.findings[0].kind == "combination"


def test_a_detail_already_published_adds_nothing():
    text = "He's in Year 9."
    tag = item_tags(text, screen(text))[0]
    history = [
        EarlierTag("school_year", 2, tag.digest(KEY), ("post", 1)),
        EarlierTag("area", 2, "x", ("post", 2)),
    ]

    assert not with_history(text, screen(text), history, key=KEY)


def test_a_new_detail_of_a_family_already_counted_adds_nothing():
    text = "He was picked up on 3 June."
    history = earlier(("date", 2), ("area", 2), ("school_year", 2))

    assert not with_history(text, screen(text), history, key=KEY)


def test_without_history_or_details_there_is_no_combination():
    assert not with_history("On 14 March.", screen("On 14 March."), [], key=KEY)
    text = "We had a quiet week."
    assert not with_history(text, screen(text), earlier(("area", 2), ("age", 2)), key=KEY)


def test_history_below_the_threshold_with_a_weak_detail_is_not_a_combination():
    text = "It was on 14 March."

    assert not with_history(text, screen(text), earlier(("area", 2)), key=KEY)


HOSTILE = [
    "the only " * 20_000,
    "his two sisters, 6 and 9, " * 5_000,
    "in Year 9 on 14 March near the canal " * 3_000,
    "He's 14" + "\u200b" * 50_000,
    "Ваш сын в Year 9 и ему 14, on 14 March, near the retail park, ٣ ١٤ " * 1_000,
    "(" * 30_000 + "14" + ")" * 30_000,
    "🙂" * 100_000,
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_texts_are_screened_without_error_and_fast(text):
    started = time.process_time()
    result = screen(text)
    item_tags(text, result)
    with_history(text, result, earlier(("area", 2), ("care", 3)), key=KEY)

    # Generous: the point is that nothing is quadratic (a megabyte would take minutes).
    assert time.process_time() - started < 20


def test_a_long_hostile_text_with_many_details_is_still_one_held_combination():
    text = "in Year 9 on 14 March near the canal " * 3_000

    result = screen(text)

    assert result.action == "hold"
    assert any(f.kind == "combination" for f in result.findings)


# --- Red-team round: phrasings written outside the detectors -----------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "span"),
    [
        ("she's in Blwyddyn 9 at the Welsh school", "school_year", "in Blwyddyn 9"),
        ("our wee fella is P6 and loves it", "school_year", "P6"),
        ("Year 11, 16 in May, and excluded", "age", "16 in May"),
        ("she's in her first year of secondary, 11, and shy", "age", "11"),
        ("my little bro is 14 and they wait for him", "age", "my little bro is 14"),
        ("We live at the bottom of our street.", "area", "at the bottom of our street"),
        ("We're the last house before the woods.", "area", "the last house before the woods"),
        (
            "we're on the 14th floor of the tower block by the overground",
            "area",
            "on the 14th floor of the tower block by the overground",
        ),
        ("we live two streets from the school", "area", "two streets from the school"),
        (
            "the wee shop at the bottom of the scheme, we live above it",
            "area",
            "we live above it",
        ),
        ("They came at 6am on the 2nd.", "date", "at 6am on the 2nd"),
        (
            "He was on Ward 15 from the 2nd to the 9th of May",
            "date",
            "from the 2nd to the 9th of May",
        ),
        ("it was after the Twelfth", "date", "after the Twelfth"),
        ("She's on Sunflower Ward.", "care", "on Sunflower Ward"),
        ("my girl is the captain of the netball team", "club", "the captain of the netball team"),
        ("Our lad plays for the GAA under-14s.", "club", "for the GAA under-14s"),
        ("She marches with the flute band.", "club", "with the flute band"),
        ("We were all at the bonfire on the green.", "event", "at the bonfire on the green"),
        ("her confirmation at St Mary's on the 20th", "event", "her confirmation at St Mary's"),
        ("he's the tallest lad in the school", "only", "he's the tallest lad in the school"),
        (
            "my son is the only one in a wheelchair at his school",
            "only",
            "my son is the only one in a wheelchair at his school",
        ),
        (
            "we're the only family on the road with a disabled van",
            "only",
            "we're the only family on the road with a disabled van",
        ),
        ("My boys (11 and 14) love it", "siblings", "My boys (11 and 14)"),
        ("his baby sister is 8 months", "siblings", "his baby sister is 8 months"),
        ("My wife drives the school bus.", "job", "drives the school bus"),
        ("I'm the chair of the PTA.", "job", "I'm the chair of the PTA"),
        (
            "My husband manages the Co-op in the village.",
            "job",
            "manages the Co-op in the village",
        ),
        (
            "since the car crashed into our front room",
            "incident",
            "since the car crashed into our front room",
        ),
        (
            "he was in the viral video from the bus station",
            "incident",
            "in the viral video from the bus station",
        ),
        (
            "When the police kicked our door in at night",
            "incident",
            "When the police kicked our door in",
        ),
        ("she ran away from the respite centre", "incident", "ran away from the respite centre"),
        (
            "the family whose dog attacked the postman",
            "incident",
            "the family whose dog attacked the postman",
        ),
    ],
)
def test_more_ways_of_giving_a_detail_are_tagged_over_their_whole_phrase(text, kind, span):
    assert (kind, span) in tags_in(text)


@pytest.mark.parametrize(
    "text",
    [
        "He lives on the 3rd floor.",
        "It was the 3rd time this week.",
        "we're at the end of the road with him",
        "He's the only one of my kids who's like this.",
        "She's the youngest of three.",
        "I work at the chippy on Saturdays.",
    ],
)
def test_everyday_phrases_near_the_new_details_are_not_held(text):
    assert combined(text) == []
    assert screen(text).action == "pass"


def test_an_age_a_school_year_and_a_specific_date_are_held():
    text = "She's 15, in Year 10, and it happened on 3 June."

    assert combined(text) == ["She's 15", "in Year 10", "on 3 June"]


@pytest.mark.parametrize(
    "text",
    [
        "She's 15 and in Year 10.",
        "He's 15, in Year 11, and has his mocks in January.",
        "He plays hurling for the under-14s and he's 13.",
    ],
)
def test_an_age_and_a_school_year_with_nothing_specific_are_let_through(text):
    assert combined(text) == []


def test_an_age_and_a_school_year_together_count_one_more_than_either():
    assert combinations.score([("age", 2, "age"), ("age", 2, "school_year")]) == (3, 1)
    assert combinations.score(
        [("age", 2, "age"), ("age", 2, "school_year"), ("date", 2, "date")]
    ) == (5, 2)
    assert combinations.score([("age", 2), ("date", 2)]) == (4, 2)


def test_an_age_that_completes_a_published_school_year_and_date_is_a_combination():
    text = "He's 14 now."
    history = earlier(("school_year", 2), ("date", 2), source=("story", 3))

    match = with_history(text, screen(text), history, key=KEY)

    assert match
    assert [text[f.start : f.end] for f in match.findings] == ["He's 14"]


@pytest.mark.parametrize(
    "text",
    [
        ", 15," * 40_000,
        "the tallest lad " * 20_000,
        "we're the only family on the road with a " * 10_000,
        "at 6am on the 2nd " * 20_000,
        "her brother (16) " * 20_000,
        "the bottom of our street " * 20_000,
    ],
    ids=range(6),
)
def test_hostile_texts_with_the_new_details_are_screened_fast(text):
    started = time.process_time()
    result = screen(text)
    item_tags(text, result)

    assert time.process_time() - started < 20


def test_every_quasi_pattern_is_read_by_a_part_of_the_detector():
    from moderation.screening import quasi

    read = set().union(*(names for _, names in quasi._part_patterns()))

    assert read == set(quasi.patterns())
