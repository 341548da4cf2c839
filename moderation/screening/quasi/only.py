""" "The only ... in ...": someone singled out in a place.

- `only`: "the only ... in ..." ("we're the only Sikh family in the village", "the only girl in
  the boxing club"), and "the only" with who someone is, without a place ("I'm the only Polish
  dinner lady"), with what more is said of them ("the only one in a wheelchair at his school",
  "the only lad in year 9 with a tag"); "the tallest / youngest lad in the school". "The only
  thing that helps", "the only one who listens", "the only person in my life" pass: a place or a
  description of the person is needed.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .jobs import WORKPLACE_STOP
from .rules import quasi

_IDENTITY = frozenset(
    words("""polish black white asian mixed-race mixed biracial muslim sikh hindu jewish christian
    catholic irish scottish welsh english romanian somali kurdish syrian afghan eritrean nigerian
    ghanaian pakistani bangladeshi indian chinese vietnamese turkish lithuanian latvian portuguese
    brazilian jamaican caribbean african arab iranian iraqi albanian ukrainian russian bulgarian
    hungarian slovak czech filipino sudanese ethiopian congolese zimbabwean traveller gypsy roma
    deaf blind disabled autistic wheelchair gay lesbian trans ginger red-haired redhead foster
    adoptive adopted refugee single teenage widowed dinner lollipop lady caretaker cleaner
    nurse midwife driver hairdresser barber butcher vicar imam priest councillor policeman
    policewoman paramedic firefighter postman postwoman postie cook chef teacher head
    headteacher receptionist landlady landlord childminder pharmacist doctor dentist vet
    mechanic plumber electrician builder shopkeeper newsagent taxi cabbie male female young
    teaching assistant ta coach governor volunteer""")
)
_ROLE = frozenset(
    words("""one person family families mum mums mam dad dads parent parents boy boys girl girls lad
    lads lass lasses kid kids child children son daughter woman women man men household house
    couple people student pupil""")
)
_ONLY_STOP_HEAD = frozenset(
    words("""thing things way ways time times reason reasons option options choice choices hope
    answer answers problem thought difference help support good bad positive day days place
    places night nights word words way sound""")
)
_LOC_PREP = frozenset(words("in on at around round for within across near from"))
_LOC_DET = frozenset(words("the our his her their this that my your a an whole"))
_LOC_NOUNS = frozenset(
    words("""village town city estate street road close avenue lane crescent cul-de-sac block flats
    building area county borough parish island valley hamlet neighbourhood neighborhood
    community school primary secondary academy college class year form team squad club gym ward
    unit church mosque gurdwara temple synagogue congregation playground gates area patch
    postcode district year-group group road terrace court row here miles site scheme""")
)
_ONLY_END = re.compile(r"[.,;:!?()\n\"]")
_ONLY_BREAK = frozenset(
    words("""who that which and but so because when where while if to i we he she they you was were
    is are has have had can could will would did do does not""")
)
_WORD = re.compile(r"[\w'\-]+")


def _locative(tokens: list[tuple[str, int, int]], i: int, strict: bool) -> tuple[int, int] | None:
    """At tokens[i] a preposition: where "in the boxing club" ends (a character offset) and the
    index after it. `strict`: the noun must be a place word or a capitalised name."""
    if i >= len(tokens) or tokens[i][0].lower() not in _LOC_PREP:
        return None
    j = i + 1
    while j < len(tokens) and tokens[j][0].lower() in _LOC_DET:
        j += 1
    if j >= len(tokens):
        return None
    noun = tokens[j][0]
    if noun.lower() in _LOC_NOUNS or (noun[:1].isupper() and noun.isalpha()):
        if j + 1 < len(tokens) and tokens[j + 1][0].lower() in _LOC_NOUNS:
            return tokens[j + 1][2], j + 2  # "the boxing club", "the school gates"
        if j + 1 < len(tokens) and _NUMBERED.fullmatch(tokens[j + 1][0]):
            return tokens[j + 1][2], j + 2  # "in year 9", "on ward 7"
        return tokens[j][2], j + 1
    if j + 1 < len(tokens) and tokens[j + 1][0].lower() in _LOC_NOUNS:
        return tokens[j + 1][2], j + 2  # "on the rugby team"
    if not strict and noun.lower() not in _ONLY_BREAK and j > i + 1:
        return tokens[j][2], j + 1  # "at the grammar"
    return None


_NUMBERED = re.compile(r"\d{1,2}[a-zA-Z]?|[a-zA-Z]\d{1,2}")
_RELATIVE = re.compile(r"[ \t]+(?:who|that)\b(?:'s|'re)?", re.I)
_CLAUSE_STOP = frozenset(words("and but so because when where while though although if"))


_WITH = re.compile(
    r"[ \t]+with[ \t]+(?:a|an|the|his|her|their|no|two|three)[ \t]+([\w'\-]+)"
    r"(?:[ \t]+(?:on|in|at|outside|by)[ \t]+(?:the|our|a)[ \t]+[\w'\-]+|[ \t]+([\w'\-]+))?",
    re.I,
)


def with_end(text: str, end: int) -> int:
    """ "the only lad in year 9 [with a tag]", "the one by the church [with the blue door]",
    "[with a caravan on the drive]": a "with" that says more belongs to the detail."""
    m = _WITH.match(text, end)
    if not m or m.group(1).lower() in WORKPLACE_STOP:
        return end
    if m.group(2) and m.group(2).lower() in WORKPLACE_STOP:
        return m.end(1)  # "with a car and ..."
    return m.end()


def _clause_end(text: str, end: int) -> int:
    """ "the only girl in year 9 [who boxes]", "the only lad in year 9 [with a tag]": the
    relative clause or the "with" that says more about the person belongs to the detail."""
    end = with_end(text, end)
    rel = _RELATIVE.match(text, end)
    if not rel:
        return end
    last = rel.end()
    for count, w in enumerate(re.finditer(r"[ \t]*([\w'\-]+)", text[rel.end() : rel.end() + 40])):
        if count >= 4 or (w.start() != 0 and not text[rel.end() + w.start() - 1].isspace()):
            break
        if w.group(1).lower() in _CLAUSE_STOP:
            break
        last = rel.end() + w.end()
        if text[last : last + 1] in ".,;:!?)\n":
            break
    return last


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_only"):
        most = m.group(1) is not None  # "the tallest lad in the school"
        head_start = m.start(2) if most else m.end()
        window = text[head_start : head_start + 100]
        cut = _ONLY_END.search(window)
        if cut:
            window = window[: cut.start()]
        tokens = [(t.group(), t.start(), t.end()) for t in _WORD.finditer(window)]
        head: list[str] = []
        core = 0  # how many of `head` name the person, before "in a wheelchair"
        end = None
        described = False
        i = 0
        while i < len(tokens) and len(head) < 7:
            word = tokens[i][0].lower()
            if word in _LOC_PREP and head:
                found = _locative(tokens, i, strict=True)
                if found is not None:
                    end, i = found
                    more = _locative(tokens, i, strict=False)  # "from our estate at the grammar"
                    if more is not None:
                        end = more[0]
                    break
                if len(head) > 4:
                    break
                # not a place: it says more about the person ("the only one in a wheelchair")
                core = core or len(head)
            if word in _ONLY_BREAK:
                break
            head.append(word)
            if word in _IDENTITY:
                described = True
            i += 1
        if not head or head[0] in _ONLY_STOP_HEAD or head[-1] in _ONLY_STOP_HEAD:
            continue
        who = head[: core or len(head)]
        if most:
            if end is not None and (described or who[-1] in _ROLE - {"one"}):
                out.append(
                    quasi("only", m.start(), _clause_end(text, head_start + end), "only-most")
                )
            continue
        if end is not None:
            rule = "only-described" if described or who[-1] in _ROLE - {"one"} else "only-in"
            if (who == ["one"] and not described) or who[-1] in ("person", "people"):
                rule = "only-in"
            out.append(quasi("only", m.start(), _clause_end(text, head_start + end), rule))
        elif described:
            last = tokens[len(head) - 1][2]
            out.append(quasi("only", m.start(), head_start + last, "only-described"))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_only": (
            r"(?i)\b(?:(?:i'?m|i[ \t]+am|im|we'?re|we[ \t]+are|he'?s|he[ \t]+is|she'?s|"
            r"she[ \t]+is|they'?re|they[ \t]+are|we[ \t]+were|i[ \t]+was|(?:my|our)[ \t]+(?:son|"
            r"daughter|lad|boy|girl|lass|eldest|youngest|kid|child)(?:'s|[ \t]+is|[ \t]+was)|was|"
            r"is|"
            r"are)[ \t]+)?(?:one[ \t]+of[ \t]+)?the[ \t]+(?:only[ \t]+|(tallest|smallest|shortest|"
            r"biggest|youngest|oldest|fastest)[ \t]+((?:lad|lass|boy|girl|kid|child|pupil|player|"
            r"member|teenager|mum|dad)s?\b))"
        ),
        # Only with an age after it (checked again in Python, with `_SIBLING_AGES`).
    }
