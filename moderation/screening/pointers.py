"""Pointers to contact away from this site [off_platform]: "DM me", "message me privately", "in my
bio", "add me on snap", "my number's in my profile", "text me", "whatsapp me". The span is the
pointer phrase, with a following "on <platform>", "privately" or "directly" included.

Always a pointer (whatever comes before):
- "DM me", "PM me", "inbox me", "private message me" (not "5 pm me and him");
- "message / contact / email / text me privately, directly, off here, away from here";
- "get in touch privately", "my DMs are open", "slide into my DMs", "sent you a DM", "check your
  DMs";
- "in my bio", "link in bio", "number / details / socials in (or on) my profile, page, bio";
- "hmu", "hit me up";
- "add / follow / find me on <platform>", "look me up on <platform>", "search for me on
  <platform>";
- "drop / send / shoot me a message, line, text, DM, e-mail";
- "my snap's in my bio", "my insta is on my profile": any platform in or on a bio or profile;
- "let's take this to whatsapp", "can we chat on telegram": moving the talk to an app;
- "drop me ur snap", "send me your number", "whats ur insta": asking for the reader's contact.

After "message me on" and the like, an app whose name is an everyday word counts as the app
("message me on signal").

An invitation only when it is one: "text me", "message me", "email me", "whatsapp me", "snap me",
"kik me", "ring / call / phone me" (these three only before "on", "at", "any time", "if",
"when", "tonight", a comma or the end: "call me paranoid" passes), "contact me", "get in touch
with me". They count at the start of a sentence or clause ("..., text me"), after "please",
"pls", "just", "so", "then", "and", after "feel free to", "happy for you to", "don't hesitate
to", "easier to", after "you / anyone / someone ... can, could, should, want to" ("u can kik
me"), or after an "if you / if anyone ..." clause ("if you want to talk whatsapp me"). "My son
will text me", "he keeps trying to message me" and "they'd email me the letter" pass.

Not away from here: "message me through the site", "DM me on here".

Left to the detail's own rule: a pointer followed by the number or address itself ("ring me on
07700 900123", "email me at jo@sky.com").

Never a pointer: words in quotes or reported ('He said, "add me on Snap"', "text me when you
can, I said to him"), and a phrase whose subject is someone else ("he'll drop me a message").
"""

from __future__ import annotations

import re

from .contact import PLATFORMS
from .scan import Pattern, Scan
from .text import sentence_start
from .types import Finding, identifying

_WHERE = PLATFORMS + r"|x"  # "find me on X", not a handle's platform: "x" is a kiss
# After "message me on", an app whose name is also an everyday word is the app.
_WHERE_AFTER_ME = _WHERE + r"|signal|steam|session|playstation|ps[345]|xbox[ \t]live|e-?mail"
_ME = r"(?:me|us)"
_ON_PLATFORM = re.compile(
    rf"(?i)(?:[ \t]+(?:on|via|over|through)[ \t]+(?:{_WHERE_AFTER_ME})\b|[ \t]+privately\b|"
    r"[ \t]+directly\b|[ \t]+in[ \t]+private\b)"
)
# Before an invitation: where a sentence or clause starts, or a word that makes it one.
_CLAUSE_BEFORE = re.compile(r"(?:[,;:(\-\u2013\u2014\u2026]|\.\.+)[ \t]*$")
_INVITING_BEFORE = re.compile(
    r"(?i)(?:\b(?:please|pls|plz|plsss*|pleeease|just|so|then|and|or|hun|hon|x+|ok|okay|"
    r"hey|hi|also|otherwise|instead)"
    r"|\b(?:feel|free|welcome|happy[ \t]for[ \t](?:you|u|anyone)|hesitate|easier|best|better|"
    r"quicker|safer|easiest)[ \t]+to"
    r"|\b(?:you|u|ya|anyone|anybody|someone|somebody|people|parents|mums|moms|dads|everyone|"
    r"any[ \t]of[ \t]you)\b[^.!?\n]{0,40}?\b(?:can|could|may|might|should|must|want[ \t]+to|"
    r"wanna|need[ \t]+to|are[ \t]+welcome[ \t]+to|'re[ \t]+welcome[ \t]+to|r[ \t]+welcome[ \t]+to)"
    r"(?:[ \t]+(?:always|just|also|still))?)[ \t]*$"
)
# "if you need anything, text me" without the comma.
_IF_CLAUSE_BEFORE = re.compile(
    r"(?i)\bif[ \t]+(?:you|u|ya|anyone|anybody|someone|somebody|any[ \t]+of[ \t]+you|"
    r"any[ \t]+(?:parent|mum|mom|dad)s?)\b[^.!?\n,;]{0,40}$"
)
_NOT_DIRECT_BEFORE = re.compile(
    r"(?i)\b(?:to|he|she|they|him|her|them|it|will|would|can|could|should|might|may)[ \t]+$|"
    r"(?:'ll|'d)[ \t]+$"
)
# '..., I said to him': the words were reported, not addressed to the reader.
_REPORTED_AFTER = re.compile(
    r"(?i)[^.!?\n]{0,40}?,[ \t]*(?:(?:i|he|she|they|we|you|u)[ \t]+(?:said|says|told|tells|asked|"
    r"wrote|texted|messaged)|(?:said|says|asked)[ \t]+(?:i|he|she|they|we))\b"
)
_REPORTED = re.compile(
    r"(?i)(?:[\"\u201c\u2018]|(?:^|[ \t])'|\b(?:said|says|say|saying|told[ \t]+\w+|tells[ \t]+\w+|"
    r"asked|asks|wrote|writes|messaged|goes|went|like|was[ \t]+all|means?|meaning|"
    r"stands[ \t]+for|short[ \t]+for|slang[ \t]+for)[ \t]*[,:]?[ \t]*"
    r"[\"'\u201c\u2018]?)[ \t]*$"
)
_SOMEONE_ELSE = re.compile(
    r"(?i)(?:\b(?:he|she|they|it|who|that|which|him|her|them|would|will|did|didn't|does|"
    r"doesn't|keeps?|kept|trying|tried|wants?|wanted|used[ \t]+to|started|stopped|can't|"
    r"couldn't|won't|wouldn't)|'d|'ll)(?:[ \t]+(?:always|never|just|still|also|often|"
    r"sometimes|usually))?[ \t]+$"
)
_CALL_AFTER = re.compile(
    r"(?i)(?:[ \t]+(?:on|at|any[ \t]?time|whenever|if|when|tonight|later|please|pls|asap|back|"
    r"now|x+)\b|[ \t]*(?:[,.!;:]|$))"
)
_TIME_BEFORE = re.compile(r"\d[ \t]*$")
# "ring me on 07700 900123", "email me at jo@sky.com": the number or address is the detail,
# reported by its own rule; the words before it add nothing.
_DETAIL_AFTER = re.compile(r"(?i)[ \t]*(?:(?:on|at|to|via)\b)?[ \t:\-]*(?:[+(]?\d|[\w.+\-]+@)")


# "message me through the site", "DM me on here": contact on this site, not away from it.
_ON_HERE = re.compile(
    r"(?i)[ \t]+(?:(?:on|through|via|using|in|with)[ \t]+(?:here|this[ \t]+(?:site|forum|app)|"
    r"the[ \t]+(?:site|forum|app|message[ \t]+button|messages?[ \t]+(?:here|on[ \t]+here)))"
    r"|here\b(?![ \t]*(?:is|are)\b))"
)


def _reported(text: str, start: int) -> bool:
    return bool(_REPORTED.search(text[max(0, start - 30) : start]))


def _pointer_end(text: str, end: int) -> int:
    """The end of the pointer phrase: "on snap", "privately" or "directly" go with it."""
    m = _ON_PLATFORM.match(text, end, end + 25)
    return m.end() if m else end


def _pointers(text: str, scan: Scan) -> list[Finding]:
    out = []
    pointers = list(scan.find("offp"))
    for m in (m for m in pointers if m.start(1) >= 0):
        start, end = m.start(), m.end()
        before = text[max(0, start - 40) : start]
        if _reported(text, start) or _SOMEONE_ELSE.search(before):
            continue
        if m.group().lower().startswith("pm") and _TIME_BEFORE.search(before):
            continue  # "at 5 pm me and him went"
        if _ON_HERE.match(text, end, end + 30):
            continue
        if m.group().lower().startswith("give") and not _CALL_AFTER.match(text, end, end + 12):
            continue  # "give me a ring for our anniversary"
        end = _pointer_end(text, end)
        out.append(identifying("off_platform", start, end, rule="contact-away-from-here"))
    for m in (m for m in pointers if m.start(2) >= 0):
        start, end = m.start(), m.end()
        before = text[max(0, start - 60) : start]
        if _reported(text, start):
            continue
        verb = m.group().split()[0].lower()
        if verb in ("call", "ring", "phone") and not _CALL_AFTER.match(text, end, end + 12):
            continue  # "call me paranoid"
        if _DETAIL_AFTER.match(text, end, end + 60) or _ON_HERE.match(text, end, end + 30):
            continue
        if not (
            sentence_start(text, start)
            or _CLAUSE_BEFORE.search(before)
            or _INVITING_BEFORE.search(before)
            or (_IF_CLAUSE_BEFORE.search(before) and not _NOT_DIRECT_BEFORE.search(before))
        ):
            continue
        if _REPORTED_AFTER.match(text, end, end + 60):
            continue
        end = _pointer_end(text, end)
        out.append(identifying("off_platform", start, end, rule="invitation-to-contact"))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    s = r"[ \t]+"
    return {
        # (1) Always a pointer; (2) an invitation only where it is one (see _pointers).
        "offp": (
            rf"(?i)(\b(?:(?:dm|pm|d\.m\.?|p\.m\.?|inbox|private{s}message|privately{s}message|"
            rf"direct{s}message){s}{_ME}\b"
            rf"|(?:message|msg|contact|e-?mail|text|talk{s}to|speak{s}to|chat{s}to){s}{_ME}{s}"
            rf"(?:privately|directly|in{s}private|off{s}(?:here|site|the{s}(?:forum|site))|"
            rf"away{s}from{s}(?:here|the{s}(?:forum|site))|outside{s}(?:the{s})?(?:forum|site))\b"
            rf"|get{s}in{s}touch(?:{s}with{s}{_ME})?{s}(?:privately|directly)\b"
            rf"|(?:my|our){s}(?:dms?|pms?|inbox|messages)(?:'s|'re|{s}is|{s}are)?{s}"
            rf"(?:always{s}|wide{s}|still{s})?open\b"
            rf"|(?:dms|pms){s}(?:are{s})?(?:always{s}|wide{s})?open\b"
            rf"|give{s}{_ME}{s}a{s}(?:ring|call|bell|buzz|text|shout|message)\b"
            rf"|slide{s}into{s}my{s}(?:dms?|pms?|inbox)\b"
            rf"|(?:sent|send|sending|drop(?:ped)?|dropping){s}(?:you|u|ya){s}(?:a{s})?"
            rf"(?:dm|pm|private{s}message)\b"
            rf"|check{s}(?:your|ur|yr){s}(?:dms?|pms?)\b"
            rf"|(?:my{s})?(?:links?|details|info|contacts?|contact{s}details|socials?|number|"
            rf"e-?mail|{PLATFORMS})(?:'s|{s}is|{s}are)?{s}in{s}(?:my{s}|the{s})?bio\b"
            rf"|in{s}my{s}bio\b"
            rf"|(?:my{s})?(?:(?:phone{s}|mobile{s})?number|details|contact{s}details|contact{s}info|"
            rf"e-?mail|info|socials|links?|{PLATFORMS})(?:'s|{s}is|{s}are)?{s}(?:in|on){s}my{s}"
            rf"(?:profile|page|bio|account)\b"
            rf"|hmu\b|hit{s}me{s}up\b"
            rf"|(?:(?:add|follow|find|search{s}for|catch|reach){s}me|look{s}me{s}up){s}on{s}"
            rf"(?:{_WHERE})\b"
            rf"|(?:drop|send|shoot|flick|ping|pop){s}{_ME}{s}an?{s}(?:message|msg|line|text|dm|pm|"
            rf"e-?mail|note|snap|whatsapp)\b"
            # "let's take this to whatsapp", "can we chat on telegram", "drop me ur snap"
            rf"|(?:let'?s|(?:can|could|shall){s}we|we{s}(?:can|could|should)){s}"
            rf"(?:(?:take|move){s}(?:this|it){s}(?:to|onto|over{s}to)"
            rf"|(?:chat|talk|speak|message|msg|text){s}(?:on|over|via|through)){s}"
            rf"(?:{_WHERE_AFTER_ME}|dms?|pms?)\b"
            rf"|(?:drop|send|give|dm|pm|inbox|text){s}me{s}(?:ur|your|yr){s}"
            rf"(?:snap|snapchat|insta|ig|number|num|digits|whatsapp|kik|discord|tiktok|telegram|"
            rf"e-?mail|socials)\b"
            rf"|what'?s{s}(?:ur|your|yr){s}(?:snap|snapchat|insta|ig|kik|discord|whatsapp|number|"
            rf"telegram|tiktok)\b))"
            rf"|(\b(?:(?:text|txt|message|msg|e-?mail|whatsapp|snap|snapchat|kik|facetime|"
            rf"telegram|ring|call|phone|contact|ping|write{s}to|reach{s}out{s}to){s}{_ME}"
            rf"|get{s}in{s}touch{s}with{s}{_ME})\b)"
        ),
    }


DETECTORS = (_pointers,)
