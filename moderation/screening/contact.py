"""Ways to reach a member off the platform: e-mail addresses, web addresses, handles, and
pointers to contact away from this site.

E-mail addresses. Written ("karen_w@outlook.com", "jo.smith @gmail.com") or spoken ("kelly dot
morris at gmail dot com"), except an everyday word "at" a site ("we met at gmail.com", "advice
at nspcc.org.uk" as the undisguised view reads it) and addresses at a national service's site
(help@nspcc.org.uk). At a known provider the address also counts mistyped ("jo-smith@gmail,com",
"jo.smith@gmail..com", "jo#gmail.com", "co uk") or cut short ("jo.smith at gmail"); cut short,
only at providers whose name is no everyday word (not "works at sky"), and not when the word
before " at " is an everyday one ("emailed the school at outlook").

Web addresses. Every link counts, except the bare name of a national service (gov.uk, police.uk,
nhs.uk, nspcc.org.uk, childline.org.uk, samaritans.org...) written without a path: "I found help
on nspcc.org.uk" passes, "facebook.com/jay.b" does not.

Short hosts ("t.me/...", "youtu.be/...", "wa.me/...", "linktr.ee/...") count with a path only,
so "him.me" in a sentence typed without a space passes.

Handles. "@name" counts unless it is a time or an everyday word ("@home", "@10pm"). Discord's
"name#1234" and Reddit's "u/name" count anywhere. After a platform word (snap, insta, tiktok,
discord, reddit, fortnite, gamertag, PSN...) the next word counts if it looks like a handle
(digits, "_", "." or mixed case), or if a naming word comes first ("name", "username", "as",
":", "called", "profile called", "name he uses is", "he's") and the word is not an everyday one,
or if it starts with a listed forename ("his insta is tylerjames"), or if the platform follows
"add / find / follow him on" and a ":" or "," ("find him on snap, dxrkmxtter"). Platforms whose
name is an everyday word (Steam, Switch, Signal, Kick, Epic, "OF") count only with a naming word
("steam name: Kr0nos", "OF account was ..."). "his snap is private" and "facebook is rubbish"
pass. An emoji or an arrow may stand between the platform and the handle ("snap [skull]
tyler_2k9"), and an arrow or a pointing hand names the word after it ("telegram [hand]
plugsouth"); "user", "player name", "display name" and "gamertag" are naming words. A handle may
hold a hyphen ("psn RazorKid-07"). Xbox gamertags and Epic (Fortnite) names may hold spaces:
up to two capitalised words or a number go with the first ("xbox: Dark Reaper 09"). When the
word after "account", "name"... is an everyday one or a contraction typed without its
apostrophe ("thats"), a handle-like token after "is" later in the clause counts instead ("the
tiktok account thats posting about him is exposing_bradford").

Pointers to contact away from this site [off_platform]: "DM me", "message me privately", "in my
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

from .scan import Pattern, Scan
from .text import bounded, everyday, lexicon, sentence_start, spaced, words
from .types import Finding, identifying

_SAFE_DOMAINS = frozenset(
    words(
        """gov.uk police.uk nhs.uk ceop.police.uk nspcc.org.uk childline.org.uk samaritans.org
        crimestoppers-uk.org fearless.org mind.org.uk youngminds.org.uk barnardos.org.uk
        childrenssociety.org.uk papyrus-uk.org themix.org.uk victimsupport.org.uk
        citizensadvice.org.uk missingpeople.org.uk paceuk.info stopitnow.org.uk thinkuknow.co.uk
        parliament.uk petition.parliament.uk 111.nhs.uk"""
    )
)
_URL_TRAILING = ".,;:!?)]}'\"*"


def _urls(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("url"):  # with a scheme or "www.", bare (group 1), or a short host
        start, end = m.start(), m.end()
        while end > start and text[end - 1] in _URL_TRAILING:
            end -= 1
        if not bounded(text, start, end) or (start > 0 and text[start - 1] in "@."):
            continue
        if m.start(1) >= 0:
            host = text[start:end].lower()
            if host.startswith("www."):
                host = host[4:]
            if host in _SAFE_DOMAINS:
                continue
        out.append(identifying("url", start, end))
    return out


_LOCAL_PART = re.compile(r"(?i)([a-z0-9._%+\-]+?)[ \t]*(?:@|\(at\)|\[at\]|\{at\}|[ \t]at[ \t])")


def _everyday_at_site(address: str) -> bool:
    """True for "advice at nspcc.org.uk" or "met at gmail.com" read as an address: the part
    before "at" is an everyday word, or the site is a national service's."""
    m = _LOCAL_PART.match(address)
    if not m:
        return False
    local = m.group(1).lower()
    domain = address[m.end() :].strip().lower()
    return local in lexicon().stop or domain in _SAFE_DOMAINS


# A provider named after "at" ("jo.smith at gmail", "jo-smith@gmail,com", "jo#gmail.com"): an
# address with its ending missing, mistyped or spoken. Without an ending, only the providers
# whose name is no everyday word, and an everyday word before " at " is not an address.
_PROVIDER_PARTS = re.compile(
    r"(?i)(?P<local>.+?)[ \t]*(?P<at>@|#|\(at\)|\[at\]|\{at\}|\(@\)|\[@\]|[ \t]at[ \t])"
    r"[ \t]*(?P<provider>[a-z]+)(?P<ending>.*)"
)
_PROVIDERS_ALONE = frozenset(
    words("gmail googlemail hotmail outlook yahoo icloud btinternet protonmail ymail aol")
)


_STANDARD_AT = frozenset(("@", "(at)", "[at]", "{at}", "at"))


def _provider_address(text: str, m: re.Match) -> bool:
    parts = _PROVIDER_PARTS.fullmatch(m.group())
    if parts is None:
        return False
    local = parts.group("local").strip(".").lower()
    ending = parts.group("ending").strip()
    if ending and parts.group("at").strip().lower() in _STANDARD_AT:
        return not _everyday_at_site(m.group())  # spoken in full: "kelly dot morris at ..."
    if parts.group("at") == "#" and (not ending or m.group()[parts.start("at") - 1].isspace()):
        return False  # a hashtag: "jokes #hotmail"; "jo#gmail.com" is an address
    if not ending and parts.group("provider").lower() not in _PROVIDERS_ALONE:
        return False  # "works at sky"
    if local in lexicon().stop or len(local) < 2:
        return False
    if parts.group("at").strip().lower() == "at" and local.isalpha():
        return local not in everyday()  # "emailed the school at outlook"
    return True


def _emails(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("email"):
        if not _everyday_at_site(m.group()):
            out.append(identifying("email", m.start(), m.end(), rule="email"))
    for m in scan.find("email_spoken"):
        if _provider_address(text, m):
            out.append(identifying("email", m.start(), m.end(), rule="email-spoken"))
    return out


_HANDLE_TAIL = re.compile(
    r"(?:'s)?(?P<sep>[ \t]*(?P<comma>,)?[ \t]*(?:[:=\-][ \t]*)?(?:(?:at|on)[ \t]+(?=@?\w*[\d_.]))?"
    r"(?P<named>(?:user[ \t]?|player[ \t]?|display[ \t]?)?name|user|ign|handle|account[ \t]name|"
    r"account|acc|id|tag|gamertag|"
    r"gamer[ \t]tag|profile|page|channel|as|called|named)?"
    r"(?:[ \t]*\b(?:he|she|they|i|we)[ \t]+(?:uses|used|has|had|goes[ \t]by|went[ \t]by))?"
    r"[ \t]*(?P<verb>is|was|=|:|-|called|named|it's|its|(?:he|she)(?:'s|[ \t]+is|[ \t]+was)|"
    r"they(?:'re|[ \t]+are|[ \t]+were)|goes[ \t]+by|went[ \t]+by)?[ \t]*(?::[ \t]*)?)"
    # an emoji or an arrow or two before the handle ("snapchat: [arrow] mxlly.x")
    r"(?P<deco>[^\w\s@.,;:!?'\"()\[\]{}</\\&*#%$\u00a3+=\-]{1,6}[ \t]*)?"
    r"(?P<at>@)?(?P<tok>[A-Za-z0-9_](?:[A-Za-z0-9_.\-]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])",
    re.I,
)
# "add / find / follow him on snap, <name>": the platform is where to find someone.
_DIRECTED_BEFORE = re.compile(
    r"(?i)\b(?:add|added|adding|find|found|follow|followed|search|searched|look|looked|"
    r"message|messaged)\b[^.!?\n]{0,20}\bon[ \t]+$"
)
# Games, devices and the like written with a number ("fifa23 on xbox", "covid19 on facebook").
_GAME_OR_THING = re.compile(
    r"(?i)(?:fifa|fc|gta|cod|covid|ps|mp|nba2k|nba|madden|mw|bo|wwe|nhl|pes|iphone|galaxy|"
    r"windows|ios|android|u|under|year|y|yr|s)[ _.\-]?\d+s?"
)
_AGE_GROUP = re.compile(r"\d{1,2}s?", re.I)  # "the u/18s"
_HANDLE_OBJECT = re.compile(r"(?:[ \t]+(?:me|him|her|us|them)\b)?", re.I)
_NOT_A_HANDLE = re.compile(r"\d+(?:[ap]m|st|nd|rd|th|s|k|p)?|[a-z]{1,2}", re.I)
_ADJECTIVE_ENDINGS = ("ed", "ing", "ly", "ful", "less", "ous", "ive", "able")


def _handle_like(tok: str) -> bool:
    core = tok.strip("._")
    return any(c.isdigit() or c in "_." for c in core) or (
        any(c.isupper() for c in core[1:]) and any(c.islower() for c in core)
    )


def _starts_with_forename(word: str) -> bool:
    plain = lexicon().plain_forenames
    return any(word[:n] in plain for n in range(3, len(word) - 1))


# Everyday words typed without their apostrophe: "the tiktok account thats posting ...".
_CONTRACTIONS = frozenset(
    words(
        """thats whats hes shes theyre dont doesnt didnt cant wont isnt wasnt arent werent im ive
        youre theyve weve youve hasnt havent hadnt couldnt wouldnt shouldnt theres wheres whos
        heres ur"""
    )
)
# "the tiktok account that's posting about him is exposing_bradford": a clause between the
# naming word and the handle, which then has to look like one.
_LATER_HANDLE = re.compile(
    r"(?i)[^.!?\n:;@]{0,40}?\b(?:is|was|it's|its)[ \t]*:?[ \t]+(?P<at>@)?"
    r"(?P<tok>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])"
)


def _later_handle(text: str, tail: re.Match) -> Finding | None:
    t = _LATER_HANDLE.match(text, tail.start("tok"), tail.start("tok") + 100)
    if t is None:
        return None
    tok = t.group("tok")
    if not (t.group("at") or _handle_like(tok)) or sum(c.isalpha() for c in tok) < 3:
        return None
    if _NOT_A_HANDLE.fullmatch(tok) or _GAME_OR_THING.fullmatch(tok):
        return None
    start = t.start("at") if t.group("at") else t.start("tok")
    return identifying("handle", start, t.end("tok"), rule="handle-later-in-clause")


# An arrow or a pointing hand between platform and word names it ("telegram [hand] plugsouth").
_POINTING = re.compile("[>\u2190-\u21ff\u27a1\u2b05-\u2b07\u261b\u261e\U0001f446-\U0001f449]")
# Xbox gamertags and Epic (Fortnite) display names may hold spaces ("xbox: Dark Reaper 09"):
# capitalised words and a number.
_SPACED_TAGS = re.compile(r"(?i)xbox|xbl|gamer[ \t]?tag|fortnite|epic")
_TAG_PART = re.compile(r" ([A-Z][A-Za-z0-9]*|\d{1,4})(?![A-Za-z0-9_@])")


def _gamertag_end(text: str, end: int, stop: frozenset[str]) -> int:
    start = end
    for _ in range(2):
        p = _TAG_PART.match(text, end)
        if p is None or p.group(1).lower() in stop or p.end() - start > 14:
            break
        end = p.end()
    return end


def _handles(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    out = []
    for m in scan.find("handle_marks"):  # (1) "@name", (2) "name#1234", (3) "u/name"
        if m.start(1) >= 0:
            start, end = m.start(1), m.end(1)
            tok = text[start + 1 : end].rstrip(".")
            end = start + 1 + len(tok)
            if _NOT_A_HANDLE.fullmatch(tok) or tok.lower() in lex.stop:
                continue
            out.append(identifying("handle", start, end))
        elif m.start(2) >= 0:
            out.append(identifying("handle", m.start(2), m.end(2), rule="discord-tag"))
        elif not _AGE_GROUP.fullmatch(m.group(4)):
            out.append(identifying("handle", m.start(3), m.end(3), rule="reddit-user"))
    for m in scan.find("handle_before_platform"):
        tok = m.group(2)
        named = m.group(1) is not None
        if tok.lower() in lex.stop or _NOT_A_HANDLE.fullmatch(tok) or _GAME_OR_THING.fullmatch(tok):
            continue
        if named or (_handle_like(tok) and sum(c.isalpha() for c in tok) >= 3):
            out.append(identifying("handle", m.start(2), m.end(2), rule="handle-on-platform"))
    for m in scan.find("platform"):
        # (1) an app whose name is an everyday word, and a naming word; (2) "username"; or a
        # platform's name.
        name = "platform_named" if m.start(1) >= 0 else "handle_word" if m.start(2) >= 0 else ""
        needs_name = bool(name)
        name = name or "platform"
        t = _HANDLE_TAIL.match(text, _HANDLE_OBJECT.match(text, m.end()).end())
        if not t:
            continue
        if name == "handle_word" and not (t.group("verb") or ":" in t.group("sep")):
            continue  # "couldn't handle it": a naming word needs "is" or ":"
        tok = t.group("tok")
        low = tok.lower()
        if _NOT_A_HANDLE.fullmatch(tok) or low in lex.stop or low in _CONTRACTIONS:
            later = _later_handle(text, t) if t.group("named") and not t.group("verb") else None
            if later is not None:
                out.append(later)
            continue
        if not (t.group("at") or _handle_like(tok)):
            # A plain word: only after "name", "handle", ":" (not a bare "is"), or when it
            # starts with a forename ("tylerjames"), or after "find him on snap,".
            verb = (t.group("verb") or "").lower()
            named = t.group("named") or verb in ("=", ":", "-", "called", "named")
            named = named or "goes" in verb or "went" in verb or ":" in t.group("sep")
            named = named or needs_name  # "steam name ...": the naming word was the cue
            named = named or m.group().lower().startswith("gamer")  # a gamertag is a name
            named = named or bool(_POINTING.search(t.group("deco") or ""))
            directed = (t.group("comma") or ":" in t.group("sep")) and _DIRECTED_BEFORE.search(
                text[max(0, m.start() - 40) : m.start()]
            )
            if len(tok) < 3 or low.endswith(_ADJECTIVE_ENDINGS):
                continue
            if not (named or directed or _starts_with_forename(low)):
                continue
        start = t.start("at") if t.group("at") else t.start("tok")
        end = t.end("tok")
        if _SPACED_TAGS.match(m.group()):
            end = _gamertag_end(text, end, lex.stop)
        out.append(identifying("handle", start, end, rule=f"handle-after-{name}"))
    return out


# --------------------------------------------------------------------------------------------
# Pointers to contact away from this site

PLATFORMS = (
    r"snap(?:chat)?|insta(?:gram)?|ig|tik[ \t]?tok|twitter|facebook|fb|messenger|telegram|"
    r"discord|kik|threads|youtube|twitch|wickr|yubo|roblox|xbox|psn|whatsapp|reddit|fortnite|"
    r"bereal|pinterest|tumblr|linkedin|viber|wechat|skype|omegle|wizz|hoop|likee|bigo|"
    r"onlyfans|mastodon|bluesky"
)
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
    tlds = (
        r"co\.uk|org\.uk|me\.uk|ltd\.uk|net\.uk|gov\.uk|ac\.uk|nhs\.uk|police\.uk|sch\.uk|com|net|"
        r"org|uk|io|info|biz|tv|app|gg|xyz|online|site|shop|link|ie"
    )
    label = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
    s = r"[ \t]+"
    return {
        # "jo.smith@gmail.com", "jo.smith @gmail.com"
        "email": (
            r"(?i)\b[a-z0-9._%+\-]+(?:[ \t]?@[ \t]?)[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b"
        ),
        # Spoken, mistyped or cut short at a known provider: "kelly dot morris at gmail dot
        # com", "jo.smith at gmail", "jo-smith@gmail,com", "jo#gmail.com".
        "email_spoken": spaced(
            r"(?i)\b[a-z0-9._%+\-]*[a-z0-9](?:~(?:\.|\(dot\)|\[dot\]| dot )~[a-z0-9_%+\-]+)*"
            r"~(?:@|#|\(at\)|\[at\]|\{at\}|\(@\)|\[@\]| at )~"
            r"(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|btinternet|protonmail|proton|ymail|"
            r"aol|live|sky|msn|virginmedia|talktalk|mail)"
            r"(?:~(?:\.\.|,|\.|\(dot\)|\[dot\]| dot | )~(?:com|co~(?:\.|,| dot | |)~uk|net|org|me|"
            r"uk))?\b"
        ),
        "url": (
            r"(?i)\b(?:https?://|www\.)[^\s<>\"']+"
            rf"|\b({label}(?:\.{label})*\.(?:{tlds})\b(?:/[^\s<>\"']*)?)"
            rf"|\b{label}\.(?:me|be|ly|gl|gd|to|co|in|us|it|fm|im|is|so|ms|gg|tv|cc|ai|ee|bio|ws|"
            r"page|lnk|sh|la|tt)/[^\s<>\"']+"
        ),
        "handle_marks": (
            r"(?:^|[^A-Za-z0-9_.@/#])(?:(@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)"
            r"|([A-Za-z0-9_.]{2,32}#\d{4})\b|(/?u/([A-Za-z0-9_\-]{3,20}))\b)"
        ),
        # "she goes by lilmissx on tiktok", "he's dripz_99 on insta"
        "handle_before_platform": (
            r"(?i)(?:\b((?:goes|went|go)[ \t]+by|called|named|username)[ \t]+|(?:^|[ \t(]))"
            r"@?([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)[ \t]+(?:on|in)[ \t]+"
            rf"(?:{PLATFORMS})\b"
        ),
        # (1) An app whose name is an everyday word, with a naming word ("steam name:");
        # (2) a naming word alone ("username"); or a platform's name.
        "platform": (
            r"(?i)(\b(?:steam|switch|nintendo|signal|kick|epic(?:[ \t]games)?|xbl|xbox[ \t]live|"
            r"playstation|ps[345]|minecraft|valorant|apex|cod|(?-i:OF)|only[ \t]?fans|"
            r"battle\.?net|riot|ea|line|vsco|hinge|bumble|tinder|grindr)"
            r"(?:'s)?[ \t]*(?:[:=][ \t]*|(?:user)?name|username|id|tag|handle|account|acc|"
            r"profile|page|gamertag))"
            r"|\b(user[ \t]?name|screen[ \t]?name|display[ \t]name|handle|alias|"
            r"online[ \t]name)\b"
            rf"|\b(?:{PLATFORMS}|gamertag|gamer[ \t]tag|sc|tt)\b"
        ),
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


DETECTORS = (_emails, _urls, _handles, _pointers)
