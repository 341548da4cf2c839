"""Names of people: forenames from the lists, names after a cue, family names, initials.

Forenames (`data/forenames.txt`: hand-written UK, Irish, South Asian, African, Caribbean, Polish
and Arabic names, then the US Census 1990 names filtered by frequency) have a level in
`data/ambiguous_names.txt`:

- plain ("Tyler", "Aoife"): a name in any case, anywhere, also first in a sentence;
- capitalised ("Holly", "Jack"): written with a capital; first in a sentence only when a verb
  or "and" follows ("Poppy was 12", "Jack hangs round with...", "Mason carries a knife", "Jack
  from year 10 took..."; not "Ivy on the wall", "Holly bushes", "Brandy snaps": verbs whose -s
  form is also a plural noun count only in the past); in lower case only before a listed
  surname that is no everyday word ("ask jordan mckenzie");
- midsentence ("Drew", "Carol"): the same, but first in a sentence only before such a word;
- strong ("Will", "May", "Hope", "Grace"): only with a cue ("my son", "called", "Mr", "I'm"), a
  following surname that is not an everyday word ("Will Thompson"), or an initial.

Rules (the `rule` of each finding, for `manage.py screen --explain`; `detector` finds names, with
`families` for family names and initials):

- `forename`: a listed forename at its level;
- `title`: a title and the name after it, the title in the span ("Mrs Okafor", "DC Hartley",
  "Sgt. Mulligan", "Uncle Dev", "Fr. Doherty", "Sister O'Hara", lower case too when the word
  after is no everyday word: "mrs okafor"), a surname's particles too ("Mrs Van der Berg", "Dr
  da Silva", "Tyler de Souza");
- `cue`: a capitalised word after "my son", "her boyfriend", "the boy", "14-year-old" that is
  not an everyday word ("my partner Gaz", "the boy, Kaden, 11,");
- `introduction`: "I'm / I am / this is / my name is <Name>";
- `nickname`: "they called him Smurf", "goes by Lil T", "known as Skinny", "aka K-Dog" (an
  everyday word counts here, written with a capital; in lower case only a word that is not one;
  after "Lil", "Big", "Young" any capitalised word: "goes by Lil Tee");
- `family`: "the Smiths", "the Okafors", "the Kowalski family", "the Hussain brothers";
- `initials`: "T.B.", "J. Okafor", "S Ahmed", "my son TJ";
- `list`: a capitalised word that is not an everyday word or a known place, in a list with a
  name found ("Tyler, Kaydon and Braxtyn", "Kaydon and Tyler").

Cues for `introduction` include "my name is", "my names", "call me", and a form's "Name:",
"surname is", "full name is".

A name's span takes in middle names and surnames ("Tyler James Okafor", "Ellie-May
Fotheringham", "Siobhan O'Rourke"; for a strong name only a listed surname that is not an
everyday word), an initial ("Tyler B."), a listed surname in lower case that is no everyday
word ("tyler smith", "Tyler johnson", "Mrs okafor"), an attached age ("Tyler, 14", "Jayden
(15)", "Callum aged 12", "14-year-old Tyler"), and a possessive written without its apostrophe
("kaydens mum").

Not names: a word inside a known brand, charity, law or day (`data/not_name_phrases.txt`:
"Ralph Lauren", "Winston's Wish", "Sarah's Law", "Valentine's Day"), a saint ("St Mary's"), a name
followed by a street or institution word ("Victoria Road", "Jessie's Fund"), everyday words
(`data/everyday_words.txt`, SCOWL) where a rule says so, and `common_words.txt` /
`not_names.txt`. A surname alone never counts. `allowed_names` drops a name finding when every
word of it (titles, "the", "family" and an age aside) is allowed (so "Will" allowed still flags
"Will Thompson", and "Okafor" allowed drops "Mrs Okafor").

The package: `words` (which words can be names, the everyday-word list), `spans` (how far a name
reaches), `detector` (the detector), `families` (family names, initials, what is no name, allowed
names), `patterns` (the RE2 sources).
"""

from __future__ import annotations

from ..text import everyday
from .detector import DETECTORS
from .families import drop_allowed
from .patterns import patterns

__all__ = ["DETECTORS", "drop_allowed", "everyday", "patterns"]
