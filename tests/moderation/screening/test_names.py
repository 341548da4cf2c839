"""Names of people: what a member or moderator sees for each way parents write a name.

Every finding's span is the whole name as written: its title, middle names and surname, an
attached age, "the ... family". Words that are also names stay words without context.
"""

from __future__ import annotations

import pytest

from moderation.screening import ScreeningConfig, engine, redact, screen
from moderation.screening.names import detector, everyday
from moderation.screening.scan import Scan
from moderation.screening.text import lexicon

from .work import calls


def found(text: str, config: ScreeningConfig | None = None) -> list[str]:
    result = screen(text, config) if config else screen(text)
    return [text[f.start : f.end] for f in result.findings if f.kind == "name"]


def assert_name(text: str, span: str) -> None:
    assert span in found(text), screen(text).findings


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("the social worker Mrs Okafor never came to the house", "Mrs Okafor"),
        ("DC Hartley said there was nothing they could do", "DC Hartley"),
        ("his form tutor Miss Rowley noticed the bruises", "Miss Rowley"),
        ("Sgt. Mulligan told us to stop phoning", "Sgt. Mulligan"),
        ("Det Sgt Carmichael has the case", "Det Sgt Carmichael"),
        ("we had a meeting with Mr Adeyemi-Brown", "Mr Adeyemi-Brown"),
        ("Mrs J. Okonkwo from the YOT was lovely", "Mrs J. Okonkwo"),
        ("PC A. Hargreaves said to wait", "PC A. Hargreaves"),
        ("Uncle Dev picks him up on Fridays", "Uncle Dev"),
        ("spoke to mrs okafor again today", "mrs okafor"),
        ("i rang pc whitworth four times", "pc whitworth"),
        ("we complained about Inspector Radcliffe", "Inspector Radcliffe"),
    ],
)
def test_a_title_belongs_to_the_name_it_comes_with(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Hi, I'm Bernadette and my son is 15", "Bernadette"),
        ("hi all, I'm Oluwakemi and this is my first post", "Oluwakemi"),
        ("hello everyone, my name is Shona", "Shona"),
        ("my names deanna and i need help", "deanna"),
        ("this is Grace again, thanks for the replies", "Grace"),
        ("I am Precious, his mother", "Precious"),
        ("My name's Agnieszka Nowak and I'm scared", "Agnieszka Nowak"),
    ],
)
def test_a_parent_introducing_themselves_is_named(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("the Smiths at the end of the road know", "the Smiths"),
        ("the Okafors across the road called the police", "the Okafors"),
        ("The Dunleavys have three lads", "The Dunleavys"),
        ("everyone knows the O'Connors", "the O'Connors"),
        ("we used to go on holiday with the Kowalski family", "the Kowalski family"),
        ("it was the Hussain brothers who started it", "the Hussain brothers"),
        ("i think the patels heard it all", "the patels"),
    ],
)
def test_a_family_is_named_with_the_word_the(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("they called him Smurf because he was small", "Smurf"),
        ("the older one goes by Lil T", "Lil T"),
        ("there's a lad known as Skinny who runs the phones", "Skinny"),
        ("everyone calls her Babyface", "Babyface"),
        ("they all know him as Big Dez", "Big Dez"),
        ("his street name is K-Dog", "K-Dog"),
        ("they know her as Lady B", "Lady B"),
        ("a girl they call Princess recruits the younger ones", "Princess"),
    ],
)
def test_a_nickname_given_as_a_name_is_a_name(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Tyler, 14, was stopped with a knife", "Tyler, 14"),
        ("Jayden (15) and his cousin were taken", "Jayden (15)"),
        ("14-year-old Tyler had been missing for days", "14-year-old Tyler"),
        ("Callum aged 12 was the youngest", "Callum aged 12"),
        ("our 15 year old Aimee has stopped eating", "15 year old Aimee"),
        ("the boy, Kaden, 11, was sent out with parcels", "Kaden, 11"),
    ],
)
def test_an_age_attached_to_a_name_is_part_of_it(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Tyler James Okafor is his full name", "Tyler James Okafor"),
        ("Ellie-May Fotheringham was the girl he saw", "Ellie-May Fotheringham"),
        ("her full name is Chantelle Louise Ashworth-Barnes", "Chantelle Louise Ashworth-Barnes"),
        ("Siobhan Mary O'Rourke was in care with her", "Siobhan Mary O'Rourke"),
        ("Kacper Wiśniewski saw them take him", "Kacper Wiśniewski"),
        ("it was Will Thompson who took him", "Will Thompson"),
        ("Caoimhe Ní Bhriain is her full name", "Caoimhe Ní Bhriain"),
    ],
)
def test_a_full_name_takes_in_middle_names_and_double_barrelled_surnames(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("a man called J. Okafor signed for it", "J. Okafor"),
        ("T.B. was the one who took him to the flat", "T.B."),
        ("he's been hanging about with R.J. and his brother", "R.J."),
        ("the report was signed by S Ahmed", "S Ahmed"),
        ("his mate Kyle B. introduced them", "Kyle B."),
        ("my son TJ was excluded", "TJ"),
    ],
)
def test_initials_are_a_name(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("tyler n jayden got picked up last nite", ["tyler", "jayden"]),
        ("kaydens mum rang me at midnight", ["kaydens"]),
        ("tyler smith is the lad she goes back to", ["tyler smith"]),
        ("Ryan's brother is the one dealing", ["Ryan"]),
        ("Harvey came home with new trainers", ["Harvey"]),
        ("Poppy was 12 when it began", ["Poppy"]),
        ("Chiamaka hasn't been to school since Easter", ["Chiamaka"]),
    ],
)
def test_names_in_lower_case_possessives_and_at_a_sentence_start_are_found(text, spans):
    assert found(text) == spans


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("Tyler, Kaydon and Braxtyn were all there", ["Tyler", "Kaydon", "Braxtyn"]),
        ("Kaydon and Tyler were arrested", ["Kaydon", "Tyler"]),
        ("Name: Okonkwo, Chidubem", ["Okonkwo", "Chidubem"]),
        ("his surname is Okonkwo", ["Okonkwo"]),
        ("I told Tyler and Social Services", ["Tyler"]),
        ("Tyler and Mum went to the shop", ["Tyler"]),
    ],
)
def test_an_unlisted_name_in_a_list_with_a_name_or_after_name_is_a_name(text, spans):
    assert sorted(found(text)) == sorted(spans)


@pytest.mark.parametrize(
    "text",
    [
        "May I ask how others coped with court?",
        "Will you be at the meeting on Thursday?",
        "Mark my words, this will happen again.",
        "The Bill came round at 2am.",
        "We've been given a grace period on the rent.",
        "Hope is all we have left.",
        "Summer holidays are the worst.",
        "Sunny days are the worst for it.",
        "Young people are being targeted.",
        "Long story short, he's safe.",
        "Chase the school for the records.",
        "She rose early and checked his room.",
        "Ivy on the wall of the old youth club.",
        "Violet bruises on both arms.",
        "Drew a picture and left it on my pillow.",
        "Rob a bank, he said.",
        "I'm Gutted, Honestly.",
        "I'm British and Catholic.",
        "My Son Keeps Running Away.",
        "MY SON IS MISSING AGAIN",
        "They called him names for years.",
        "He goes by bus to college.",
        "Known as cuckooing, it is when they take a home over.",
        "The Greens and the Tories ignored our letters.",
        "The Serious Case Review said lessons will be learned.",
        "An Inspector Calls was his GCSE text.",
        "i miss you so much",
        "my pc crashed and I lost everything",
        "The social worker said she'd call on Monday.",
        "Her teacher was supportive.",
        "Thompson said it was fine.",
    ],
)
def test_words_that_are_also_names_stay_words_without_context(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "He came home in Ralph Lauren and Ted Baker.",
        "The Jack Wills hoodie was the first thing we noticed.",
        "Winston's Wish helped his sister.",
        "Sarah's Law application went in.",
        "Valentine's Day he came home with a new phone.",
        "St Mary's were good with him.",
        "The Lucy Faithfull Foundation has advice for parents.",
        "He wanted Nike Air Max.",
        "We took the bus down Victoria Road.",
    ],
)
def test_brands_charities_laws_and_saints_are_not_people(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Jack hangs round with older lads from the flats now", "Jack"),
        ("Mason carries a knife now, i found it in his bag", "Mason"),
        ("Jordan sells for them now", "Jordan"),
        ("Holly stayed out till 4am again", "Holly"),
        ("Jack from year 10 took her phone", "Jack"),
        ("Dean threatened my son outside the chippy", "Dean"),
    ],
)
def test_a_name_first_in_a_sentence_before_its_verb_is_a_name(text, span):
    assert found(text) == [span]


@pytest.mark.parametrize(
    "text",
    [
        "Holly bushes along the back fence are where he hides his stuff.",
        "Ivy grows up the side of the flats.",
        "Poppy seeds on the bagels, that's all he eats.",
        "Brandy snaps at Christmas used to be his favourite.",
        "Jade plants are the only thing that survives in our house.",
        "Mark carries on, she said, but I couldn't.",
        "Will works hard at school now, I'm told.",
        "Taking the Mick is all the school does.",
        "Ctrl Alt Del is all I know about computers.",
    ],
)
def test_a_plant_a_food_or_a_saying_first_in_a_sentence_stays_words(text):
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Mrs Van der Berg the deputy head wasn't interested", "Mrs Van der Berg"),
        ("we saw Dr da Silva at the clinic", "Dr da Silva"),
        ("Tyler de Souza is the older one", "Tyler de Souza"),
        ("Fr. Doherty at the parish tried to help", "Fr. Doherty"),
        ("Sister O'Hara on the ward had seen it before", "Sister O'Hara"),
    ],
)
def test_surname_particles_and_religious_titles_belong_to_the_name(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("he goes by Lil Tee on the street", "Lil Tee"),
        ("they call him Big Smoke", "Big Smoke"),
        ("there's a man called Kev who gives him lifts", "Kev"),
        ("a guy called Macca from the next estate", "Macca"),
        ("Gaz was the one driving", "Gaz"),
        ("Ceri from the youth club was the one who noticed", "Ceri"),
        ("Bogdan and his cousin run the car wash", "Bogdan"),
    ],
)
def test_adults_nicknames_and_names_from_every_community_are_names(text, span):
    assert_name(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("ask jordan mckenzie, he knows where they meet", "jordan mckenzie"),
        ("holly jones is only 14", "holly jones"),
        ("i seen kyle johnson with him again", "kyle johnson"),
        ("Tyler johnson is the one giving him phones", "Tyler johnson"),
        ("i think its Kyle o'brien", "Kyle o'brien"),
        ("Mrs okafor said no", "Mrs okafor"),
    ],
)
def test_a_surname_in_lower_case_belongs_to_the_name_before_it(text, span):
    assert found(text) == [span]


def test_lower_case_words_that_are_names_stay_words_before_an_everyday_word():
    assert found("we put holly and ivy on the door, then jack stone came off the wall") == []


def test_the_whole_name_is_replaced_title_and_age_included():
    text = "Mrs Okafor said Tyler, 14, was fine"
    assert redact(text, screen(text).findings) == "[a name] said [a name], was fine"


def test_each_finding_says_which_rule_found_it():
    rules = {
        f.rule
        for text in ("Mrs Okafor", "the Okafors next door", "T.B. did it", "they call him Smurf")
        for f in screen(text).findings
        if f.kind == "name"
    }
    assert rules == {"title", "family", "initials", "nickname"}


def test_allowed_names_still_apply_to_titles_and_full_names():
    config = ScreeningConfig(allowed_names=frozenset({"okafor"}))
    assert found("Mrs Okafor rang", config) == []
    assert found("Tyler Okafor rang", config) == ["Tyler Okafor"]


def test_the_lists_are_large_and_ordinary_words_are_known():
    lex = lexicon()
    assert len(lex.forenames) > 3000 and len(lex.surnames) > 7000
    assert {"finley", "oluwaseun", "siobhan", "kacper", "harpreet"} <= lex.forenames.keys()
    assert {"okafor", "kowalski", "patel", "hussain", "smith"} <= lex.surnames
    words = everyday()
    assert "because" in words and "smith" in words and "okafor" not in words
    assert "tyler" not in words and "Café" not in words and "" not in words


def _calls(text: str) -> int:
    """Python and C calls the names detector makes on `text` (work counted, not timed)."""
    patterns, _ = engine._detectors()
    scan = Scan(text, patterns)
    return calls(lambda: detector._names(text, scan))


@pytest.mark.parametrize(
    "make",
    [
        lambda n: "Mr " * n,
        lambda n: "Mrs Okafor " * n,
        lambda n: "T.B. " * n,
        lambda n: "J. " * n + "Okafor",
        lambda n: "the Smiths " * n,
        lambda n: "Tyler, 14, " * n,
        lambda n: "my son my son " * n,
        lambda n: "they called him " * n,
        lambda n: "Ralph Lauren Tyler " * n,
        lambda n: "Tyler" + "-Tyler" * n,
        lambda n: "tyler " + " " * (8 * n) + "smith",
        lambda n: "Jack hangs round. " * n,
        lambda n: "Mrs van der " * n + "Berg",
        lambda n: "jordan mckenzie " * n,
        lambda n: "they call him Lil " * n,
        lambda n: "\u0162\u0443l\u0435r \u03a9kafor \u0645\u0631\u064a\u0645 \u6771\u4eac " * n,
    ],
)
def test_hostile_text_costs_linear_work_and_never_raises(make):
    small, large = _calls(make(300)), _calls(make(1200))
    assert large <= 5 * small + 2_000, (small, large)
    screen(make(300))
