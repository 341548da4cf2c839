"""How fast is the moderator's desk? Run: .venv/bin/python benchmarks/desk.py

Builds a throwaway SQLite database in a temporary directory (never db.sqlite3, never the test
database), migrates it, and fills it in bulk: one moderator with MFA, about 1,000 authors with
display names, a few thousand items decided over the last seven days (for the median figure),
and waiting items with varied urgency, reasons, kinds and spaces. Then it signs the moderator
in with Django's test client and times the desk's first page, a middle page, a filtered page,
the rows fragment the live refresh fetches, and an item page: server time per request (median
and p95 wall clock of 20 requests after a warm-up, and median CPU time, which other work on a
shared machine does not inflate) and queries per page. It does this with 100 waiting items and
again with 10,000, so the two tables show whether the query count or the time grows with the
queue. The time is the whole request through every middleware, as the test client sees it.

It uses the test settings because they install `tests.scratch`, whose `Note` is the throwaway
content the moderation tests use; every queue row points at a real Note, so the item page reads
and screens real text through the registered adapter. REDIS_URL is dropped so the run touches
no shared service. Options: --runs N (default 20), --waiting N (default 10000), --keep (keep the
database and print its path).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "tests" / "moderation" / "corpus"
AUTHORS = 1_000
DECIDED = 3_000
SMALL_QUEUE = 100
SPACES = [f"corner:{name}" for name in ("late-nights", "courts", "school", "police", "quiet")]
SPACES += [f"board:{n}" for n in range(1, 20)]
KINDS = ("post", "post", "post", "reply", "story", "testimony", "profile")
ADJECTIVES = ("Calm", "Quiet", "Brave", "Gentle", "Steady", "Hopeful", "Tired", "Kind", "Warm")
ANIMALS = ("Otter", "Wren", "Heron", "Badger", "Hare", "Robin", "Fox", "Owl", "Finch", "Seal")


def configure(directory: Path) -> None:
    """Point Django at the throwaway database before anything imports settings."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "community.config.settings.test"
    os.environ["DATABASE_URL"] = f"sqlite:///{directory / 'bench.sqlite3'}"
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def sentences(name: str) -> list[str]:
    out = []
    for line in (CORPUS / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            out.append(line.split("\t", 1)[-1])
    return out


class Builder:
    """Makes the rows in bulk (bulk_create), as `services.submit` would have left them."""

    def __init__(self, seed: int = 11) -> None:
        from django.contrib.contenttypes.models import ContentType

        from tests.scratch.models import Note

        self.rng = random.Random(seed)
        self.ordinary = sentences("ordinary.txt")
        self.identifying = sentences("identifying.txt")
        self.risk = sentences("risk.txt")
        self.note_type = ContentType.objects.get_for_model(Note)
        self.authors: list = []

    def make_authors(self, count: int) -> None:
        from community.members.names import skeleton
        from community.models import User

        users = []
        for n in range(count):
            name = f"{self.rng.choice(ADJECTIVES)} {self.rng.choice(ANIMALS)} {n}"
            users.append(
                User(
                    email=f"author{n}@example.org",
                    display_name=name,
                    display_name_key=skeleton(name),
                    password="!",  # unusable: these members never sign in
                )
            )
        self.authors = User.objects.bulk_create(users, batch_size=500)

    def _reasons(self) -> list[str]:
        rng = self.rng
        roll = rng.random()
        if roll < 0.05:
            reasons = ["risk"]
        elif roll < 0.25:
            reasons = ["identifying"]
        elif roll < 0.30:
            reasons = ["watched_hold"]
        elif roll < 0.38:
            reasons = ["flags"]
        elif roll < 0.43:
            reasons = ["watched_flag"]
        elif roll < 0.50:
            reasons = ["space"]
        else:
            reasons = []
        if rng.random() < 0.45 or not reasons:
            reasons.append("new_member")
        if rng.random() < 0.05:
            reasons.append("edited")
        return reasons

    def _body(self, reasons: list[str]) -> str:
        rng = self.rng
        parts = [rng.choice(self.ordinary) for _ in range(rng.randint(2, 6))]
        if "risk" in reasons:
            parts.insert(rng.randrange(len(parts)), rng.choice(self.risk))
        if "identifying" in reasons:
            parts.insert(rng.randrange(len(parts)), rng.choice(self.identifying))
        return " ".join(
            p[0].upper() + p[1:] + ("" if p.endswith((".", "!", "?")) else ".") for p in parts
        )

    def make_items(self, count: int, *, decided_by=None) -> int:
        """`count` items: waiting, or (with decided_by) decided over the last seven days."""
        from django.utils import timezone

        from moderation.models import QueueItem
        from tests.scratch.models import Note

        rng = self.rng
        now = timezone.now()
        plans = []
        for _ in range(count):
            reasons = self._reasons()
            space = rng.choice(SPACES) if rng.random() < 0.7 else ""
            if "space" in reasons and not space:
                space = "corner:quiet"
            plans.append((reasons, space, self._body(reasons), rng.choice(self.authors)))
        notes = Note.objects.bulk_create(
            [
                Note(
                    author=author,
                    body=body,
                    space=space.split(":", 1)[1] if space else "",
                    moderation_state="held" if decided_by is None else "published",
                )
                for reasons, space, body, author in plans
            ],
            batch_size=500,
        )
        items = []
        for note, (reasons, space, body, author) in zip(notes, plans, strict=True):
            kind = rng.choice(KINDS)
            fields = {
                "content_type": self.note_type,
                "object_id": str(note.pk),
                "kind": kind,
                "title": f"{kind.capitalize()} {note.pk}",
                "author": author,
                "space_key": space,
                "space_label": space.split(":", 1)[1].replace("-", " ").capitalize()
                if space
                else "",
                "reasons": reasons,
                "findings": [
                    {"kind": r, "start": 0, "end": 10, "category": r}
                    for r in reasons
                    if r in ("risk", "identifying")
                ],
                "urgent": "risk" in reasons,
                "content_hash": hashlib.sha256(body.encode()).hexdigest(),
            }
            if decided_by is None:
                fields["created_at"] = now - timedelta(seconds=rng.uniform(60, 3 * 86_400))
            else:
                decided_at = now - timedelta(seconds=rng.uniform(0, 7 * 86_400))
                wait = timedelta(minutes=min(rng.lognormvariate(4.5, 1.2), 4 * 24 * 60))
                fields.update(
                    state=rng.choices(["approved", "rejected", "hidden"], [80, 15, 5])[0],
                    decided_by=decided_by,
                    decided_at=decided_at,
                    created_at=decided_at - wait,
                )
            items.append(QueueItem(**fields))
        QueueItem.objects.bulk_create(items, batch_size=500)
        return count


def measure(client, path: str, runs: int, *, listing: bool = True) -> dict:
    """Median and p95 wall time (and median CPU time) of `runs` GETs, and one request's queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):  # warm-up: templates, content types, settings caches
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    # Queue rows shown (an item page lists none: "-").
    rows = response.content.count(b"data-item=") if listing else "-"
    return {
        "path": path,
        "rows": rows,
        "queries": len(queries),
        "median_ms": 1000 * statistics.median(walls),
        "p95_ms": 1000 * statistics.quantiles(walls, n=20, method="inclusive")[18],
        "cpu_ms": 1000 * statistics.median(cpus),
    }


def run_pages(client, runs: int) -> list[dict]:
    from moderation.selectors import waiting_items

    first = waiting_items().values_list("pk", flat=True).first()
    paths = [
        "/admin/moderation/",
        "/admin/moderation/?page=100",
        "/admin/moderation/?reason=risk",
        "/admin/moderation/?fragment=1",
    ]
    results = [measure(client, path, runs) for path in paths]
    return [*results, measure(client, f"/admin/moderation/{first}/", runs, listing=False)]


def print_table(title: str, results: list[dict]) -> None:
    print(f"\n{title}")
    header = f"{'page':<34} {'rows':>4} {'queries':>7} {'median ms':>9} {'p95 ms':>7} "
    header += f"{'CPU ms':>7}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['path']:<34} {r['rows']:>4} {r['queries']:>7} {r['median_ms']:>9.1f} "
            f"{r['p95_ms']:>7.1f} {r['cpu_ms']:>7.1f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--waiting", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()

    directory = Path(tempfile.mkdtemp(prefix="desk-bench-"))
    try:
        configure(directory)
        from django.core.management import call_command
        from django.test import Client

        from moderation.models import QueueItem
        from tests.factories import moderator

        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(
            f"database {directory / 'bench.sqlite3'}, migrated in "
            f"{time.perf_counter() - started:.1f} s"
        )

        started = time.perf_counter()
        mod = moderator(display_name="Bench Moderator")
        builder = Builder()
        builder.make_authors(AUTHORS)
        builder.make_items(DECIDED, decided_by=mod)
        builder.make_items(SMALL_QUEUE)
        print(
            f"{AUTHORS} authors, {DECIDED} decided items, {SMALL_QUEUE} waiting: "
            f"built in {time.perf_counter() - started:.1f} s"
        )

        client = Client()
        client.force_login(mod)
        small = run_pages(client, args.runs)

        started = time.perf_counter()
        builder.make_items(args.waiting - SMALL_QUEUE)
        waiting = QueueItem.objects.filter(state="waiting").count()
        urgent = QueueItem.objects.filter(state="waiting", urgent=True).count()
        print(
            f"{waiting} waiting ({urgent} urgent): built in {time.perf_counter() - started:.1f} s"
        )
        large = run_pages(client, args.runs)

        print_table(f"{SMALL_QUEUE} waiting items ({args.runs} requests per page)", small)
        print_table(f"{waiting} waiting items ({args.runs} requests per page)", large)
        steady = all(a["queries"] == b["queries"] for a, b in zip(small, large, strict=True))
        print(
            "\nquery count "
            + ("is the same" if steady else "CHANGES")
            + f" at {SMALL_QUEUE} and {waiting} waiting items"
        )
        return 0 if steady else 1
    finally:
        if args.keep:
            print(f"kept {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
