"""The screening engine, kind by kind: pure functions, no database."""

from __future__ import annotations

import pytest

from moderation.screening import (
    KINDS,
    Finding,
    LocalTerm,
    ScreeningConfig,
    WatchedTerm,
    redact,
    screen,
    validate_watched_pattern,
)


def found(text: str, config: ScreeningConfig | None = None) -> list[tuple[str, str]]:
    result = screen(text, config) if config else screen(text)
    return [(f.kind, text[f.start : f.end]) for f in result.findings]


def kinds(text: str, config: ScreeningConfig | None = None) -> set[str]:
    return {kind for kind, _ in found(text, config)}


def assert_finds(text: str, kind: str, span: str) -> None:
    assert (kind, span) in found(text), found(text)


def assert_clean(text: str) -> None:
    assert found(text) == [], found(text)


# The public shape ------------------------------------------------------------------------------


def test_a_full_postcode_is_found_with_its_span_and_replacement():
    text = "we live near LS6 2QB now"
    result = screen(text)
    (finding,) = result.findings
    assert finding == Finding("postcode", 13, 20, "[a postcode]", "identifying", "hold")
    assert text[finding.start : finding.end] == "LS6 2QB"
    assert result.action == "hold"
    assert result.identifying and not result.risk and not result.urgent


def test_nothing_found_passes():
    result = screen("The police didn't listen and the school kept saying he was fine.")
    assert result.findings == ()
    assert result.action == "pass"
    assert not result.identifying and not result.risk and not result.urgent
    assert result.blocked_terms == ()


def test_empty_text_passes():
    assert screen("").action == "pass"


def test_every_kind_has_a_human_label():
    for kind in [
        "postcode",
        "phone",
        "email",
        "url",
        "handle",
        "vehicle",
        "address",
        "school",
        "place",
        "gang",
        "date_of_birth",
        "name",
        "risk_danger",
        "risk_self_harm",
        "watched",
    ]:
        assert KINDS[kind].startswith(("a ", "an ", "someone", "self-harm"))


def test_spans_are_in_the_original_text_even_with_curly_quotes_and_emoji():
    text = "😀 Tyler\u2019s mum said \u201cring 07700 900 456\u201d"
    spans = [text[f.start : f.end] for f in screen(text).findings]
    assert spans == ["Tyler", "07700 900 456"]


# Postcodes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("the address was SW1A 1AA apparently", "SW1A 1AA"),
        ("postcode m1 1ae", "m1 1ae"),
        ("she was seen near B33 8TH", "B33 8TH"),
        ("the parcel went to NG74FH", "NG74FH"),
        ("we're in M14 and it's everywhere", "M14"),
        ("they moved us to the LS6 area", "LS6"),
        ("he says it's round SW1A", "SW1A"),
        ("my postcode is ls6 if that helps", "ls6"),
    ],
)
def test_postcodes_full_and_outward_in_context_are_found(text, span):
    assert_finds(text, "postcode", span)


@pytest.mark.parametrize(
    "text",
    [
        "they were running drugs up and down the M1",
        "we drove down the M6 at 2am",
        "near M6 junction 10 the car stopped",
        "my daughter is in S3 at the academy",
        "he got a PS4 2nd hand for his birthday",
        "in KS3 things were fine",
        "he plays on his PS5 all night",
    ],
)
def test_motorways_school_years_and_consoles_are_not_postcodes(text):
    assert "postcode" not in kinds(text)


# Phones -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "07700 900 456",
        "07700900123",
        "07700-900-777",
        "+44 7700 900318",
        "+44 (0)20 7946 0111",
        "(01632) 960555",
        "020 7946 0321",
        "+48 512 345 678",
    ],
)
def test_phone_numbers_are_found_whole(number):
    assert_finds(f"ring me on {number} tonight", "phone", number)


@pytest.mark.parametrize(
    "text",
    [
        "Childline on 0800 1111 helped",
        "Samaritans 116 123 any time",
        "ring 0808 800 5000 for the NSPCC",
        "the crime reference number is 1234567890",
        "between 2015 2016 and 2017",
        "he owes them 2000 pounds",
    ],
)
def test_helplines_references_and_years_are_not_phones(text):
    assert "phone" not in kinds(text)


def test_a_flood_of_digits_is_screened_quickly_and_finds_no_phone():
    assert "phone" not in kinds("1 " * 50_000)


# E-mail, web addresses, handles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("email me at sarah.jones1978@gmail.com please", "sarah.jones1978@gmail.com"),
        ("it's tylersmum@hotmail.co.uk", "tylersmum@hotmail.co.uk"),
        ("kelly dot morris at gmail dot com", "kelly dot morris at gmail dot com"),
    ],
)
def test_email_addresses_are_found_even_spelt_out(text, span):
    assert_finds(text, "email", span)


def test_an_email_address_is_one_finding_not_a_url_or_handle_too():
    assert found("write to karen_w@outlook.com") == [("email", "karen_w@outlook.com")]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        (
            "see https://www.youtube.com/watch?v=abc123, it's him",
            "https://www.youtube.com/watch?v=abc123",
        ),
        ("the page is www.oakbridgetelegraph.co.uk/news.", "www.oakbridgetelegraph.co.uk/news"),
        ("facebook.com/jay.brennan.750 is his", "facebook.com/jay.brennan.750"),
        ("I set up justiceforkyle.org last week", "justiceforkyle.org"),
    ],
)
def test_web_addresses_are_found_without_trailing_punctuation(text, span):
    assert_finds(text, "url", span)


def test_the_bare_name_of_a_national_service_is_not_a_web_address():
    assert_clean("There's good advice on nspcc.org.uk and gov.uk about this.")


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("he messaged from @dripz_official last night", "@dripz_official"),
        ("the lad is on snap as k1ng_jay09", "k1ng_jay09"),
        ("her insta name is lilxbabe", "lilxbabe"),
        ("my tiktok is mum.on.a.mission", "mum.on.a.mission"),
        ("snapchat: bandoboy_44", "bandoboy_44"),
        ("snap me: sarahmum80", "sarahmum80"),
        ("his insta is tylerjames", "tylerjames"),
    ],
)
def test_social_handles_are_found_after_at_or_a_platform(text, span):
    assert_finds(text, "handle", span)


@pytest.mark.parametrize(
    "text",
    [
        "he was on snap all night",
        "his snapchat is private so I can't see",
        "facebook is rubbish for this",
        "meet @ 10pm at the park",
        "I'm @home all day",
        "there's a Facebook group for parents",
    ],
)
def test_everyday_words_after_a_platform_are_not_handles(text):
    assert "handle" not in kinds(text)


# Number plates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a silver Golf, AB12 CDE, outside school", "AB12 CDE"),
        ("a van with plate R123 ABC", "R123 ABC"),
        ("an old one, ABC 123D I think", "ABC 123D"),
        ("the reg was ab12 xyz", "ab12 xyz"),
        ("number plate: ABC 123", "ABC 123"),
        ("registration was 1234 AB", "1234 AB"),
    ],
)
def test_number_plates_are_found_in_every_uk_format(text, span):
    assert_finds(text, "vehicle", span)


@pytest.mark.parametrize(
    "text",
    [
        "a black BMW X5 and a Volvo XC90",
        "AIM HIGH THEY SAID AT THE A1 AND M62",
        "in the car for 3 hours",
        "he came home in a car at 10pm",
        "the reg was about 3 weeks ago",
    ],
)
def test_car_models_shouting_and_times_are_not_plates(text):
    assert "vehicle" not in kinds(text)


# Addresses, schools, places, groups ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("they kept him at 14 Elm Grove for two days", "14 Elm Grove"),
        ("we live at 27 Marlowe Road", "27 Marlowe Road"),
        ("she was found at flat 3, Cedar Court", "flat 3, Cedar Court"),
        ("they live at number 12 with her", "number 12"),
        ("they hang about on Cedar Road every night", "Cedar Road"),
        ("he's at 14 elm road now", "14 elm road"),
    ],
)
def test_street_addresses_are_found(text, span):
    assert_finds(text, "address", span)


@pytest.mark.parametrize(
    "text",
    [
        "I sat outside the Crown Court all day",
        "we met at 10 at Crown Court",
        "we were due at 10 Crown Court",
        "we marched to 10 Downing Street",
        "a flat 5 minutes from the station",
        "the High Street is full of them",
        "I'll be at the Downing Street protest",
        "he got on the number 12 bus",
        "it's 10 minutes down the road",
    ],
)
def test_courts_famous_streets_and_buses_are_not_addresses(text):
    assert "address" not in kinds(text)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("they picked him up outside Oakbridge Academy again", "Oakbridge Academy"),
        ("St Bede's Catholic High was useless", "St Bede's Catholic High"),
        ("she's at Riverside Primary", "Riverside Primary"),
        ("excluded from Kingsmead High School", "Kingsmead High School"),
        ("St Cuthbert's RC Primary had no idea", "St Cuthbert's RC Primary"),
        ("a lad from Parkside High", "Parkside High"),
    ],
)
def test_schools_are_found_with_a_school_replacement(text, span):
    result = screen(text)
    assert ("school", span) in [(f.kind, text[f.start : f.end]) for f in result.findings]
    assert "[a school]" in redact(text, result.findings)


@pytest.mark.parametrize(
    "text",
    [
        "His Primary School was lovely",
        "She's in the Sixth Form College now",
        "He goes to a Football Academy twice a week",
        "The Police Academy training was useful",
        "the school said he was fine",
    ],
)
def test_generic_school_phrases_are_not_schools(text):
    assert "school" not in kinds(text)


def test_a_named_estate_is_a_place_and_a_named_crew_or_line_is_a_group():
    assert ("place", "Beechwood estate") in found("they hang about in the Beechwood estate")
    assert ("gang", "the Eastside mandem") in found("the Eastside mandem had him")
    assert ("gang", "the Dex line") in found("the Dex line sent him to the coast")
    assert "place" not in kinds("we live on a council estate")
    assert "gang" not in kinds("we took the Jubilee line into town")


LOCAL = ScreeningConfig(
    local_terms=(
        LocalTerm("Brackenfield Academy", "school"),
        LocalTerm("the Marsh estate", "place"),
        LocalTerm("Hollowmere", "place"),
        LocalTerm("M1 crew", "gang"),
    )
)


@pytest.mark.parametrize(
    ("text", "kind", "span", "replacement"),
    [
        ("he was moved to brackenfield academy", "school", "brackenfield academy", "[a school]"),
        ("it started on the Marsh estate", "place", "the Marsh estate", "[a place]"),
        ("it started on Marsh Estate", "place", "Marsh Estate", "[a place]"),
        ("they found us in Hollowmere", "place", "Hollowmere", "[a place]"),
        ("he ran for the m1 crew", "gang", "m1 crew", "[a group]"),
    ],
)
def test_local_terms_are_found_whatever_the_case(text, kind, span, replacement):
    result = screen(text, LOCAL)
    matches = [f for f in result.findings if text[f.start : f.end] == span]
    assert matches and matches[0].kind == kind and matches[0].replacement == replacement


def test_a_local_term_inside_a_longer_word_is_not_found():
    assert "place" not in kinds("the Hollowmeres are a band", LOCAL)


# Dates of birth -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("he was born on 3rd March 2011", "3rd March 2011"),
        ("DOB 03/03/2011 for the form", "03/03/2011"),
        ("her date of birth is 14/05/2010", "14/05/2010"),
        ("his birthday is 14 May", "14 May"),
        ("she was born in August 2009", "August 2009"),
        ("03/03/2011 is his date of birth", "03/03/2011"),
        ("he turned 15 on 21/09/2023", "21/09/2023"),
        ("he was born in 2010", "2010"),
    ],
)
def test_dates_of_birth_are_found_and_only_the_date_is_replaced(text, span):
    assert_finds(text, "date_of_birth", span)
    assert span not in redact(text, screen(text).findings)


@pytest.mark.parametrize(
    "text",
    [
        "On 12/03/2023 the police came to the house",
        "The hearing was 3 March, a week after his birthday.",
        "the hearing is on 4 July",
    ],
)
def test_dates_without_birth_context_are_not_dates_of_birth(text):
    assert "date_of_birth" not in kinds(text)


# Names -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("my son Tyler was 13", "Tyler"),
        ("Jayden came home late again", "Jayden"),
        ("jayden was only 13", "jayden"),
        ("it was Nathan Pickering who groomed her", "Nathan Pickering"),
        ("Tyler-James came home", "Tyler-James"),
        ("we saw Mr J. Smith at the door", "Mr J. Smith"),
        ("PC A. Hargreaves said", "PC A. Hargreaves"),
        ("his mate Kyle B. introduced them", "Kyle B."),
        ("a lad called Smurf", "Smurf"),
        ("they call him Little D on the estate", "Little D"),
        ("we told Mr Patel", "Mr Patel"),
        ("Detective Inspector Hargreaves came round", "Detective Inspector Hargreaves"),
        ("my son Tyrese is in a secure unit", "Tyrese"),
        ("the Brennan family saw it", "the Brennan family"),
        ("the Khans next door rang the police", "the Khans"),
        ("my eldest Siobhán noticed first", "Siobhán"),
        ("I said to Ellie-May come home", "Ellie-May"),
    ],
)
def test_names_are_found_with_their_surname_or_initial(text, span):
    assert_finds(text, "name", span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("my daughter Grace is 14", "Grace"),
        ("my son Will was there", "Will"),
        ("it was Will Thompson who took him", "Will Thompson"),
        ("a girl called Hope", "Hope"),
        ("Grace Kelly from down the road", "Grace Kelly"),
    ],
)
def test_names_that_are_also_words_need_strong_context(text, span):
    assert_finds(text, "name", span)


@pytest.mark.parametrize(
    "text",
    [
        "I will keep fighting for him",
        "Will they ever admit it?",
        "May was the hardest month",
        "we went to court in May",
        "Hope is all I've got left",
        "By the grace of God he's home",
        "Mark my words, this will be a scandal",
        "my son will be 16 in June",
        "Don't let them tell you it's your fault",
        "I called Social Services again",
        "I rang Childline and they were kind",
        "the Royal family doesn't care",
        "my son, Year 10, is struggling",
        "Sue the school, my sister said",
        "my son A Level results came today",
    ],
)
def test_words_that_are_also_names_pass_without_context(text):
    assert "name" not in kinds(text)


def test_allowed_names_suppress_a_name_entirely_but_not_a_full_name():
    config = ScreeningConfig(allowed_names=frozenset({"will", "TYLER"}))
    assert "name" not in kinds("my son Will was there", config)
    assert "name" not in kinds("Tyler came home", config)
    assert ("name", "Will Thompson") in found("it was Will Thompson", config)
    assert ("name", "Kyle") in found("Tyler and Kyle", config)


# Risk --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("they're going to kill him", "risk_danger"),
        ("he's got a knife", "risk_danger"),
        ("they've taken her", "risk_danger"),
        ("he's missing tonight", "risk_danger"),
        ("they threatened to hurt my son", "risk_danger"),
        ("she's being held in a flat", "risk_danger"),
        ("I'm scared they'll come to the house tonight", "risk_danger"),
        ("I want to die", "risk_self_harm"),
        ("she wants to end it all", "risk_self_harm"),
        ("he said he'd kill himself", "risk_self_harm"),
        ("I can't go on", "risk_self_harm"),
        ("she's hurting herself", "risk_self_harm"),
        ("she's been cutting and I don't know what to do", "risk_self_harm"),
        ("he took an overdose", "risk_self_harm"),
        ("she's suicidal", "risk_self_harm"),
        ("there's no point living", "risk_self_harm"),
    ],
)
def test_risk_is_urgent_held_and_never_redacted(text, kind):
    result = screen(text)
    assert result.urgent and result.risk and result.action == "hold"
    risk = [f for f in result.findings if f.category == "risk"]
    assert kind in {f.kind for f in risk}
    assert all(f.replacement == "" and f.action == "hold" for f in risk)
    assert redact(text, result.findings) == text


@pytest.mark.parametrize(
    "text",
    [
        "the waiting list is killing me",
        "I could kill him sometimes when he lies",
        "I nearly died when I saw his room",
        "he was taken into care in the end",
        "he's being held on remand",
        "he's been cutting class again",
        "they took him to the station and let him go",
        "I'm dying to know what the judge said",
    ],
)
def test_figures_of_speech_are_not_risk(text):
    assert not screen(text).urgent, found(text)


# Watched terms -----------------------------------------------------------------------------------


def test_a_watched_word_matches_whole_words_case_insensitively():
    config = ScreeningConfig(watched=(WatchedTerm("plug", "word", "flag", 7),))
    result = screen("Ask the PLUG for it", config)
    (finding,) = result.findings
    assert (finding.kind, finding.category, finding.action, finding.term_id) == (
        "watched",
        "watched",
        "flag",
        7,
    )
    assert finding.replacement == ""
    assert result.action == "flag" and not result.urgent
    assert screen("unplugged the router", config).findings == ()


def test_a_watched_phrase_matches_across_any_whitespace():
    config = ScreeningConfig(watched=(WatchedTerm("county lines", "word", "hold", 1),))
    assert screen("about County\n  Lines today", config).action == "hold"


def test_a_wildcard_term_matches_runs_of_letters_as_a_whole_word():
    config = ScreeningConfig(
        watched=(
            WatchedTerm("k*ll", "wildcard", "hold", 1),
            WatchedTerm("b?g", "wildcard", "flag", 2),
        )
    )
    assert [f.term_id for f in screen("I'll kill you", config).findings] == [1]
    assert [f.term_id for f in screen("a big bag", config).findings] == [2, 2]
    assert screen("skills and bigger bags", config).findings == ()


def test_a_regex_term_uses_re2_case_insensitively():
    config = ScreeningConfig(watched=(WatchedTerm(r"free\s+money\b", "regex", "block", 3),))
    result = screen("FREE   MONEY for runners", config)
    assert result.action == "block"
    assert [f.term_id for f in result.blocked_terms] == [3]


def test_the_strongest_action_wins_block_over_hold_over_flag():
    config = ScreeningConfig(
        watched=(
            WatchedTerm("alpha", "word", "flag", 1),
            WatchedTerm("beta", "word", "block", 2),
            WatchedTerm("gamma", "word", "hold", 3),
        )
    )
    assert screen("alpha", config).action == "flag"
    assert screen("alpha gamma", config).action == "hold"
    assert screen("alpha beta gamma", config).action == "block"
    assert screen("alpha and my son Tyler", config).action == "hold"
    assert screen("beta and my son Tyler", config).action == "block"
    assert [f.term_id for f in screen("alpha beta gamma", config).blocked_terms] == [2]


def test_overlapping_watched_terms_are_all_reported():
    config = ScreeningConfig(
        watched=(
            WatchedTerm("county", "word", "flag", 1),
            WatchedTerm("county lines", "word", "block", 2),
        )
    )
    assert sorted(f.term_id for f in screen("county lines", config).findings) == [1, 2]


def test_a_catastrophic_regex_runs_in_linear_time_under_re2():
    config = ScreeningConfig(watched=(WatchedTerm("(a+)+$", "regex", "block", 1),))
    validate_watched_pattern("(a+)+$", "regex")
    assert screen("a" * 100_000 + "b", config).findings == ()
    assert screen("aaaa", config).action == "block"


def test_an_invalid_term_in_a_config_is_skipped_not_fatal():
    config = ScreeningConfig(
        watched=(
            WatchedTerm("(unclosed", "regex", "block", 1),
            WatchedTerm("plug", "word", "flag", 2),
        )
    )
    assert [f.term_id for f in screen("the plug (unclosed", config).findings] == [2]


@pytest.mark.parametrize(
    ("pattern", "match", "message"),
    [
        ("(unclosed", "regex", "never closed"),
        ("closed)", "regex", "no opening"),
        ("a{1001}", "regex", "too big"),
        ("(?=look)ahead", "regex", "not supported"),
        ("x" * 201, "word", "at most 200"),
        ("   ", "word", "Enter"),
        ("**", "wildcard", "letter or digit"),
        ("a*", "regex", "empty text"),
        ("plug", "sometimes", "Choose"),
        (r"\pL{1,150}", "regex", "too complex"),
        (r"(\w)\1", "regex", "not supported"),
    ],
)
def test_validate_watched_pattern_explains_what_is_wrong(pattern, match, message):
    with pytest.raises(ValueError, match=message):
        validate_watched_pattern(pattern, match)


@pytest.mark.parametrize(
    ("pattern", "match"),
    [("plug", "word"), ("county lines", "word"), ("k*ll", "wildcard"), (r"\bcrew\b", "regex")],
)
def test_validate_watched_pattern_accepts_good_patterns(pattern, match):
    validate_watched_pattern(pattern, match)


# Redaction ---------------------------------------------------------------------------------------


def test_redact_replaces_each_identifying_span_and_leaves_the_rest():
    text = "my son Tyler goes to Oakbridge Academy, ring 07700 900 456."
    assert redact(text, screen(text).findings) == (
        "my son [a name] goes to [a school], ring [a phone number]."
    )


def test_redact_merges_overlapping_spans_using_the_first_replacement():
    text = "abcdefghij"
    findings = [
        Finding("name", 2, 6, "[a name]", "identifying", "hold"),
        Finding("school", 4, 8, "[a school]", "identifying", "hold"),
        Finding("watched", 0, 10, "", "watched", "flag", 1),
    ]
    assert redact(text, findings) == "ab[a name]ij"


def test_redact_with_no_findings_returns_the_text():
    assert redact("nothing here", []) == "nothing here"


def test_a_name_inside_a_school_or_address_is_one_finding():
    assert found("he goes to St Joseph's Primary") == [("school", "St Joseph's Primary")]
    assert found("we're at 12 Kelly Road") == [("address", "12 Kelly Road")]


def test_screening_is_cached_per_config_and_gives_the_same_answer_twice():
    config = ScreeningConfig(watched=(WatchedTerm("plug", "word", "flag", 1),))
    first = screen("ask the plug, Tyler", config)
    second = screen(
        "ask the plug, Tyler", ScreeningConfig(watched=(WatchedTerm("plug", "word", "flag", 1),))
    )
    assert first == second
