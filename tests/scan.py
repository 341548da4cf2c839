"""Searching everything the platform stores for a string: every text column of every table, the
media and private folders (inside zips too), and the cache. Privacy tests plant a unique string
and then prove it is nowhere."""

from __future__ import annotations

import zipfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection


def tables_holding(needle: str) -> list[str]:
    """Every table.column whose value, cast to text, contains `needle` in any case."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                quoted_table = connection.ops.quote_name(table)
                quoted_column = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {quoted_table} "  # noqa: S608 - names from introspection
                    f"WHERE LOWER(CAST({quoted_column} AS TEXT)) LIKE %s",
                    [f"%{needle.lower()}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def files_holding(needle: str) -> list[str]:
    """Every file under the media and private folders (or inside a zip there) holding it."""
    found = []
    wanted = needle.lower().encode()
    for root in (Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_ROOT)):
        if not root.exists():
            continue
        for path in root.rglob("*"):
            if not path.is_file():
                continue
            if wanted in path.read_bytes().lower():
                found.append(str(path))
            elif zipfile.is_zipfile(path):
                with zipfile.ZipFile(path) as archive:
                    if any(wanted in archive.read(name).lower() for name in archive.namelist()):
                        found.append(str(path))
    return found


def cache_keys() -> list[str]:
    """Every key in the cache (local memory or Redis)."""
    backend = getattr(cache, "_cache", None)
    if isinstance(backend, dict):
        return [str(key) for key in backend]
    client = cache.client.get_client()
    return [key.decode() for key in client.keys("*")]
