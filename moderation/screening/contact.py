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

Pointers to contact away from this site ("DM me", "add me on snap") are `pointers.py`.
"""

from __future__ import annotations

import re

from .scan import Match, Pattern, Scan
from .text import bounded, everyday, lexicon, match_at, spaced, words
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


def _provider_address(text: str, m: Match) -> bool:
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


def _later_handle(text: str, tail: re.Match[str]) -> Finding | None:
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
        t = _HANDLE_TAIL.match(text, match_at(_HANDLE_OBJECT, text, m.end()).end())
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
            named = bool(t.group("named")) or verb in ("=", ":", "-", "called", "named")
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


# Platforms and apps a handle or a pointer names (pointers.py uses them too).
PLATFORMS = (
    r"snap(?:chat)?|insta(?:gram)?|ig|tik[ \t]?tok|twitter|facebook|fb|messenger|telegram|"
    r"discord|kik|threads|youtube|twitch|wickr|yubo|roblox|xbox|psn|whatsapp|reddit|fortnite|"
    r"bereal|pinterest|tumblr|linkedin|viber|wechat|skype|omegle|wizz|hoop|likee|bigo|"
    r"onlyfans|mastodon|bluesky"
)


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    tlds = (
        r"co\.uk|org\.uk|me\.uk|ltd\.uk|net\.uk|gov\.uk|ac\.uk|nhs\.uk|police\.uk|sch\.uk|com|net|"
        r"org|uk|io|info|biz|tv|app|gg|xyz|online|site|shop|link|ie"
    )
    label = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
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
    }


DETECTORS = (_emails, _urls, _handles)
