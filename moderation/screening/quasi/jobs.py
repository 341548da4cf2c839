"""A parent's job, and where it is done.

- `job`: a parent's job, more when few do it in a place or it is placed ("I'm the lollipop lady
  at the primary", "his dad is the caretaker at the leisure centre", "my husband runs the corner
  shop", "I work on the tills at the Co-op by the canal", "my wife drives the school bus", "I'm
  the chair of the PTA", "her dad runs the taxi rank"); "I'm a nurse" is vague.

Every finding is a quasi-identifier (`rules.quasi`), weighed by its rule in `rules.RULES`.
"""

from __future__ import annotations

import re

from ..scan import Pattern, Scan
from ..text import words
from ..types import Finding
from .common import PRONOUNS
from .rules import quasi

_JOBS = (
    r"dinner[ \t]+lady|dinner[ \t]+nanny|lunchtime[ \t]+supervisor|lollipop[ \t]+(?:lady|man)|"
    r"crossing[ \t]+patrol|caretaker|school[ \t]+cook|cook|teaching[ \t]+assistant|ta|cleaner|"
    r"nurse|midwife|health[ \t]+visitor|gp|doctor|pharmacist|postman|postwoman|postie|"
    r"bus[ \t]+driver|taxi[ \t]+driver|cabbie|lorry[ \t]+driver|delivery[ \t]+driver|"
    r"hairdresser|barber|butcher|baker|vicar|imam|priest|councillor|police[ \t]+officer|pcso|"
    r"firefighter|fireman|paramedic|social[ \t]+worker|teacher|head[ \t]?teacher|receptionist|"
    r"shop[ \t]+assistant|manager|landlord|landlady|publican|bar[ \t]+manager|childminder|"
    r"nursery[ \t]+nurse|carer|care[ \t]+worker|school[ \t]+nurse|mechanic|plumber|electrician|"
    r"builder|shopkeeper|newsagent|dentist|vet|librarian|chef|lifeguard|security[ \t]+guard|"
    r"bouncer|window[ \t]+cleaner|milkman|binman|bin[ \t]+man|refuse[ \t]+collector|"
    r"lunch[ \t]+lady|school[ \t]+secretary|office[ \t]+manager|chemist|chair[ \t]+of[ \t]+"
    r"(?:the[ \t]+)?(?:pta|ptfa|governors|parent[ \t]+council|parents'?[ \t]+association)|"
    r"pta[ \t]+chair|(?:parent[ \t]+|school[ \t]+)?governor|school[ \t]+bus[ \t]+driver|"
    r"barman|barmaid|bar[ \t]+staff|cashier|porter|janitor|groundsman|gardener|cook|"
    r"youth[ \t]+worker|coach|football[ \t]+coach|instructor|bus[ \t]+driver"
)
# A role there is one of at a school: "I'm the chair of the PTA" is "the one at the school".
_UNIQUE_JOBS = re.compile(r"(?i)chair|school[ \t]+bus")
_BUSINESS = (
    r"corner[ \t]+shop|chippy|chip[ \t]+shop|paper[ \t]+shop|newsagents?|off[ \t]+licence|offy|"
    r"offie|post[ \t]+office|pub|caf[eé]|takeaway|barbers?|barber'?s|hairdressers?|salon|"
    r"nail[ \t]+bar|launderette|butchers?|butcher'?s|bakery|bakers|garage|local[ \t]+shop|shop|"
    r"bookies|pharmacy|chemist|kebab[ \t]+shop|florists?|car[ \t]+wash|ice[ \t]+cream[ \t]+van|"
    r"co-?op|spar|londis|costcutter|nisa|premier|one[ \t]+stop|tesco|aldi|lidl|asda|morrisons|"
    r"sainsbury'?s|greggs|mcdonald'?s|village[ \t]+shop|farm[ \t]+shop|garden[ \t]+centre|"
    r"chicken[ \t]+shop|vape[ \t]+shop|petrol[ \t]+station|taxi[ \t]+(?:rank|firm|office)|"
    r"cab[ \t]+(?:firm|office)|scrapyard|scrap[ \t]+yard|market[ \t]+stall|burger[ \t]+van|"
    r"snack[ \t]+bar|guest[ \t]+house|b&b|caravan[ \t]+park|farm|stables|kennels"
)
_WORKPLACE = re.compile(
    r"[ \t]+(?:at|in|on|for|by|near|of)[ \t]+(the|our|his|her|my|a|an)[ \t]+"
    r"((?:[\w'\-]+[ \t]+){0,2}[\w'\-]+)",
    re.I,
)
WORKPLACE_STOP = PRONOUNS | frozenset(
    words("""and but so because when where while who that which i we he she they you was were is are
    has have had for with to of in on at by near since after before last this next every my
    his her our their""")
)
_FAMILY_SUBJECT = re.compile(
    r"(?:\bi|\bwe|\bmy[ \t]+(?:husband|wife|partner|fella|hubby|ex|mum|dad|mam|brother|sister)|"
    r"\b(?:his|her|their|our)[ \t]+(?:dad|mum|mam|father|mother|stepdad|stepmum|nan|grandad|"
    r"gran|uncle|auntie|aunt|family))\b[^.!?\n]{0,12}$",
    re.I,
)


_PLACE_WORDS = re.compile(r"[ \t]*((?:[\w'\-]+[ \t]+){0,2}[\w'\-]+)")


def words_end(text: str, pos: int) -> int | None:
    """The end of up to three words of a place name at `pos` ("the [Co-op] by the canal")."""
    m = _PLACE_WORDS.match(text, pos)
    if not m:
        return None
    end = None
    for w in re.finditer(r"[\w'\-]+", m.group(1)):
        if w.group().lower() in WORKPLACE_STOP:
            break
        end = m.start(1) + w.end()
    return end


def _workplace_end(text: str, end: int) -> tuple[int, str] | None:
    """Where "at the primary" after a job ends, and its determiner."""
    m = _WORKPLACE.match(text, end)
    if not m:
        return None
    place_end = words_end(text, m.start(2))
    if place_end is None:
        return None
    return place_end, m.group(1).lower()


_LOCAL_JOBS = re.compile(
    r"(?i)(?:dinner|lunch)[ \t]+(?:lady|nanny)|lunchtime[ \t]+supervisor|"
    r"lollipop[ \t]+(?:lady|man)|crossing[ \t]+patrol|caretaker|"
    r"school[ \t]+(?:cook|nurse|secretary)|vicar|imam|priest|"
    r"councillor|postman|postwoman|postie|head[ \t]?teacher|landlady|landlord|publican|milkman|"
    r"pcso|childminder|school[ \t]+bus[ \t]+driver"
)
_HERE = re.compile(
    r"[ \t]+(?:here|round[ \t]+here|around[ \t]+here|in[ \t]+(?:town|the[ \t]+village|"
    r"the[ \t]+area|our[ \t]+village|our[ \t]+town)|locally|for[ \t]+miles)\b",
    re.I,
)
_LOCATED = re.compile(
    r"[ \t]+(?:on|in|by|near|opposite|behind|next[ \t]+to|at|off|round[ \t]+the[ \t]+corner"
    r"[ \t]+from)[ \t]+(?:the|our)[ \t]+",
    re.I,
)


def _place_after(text: str, end: int) -> tuple[int, str, bool]:
    """Where a job's workplace after it ends ("at the primary", "here"), its determiner ("" for
    none), and whether the workplace is itself placed ("the chemist on the parade")."""
    here = _HERE.match(text, end)
    if here:
        return here.end(), "the", True
    place = _workplace_end(text, end)
    if place is None:
        return end, "", False
    located = _LOCATED.match(text, place[0])
    if located:
        further = words_end(text, located.end())
        if further is not None:
            return further, place[1], True
    return place[0], place[1], False


_WORK_WHEN = re.compile(
    r"[ \t]+(?:on[ \t]+(?:mon|tues|wednes|thurs|fri|satur|sun)days|at[ \t]+(?:the[ \t]+)?weekends?|"
    r"on[ \t]+(?:a[ \t]+)?(?:saturday|sunday|weekends?)|after[ \t]+school)\b",
    re.I,
)


def detect(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("q_job"):
        definite = m.group(2).lower() == "the"
        local = bool(_LOCAL_JOBS.search(m.group(1)))
        end, det, located = _place_after(text, m.end())
        if det in ("", "a", "an"):
            end = m.end() if det else end
            rule = "job-local" if local or definite else "job"
            if definite and _UNIQUE_JOBS.search(m.group(1)):
                rule = "job-the"
        elif definite or located:
            rule = "job-the"
        else:
            rule = "job-local" if local else "job-place"
        out.append(quasi("job", m.start(), end, rule))
    for m in scan.find("q_job_business"):
        if not _FAMILY_SUBJECT.search(text, max(0, m.start() - 40), m.start()):
            continue
        if m.group(1):  # "my wife drives the school bus", "he drives a taxi"
            definite = m.group(1).lower() == "the"
            vehicle = m.group(2).lower()
            if definite and ("school" in vehicle or "ice" in vehicle):
                rule = "job-the"
            else:
                rule = "job-local" if definite else "job"
            out.append(quasi("job", m.start(), m.end(), rule))
            continue
        end, det, _ = _place_after(text, m.end())
        if det not in ("the", "our"):
            end = m.end()
        out.append(quasi("job", m.start(), end, "job-business"))
    for m in scan.find("q_job_works_at"):
        place_end = words_end(text, m.end())
        if place_end is None:
            continue
        end = place_end
        rule = "job-works-at"
        at_place = _LOCATED.match(text, end)
        if at_place:
            further = words_end(text, at_place.end())
            if further is not None:
                end, rule = further, "job-works-at-place"
        when = _WORK_WHEN.match(text, end)  # "works at the chip shop on Saturdays"
        if when:
            end = when.end()
        out.append(quasi("job", m.start(), end, rule))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this part scans with."""
    return {
        "q_job": (
            r"(?i)\b(?:i'?m|i[ \t]+am|im|i[ \t]+work(?:ed)?[ \t]+as|i[ \t]+was|i[ \t]+used[ \t]+to"
            r"[ \t]+be|my[ \t]+(?:husband|wife|partner|fella|hubby|ex|other[ \t]+half|mum|dad|"
            r"mam)(?:'s|[ \t]+is|[ \t]+was|[ \t]+works[ \t]+as)|(?:his|her|their)[ \t]+(?:dad|mum|"
            r"mam|father|mother|stepdad|stepmum|nan|grandad|gran|uncle|auntie|aunt)(?:'s|[ \t]+is|"
            rf"[ \t]+was|[ \t]+works[ \t]+as))[ \t]+((a|an|the)[ \t]+(?:{_JOBS}))\b"
        ),
        "q_job_business": (
            r"(?i)\b(?:run|runs|ran|running|own|owns|owned|manage|manages|managed)[ \t]+"
            rf"(?:the|a)[ \t]+(?:{_BUSINESS})\b"
            r"|(?i)\b(?:drives|drove|driving)[ \t]+(the|a)[ \t]+(school[ \t]+(?:bus|minibus|taxi)|"
            r"ice[ \t]+cream[ \t]+van|taxi|cab|bus|minibus|bin[ \t]+lorry|community[ \t]+bus)\b"
        ),
        "q_job_works_at": (
            r"(?i)\bwork(?:s|ed|ing)?[ \t]+(?:(?:on[ \t]+the[ \t]+(?:tills|checkouts?|desk|door|"
            r"reception|counter)|behind[ \t]+the[ \t]+"
            r"(?:bar|counter)|nights|days|evenings|mornings|afternoons|weekends|saturdays?|"
            r"sundays?|shifts|lates|earlies|part[ \t-]time|full[ \t-]time|in[ \t]+the[ \t]+"
            r"(?:kitchen|office|shop|cafe|caf\x{00e9}))[ \t]+)?(?:at|in|for)[ \t]+(the)[ \t]+"
        ),
    }
