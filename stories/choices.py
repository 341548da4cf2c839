"""What a teller chooses about how their story is shown: a coarse region, who is telling it,
content notes, and whether it carries a byline; and the byline readers see."""

from __future__ import annotations

from django.db import models


class Region(models.TextChoices):
    """Coarse UK regions for a byline: never a town, so no byline narrows a family down."""

    NORTH_EAST = "north-east", "the North East"
    NORTH_WEST = "north-west", "the North West"
    YORKSHIRE = "yorkshire", "Yorkshire and the Humber"
    EAST_MIDLANDS = "east-midlands", "the East Midlands"
    WEST_MIDLANDS = "west-midlands", "the West Midlands"
    EAST = "east", "the East of England"
    LONDON = "london", "London"
    SOUTH_EAST = "south-east", "the South East"
    SOUTH_WEST = "south-west", "the South West"
    WALES = "wales", "Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class Teller(models.TextChoices):
    """Who is telling the story, for a byline such as "A mum in the North West"."""

    MUM = "mum", "A mum"
    DAD = "dad", "A dad"
    PARENT = "parent", "A parent"
    CARER = "carer", "A carer"
    GRANDPARENT = "grandparent", "A grandparent"


class ContentNote(models.TextChoices):
    """What a reader is warned of before a story's body."""

    VIOLENCE = "violence", "Violence"
    SEXUAL_ABUSE = "sexual-abuse", "Sexual abuse"
    SELF_HARM = "self-harm", "Self-harm"
    DRUGS = "drugs", "Drugs"


class Naming(models.TextChoices):
    """How the parent is named where the story appears."""

    ANONYMOUS = "anonymous", "Anonymous"
    BYLINE = "byline", "With the byline I chose"


def byline_text(*, naming: str, teller: str, region: str) -> str:
    """The byline as readers see it: "Anonymous", "A mum" or "A mum in the North West"."""
    if naming != Naming.BYLINE or not teller:
        return "Anonymous"
    who = Teller(teller).label
    return f"{who} in {Region(region).label}" if region else who


def content_note_labels(keys: list[str]) -> list[str]:
    """Labels of the known content notes among `keys`, in the fixed order."""
    return [note.label for note in ContentNote if note.value in (keys or [])]
