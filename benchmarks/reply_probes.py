"""The instruments of `reply_cost.py`: which functions make each phase of a reply, wrappers
that time them without a profiler, a stack sampler for wall time, and an SQL counter.

Kept apart from the benchmark so that, when code moves, the one list to update is here
(`PHASES` for cProfile and the sampler, `TIMED` for the wrappers). A function that is not found
reads "not found" in the report instead of failing.
"""

from __future__ import annotations

import pstats
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Phases of the reply: (label, function name, fragments of its file's path, "|" between
# alternatives: code moves while this is in use). Cumulative time,
# so a phase includes what it calls; the indented ones are inside the one above them.
PHASES: tuple[tuple[str, str, str], ...] = (
    ("whole request (handler, middleware, view)", "get_response", "django/core/handlers/base.py"),
    ("  view: forums.views.thread", "thread", "forums/views"),
    ("    thread lookup (board_thread_or_404)", "board_thread_or_404", "forums/selectors"),
    ("    form: is_valid (cleaning, rate limit)", "is_valid", "django/forms/forms.py"),
    ("      rate limit (community.infra.ratelimit.allow)", "allow", "community/infra/ratelimit"),
    ("    service: forums.services.post_create", "post_create", "forums/services"),
    ("      may post (_check_may_post)", "_check_may_post", "forums/services"),
    ("      save_once (transaction + commit + on_commit)", "save_once", "community/infra/sendonce"),
    ("        follow_as_author (get_or_create)", "follow_as_author", "forums/"),
    ("        Markdown to HTML (render_markdown)", "render_markdown", "community/input/sanitise"),
    ("        moderation.submit", "submit", "moderation/services"),
    ("          screening.screen", "screen", "moderation/screening"),
    ("          combinations.item_tags", "item_tags", "moderation/screening/combinations"),
    ("          earlier_tags (author's history)", "earlier_tags", "moderation/selectors"),
    ("          combinations.with_history", "with_history", "moderation/screening/combinations"),
    ("          standing_of", "standing_of", "moderation/selectors"),
    ("          adapter.set_state", "set_state", "forums/moderation_adapter"),
    ("            live.record (render + event row)", "record", "forums/live"),
    ("              render_post (post partial)", "render_post", "forums/live"),
    ("            activity.post_published", "post_published", "forums/"),
    ("              _followers_to_tell", "_followers_to_tell", "forums/"),
    ("              notify_each (bulk insert)", "notify_each", "community/services"),
    ("          sync_details", "sync_details", "moderation/services"),
    (
        "        on_commit callbacks (run_and_clear_commit_hooks)",
        "run_and_clear_commit_hooks",
        "django/db/backends/base/base.py",
    ),
    ("          live publish (thread group)", "publish", "community/live/topics"),
    ("          live publish_each (followers)", "publish_each", "community/live/topics"),
    ("          async_to_sync (all)", "__call__", "asgiref/sync.py"),
    ("      every Model.save", "save_base", "django/db/models/base.py"),
    (
        "      every Django signal (pre/post_init per model instance too)",
        "send",
        "django/dispatch/dispatcher.py",
    ),
    ("    forget_draft (draft_delete)", "forget_draft", "community/site/composer|forums/forms"),
    ("    redirect", "redirect", "django/shortcuts.py"),
    ("  all SQL (cursor execute)", "execute", "django/db/backends/utils.py"),
    ("  all template rendering (Template.render)", "render", "django/template/base.py"),
    ("  all Redis commands, blocking (the cache)", "execute_command", "redis/client.py"),
    (
        "  all Redis commands, asyncio (the channel layer)",
        "execute_command",
        "redis/asyncio/client.py",
    ),
)


class Counters:
    """SQL statements per request (Django's execute wrapper), by verb."""

    def __init__(self) -> None:
        self.statements: Counter[str] = Counter()
        self.sql_seconds = 0.0
        self.texts: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.sql_seconds += time.perf_counter() - started
            words = sql.lstrip().split(None, 3)
            verb = words[0].upper() if words else "?"
            if verb in ("SAVEPOINT", "RELEASE", "ROLLBACK"):
                verb = "SAVEPOINT etc."
            self.statements[verb] += 1
            self.texts.append(" ".join(sql.split())[:160])


# Phases timed without a profiler: each function is replaced, in this process only, by a wrapper
# that adds up its wall and CPU time (CPU of the whole process: the channel layer's sends run on
# asgiref's event-loop thread, and count). (label, modules ("|" between alternatives, newest
# home first), attribute or Class.attribute). A wrapper is put
# where the caller looks the name up, so a name imported into the caller is wrapped there.
TIMED: tuple[tuple[str, str, str], ...] = (
    (
        "URL resolving and the view (the middleware is outside)",
        "django.core.handlers.base",
        "BaseHandler._get_response",
    ),
    ("  the view's form: ReplyForm.is_valid", "forums.forms", "ReplyForm.is_valid"),
    ("    rate limit (infra.ratelimit.allow)", "community.site.composer|forums.forms", "allow"),
    ("  forums.services.post_create", "forums.services", "post_create"),
    ("    save_once (the transaction, its commit and on_commit)", "forums.services", "save_once"),
    ("      follow_as_author", "forums.activity.following|forums.activity", "follow_as_author"),
    ("      render_markdown", "forums.services", "render_markdown"),
    ("      moderation.submit", "moderation.services", "submit"),
    ("        check_may_contribute (sanctions)", "moderation.services", "check_may_contribute"),
    (
        "        screening_config (watched words, local terms, names)",
        "moderation.services",
        "screening_config",
    ),
    ("        screening.screen", "moderation.screening", "screen"),
    ("        moderation_settings (site settings)", "moderation.services", "moderation_settings"),
    ("        detail_tag_key", "moderation.services", "detail_tag_key"),
    ("        earlier_tags (author's history)", "moderation.services", "earlier_tags"),
    ("        standing_of", "moderation.services", "standing_of"),
    ("        PostAdapter.set_state", "forums.moderation_adapter", "PostAdapter.set_state"),
    ("          live.record (render, lock, event row)", "forums.live", "record"),
    ("            render_post (the post partial)", "forums.live", "render_post"),
    (
        "          activity.post_published",
        "forums.activity.following|forums.activity",
        "post_published",
    ),
    (
        "            _followers_to_tell",
        "forums.activity.following|forums.activity",
        "_followers_to_tell",
    ),
    (
        "            notify_each (bulk insert)",
        "forums.activity.following|forums.activity",
        "notify_each",
    ),
    ("        sync_details (detail tags)", "moderation.services", "sync_details"),
    ("      on commit: publish to the thread group", "community.live.topics", "publish"),
    ("      on commit: publish_each to followers", "community.live.topics", "publish_each"),
    ("  forget_draft", "community.site.composer|forums.forms", "ComposerForm.forget_draft"),
    ("  redirect", "forums.views", "redirect"),
)


class Timed:
    """Wall and CPU time, and calls, of the `TIMED` functions, while `kind` is set."""

    def __init__(self) -> None:
        import importlib

        self.kind: str | None = None
        self.totals: dict[str, dict[int, list[float]]] = defaultdict(
            lambda: defaultdict(lambda: [0, 0.0, 0.0])
        )
        self.missing: set[int] = set()
        for number, (_, module_names, attribute) in enumerate(TIMED):
            # Candidates, newest home first ("a.b|a"): code moves while this is in use.
            for module_name in module_names.split("|"):
                try:
                    owner = importlib.import_module(module_name)
                except ImportError:
                    continue
                *path, name = attribute.split(".")
                for part in path:
                    owner = getattr(owner, part, None)
                original = getattr(owner, name, None)
                if original is not None:
                    setattr(owner, name, self._wrap(number, original))
                    break
            else:
                self.missing.add(number)

    def _wrap(self, number: int, original):
        import functools

        timed = self

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            if timed.kind is None:
                return original(*args, **kwargs)
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                row = timed.totals[timed.kind][number]
                row[0] += 1
                row[1] += time.perf_counter() - wall
                row[2] += time.process_time() - cpu

        return wrapper


OURS = ("forums", "moderation", "community", "stories")


class Sampler:
    """Samples this process's main thread's stack from a second thread, every `interval` s
    of wall time, while `kind` is set. Each sample counts once for every module of ours and
    every phase function on the stack (inclusive, no double counting through the middleware
    chain, which cProfile's caller edges cannot avoid), and once for the owner of the innermost
    Python frame (where the time was spent; a C call or a database wait shows as the Python
    code that called it). No profiler hooks run, so Python code is not slowed against C."""

    def __init__(self, interval: float = 0.0005) -> None:
        import threading

        self.interval = interval
        self.kind: str | None = None
        self.samples: Counter[str] = Counter()
        self.inclusive: dict[str, Counter[str]] = defaultdict(Counter)
        self.leaf: dict[str, Counter[str]] = defaultdict(Counter)
        self.phases: dict[str, Counter[int]] = defaultdict(Counter)
        self.target = threading.get_ident()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        wanted = [(name, fragment) for _, name, fragment in PHASES]
        while not self.stopping.is_set():
            time.sleep(self.interval)
            kind = self.kind
            frame = sys._current_frames().get(self.target)
            if kind is None or frame is None:
                continue
            owners: set[str] = set()
            phases: set[int] = set()
            leaf = None
            while frame is not None:
                code = frame.f_code
                path = code.co_filename.replace("\\", "/")
                owner = owner_of(path)
                if leaf is None:
                    leaf = owner
                if owner.split(".")[0] in OURS:
                    owners.add(owner)
                for number, (name, fragment) in enumerate(wanted):
                    if code.co_name == name and any(part in path for part in fragment.split("|")):
                        phases.add(number)
                frame = frame.f_back
            self.samples[kind] += 1
            self.inclusive[kind].update(owners)
            self.leaf[kind][leaf or "?"] += 1
            self.phases[kind].update(phases)

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join()


def find_function(stats: pstats.Stats, name: str, fragment: str):
    """The (calls, cumulative seconds) of every function called `name` in a file whose path
    contains `fragment` (summed: a name may be in several classes of one file)."""
    calls, cumulative, found = 0, 0.0, False
    for (filename, _, function), (_, nc, _, ct, _) in stats.stats.items():
        path = filename.replace("\\", "/")
        if function == name and any(part in path for part in fragment.split("|")):
            calls += nc
            cumulative += ct
            found = True
    return (calls, cumulative) if found else None


def owner_of(filename: str) -> str:
    """Our module (forums.live), or the library (django.template, psycopg), of a file."""
    path = filename.replace("\\", "/")
    if path.startswith("~") or path.startswith("<"):
        return "C built-ins"
    root = str(ROOT) + "/"
    if path.startswith(root) and "/.venv/" not in path:
        parts = path[len(root) :].removesuffix(".py").split("/")
        if parts[-1] == "__init__":
            parts = parts[:-1]
        return ".".join(parts)
    if "site-packages/" in path:
        parts = path.split("site-packages/", 1)[1].split("/")
        if parts[0] == "django" and len(parts) > 2:
            return f"django.{parts[1]}"
        return parts[0].removesuffix(".py")
    return "python stdlib"
