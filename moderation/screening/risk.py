"""Risk: someone in danger now, or self-harm and suicide. Urgent, never redacted.

Only present danger or self-harm: threats with intent ("they're going to kill him", "threatened to
hurt"), weapons held now, someone taken, held or missing now, fear of them coming tonight; and
wanting to die, self-harm, overdose, suicide (any mention, even general talk: a safeguarding lead
would rather look), "can't go on", "no point living". Everyday figures of speech pass: "the
waiting list is killing me", "I could kill him", "I nearly died", "taken into care", "being held
on remand".
"""

from __future__ import annotations

import re

from .scan import Pattern, Scan
from .text import spaced, words
from .types import Finding

_SELF = r"(?:my|him|her|them|your|our)sel(?:f|ves)"
_INTENT = (
    "(?:(?:is|are|am|'s|'re|'m|was|were) )?(?:going to|gonna|gunna|will|'ll|would|'d|wants? to|"
    "wanna|about to|coming to|(?:have|has|'ve) said they'?(?:ll|d|will|would)|"
    "said (?:they|he|she)'?(?:ll|d|will|would)|say (?:they|he|she)'?(?:ll|will)|"
    "threaten(?:ed|ing|s)? to|promised to|swore to|planning to)"
)
_THEY = (
    "(?:they|he|she|someone|somebody|them|the (?:gang|olders?|dealers?|men|lads|boys|group)|"
    "these (?:men|lads)|a (?:man|gang))"
)
_VICTIM = (
    "(?:him|her|me|us|them|my (?:son|daughter|boy|girl|child|kids?|family|husband|wife|partner|"
    "baby)|our (?:son|daughter|boy|girl|child|kids?|family))"
)
_HARM_VERB = (
    "(?:kill|murder|stab|shoot|hurt|harm|rape|kidnap|burn|slice|shank|merk|wet|batter|beat up|"
    "cut|torture|take|snatch|petrol bomb|acid)"
)
_TAKERS = "(?:they|he|she|someone|somebody|men|a man|the (?:gang|olders?|dealers?))"
_LIMB = "(?:his|her|my|their) (?:arms?|wrists?|legs?|thighs?)"
_RISK_DANGER = [
    rf"\b{_THEY}~{_INTENT} {_HARM_VERB} {_VICTIM}\b",
    rf"\bthreaten(?:ed|ing|s)? (?:to )?{_HARM_VERB}\b",
    rf"\bthreaten(?:ed|ing|s)? {_VICTIM} with\b",
    r"\b(?:death|kill) threats?\b",
    r"\b(?:he|she|they|someone|somebody|my \w+|a (?:man|lad|boy|guy))~"
    r"(?:'s|is|are|'re|has|have|'ve)?~(?:got|has|carrying|carries|holding|waving|pulled|"
    r"pulling|brandishing|armed with) "
    r"(?:(?:a|an|his|her|their|the|some) )?(?:knife|knives|blade|machete|zombie knife|gun|firearm|"
    r"pistol|shotgun|weapon|shank|acid)\b",
    rf"\b{_TAKERS}~(?:'ve|have|has|'s)?~(?:taken|snatched|grabbed|abducted|kidnapped|bundled) "
    rf"{_VICTIM}(?: (?:away|off|into|in))?\b",
    rf"\b{_TAKERS} (?:just )?took {_VICTIM} (?:tonight|today|just now|an hour ago|"
    r"this (?:morning|afternoon|evening))\b",
    r"\b(?:been|being|was|got|has been) (?:taken|kidnapped|abducted|snatched|trafficked|"
    r"bundled into)\b",
    r"\bbeing held\b",
    r"\bheld (?:hostage|captive|against (?:his|her|their|my) will|at (?:knife|gun)~point)\b",
    r"\b(?:locked|locking|locks) (?:him|her|them) (?:in|up)\b",
    r"\bwon'?t let (?:him|her|them) (?:go|leave|come home)\b",
    r"\b(?:is|'s|has gone|'s gone|went|gone|been|go|going) missing (?:again )?(?:tonight|now|"
    r"right now|today|since|this (?:morning|afternoon|evening)|for (?:\d+|two|three|four|five|"
    r"six|several|a few|over) |at the moment|still)",
    r"\bstill missing\b",
    r"\bmissing (?:tonight|right now|again tonight)\b",
    r"\b(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|not) (?:come|came|been|got) "
    r"(?:back )?home (?:yet|tonight|last night|since|for|again|all night)",
    r"\b(?:scared|afraid|frightened|terrified|worried|petrified) (?:that )?(?:they|he|she)"
    r"(?:'ll| will| are going to|'re going to| might| could|'re gonna) (?:come|turn up|kill|"
    r"hurt|find|stab|take|get (?:him|her|us|me)|do (?:him|her|us|me))\b",
    r"\b(?:they|he|she|they're|he's|she's)~(?:'re|are|'s|is)?~(?:outside|at) (?:the|our|my) "
    r"(?:house|door|flat|window) (?:now|right now|tonight)\b",
    r"\bbanging on (?:the|our|my) (?:door|window)\b",
    r"\bknow where we live\b",
    r"\b(?:coming|come) (?:to|round to|round|back to|back for|for) (?:the|our|my|him|her|us|me)"
    r"(?: (?:house|home|door|flat))? (?:tonight|now|later)\b",
    r"\b(?:is|'s|are|'re|am|'m|be|being) in (?:(?:real|immediate|serious|grave) )?danger\b",
    r"\bfear for (?:his|her|my|their|our) (?:life|lives|safety)\b",
    r"\b(?:life|lives) (?:is|are) (?:at risk|in danger)\b",
    r"\bgoing to (?:be|get) (?:killed|stabbed|shot|hurt|beaten up)\b",
    r"\bbeing (?:beaten|attacked|stabbed|raped|hurt|threatened|followed|chased|hunted|abused|"
    r"sold|trafficked)\b",
    r"\b(?:just|tonight|today) (?:been )?(?:stabbed|shot|attacked|jumped|beaten up|kidnapped)\b",
    r"\b(?:been|was|got) (?:stabbed|shot) (?:tonight|today|just now|"
    r"this (?:morning|evening|afternoon))\b",
    r"\bcuckooed\b",
]
_RISK_SELF_HARM = [
    r"\b(?:want(?:s|ed)?|wanna|wish(?:es|ed)?|going|gonna|ready|planning|plans?|trying|tried|"
    r"tries|thinking (?:about|of)|thought (?:about|of)|talk(?:s|ed|ing)? about|"
    r"threaten(?:s|ed|ing)?) (?:to )?(?:die|dying|end (?:it(?: all)?|(?:my|his|her|their) "
    rf"(?:own )?life)|(?:kill|hurt|hang|harm|cut)(?:ing)? {_SELF}|"
    r"take (?:my|his|her|their) (?:own )?life|suicide)",
    rf"\b(?:kill|hang|harm|hurt|cut|starve|strangle)(?:s|ed|ing|ting)? {_SELF}\b",
    r"\bend(?:ed|ing|s)? it all\b",
    r"\bend(?:ed|ing|s)? (?:my|his|her|their) (?:own )?life\b",
    r"\b(?:take|takes|taking|taken|took) (?:my|his|her|their) own life\b",
    r"\bsuicid(?:e|al|es)\b",
    r"\bself(?:-|~)harm(?:s|ed|ing)?\b",
    rf"\bcutting (?:again|{_LIMB})\b",
    rf"\bcuts (?:on|all over) {_LIMB}\b",
    r"\boverdos(?:e|ed|es|ing)\b",
    r"\b(?:can'?t|cannot|can not|couldn'?t) go on\b",
    r"\bno (?:point|reason) (?:in )?(?:living|going on|being (?:here|alive)|to live|"
    r"carrying on|in life)\b",
    r"\bbetter off (?:dead|without (?:me|him|her|us))\b",
    r"\b(?:don'?t|doesn'?t|do not|does not|didn'?t) want to (?:live|be (?:here|alive)|wake up|"
    r"exist)\b",
    r"\bwish(?:es|ed)? (?:i|he|she|they) (?:was|were|'d|had) (?:dead|never been born|not here)\b",
    r"\bnot want(?:ing)? to live\b",
    r"\b(?:took|taken|swallowed|swallow) (?:a (?:load|lot|handful|bunch|box) of |"
    r"all (?:my|his|her|the) )(?:pills|tablets|paracetamol)\b",
    r"\b(?:jump|jumped|jumping) (?:off|in front of) (?:a|the) (?:bridge|train|building|roof|car|"
    r"bus|cliff)\b",
    r"\bnoose\b",
]
_RISK_EXCEPT = re.compile(
    spaced(
        " (?:into care|in to care|to hospital|to court|to the station|in for questioning|"
        "on remand|in custody|in a cell|at the station|by (?:the )?police|in police|"
        "into account|seriously|away by social)"
    ),
    re.I,
)


_NOT_SELF_CUTTING = frozenset(
    words(
        """class classes school lessons corners back down ties out off up hair grass wood costs it
        the his her their my them him me us people in across through edge a an some that this
        those these into bread food veg vegetables paper cards ribbons loose short it's"""
    )
)


def _risks(text: str, scan: Scan) -> list[Finding]:
    out = []
    for m in scan.find("risk_cutting"):
        nxt = re.match(r"[ \t]*([^\W\d_][\w']*)", text[m.end() : m.end() + 30])
        if nxt and nxt.group(1).lower() in _NOT_SELF_CUTTING:
            continue
        out.append(Finding("risk_self_harm", m.start(), m.end(), "", "risk", "hold"))
    for name, kind in (("risk_danger", "risk_danger"), ("risk_self_harm", "risk_self_harm")):
        for m in scan.find(name):
            if kind == "risk_danger" and _RISK_EXCEPT.match(text, m.end()):
                continue
            out.append(Finding(kind, m.start(), m.end(), "", "risk", "hold"))
    return out


def patterns() -> dict[str, Pattern]:
    """The RE2 sources this module scans with."""
    return {
        "risk_danger": "(?i)" + "|".join(f"(?:{spaced(p)})" for p in _RISK_DANGER),
        "risk_self_harm": "(?i)" + "|".join(f"(?:{spaced(p)})" for p in _RISK_SELF_HARM),
        "risk_cutting": r"(?i)\b(?:is|'s|was|been|started|start|starts|keeps?|kept|still|"
        r"caught[ \t]+(?:him|her))[ \t]+cutting\b",
    }


DETECTORS = (_risks,)
