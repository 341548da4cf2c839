"""Ways to reach a member off the platform: e-mail addresses, web addresses, handles.

Web addresses. Every link counts, except the bare name of a national service (gov.uk, police.uk,
nhs.uk, nspcc.org.uk, childline.org.uk, samaritans.org...) written without a path: "I found help
on nspcc.org.uk" passes, "facebook.com/jay.b" does not.

Handles. "@name" counts unless it is a time or an everyday word ("@home", "@10pm"). After a
platform word (snap, insta, tiktok...) the next word counts if it looks like a handle (digits,
"_", "." or mixed case), or if a naming word comes first ("name", "username", "as", ":",
"called") and the word is not an everyday one, or if it starts with a listed forename ("his
insta is tylerjames"). "his snap is private" and "facebook is rubbish" pass.
"""

from __future__ import annotations

import re

from .scan import Pattern, Scan
from .text import bounded, lexicon, spaced, words
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
    for name, bare in (("url_scheme", False), ("url_bare", True)):
        for m in scan.find(name):
            start, end = m.start(), m.end()
            while end > start and text[end - 1] in _URL_TRAILING:
                end -= 1
            if not bounded(text, start, end) or (start > 0 and text[start - 1] in "@."):
                continue
            if bare:
                host = text[start:end].lower()
                if host.startswith("www."):
                    host = host[4:]
                if host in _SAFE_DOMAINS:
                    continue
            out.append(identifying("url", start, end))
    return out


def _emails(text: str, scan: Scan) -> list[Finding]:
    out = [identifying("email", m.start(), m.end()) for m in scan.find("email")]
    out += [identifying("email", m.start(), m.end()) for m in scan.find("email_spoken")]
    return out


_HANDLE_TAIL = re.compile(
    r"(?:'s)?(?P<sep>[ \t]*,?[ \t]*(?:[:=\-][ \t]*)?"
    r"(?P<named>(?:user[ \t]?)?name|handle|account[ \t]name|account|acc|id|tag|as|called)?"
    r"[ \t]*(?P<verb>is|was|=|:|-|called|it's|its)?[ \t]*(?::[ \t]*)?)"
    r"(?P<at>@)?(?P<tok>[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![A-Za-z0-9_@])",
    re.I,
)
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


def _handles(text: str, scan: Scan) -> list[Finding]:
    lex = lexicon()
    out = []
    for m in scan.find("at_handle"):
        start, end = m.start(1), m.end(1)
        tok = text[start + 1 : end].rstrip(".")
        end = start + 1 + len(tok)
        if _NOT_A_HANDLE.fullmatch(tok) or tok.lower() in lex.stop:
            continue
        out.append(identifying("handle", start, end))
    for m in scan.find("platform"):
        t = _HANDLE_TAIL.match(text, _HANDLE_OBJECT.match(text, m.end()).end())
        if not t:
            continue
        tok = t.group("tok")
        low = tok.lower()
        if _NOT_A_HANDLE.fullmatch(tok) or low in lex.stop:
            continue
        if not (t.group("at") or _handle_like(tok)):
            # A plain word: only after "name", "handle", ":" (not a bare "is"), or when it
            # starts with a forename ("tylerjames").
            named = t.group("named") or t.group("verb") in ("=", ":", "-", "called")
            if len(tok) < 3 or low.endswith(_ADJECTIVE_ENDINGS):
                continue
            if not (named or _starts_with_forename(low)):
                continue
        start = t.start("at") if t.group("at") else t.start("tok")
        out.append(identifying("handle", start, t.end("tok")))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    tlds = (
        r"co\.uk|org\.uk|me\.uk|ltd\.uk|net\.uk|gov\.uk|ac\.uk|nhs\.uk|police\.uk|sch\.uk|com|net|"
        r"org|uk|io|info|biz|tv|app|gg|xyz|online|site|shop|link|ie"
    )
    label = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
    return {
        "email": r"(?i)\b[a-z0-9._%+\-]+@[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}\b",
        "email_spoken": spaced(
            r"(?i)\b[a-z0-9._%+\-]+(?:~(?:\.|\(dot\)|\[dot\]| dot )~[a-z0-9_%+\-]+)*"
            r"~(?:\(at\)|\[at\]|\{at\}| at )~(?:gmail|googlemail|hotmail|outlook|yahoo|icloud|"
            r"live|aol|btinternet|sky|protonmail|proton|ymail|msn|virginmedia|talktalk|mail)"
            r"~(?:\.|\(dot\)|\[dot\]| dot )~(?:com|co~(?:\.| dot )~uk|net|org|me|uk)\b"
        ),
        "url_scheme": r"(?i)\b(?:https?://|www\.)[^\s<>\"']+",
        "url_bare": rf"(?i)\b{label}(?:\.{label})*\.(?:{tlds})\b(?:/[^\s<>\"']*)?",
        "at_handle": r"(?:^|[^A-Za-z0-9_.@/])(@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)",
        "platform": (
            r"(?i)\b(?:snap(?:chat)?|insta(?:gram)?|ig|tik[ \t]?tok|twitter|facebook|fb|telegram|"
            r"discord|kik|threads|youtube|twitch|wickr|yubo|roblox|xbox|psn|gamertag|gamer[ \t]tag|"
            r"whatsapp|sc)\b"
        ),
    }


DETECTORS = (_emails, _urls, _handles)
