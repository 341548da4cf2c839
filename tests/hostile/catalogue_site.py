"""The catalogue's other cases: display names, URLs, search syntax, uploads and socket frames."""

from __future__ import annotations

import json

from .case import ACCEPTED, HANDLED, NOT_FOUND, REFUSED, Case
from .catalogue_text import TAGS, ZALGO

# --- Display names (signup) --------------------------------------------------------------------
# A member called "Hopeful Heron" exists already (tests/hostile/sinks.py).

NAMES: list[tuple[str, str, str]] = [
    ("plain-pseudonym", "Quiet Lantern", ACCEPTED),
    ("fullwidth-pseudonym", "\uff31uiet Lantern", ACCEPTED),
    ("exact-existing", "Hopeful Heron", REFUSED),
    ("case-of-existing", "HOPEFUL heron", REFUSED),
    ("cyrillic-capital-first", "\u041dopeful Heron", REFUSED),
    ("greek-capital-eta", "\u0397opeful \u0397eron", REFUSED),
    ("small-capital-h", "\u029copeful \u029ceron", REFUSED),
    ("rn-for-m", "Rnarsh Wren", REFUSED),
    ("vv-for-w", "Marsh Vvren", REFUSED),
    ("math-bold-capital", "\U0001d407opeful Heron", REFUSED),
    ("combining-accent", "Hope\u0301ful Heron", REFUSED),
    ("zero-width-inside", "Hopeful\u200b Heron", REFUSED),
    ("trailing-tag-chars", "Hopeful Heron" + TAGS[:3], REFUSED),
    ("bidi-override", "Heron\u202emum", HANDLED),
    ("admin", "Admin", REFUSED),
    ("moderator-team", "Moderator Team", REFUSED),
    ("site-staff", "Site Staff", REFUSED),
    ("safeguarding-lead", "Safeguarding Lead", REFUSED),
    ("helpline", "Helpline", REFUSED),
    ("police", "Police", REFUSED),
    ("social-services", "Social Services", REFUSED),
    ("childline-like", "Childline", REFUSED),
    ("nspcc-like", "NSPCC", REFUSED),
    ("system", "System", REFUSED),
    ("root", "root", REFUSED),
    ("erased-member-label", "a former member", REFUSED),
    ("erased-member-label-caps", "A Former Member", REFUSED),
    ("anonymous", "Anonymous", REFUSED),
    ("school-place-name", "Larkhollow Academy Mum", REFUSED),
    ("primary-school-name", "Brookmere Primary Dad", REFUSED),
    ("email-as-name", "heron@example.org", REFUSED),
    ("phone-as-name", "Mum 07700 900123", REFUSED),
    ("web-address", "www.heronmum.example", REFUSED),
    ("too-short", "Jo", REFUSED),
    ("one-over-max", "A" * 31, REFUSED),
    ("at-max", "Quiet Lantern Glow Over Waterx", ACCEPTED),
    ("whitespace-only", "     ", REFUSED),
    ("zero-width-only", "\u200b\u200b\u200b\u200b", REFUSED),
    ("controls", "Quiet\x01\x02 Lantern", HANDLED),
    ("markup", "<b>Quiet</b> Lantern", REFUSED),
    ("digits-only", "12345", REFUSED),
    ("nul", "Quiet\x00Lantern", HANDLED),
    ("mixed-scripts", "Quiet \u041b\u0430ntern", HANDLED),
    ("huge", "Quiet Lantern " * 5000, REFUSED),
]


def _name_cases() -> list[Case]:
    return [
        Case(f"display_name:{pid}", "names", "display_name", text, expect)
        for pid, text, expect in NAMES
    ]


# --- URLs ------------------------------------------------------------------------------------
# `{thread}`, `{post}`, `{board}`, `{ct}` are filled in with the world's real ones.

HUGE = "9" * 30
BEYOND_64 = str(2**64)
URLS: list[tuple[str, str, str]] = [
    ("thread-id-beyond-64-bits", "/forums/{board}/" + BEYOND_64 + "/", NOT_FOUND),
    ("thread-id-int64-max-plus-one", "/forums/{board}/" + str(2**63) + "/", NOT_FOUND),
    ("thread-id-huge", "/forums/{board}/" + HUGE + "/", NOT_FOUND),
    ("thread-id-zero", "/forums/{board}/0/", NOT_FOUND),
    ("thread-id-negative", "/forums/{board}/-1/", NOT_FOUND),
    ("thread-id-leading-zeros", "/forums/{board}/000000000000000000000000000{thread}/", HANDLED),
    ("thread-id-arabic-digits", "/forums/{board}/\u0661\u0662/", NOT_FOUND),
    ("thread-id-fullwidth-digits", "/forums/{board}/\uff11\uff12/", NOT_FOUND),
    ("thread-id-non-digit", "/forums/{board}/abc/", NOT_FOUND),
    ("thread-id-float", "/forums/{board}/1.5/", NOT_FOUND),
    ("board-slug-unicode", "/forums/\u043a\u0435stre\u013c/", NOT_FOUND),
    ("board-slug-huge", "/forums/" + "b" * 5000 + "/", NOT_FOUND),
    ("post-link-beyond-64-bits", "/forums/post/" + BEYOND_64 + "/", NOT_FOUND),
    ("post-edit-beyond-64-bits", "/forums/post/" + BEYOND_64 + "/edit/", NOT_FOUND),
    ("post-react-huge", "/forums/post/" + HUGE + "/react/", HANDLED),
    ("thread-subscribe-huge", "/forums/thread/" + HUGE + "/subscribe/", HANDLED),
    ("thread-moderate-huge", "/forums/thread/" + HUGE + "/moderate/", HANDLED),
    ("report-object-non-digit", "/report/{ct}/abc/", NOT_FOUND),
    ("report-object-huge", "/report/{ct}/" + HUGE + "/", NOT_FOUND),
    ("report-object-negative", "/report/{ct}/-1/", NOT_FOUND),
    ("report-object-unicode", "/report/{ct}/\u0661/", NOT_FOUND),
    ("report-object-float", "/report/{ct}/1e3/", NOT_FOUND),
    ("report-content-type-huge", "/report/" + HUGE + "/{post}/", NOT_FOUND),
    ("report-content-type-not-reportable", "/report/1/1/", NOT_FOUND),
    ("story-mine-huge", "/stories/mine/" + HUGE + "/", NOT_FOUND),
    ("story-receipt-beyond-64", "/stories/mine/" + BEYOND_64 + "/receipt/", NOT_FOUND),
    ("data-export-huge", "/account/data/export/" + HUGE + "/", NOT_FOUND),
    ("desk-item-huge", "/admin/moderation/" + HUGE + "/", NOT_FOUND),
    ("desk-sanction-huge", "/admin/moderation/members/" + HUGE + "/sanction/", NOT_FOUND),
    ("campaign-question-huge", "/campaigns/{campaign}/organise/questions/" + HUGE + "/", NOT_FOUND),
    ("campaign-review-huge", "/campaigns/{campaign}/organise/testimony/" + HUGE + "/", NOT_FOUND),
    ("circle-approve-huge", "/forums/circles/none/members/" + HUGE + "/approve/", HANDLED),
    ("draft-slot-huge", "/api/drafts/" + "s" * 5000 + "/", HANDLED),
    ("draft-slot-unicode", "/api/drafts/\u200breply:thread:1/", HANDLED),
    ("draft-slot-traversal", "/api/drafts/..%2f..%2fetc%2fpasswd/", HANDLED),
    ("media-traversal", "/media/../../etc/passwd", NOT_FOUND),
    ("media-encoded-traversal", "/media/%2e%2e/%2e%2e/etc/passwd", NOT_FOUND),
    ("static-traversal", "/static/..%2f..%2fmanage.py", NOT_FOUND),
    ("documents-huge", "/documents/" + HUGE + "/x.txt", NOT_FOUND),
    ("page-param-huge", "/forums/{board}/?page=" + HUGE, HANDLED),
    ("page-param-negative", "/forums/{board}/{thread}/?page=-5", HANDLED),
    ("page-param-unicode", "/forums/{board}/{thread}/?page=%D9%A1", HANDLED),
    ("quote-param-huge", "/forums/{board}/{thread}/?quote=" + HUGE, HANDLED),
    ("quote-param-text", "/forums/{board}/{thread}/?quote=abc", HANDLED),
    ("story-write-from-huge", "/stories/write/?from=" + HUGE, HANDLED),
    ("invalid-utf8-path", "/forums/%ff%fe/", NOT_FOUND),
    ("nul-in-path", "/forums/%00/", NOT_FOUND),
    ("wagtail-page-huge-path", "/" + "/".join(["deep"] * 300) + "/", NOT_FOUND),
]


def _url_cases() -> list[Case]:
    return [Case(f"url:{pid}", "urls", "url", path, expect) for pid, path, expect in URLS]


# --- Search syntax (story search and forum search) ---------------------------------------------

SEARCHES: list[tuple[str, str]] = [
    ("unbalanced-double-quote", '"Kestrel evening'),
    ("unbalanced-single-quote", "Kestrel's evening'"),
    ("only-a-quote", '"'),
    ("fts-near", "Kestrel NEAR evening"),
    ("fts-near-slash", "Kestrel NEAR/3 evening"),
    ("fts-and-or-not", "Kestrel AND OR NOT evening"),
    ("fts-star-prefix", "*"),
    ("fts-star-suffix", "Kest*"),
    ("fts-caret", "^Kestrel"),
    ("fts-column-filter", "title:Kestrel"),
    ("fts-column-set", "{title body}: Kestrel"),
    ("fts-parentheses", "((Kestrel) OR (evening"),
    ("fts-minus", "-Kestrel -"),
    ("pg-tsquery-ops", "Kestrel & | ! <-> :*"),
    ("sql-comment", "Kestrel' -- "),
    ("percent-underscore", "%_%_%"),
    ("backslashes", "\\\\\\"),
    ("five-thousand-chars", "Kestrel " * 625),
    ("many-terms", " ".join(f"w{i}" for i in range(500))),
    ("fullwidth-query", "\uff2b\uff45\uff53\uff54\uff52\uff45\uff4c"),
    ("controls-in-query", "Kestrel\x00\x01\x1b evening"),
    ("zero-width-query", "\u200b\u200b"),
    ("tag-characters-query", TAGS),
    ("zalgo-query", ZALGO[:2000]),
    ("emoji-query", "\U0001f468\u200d\U0001f469\u200d\U0001f467"),
    ("invalid-utf8-query", "%FF%FEKestrel"),
]


def _search_cases() -> list[Case]:
    cases = []
    for sink in ("story_search", "forum_search"):
        for pid, query in SEARCHES:
            cases.append(Case(f"{sink}:{pid}", "search", sink, query, ACCEPTED))
        cases.append(
            Case(f"{sink}:page-huge", "search", sink, "Kestrel", ACCEPTED, extra={"page": HUGE})
        )
        cases.append(
            Case(f"{sink}:query-repeated", "search", sink, "Kestrel", HANDLED, extra={"repeat": 50})
        )
    return cases


# --- Uploads (the image form, in the admin) ----------------------------------------------------
# Built by tests/hostile/sinks.py from these recipes; the file name may carry a person's name.

UPLOADS: list[tuple[str, str, str, str]] = [
    ("truncated-jpeg", "truncated_jpeg", "picture.jpg", REFUSED),
    ("truncated-png", "truncated_png", "picture.png", REFUSED),
    ("zero-bytes", "empty", "picture.jpg", REFUSED),
    ("png-bomb-dimensions", "png_bomb", "bomb.png", REFUSED),
    ("jpeg-header-bomb", "jpeg_huge_header", "bomb.jpg", REFUSED),
    ("svg-with-script", "svg", "icon.svg", REFUSED),
    ("svg-renamed-png", "svg", "icon.png", REFUSED),
    ("html-renamed-jpg", "html", "page.jpg", REFUSED),
    ("text-file-as-jpeg", "text", "notes.jpg", REFUSED),
    ("png-named-jpg", "png", "picture.jpg", HANDLED),
    ("jpeg-zip-polyglot", "jpeg_zip", "picture.jpg", ACCEPTED),
    ("gif-js-polyglot", "gif_js", "picture.gif", HANDLED),
    ("exif-gps", "jpeg_gps", "holiday.jpg", ACCEPTED),
    ("person-named-file", "png", "jo-smith-12-larch-road-" + "x" * 200 + ".png", ACCEPTED),
    ("unicode-file-name", "png", "\u202egnp.exe\u200b\u0000.png", ACCEPTED),
    ("traversal-file-name", "png", "../../../etc/passwd.png", ACCEPTED),
]


def _upload_cases() -> list[Case]:
    return [
        Case(f"upload:{pid}", "uploads", "upload", recipe, expect, extra={"name": name})
        for pid, recipe, name, expect in UPLOADS
    ]


# --- Socket frames -----------------------------------------------------------------------------
# Sent on an open socket of a signed-in member; every one must be answered with an error or
# "refused" frame (or the socket closed with a code), never a crash; the socket stays usable
# unless closed. `{other}` is a thread the member cannot see.

FRAMES: list[tuple[str, object]] = [
    ("not-json", "Kestrel evening"),
    ("empty-text", ""),
    ("json-array", "[1, 2, 3]"),
    ("json-string", '"subscribe"'),
    ("json-null", "null"),
    ("deep-nesting-under-limit", "[" * 2000 + "]" * 2000),
    ("oversize-text", json.dumps({"action": "ping", "pad": "k" * 20_000})),
    ("just-over-app-limit", json.dumps({"action": "ping", "pad": "k" * 4100})),
    ("unknown-action", json.dumps({"action": "delete-everything"})),
    ("action-not-string", json.dumps({"action": ["ping"]})),
    ("topic-not-string", json.dumps({"action": "subscribe", "topic": {"thread": 1}})),
    ("topic-others-thread", json.dumps({"action": "subscribe", "topic": "thread:{other}"})),
    ("topic-huge-id", json.dumps({"action": "subscribe", "topic": "thread:" + HUGE})),
    ("topic-negative-id", json.dumps({"action": "subscribe", "topic": "thread:-1"})),
    ("topic-unicode", json.dumps({"action": "subscribe", "topic": "thread:\u0661"})),
    ("topic-unknown-kind", json.dumps({"action": "subscribe", "topic": "admin:1"})),
    ("topic-other-member", json.dumps({"action": "subscribe", "topic": "member:1"})),
    ("topic-traversal", json.dumps({"action": "subscribe", "topic": "../../thread:1"})),
    ("since-huge", json.dumps({"action": "subscribe", "topic": "thread:{other}", "since": 10**40})),
    ("typing-others-thread", json.dumps({"action": "typing", "topic": "thread:{other}"})),
    ("share-typing-not-bool", json.dumps({"action": "share-typing", "share": "yes"})),
    ("lone-surrogate-escape", '{"action": "subscribe", "topic": "thread:\\ud83d"}'),
    ("binary-frame", b"\xff\xfe\x00\x01"),
]


def _frame_cases() -> list[Case]:
    return [Case(f"socket:{pid}", "socket", "socket", frame, REFUSED) for pid, frame in FRAMES]


def site_cases() -> list[Case]:
    return [*_name_cases(), *_url_cases(), *_search_cases(), *_upload_cases(), *_frame_cases()]
