"""Dates of birth: every common form is found, the whole date is the span, other dates pass.

`dates_of_birth` shows what the dates detector reports, kind and span, on the patterns the
engine compiles; the engine may then fold a date into a longer finding that holds it (a
combination: "turned 14 on 3 March"), which still hides it whole, as the redaction test shows.
"""

from __future__ import annotations

import pytest

from moderation.screening import dates, engine, redact, screen
from moderation.screening.scan import Scan

from .work import calls


def _detected(text: str) -> list:
    patterns, _ = engine._detectors()
    return dates._dates_of_birth(text, Scan(text, patterns))


def dates_of_birth(text: str) -> list[str]:
    return [text[f.start : f.end] for f in _detected(text) if f.kind == "date_of_birth"]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("my son was born 3rd March 2011", "3rd March 2011"),
        ("DOB 03/03/11, in case it helps", "03/03/11"),
        ("Tyler b. 3.3.2011, last seen Friday", "3.3.2011"),
        ("his birthday is the 3rd of March", "the 3rd of March"),
        ("he turned 14 on 3 March and they had him out", "3 March"),
        ("she was born on the 3rd, two weeks early", "the 3rd"),
        ("d.o.b: 2011-03-03", "2011-03-03"),
        ("he was born in March 2011", "March 2011"),
        ("Kayden (born 2011) is the youngest", "2011"),
        ("D.O.B. 21/09/2008", "21/09/2008"),
        ("born June 2nd 2010", "June 2nd 2010"),
        ("he was born on the twenty-first of September 2008", "the twenty-first of September 2008"),
        ("born Sept 21st '08", "Sept 21st '08"),
        ("she was born in the summer of 2012", "the summer of 2012"),
        ("he turns 16 on 14/02 and the support stops", "14/02"),
        ("his dob, its 030311", "030311"),
        ("DOB: 12-Feb-2009", "12-Feb-2009"),
        ("he was born on Tuesday 3rd March 2011", "Tuesday 3rd March 2011"),
        ("he turned 15 on Saturday the 14th", "Saturday the 14th"),
        ("born on Christmas Eve 2010", "Christmas Eve 2010"),
        ("he was born at 4am on 3 March 2011", "3 March 2011"),
        ("03/03/2011 is his date of birth", "03/03/2011"),
        ("3 March 2011 - that's his birthday", "3 March 2011"),
        ("5/11/2011 (his DOB) is on every form", "5/11/2011"),
        ("his bday is 3rd march n he'll be in a cell", "3rd march"),
        ("she'll be 14 on the 21st", "the 21st"),
        (
            "DOB: twenty third of may two thousand and nine",
            "twenty third of may two thousand and nine",
        ),
        ("born on the 3rd of March twenty eleven", "the 3rd of March twenty eleven"),
        ("his birthdays 23rd may so he's just turned 14", "23rd may"),
        ("b-day 2nd oct n he's gonna be 16", "2nd oct"),
        ("it was his birthday yesterday the 4th and he didnt come home", "the 4th"),
        ("bday tmrw the 3rd", "the 3rd"),
        ("turnin 14 on 3rd march", "3rd march"),
        ("he turned fourteen on the 3rd of March", "the 3rd of March"),
        ("his 16th is on the 12th of november", "the 12th of november"),
        ("she's a christmas eve baby", "christmas eve"),
        ("hes a 3rd of march 2011 baby", "3rd of march 2011"),
        ("hes a May 2011 baby so youngest in his year", "May 2011"),
    ],
)
def test_a_date_of_birth_is_found_whole_in_every_common_form(text, span):
    assert span in dates_of_birth(text), screen(text).findings


def test_only_the_date_is_replaced():
    text = "he was born on 3rd March 2011 in the General"
    assert redact(text, screen(text).findings) == "he was born on [a date] in the General"


def test_a_member_sees_every_date_of_birth_hidden_whatever_else_is_found():
    for text, date in (
        ("he turned 14 on 3 March and they had him out", "3 March"),
        ("DOB 03/03/11, in case it helps", "03/03/11"),
        ("his birthday is the 3rd of March", "the 3rd of March"),
    ):
        assert date not in redact(text, screen(text).findings)


@pytest.mark.parametrize(
    "text",
    [
        "Born and bred round here and I've never seen it this bad.",
        "Since the day he was born I've tried to protect him.",
        "She was born premature and has always been tiny.",
        "Born in the 80s, I never imagined this.",
        "I was born in 1979 and never imagined this.",
        "The court date is 3 March.",
        "His hearing is on 14/05/2024 at the youth court.",
        "The appointment with CAMHS is on the 3rd of June.",
        "His birthday is next week and court is 3 March.",
        "The hearing was 3 March, a week after his birthday.",
        "She turned 15 last month.",
        "Turned 15 on a Tuesday and spent it in a cell.",
        "He'll be 18 on 2/2/2026 and then adult services take over.",
        "Date of birth and address are on the form.",
        "His 14th birthday was the day before the raid.",
        "On 12/03/2023 the police came to the house.",
        "The baby is due in March and I can't cope.",
        "She was a May baby, always the youngest in her class.",
        "He was a 2009 baby, one of the last of that lot.",
        "Two thousand pounds he owes them, that's what they said.",
        "Twenty eleven was the year we moved, before any of this.",
        "Birthdays are the worst days for me now.",
        "Their birthdays are a week apart.",
        "Her 15th was a disaster, she spent it at the station.",
        "He turns 16 on Saturday and wants to go out with them.",
    ],
)
def test_dates_that_are_not_births_pass(text):
    assert dates_of_birth(text) == []


def test_each_finding_says_which_rule_found_it():
    rules = {
        f.rule
        for text in ("born 3/3/2011", "turned 14 on 3 March", "3/3/2011 is his DOB")
        for f in _detected(text)
    }
    assert rules == {"after-cue", "turned-on", "before-cue"}


def _calls(text: str) -> int:
    """Python and C calls the dates detector makes on `text` (work counted, not timed)."""
    patterns, _ = engine._detectors()
    scan = Scan(text, patterns)
    return calls(lambda: dates._dates_of_birth(text, scan))


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "born " * n,
        lambda n: "DOB: " * n + "3/3/2011",
        lambda n: "1/1/" * n,
        lambda n: "born on the 3rd of " * n,
        lambda n: "turned 14 on " * n,
        lambda n: "3 March 2011 " * n + "is his birthday",
        lambda n: "birthday " + "-" * (10 * n) + " 3/3/2011",
        lambda n: "b.1" * n,
        lambda n: "3rd March baby " * n,
        lambda n: "his 16th is on " * n,
        lambda n: "born on the 3rd of March two thousand and " * n,
    ],
)
def test_hostile_text_costs_linear_work_and_never_raises(make):
    small, large = _calls(make(300)), _calls(make(1200))
    assert large <= 5 * small + 2_000, (small, large)
    screen(make(300))
