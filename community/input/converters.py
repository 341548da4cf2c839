"""What a URL carries, made into bounded values: path parameters and query-string values.

Path parameters: every id in a path is a 64-bit integer, or the URL does not match.

Django's `int` converter takes any run of digits, so `/forums/board/99999999999999999999/` reached
the database with a number no column can hold: SQLite raises OverflowError and PostgreSQL a
DataError, both a 500. `<id:...>` matches at most 19 digits and refuses anything above the
largest signed 64-bit integer (every primary key here is a `BigAutoField` or smaller), so such
a URL is a plain 404 before any view runs.

Slugs (`<short_slug:...>`) are capped at the longest slug we store in the same way.

Importing this module registers the converters; every URL module that uses them imports it.

Query-string values: `page_number` and `is_valid_id` bound `?page=` and ids such as `?quote=`
(search boxes: `community.input.search`).
"""

from __future__ import annotations

from django.urls import register_converter
from django.urls.converters import SlugConverter

# The largest value a PostgreSQL `bigint` or a SQLite INTEGER holds.
MAX_ID = 2**63 - 1
# The longest slug any of our models stores (boards, circles and campaigns: 80).
MAX_SLUG = 80


class IdConverter:
    """A database id in a path: 1 to 19 digits, at most `MAX_ID`."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            # Django reads a ValueError here as "this pattern does not match": a 404.
            raise ValueError("An id beyond 64 bits.")
        return number

    def to_url(self, value: int | str) -> str:
        number = int(value)
        if not 0 <= number <= MAX_ID:
            raise ValueError("An id beyond 64 bits.")
        return str(number)


class ShortSlugConverter(SlugConverter):
    """Django's slug, at most `MAX_SLUG` characters: a longer one names nothing we store, so
    it is a 404 without a query."""

    regex = f"[-a-zA-Z0-9_]{{1,{MAX_SLUG}}}"


def is_valid_id(value: object) -> bool:
    """Whether `value` (a query-string value, say) is an id `IdConverter` would accept."""
    text = str(value) if value is not None else ""
    return text.isascii() and text.isdigit() and len(text) <= 19 and int(text) <= MAX_ID


# The longest page number anyone could need; a longer one is treated as no page number.
MAX_PAGE_DIGITS = 6


def page_number(raw: str | None) -> str | None:
    """`?page=` as a paginator may take it: digits (at most `MAX_PAGE_DIGITS`) or "last";
    anything else is None, the first page."""
    if raw == "last" or (raw and raw.isascii() and raw.isdigit() and len(raw) <= MAX_PAGE_DIGITS):
        return raw
    return None


register_converter(IdConverter, "id")
register_converter(ShortSlugConverter, "short_slug")
