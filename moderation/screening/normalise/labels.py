"""What normalisation undid, one bit a step, and how `via` names it."""

from __future__ import annotations

# What was undone, one bit each in `View.labels` (the order is the order `via` lists them in).
LABELS = (
    "invisible characters",
    "a right-to-left override",
    "compatibility forms",
    "other-script digits",
    "accents",
    "look-alike letters",
    "other-script letters",
    "a line break in a word",
    "spaced characters",
    "letters for digits",
    "spelled-out digits",
    "a spoken e-mail address",
    "digits for letters",
    "symbols between digits",
)
_BIT = {label: 1 << i for i, label in enumerate(LABELS)}
INVISIBLE, RTL, COMPAT, DIGITS, ACCENTS, LOOKALIKE, SCRIPT = (_BIT[label] for label in LABELS[:7])
LINEBREAK, SPACED, OH_DIGITS, SPELLED, EMAIL, LEET, GROUPS = (_BIT[label] for label in LABELS[7:])


def describe(bits: int) -> str:
    """The labels of `bits`, as `via` shows them ("look-alike letters, spaced characters")."""
    return ", ".join(label for label in LABELS if bits & _BIT[label])
