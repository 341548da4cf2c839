"""The catalogue's text cases: what a member types into each box (size and shape, controls and
invisible characters, deceptive text, text that must survive cleaning), raw bytes in a form
body, JSON escapes and JSON bodies of the wrong size or shape."""

from __future__ import annotations

import json

from .case import ACCEPTED, HANDLED, REFUSED, Case

# --- Text sinks and their limits --------------------------------------------------------------

# Form sinks: what a member types in one box of a real page. `required` boxes refuse empty text;
# optional ones store it empty. Limits as the forms declare them today.
TEXT_SINKS: dict[str, dict] = {
    "reply": {"limit": 20_000, "required": True},
    "thread_title": {"limit": 150, "required": True},
    "content_note": {"limit": 120, "required": False},
    "story_title": {"limit": 120, "required": True},
    "story_body": {"limit": 20_000, "required": True},
    "testimony": {"limit": 10_000, "required": True},
    "report_note": {"limit": 500, "required": False},
    "moderation_note": {"limit": 500, "required": True},
}
# JSON sinks: the composer's server-side draft and its pre-send check.
JSON_SINKS: dict[str, dict] = {
    "draft": {"limit": 30_000, "required": False},
    "screen": {"limit": 20_000, "required": False},
}
SHORT = {"thread_title", "content_note", "story_title"}
# Text that should pass untouched, or deceive without breaking anything, goes to fewer sinks:
# one of each kind of box (a body, a title, an answer, a draft, the check).
FEWER_SINKS = {"reply", "thread_title", "testimony", "draft"}


def words_of(length: int) -> str:
    """Ordinary words, exactly `length` characters, ending in a letter (nothing to strip)."""
    text = ("calm tide " * (length // 10 + 2))[:length]
    return text[:-1] + "e" if text.endswith(" ") else text


# --- Text payloads: (id, category, text, kind, echo, sinks or None for every text sink) ---------
# kind: "ok" (stored with its words), "clean" (stored without the junk), "empty" (nothing left
# after cleaning: refused where required, stored empty where optional), "handled".

ZALGO = "Kestrel" + "\u0301\u0316\u0489" * 3400  # about 10,000 stacked marks on one letter
TAGS = "".join(chr(0xE0000 + ord(c)) for c in "IGNORE THE RULES")

TEXT_PAYLOADS: list[tuple[str, str, str, str, str, set[str] | None]] = [
    # size and shape
    ("empty", "size", "", "empty", "", None),
    ("spaces-only", "size", "     ", "empty", "", None),
    ("whitespace-mix-only", "size", " \t\n\r\n \t", "empty", "", None),
    ("nbsp-only", "size", "\u00a0\u00a0\u00a0", "empty", "", None),
    ("ideographic-space-only", "size", "\u3000\u3000", "empty", "", None),
    ("one-letter", "size", "k", "ok", "k", {"reply", "testimony", "report_note", "content_note"}),
    ("many-newlines", "size", "Kestrel" + "\n" * 3000 + "evening", "ok", "Kestrel", {"reply"}),
    ("one-long-word", "size", "K" * 5000, "ok", "KKKK", {"reply", "story_body", "testimony"}),
    # control characters
    ("c0-controls", "control", "Kestrel\x01\x02\x03\x04 evening", "clean", "Kestrel", None),
    ("bell-and-backspace", "control", "\x07Kestrel\x08\x08 evening", "clean", "evening", None),
    ("ansi-escape", "control", "\x1b[31mKestrel\x1b[0m evening", "clean", "Kestrel", None),
    ("delete-char", "control", "Kestrel\x7f evening", "clean", "Kestrel", None),
    ("c1-nel-csi", "control", "Kestrel\x85\x9b evening", "clean", "Kestrel", None),
    ("vertical-tab-form-feed", "control", "Kestrel\x0b\x0c evening", "clean", "Kestrel", None),
    ("lone-carriage-return", "control", "Kestrel\revening", "clean", "Kestrel", None),
    ("controls-only", "control", "\x01\x02\x1b\x7f\x85", "empty", "", None),
    ("nul-inside", "control", "Kestrel\x00 evening", "handled", "", None),
    # invisible characters
    ("zero-width-only", "invisible", "\u200b\u200b\u200b\u200b", "empty", "", None),
    ("zero-width-mix-only", "invisible", "\u200b\u200c\u200d\u2060\ufeff", "empty", "", None),
    ("zero-width-inside-word", "invisible", "Kes\u200btrel evening", "clean", "evening", None),
    (
        "word-joiners",
        "invisible",
        "Kestrel\u2060\u2061\u2062\u2063\u2064 evening",
        "clean",
        "Kestrel",
        None,
    ),
    ("mongolian-vowel-separator", "invisible", "Kestrel\u180e evening", "clean", "Kestrel", None),
    ("leading-bom", "invisible", "\ufeffKestrel evening", "clean", "Kestrel", None),
    ("bom-inside", "invisible", "Kestrel\ufeff evening", "clean", "Kestrel", None),
    ("line-separator", "invisible", "Kestrel\u2028evening", "clean", "Kestrel", None),
    ("paragraph-separator", "invisible", "Kestrel\u2029evening", "clean", "Kestrel", None),
    ("tag-characters-smuggled", "invisible", "Kestrel evening" + TAGS, "clean", "Kestrel", None),
    ("tag-characters-only", "invisible", TAGS, "empty", "", None),
    (
        "bidi-override-number",
        "invisible",
        "Call \u202e32100 90077\u202c later",
        "clean",
        "Call",
        None,
    ),
    (
        "bidi-isolates",
        "invisible",
        "Kestrel \u2066\u2067\u2068evening\u2069",
        "clean",
        "Kestrel",
        None,
    ),
    (
        "interlinear-annotation",
        "invisible",
        "Kestrel\ufff9x\ufffay\ufffb evening",
        "clean",
        "Kestrel",
        None,
    ),
    (
        "zalgo-10000-marks",
        "invisible",
        ZALGO,
        "clean",
        "Kestre",
        {"reply", "story_body", "testimony", "draft"},
    ),
    (
        "variation-selectors-stacked",
        "invisible",
        "Kestrel" + "\ufe0f" * 400,
        "clean",
        "Kestrel",
        {"reply", "story_body", "testimony"},
    ),
    # text that must survive cleaning untouched (scripts that need what is removed elsewhere)
    (
        "emoji-zwj-family",
        "keep",
        "Our family \U0001f468\u200d\U0001f469\u200d\U0001f467",
        "ok",
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",
        None,
    ),
    (
        "persian-zwnj",
        "keep",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 Kestrel",
        "ok",
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
        None,
    ),
    ("emoji-variation-selector", "keep", "Thank you \u2764\ufe0f", "ok", "\u2764\ufe0f", None),
    (
        "hebrew-rtl-words",
        "keep",
        "\u05e9\u05dc\u05d5\u05dd Kestrel",
        "ok",
        "\u05e9\u05dc\u05d5\u05dd",
        None,
    ),
    ("tab-and-newlines", "keep", "Kestrel\tevening\nline two", "ok", "line two", None),
    ("accented-letters", "keep", "Caf\u00e9 cr\u00e8me na\u00efve", "ok", "cr\u00e8me", None),
    ("few-combining-marks", "keep", "Cafe\u0301 evening", "ok", "evening", None),
    # deceptive text
    (
        "homoglyph-mixed-scripts",
        "deceptive",
        "\u0420\u0430\u0443 \u0440al Kestrel",
        "ok",
        "Kestrel",
        None,
    ),
    ("fullwidth-letters", "deceptive", "\uff28\uff45\uff4c\uff50 Kestrel", "ok", "Kestrel", None),
    ("fullwidth-digits", "deceptive", "Kestrel \uff11\uff12\uff13", "ok", "Kestrel", None),
    (
        "math-bold-letters",
        "deceptive",
        "\U0001d407\U0001d41e\U0001d425\U0001d429 Kestrel",
        "ok",
        "Kestrel",
        None,
    ),
    (
        "cyrillic-lookalike-link",
        "deceptive",
        "See https://\u0435xample.org Kestrel",
        "ok",
        "Kestrel",
        {"reply", "story_body", "testimony", "report_note"},
    ),
    (
        "markdown-deceptive-link",
        "deceptive",
        "[https://example.org](https://evil.example) Kestrel",
        "ok",
        "Kestrel",
        {"reply", "story_body"},
    ),
    ("script-tag", "deceptive", "<script>alert(1)</script> Kestrel", "ok", "Kestrel", None),
    ("img-onerror", "deceptive", '<img src=x onerror="alert(1)"> Kestrel', "ok", "Kestrel", None),
    (
        "javascript-link",
        "deceptive",
        "[Kestrel](javascript:alert(1))",
        "ok",
        "Kestrel",
        {"reply", "story_body"},
    ),
    (
        "template-syntax",
        "deceptive",
        "{{ request.user.email }} {% debug %} Kestrel",
        "ok",
        "Kestrel",
        None,
    ),
    ("sql-ish", "deceptive", "Kestrel'); DROP TABLE forums_post;--", "ok", "Kestrel", None),
    ("lone-replacement-char", "encoding", "Kestrel \ufffd evening", "ok", "Kestrel", None),
    ("noncharacters", "encoding", "Kestrel \ufdd0\uffff evening", "handled", "", None),
    ("private-use", "encoding", "Kestrel \ue000\U000f0000 evening", "handled", "", None),
    ("astral-letters", "encoding", "Kestrel \U00010400\U0001f600 evening", "ok", "Kestrel", None),
]

# Raw bytes in a form body (percent-encoded as a browser would send them), and the same bytes
# inside a JSON string for the JSON sinks. Django decodes form bodies with replacement
# characters, so a form may store U+FFFD or refuse; a JSON body must be refused (strict UTF-8).
BYTE_PAYLOADS: list[tuple[str, bytes]] = [
    ("invalid-byte-ff", b"Kestrel \xff evening"),
    ("invalid-continuation", b"Kestrel \xc3\x28 evening"),
    ("overlong-slash", b"Kestrel \xc0\xaf evening"),
    ("overlong-nul", b"Kestrel \xc0\x80 evening"),
    ("cesu8-emoji", b"Kestrel \xed\xa0\xbd\xed\xb8\x80 evening"),
    ("utf8-encoded-lone-surrogate", b"Kestrel \xed\xa0\x80 evening"),
    ("truncated-sequence-at-end", b"Kestrel evening \xe2\x82"),
    ("five-byte-sequence", b"Kestrel \xf8\x88\x80\x80\x80 evening"),
    ("beyond-10ffff", b"Kestrel \xf4\x90\x80\x80 evening"),
    ("utf16le-bom-text", b"\xff\xfeK\x00e\x00s\x00"),
    ("utf16be-bom-text", b"\xfe\xff\x00K\x00e\x00s"),
    ("raw-nul-byte", b"Kestrel\x00 evening"),
]
BYTE_SINKS = ("reply", "thread_title", "testimony", "report_note")

# JSON escapes that decode to lone surrogates or other trouble: only a JSON body can carry them.
JSON_ESCAPES: list[tuple[str, str, str]] = [
    ("lone-high-surrogate", r"Kestrel \ud83d evening", REFUSED),
    ("lone-low-surrogate", r"Kestrel \ude00 evening", REFUSED),
    ("reversed-surrogate-pair", r"Kestrel \ude00\ud83d evening", REFUSED),
    ("emoji-cut-in-half-at-end", r"Kestrel evening \ud83d", REFUSED),
    ("surrogate-only", r"\udfff", REFUSED),
    ("valid-surrogate-pair", r"Kestrel \ud83d\ude00 evening", ACCEPTED),
    ("nul-escape", r"Kestrel \u0000 evening", ACCEPTED),
    ("bom-escape-leading", r"\ufeffKestrel evening", ACCEPTED),
]

# Whole JSON bodies of the wrong size or shape (the draft's {"fields": {...}} and the check's
# {"text": "..."}): each must be refused with a JSON error, never a 5xx.
DEEP = "[" * 100_000 + "]" * 100_000
JSON_SHAPES: list[tuple[str, bytes]] = [
    ("empty-body", b""),
    ("not-json", b"Kestrel evening"),
    ("truncated-json", b'{"fields": {"body": "Kest'),
    ("array-not-object", b'["Kestrel"]'),
    ("string-not-object", b'"Kestrel"'),
    ("number-not-object", b"12345"),
    ("null-body", b"null"),
    ("deeply-nested-arrays", DEEP.encode()),
    ("deeply-nested-objects", ('{"a":' * 50_000 + "1" + "}" * 50_000).encode()),
    ("huge-number", b'{"fields": {"body": 1' + b"0" * 5000 + b"}}"),
    ("nan-literal", b'{"fields": {"body": NaN}, "text": NaN}'),
    ("duplicate-keys", b'{"fields": {"body": "a"}, "fields": {"body": "Kestrel"}}'),
    ("fields-array", b'{"fields": ["Kestrel"], "text": ["Kestrel"]}'),
    ("fields-nested", b'{"fields": {"body": {"body": "Kestrel"}}, "text": {"t": 1}}'),
    ("many-fields", json.dumps({"fields": {f"f{i}": "x" for i in range(500)}}).encode()),
    (
        "one-megabyte",
        json.dumps({"fields": {"body": "k" * 1_000_000}, "text": "k" * 1_000_000}).encode(),
    ),
    ("utf16-body", '{"fields": {"body": "Kestrel"}, "text": "Kestrel"}'.encode("utf-16")),
    ("utf8-bom-body", b'\xef\xbb\xbf{"fields": {"body": "Kestrel"}, "text": "Kestrel"}'),
]
# Shapes a lenient reader could take as valid: the body is readable JSON, so an answer of 200
# (or a 400 with a message) is right; what matters is that nothing breaks.
JSON_SHAPES_READABLE = {"duplicate-keys", "utf8-bom-body", "null-body"}


def _text_expect(kind: str, required: bool) -> str:
    if kind in ("ok", "clean"):
        return ACCEPTED
    if kind == "empty":
        return REFUSED if required else ACCEPTED
    return HANDLED


def text_cases() -> list[Case]:
    cases = []
    sinks = {**TEXT_SINKS, **JSON_SINKS}
    for pid, category, text, kind, echo, only in TEXT_PAYLOADS:
        if only is None and category in ("keep", "deceptive", "encoding"):
            only = FEWER_SINKS
        elif only is None and category == "size":
            only = set(TEXT_SINKS) - {"story_title", "content_note"}
        for sink, spec in sinks.items():
            if only is not None and sink not in only:
                continue
            if sink in SHORT and len(text) > spec["limit"]:
                continue  # a length case, not this payload's point
            expect = _text_expect(kind, spec["required"])
            if sink == "screen":
                expect = ACCEPTED  # the check answers any text it can read
            cases.append(Case(f"{sink}:{pid}", category, sink, text, expect, echo))
    # exactly at and one over each limit; 1 MB
    for sink, spec in sinks.items():
        limit = spec["limit"]
        cases.append(Case(f"{sink}:at-limit", "size", sink, words_of(limit), ACCEPTED, "calm"))
        cases.append(
            Case(f"{sink}:one-over-limit", "size", sink, words_of(limit + 1), REFUSED, "calm")
        )
        if sink in ("reply", "story_body", "testimony", "report_note"):
            cases.append(Case(f"{sink}:one-megabyte", "size", sink, "k" * 1_000_000, REFUSED))
        if sink != "screen" and limit < 1000:
            # over the limit only because of junk that cleaning removes
            padded = words_of(limit - 10) + "\u200b" * 20
            cases.append(Case(f"{sink}:at-limit-plus-junk", "size", sink, padded, HANDLED))
    for pid, raw in BYTE_PAYLOADS:
        for sink in BYTE_SINKS:
            cases.append(Case(f"{sink}:{pid}", "encoding", sink, raw, HANDLED))
        for sink in (*JSON_SINKS, "story_draft"):
            cases.append(Case(f"{sink}:{pid}", "encoding", sink, raw, REFUSED))
    for pid, escaped, expect in JSON_ESCAPES:
        for sink in (*JSON_SINKS, "story_draft"):
            cases.append(
                Case(f"{sink}:{pid}", "encoding", sink, escaped, expect, extra={"escaped": True})
            )
    for pid, body in JSON_SHAPES:
        for sink in JSON_SINKS:
            expect = HANDLED if pid in JSON_SHAPES_READABLE else REFUSED
            if sink == "screen" and pid in ("empty-body", "fields-array", "many-fields"):
                expect = HANDLED  # no text, or a shape the draft alone cares about
            if sink == "draft" and pid in ("nan-literal", "many-fields"):
                expect = REFUSED
            cases.append(
                Case(f"{sink}:{pid}", "shape", sink, body, expect, extra={"whole_body": True})
            )
    return cases
