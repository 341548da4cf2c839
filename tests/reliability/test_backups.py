"""Backups restore: a seeded database dumped with pg_dump and restored into a fresh one with
pg_restore (and, as plain SQL, with psql) holds every post, story and testimony with its words
intact; the media copied with tar come back beside it, every file the database names.

The steps are the ones docs/deploy.md gives.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import uuid

import psycopg
import pytest
from django.core.files.images import ImageFile
from django.db import connection
from PIL import Image

from community.models import SafeImage
from forums import services
from tests.conftest import needs_postgres
from tests.factories import (
    UserFactory,
    board,
    campaign,
    published_story,
    published_thread,
    sent_testimony,
    story_submission,
    trusted_member,
    wagtail_tree_as_migrated,
)

from .servers import PROJECT, current_database_url, worker_env

pytestmark = [pytest.mark.django_db(transaction=True), needs_postgres]


@pytest.fixture(autouse=True)
def default_site(transactional_db) -> None:
    """The default Site, home page and root collection that stories and images need, as the
    migrations make them.

    Another transactional test's flush empties Wagtail's tree and sites (its post_migrate
    handlers bring back groups and themes, not pages), and a serialized rollback cannot reload
    them over the rows those handlers made again.
    """
    wagtail_tree_as_migrated()


WORDS = [
    "The first night he didn't come home.",
    "Ünïcödé, emoji 💛, right-to-left עברית and a very " + "long" * 500 + " word.",
    "Quotes ' \" and back\\slashes \\N survive.",
    "Line one\nLine two\n\n- a list\n- of things",
]
QUESTION = "What happened when you first asked for help?"

# What a restore must bring back, word for word, read with SQL from either database.
CONTENT = {
    "posts": "SELECT id, body, moderation_state FROM forums_post",
    "stories": (
        "SELECT id, author_id, title, body, body_html, moderation_state"
        " FROM stories_storysubmission"
    ),
    "story consents": (
        "SELECT id, submission_id, change, naming, byline, channels, expires_at"
        " FROM stories_consentrecord"
    ),
    "story pages": (
        "SELECT p.id, p.title, p.url_path, p.live, s.body, s.byline, s.submission_id"
        " FROM stories_storypage s JOIN wagtailcore_page p ON p.id = s.page_ptr_id"
    ),
    "published revisions": (
        "SELECT r.id, r.content FROM wagtailcore_revision r"
        " JOIN wagtailcore_page p ON p.live_revision_id = r.id"
    ),
    "testimony": (
        "SELECT id, campaign_id, answers, moderation_state, consent_campaigns,"
        " consent_parliament, consent_press, consent_contact FROM forums_testimony"
    ),
    "questions": "SELECT id, form_id, kind, label FROM forums_testimonyquestion",
    "images": "SELECT id, title, file, file_hash FROM community_safeimage",
}


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


def content_in(database: str) -> dict[str, dict[int, tuple]]:
    """Every row of CONTENT in `database`, by kind and id."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or 5432,
        user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None,
        dbname=database,
    ) as restored:
        return {
            kind: {row[0]: row[1:] for row in restored.execute(query).fetchall()}
            for kind, query in CONTENT.items()
        }


@pytest.fixture
def fresh_database():
    name = f"reliability_restore_{uuid.uuid4().hex[:8]}"
    run("createdb", name)
    try:
        yield name
    finally:
        run("dropdb", "--if-exists", "--force", name)


@pytest.fixture
def seeded() -> dict[str, dict[int, tuple]]:
    """Posts (published and held), stories (a published page and one only submitted, for
    each of WORDS) and testimony (approved and held) in the test database, as SQL reads it."""
    if not (shutil.which("pg_dump") and shutil.which("pg_restore")):
        pytest.skip("needs the PostgreSQL client tools (pg_dump, pg_restore, psql)")
    forum = board()
    asking = campaign(questions=[("long", QUESTION)])
    for n, words in enumerate(WORDS):
        thread = published_thread(on=forum, title=f"Thread {n}", body=words)
        services.post_create(thread=thread, author=trusted_member(), body=f"Reply to {n}: {words}")
        services.post_create(thread=thread, author=UserFactory(), body=f"Held reply {n}.")
        published_story(title=f"Published story {n}", body=words)
        story_submission(title=f"Submitted story {n}", body=f"Waiting: {words}")
        sent_testimony(on=asking, answers={QUESTION: words}, parliament=True)
        sent_testimony(on=asking, answers={QUESTION: f"Held: {words}"}, approve=False)
    content = content_in(connection.settings_dict["NAME"])

    # The snapshot holds what was written, so comparing it with the restore compares words.
    question_id = str(next(iter(content["questions"])))
    stories = {(title, body, state) for _, title, body, _, state in content["stories"].values()}
    answers = {(row[1][question_id], row[2]) for row in content["testimony"].values()}
    pages = {row[0]: row for row in content["story pages"].values()}
    revisions = [str(content_) for (content_,) in content["published revisions"].values()]
    for n, words in enumerate(WORDS):
        assert (words, "published") in {(body, state) for body, state in content["posts"].values()}
        assert (f"Published story {n}", words, "published") in stories
        assert (f"Submitted story {n}", f"Waiting: {words}", "held") in stories
        assert pages[f"Published story {n}"][2] is True  # live
        assert any(f"Published story {n}" in revision for revision in revisions)
        assert (words, "published") in answers
        assert (f"Held: {words}", "held") in answers
    return content


def test_a_custom_format_dump_restores_every_post_story_and_testimony(
    seeded, fresh_database, tmp_path
):
    dump = tmp_path / "voices.dump"
    run("pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={dump}",
        connection.settings_dict["NAME"])  # fmt: skip
    run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh_database}", str(dump))

    assert len(seeded["posts"]) == len(WORDS) * 3
    assert len(seeded["stories"]) == len(seeded["story pages"]) * 2 == len(WORDS) * 2
    assert len(seeded["testimony"]) == len(WORDS) * 2
    assert content_in(fresh_database) == seeded
    # And the restored database is the schema the code expects: nothing left to migrate.
    url = current_database_url().rsplit("/", 1)[0] + f"/{fresh_database}"
    check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check", "--noinput"],
        cwd=PROJECT, env=worker_env(DATABASE_URL=url), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_plain_sql_dump_restores_every_post_story_and_testimony(seeded, fresh_database, tmp_path):
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
    assert content_in(fresh_database) == seeded


def png(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (12, 8), colour).save(out, format="PNG")
    return out.getvalue()


def test_the_media_copied_after_the_dump_hold_every_image_the_restored_database_names(
    fresh_database, tmp_path, settings
):
    if not (shutil.which("pg_dump") and shutil.which("zstd")):
        pytest.skip("needs pg_dump and zstd (tar --zstd)")
    site = tmp_path / "srv" / "voices"
    settings.MEDIA_ROOT = site / "media"
    for n, colour in enumerate(["navy", "olive"]):
        SafeImage.objects.create(
            title=f"Drawing {n}", file=ImageFile(io.BytesIO(png(colour)), name=f"drawing-{n}.png")
        )
    originals = {image.file.name: image.file.read() for image in SafeImage.objects.all()}

    # As docs/deploy.md says: the database dump first, the media copy after it.
    dump, media_copy = tmp_path / "voices.dump", tmp_path / "voices-media.tar.zst"
    run("pg_dump", "--format=custom", "--no-owner", "--no-acl", f"--file={dump}",
        connection.settings_dict["NAME"])  # fmt: skip
    run("tar", "--create", "--zstd", f"--file={media_copy}", "-C", str(site), "media")

    restored_site = tmp_path / "restored" / "voices"
    restored_site.mkdir(parents=True)
    run("pg_restore", "--no-owner", "--exit-on-error", f"--dbname={fresh_database}", str(dump))
    run("tar", "--extract", "--zstd", f"--file={media_copy}", "-C", str(restored_site))

    named = [file for _, file, _ in content_in(fresh_database)["images"].values()]
    assert sorted(named) == sorted(originals)
    for name in named:
        assert (restored_site / "media" / name).read_bytes() == originals[name]
