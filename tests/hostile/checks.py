"""What "cleaned" means for stored and shown text (issue 17, point 3), checked from outside.

Written from the issue's rule, not from the sanitiser's code, so a sanitiser that forgets a
class of characters is caught: control characters except tab and newline (a carriage return
of a CRLF pair is tolerated), format characters other than the joiners and direction marks a
script needs, tag characters, line and paragraph separators, byte-order marks, lone surrogates,
and runs of stacked combining marks longer than a reader could ever need.
"""

from __future__ import annotations

import unicodedata

# Format characters a script may need, kept by the rule: ZWNJ and ZWJ (Persian, Indic, emoji
# sequences), the direction marks (LRM, RLM, ALM), the Arabic number signs and the soft hyphen.
KEPT_FORMAT = frozenset(
    "\u200c\u200d\u200e\u200f\u061c\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f"
    "\u0890\u0891\u08e2\U000110bd\U000110cd"
)
# The longest run of combining marks on one base character that stored text may keep. The
# issue says "capped" without a number; real scripts stack a handful (Vietnamese two, Tibetan
# and Indic clusters a few more), and the zalgo attack stacks thousands.
MAX_MARK_RUN = 16


def problems_in(text: str) -> list[str]:
    """Why `text` is not clean, one line per kind of character found; empty when clean."""
    problems: set[str] = set()
    run = 0
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        code = ord(char)
        if category == "Cs":
            problems.add(f"lone surrogate U+{code:04X}")
        elif category == "Cc" and char not in "\t\n":
            if not (char == "\r" and text[index + 1 : index + 2] == "\n"):
                problems.add(f"control character U+{code:04X}")
        elif 0xE0000 <= code <= 0xE007F:
            problems.add(f"tag character U+{code:04X}")
        elif char in "\u2028\u2029":
            problems.add(f"line or paragraph separator U+{code:04X}")
        elif category == "Cf" and char not in KEPT_FORMAT:
            problems.add(f"format character U+{code:04X}")
        if category in ("Mn", "Me"):
            run += 1
            if run > MAX_MARK_RUN:
                problems.add(f"more than {MAX_MARK_RUN} combining marks on one character")
        else:
            run = 0
    return sorted(problems)


def is_blank(text: str) -> bool:
    """Nothing a reader could see: whitespace, controls, format and tag characters only."""
    return not any(
        not char.isspace() and unicodedata.category(char) not in ("Cc", "Cf", "Cs", "Zl", "Zp")
        for char in text
    )
