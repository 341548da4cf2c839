"""The one sanitiser: member Markdown in, safe HTML out.

Everything a member writes is stored as typed and as the HTML made here; templates show only
the HTML made here, and `|safe` appears nowhere else. Markdown's raw HTML is off, and nh3 (the
maintained binding of the Rust ammonia sanitiser) keeps only a small allow-list, so a post can
carry no script, style, image from another host, SVG or MathML.
"""

from __future__ import annotations

import re
import unicodedata

import nh3
from django.core.exceptions import ValidationError
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "strong", "em", "a", "ul", "ol", "li", "blockquote",
        "code", "pre", "hr", "h3", "h4", "del",
    }
)  # fmt: skip
# "*" empty: no attribute (title, lang, ...) is allowed on every tag.
ALLOWED_ATTRIBUTES = {"*": set(), "a": {"href"}, "ol": {"start"}}
LINK_REL = "nofollow noopener noreferrer ugc"
URL_SCHEMES = frozenset({"http", "https", "mailto"})

_markdown = (
    MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    .disable("image")
    .enable("strikethrough")
)


def clean_html(html: str) -> str:
    """Keep only the allowed tags and attributes; links get our `rel`."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        clean_content_tags={"script", "style"},
        strip_comments=True,
    )


# Bidirectional embeddings, overrides and isolates: they can show text in another order than it
# is stored and screened ("\u202e32100 90077" reads as a phone number). Browsers order Arabic or
# Hebrew correctly without them; the plain marks (U+200E, U+200F) stay.
_BIDI_CONTROLS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def render_markdown(text: str) -> str:
    """Member Markdown to safe HTML. Headings come out no larger than h3."""
    html = _markdown.render(text.translate(_BIDI_CONTROLS))
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    return clean_html(html)


# --- Plain text: one cleaning path for every box a member or a member of staff types in ---------
#
# Run on the way in (community.input.fields.CleanCharField, drafts, the composer's check, JSON
# bodies)
# and by the data migrations for text stored before the rule. Kept to a few `str.translate` and
# regex passes: the issue caps it at 5 % of a reply's server time.

# Combining marks allowed on one base character: Vietnamese needs 2 (decomposed "ệ"), Indic and
# Hebrew pointing 3; "Zalgo" text stacks thousands, which overflow the lines around them.
MAX_MARKS_PER_CHARACTER = 4

SURROGATE_MESSAGE = (
    "Part of your text could not be read: a character was cut in half (this happens to emoji "
    "copied from some apps). Please check the end of what you wrote, then send it again."
)

# Planes 0, 1 and 14 hold every control, format character and combining mark; 2 to 13, 15 and
# 16 hold only ideographs, private use and unassigned code points. Scanning three planes at
# import takes about a tenth of a second; the Unicode data is Python's own.
_SCANNED = (range(0x0000, 0x20000), range(0xE0000, 0xE1000))

# Format characters that scripts need: ZWNJ and ZWJ (Persian, Indic scripts, emoji sequences),
# kept only inside a word (see _JOINER_OUTSIDE_WORD); the plain direction marks (as
# render_markdown keeps them).
_JOINERS = "\u200c\u200d"
_DIRECTION_MARKS = "\u200e\u200f\u061c"
_TAGS = range(0xE0000, 0xE0080)
_LINE_BREAKS = "\x85\u2028\u2029"  # with "\r": all become "\n"
_NONCHARACTERS = frozenset([*range(0xFDD0, 0xFDF0), 0xFFFE, 0xFFFF, 0x1FFFE, 0x1FFFF])
# Letters that show nothing: filler letters and the blank braille pattern, a favourite of
# invisible names. Kept inside text (Korean needs the fillers) but never count as content.
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"


class _Classes:
    """Code points by what cleaning does with them, from Python's Unicode data."""

    def __init__(self) -> None:
        self.removed: list[int] = []  # controls, format characters, noncharacters
        self.marks: list[int] = []  # combining marks that stack (Mn, Me)
        self.word_parts: list[int] = []  # non-ASCII letters, marks and symbols
        keep = {ord(char) for char in "\t\n\r\x85" + _JOINERS + _DIRECTION_MARKS}
        for plane in _SCANNED:
            for code in plane:
                category = unicodedata.category(chr(code))
                if code in _TAGS or code in keep:
                    continue
                if category in ("Cc", "Cf") or code in _NONCHARACTERS:
                    self.removed.append(code)
                elif category in ("Mn", "Me"):
                    self.marks.append(code)
                if code > 0x7F and category[0] in "LMS":
                    self.word_parts.append(code)

    @staticmethod
    def pattern(codes: list[int]) -> str:
        """Code points as the inside of a regex character class, in ranges."""
        parts: list[str] = []
        start = previous = codes[0]
        for code in [*codes[1:], -1]:
            if code == previous + 1:
                previous = code
                continue
            last = f"-{re.escape(chr(previous))}" if previous > start else ""
            parts.append(re.escape(chr(start)) + last)
            start = previous = code
        return "".join(parts)

    def split(self, codes: list[int]) -> tuple[str, str]:
        """The basic plane's part and the rest, as two classes: sre matches a basic-plane class
        by bitmap, one with astral ranges by walking them, a hundred times slower."""
        basic = [code for code in codes if code < 0x10000]
        astral = [code for code in codes if code >= 0x10000]
        return self.pattern(basic), self.pattern(astral)


_classes = _Classes()
_REMOVED_BASIC, _REMOVED_ASTRAL = _classes.split(_classes.removed)
# The astral format characters lie together (U+110BD to U+1D17A in Unicode 14), well below
# the emoji (U+1F000 on), so one range finds them without touching emoji.
_ASTRAL_FORMATS = [c for c in _classes.removed if c >= 0x10000 and c not in _NONCHARACTERS]
_MARKS_BASIC, _ = _classes.split(_classes.marks)
_WORD_BASIC, _ = _classes.split(_classes.word_parts)
_ASTRAL_MARK_SET = frozenset(chr(code) for code in _classes.marks if code >= 0x10000)
del _classes

_SURROGATE = re.compile("[\ud800-\udfff]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_REMOVED = re.compile(f"[{_REMOVED_BASIC}]")
# Every astral character removed (format characters, noncharacters, tags) lies in these
# ranges, which emoji do not touch: one cheap search says whether to look closer.
_ASTRAL_SUSPECT = re.compile(
    f"[{re.escape(chr(min(_ASTRAL_FORMATS)))}-{re.escape(chr(max(_ASTRAL_FORMATS)))}"
    "\U0001fffe\U0001ffff\U000e0000-\U000e007f]"
)
_REMOVED_ASTRAL_RE = re.compile(f"[{_REMOVED_ASTRAL}]")
_SINGLE_LINE = str.maketrans("\n\t", "  ")
# A run longer than the cap of basic-plane marks or astral characters: only such runs are
# looked at one character at a time (astral marks are few and rare).
_MARK_RUN = re.compile(f"[{_MARKS_BASIC}\U00010000-\U0010ffff]{{{MAX_MARKS_PER_CHARACTER + 1},}}")
# ZWJ or ZWNJ not between two non-ASCII letters, marks or symbols (a Persian word, a
# Devanagari conjunct and an emoji sequence keep theirs; astral characters count as symbols).
_WORD_PART = f"[{_WORD_BASIC}\U00010000-\U0010ffff]"
# (Written to start with the joiner itself, which sre finds fast, then look around it.)
_JOINER_OUTSIDE_WORD = re.compile(f"[{_JOINERS}](?:(?!{_WORD_PART})|(?<!{_WORD_PART}.))", re.S)
# Tag characters smuggle invisible text; the one use of them in text is a subdivision flag
# (black flag, two to six tag letters or digits, cancel tag: Wales, Scotland, England), kept.
_TAG = re.compile(
    "(\U0001f3f4[\U000e0030-\U000e0039\U000e0061-\U000e007a]{2,6}\U000e007f)"
    "|[\U000e0000-\U000e007f]"
)
_VISIBLE = re.compile(f"[^\\s{_JOINERS}{_DIRECTION_MARKS}{_BLANK_LETTERS}{_MARKS_BASIC}]")


def _cap_marks(match: re.Match[str]) -> str:
    kept: list[str] = []
    stacked = 0
    for char in match.group():
        if char < "\U00010000" or char in _ASTRAL_MARK_SET:
            stacked += 1
            if stacked > MAX_MARKS_PER_CHARACTER:
                continue
        else:
            stacked = 0
        kept.append(char)
    return "".join(kept)


def clean_text(value: str, *, multiline: bool = True, drop_surrogates: bool = False) -> str:
    """Text as a member or a member of staff typed it, made safe to store, screen and show.

    Controls go except tab and newline ("\\r\\n", "\\r", NEL, U+2028 and U+2029 become
    "\\n"); format characters go (a byte-order mark, zero-width spaces, bidirectional
    overrides, tag characters but a subdivision flag), except ZWJ and ZWNJ inside a word and
    the plain direction marks; combining marks stop at MAX_MARKS_PER_CHARACTER on one
    character; the result is NFC. Text with nothing visible left comes back as "" (so a
    required field says it is required). `multiline=False` (a title, a name, a search) turns
    line breaks and tabs into spaces.

    A lone surrogate (half an emoji, or CESU-8 in JSON) raises ValidationError with a message
    for the member; `drop_surrogates=True` (stored text, which must be kept) drops it instead.
    """
    if not value:
        return ""
    if _SURROGATE.search(value):
        if not drop_surrogates:
            raise ValidationError(SURROGATE_MESSAGE, code="surrogate")
        value = _SURROGATE.sub("", value)
    text = value
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        # Most text: controls only.
        text = _ASCII_CONTROL.sub("", text)
        if not multiline:
            text = text.translate(_SINGLE_LINE)
        return "" if text.isspace() else text
    for line_break in _LINE_BREAKS:
        if line_break in text:
            text = text.replace(line_break, "\n")
    text = _REMOVED.sub("", text)
    if _ASTRAL_SUSPECT.search(text):
        text = _TAG.sub(lambda match: match.group(1) or "", text)
        text = _REMOVED_ASTRAL_RE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINER_OUTSIDE_WORD.sub("", text)
    text = _MARK_RUN.sub(_cap_marks, text)
    text = unicodedata.normalize("NFC", text)
    if not multiline:
        text = text.translate(_SINGLE_LINE)
    return text if _VISIBLE.search(text) else ""
