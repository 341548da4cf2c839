"""Backups restore: a seeded database dumped with pg_dump and restored into a fresh one with
pg_restore (and, as plain SQL, with psql) has every post, with its words intact.

The steps are the ones docs/deploy.md gives. Stories and testimony join this test when they
land.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.db import connection

from forums import services
from forums.models import Post
from tests.conftest import needs_postgres
from tests.factories import UserFactory, board, published_thread, trusted_member

from .servers import PROJECT, current_database_url, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres]

WORDS = [
    "The first night he didn't come home.",
    "Ünïcödé, emoji 💛, right-to-left עברית and a very " + "long" * 500 + " word.",
    "Quotes ' \" and back\\slashes \\N survive.",
    "Line one\nLine two\n\n- a list\n- of things",
]


def client_env() -> dict[str, str]:
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=db.get("HOST") or "127.0.0.1",
        PGPORT=str(db.get("PORT") or 5432),
        PGUSER=db.get("USER") or "postgres",
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def run(*command: str) -> None:
    done = subprocess.run(command, env=client_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"


def posts_in(database: str) -> dict[int, tuple[str, str]]:
    db = connection.settings_dict
    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname=database,
    ) as restored:
        rows = restored.execute("SELECT id, body, moderation_state FROM forums_post").fetchall()
    return {pk: (body, state) for pk, body, state in rows}


@pytest.fixture
def fresh_database():
    name = f"reliability_restore_{uuid.uuid4().hex[:8]}"
    run("createdb", name)
    try:
        yield name
    finally:
        run("dropdb", "--if-exists", "--force", name)


@pytest.fixture
def seeded() -> dict[int, tuple[str, str]]:
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs the PostgreSQL client tools (pg_dump, pg_restore, psql)")
    forum = board()
    for n, words in enumerate(WORDS):
        thread = published_thread(on=forum, title=f"Thread {n}", body=words)
        services.post_create(thread=thread, author=trusted_member(), body=f"Reply to {n}: {words}")
        services.post_create(thread=thread, author=UserFactory(), body=f"Held reply {n}.")
    return {
        pk: (body, state)
        for pk, body, state in Post.objects.values_list("pk", "body", "moderation_state")
    }


def test_a_custom_format_dump_restores_every_post(seeded, fresh_database, tmp_path):
    dump = tmp_path / "voices.dump"
    run("pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={dump}",
        connection.settings_dict["NAME"])  # fmt: skip
    run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh_database}", str(dump))

    assert len(seeded) == len(WORDS) * 3
    assert posts_in(fresh_database) == seeded
    # And the restored database is the schema the code expects: nothing left to migrate.
    url = current_database_url().rsplit("/", 1)[0] + f"/{fresh_database}"
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check", "--noinput"],
        cwd=PROJECT, env=worker_env(DATABASE_URL=url), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_plain_sql_dump_restores_every_post(seeded, fresh_database, tmp_path):
    dump = tmp_path / "voices.sql"
    run("pg_dump", "--format=plain", "--no-owner", "--no-acl", f"--file={dump}",
        connection.settings_dict["NAME"])  # fmt: skip
    run(
        "psql",
        "--quiet",
        "--set",
        "ON_ERROR_STOP=1",
        f"--dbname={fresh_database}",
        f"--file={dump}",
    )
    assert posts_in(fresh_database) == seeded
