"""Search boxes: what a member typed, made into words, for our searches and for Wagtail's.

`search_query` turns what was typed into a search box into plain words before any full-text
engine sees it (SQLite's FTS5 reads quotes, stars, `-`, `NEAR(` and upper-case `AND`/`OR`/`NOT`
as syntax and fails on an unbalanced quote; PostgreSQL's parser and Wagtail's have rules of
their own), capped so a query of thousands of characters is answered as quickly as a short one.
It starts from the site's one text-cleaning path (`community.input.sanitise.clean_text`).

`SearchBackend` is the search backend Wagtail is configured with (WAGTAILSEARCH_BACKENDS): the
database backend Wagtail picks for the database, whose public `search` and `autocomplete`
reduce every query string to its words first, so a search in the admin (pages, choosers,
snippets, images, documents) with a stray quote is not an FTS syntax error; a query with no
words matches nothing.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

from modelsearch.backends.database import SearchBackend as database_backend
from modelsearch.query import MATCH_NONE, And, Not, Or, Phrase, PlainText

from community.input.sanitise import clean_text

# What a search box sends is cut to this many characters (the boxes' own `maxlength`) and words.
MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12
# Characters read at all: bounds the work before the query is cut.
_READ_CHARS = MAX_QUERY_CHARS * 4
SHORTENED_QUERY = (
    f"Your search was long, so we looked for its first {MAX_QUERY_WORDS} words "
    f"(up to {MAX_QUERY_CHARS} characters)."
)
NO_WORDS_QUERY = "Please search for words or numbers: other signs are left out of searches."
# Query-language operators, as people type them to mean one: not words to look for.
OPERATORS = frozenset({"AND", "OR", "NOT", "NEAR"})


@dataclass(frozen=True)
class SearchQuery:
    """A search as we run it.

    `text` is what the member typed, tidied (NFKC, control and invisible characters gone,
    whitespace collapsed) and cut: it is shown back, escaped like any text. `words` are its
    letters-and-digits words but the operators typed as one (upper-case `AND`, `OR`, `NOT`,
    `NEAR`), the only thing a full-text engine is given (as `terms`).
    `shortened` says the query was cut (the page says so); `no_words` that it had no word.
    """

    text: str = ""
    words: tuple[str, ...] = ()
    shortened: bool = False

    @property
    def terms(self) -> str:
        """The words for a full-text engine: lower case, so no word is read as an operator
        (FTS5's `AND`, `OR`, `NOT`, `NEAR`); every engine here folds case anyway."""
        return " ".join(word.lower() for word in self.words)

    @property
    def no_words(self) -> bool:
        return bool(self.text) and not self.words

    @property
    def message(self) -> str:
        """What the results page tells the member about their query, if anything."""
        if not self.text:
            return ""
        if self.no_words:
            return NO_WORDS_QUERY
        return SHORTENED_QUERY if self.shortened else ""


def _is_word_character(ch: str) -> bool:
    # Letters, digits and the marks that belong to them (accents, vowel signs).
    return unicodedata.category(ch)[0] in "LNM"


def _is_dropped(ch: str) -> bool:
    # Control, format (zero-width, bidirectional, tag characters), surrogate, private-use and
    # unassigned characters; any kind of space is kept, as a space.
    return unicodedata.category(ch)[0] == "C" and not ch.isspace()


def _words_of(text: str) -> list[str]:
    words, current = [], []
    for ch in text + " ":
        if _is_word_character(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    # A mark with no letter before it (a stray accent) does not start a word.
    return [
        word for word in words if unicodedata.category(word[0])[0] in "LN" and word not in OPERATORS
    ]


def search_query(raw: str | None) -> SearchQuery:
    """The search for what was typed in a search box (`?q=`): never an error, whatever it is."""
    if not raw:
        return SearchQuery()
    # The one cleaning path first (controls, invisible and tag characters, lone surrogates,
    # stacked marks), then compatibility forms: full-width letters search as letters.
    cleaned = clean_text(raw[:_READ_CHARS], multiline=False, drop_surrogates=True)
    head = unicodedata.normalize("NFKC", cleaned)
    pieces = "".join(" " if ch.isspace() else ch for ch in head if not _is_dropped(ch)).split()
    kept = " ".join(pieces[:MAX_QUERY_WORDS])
    text = kept[:MAX_QUERY_CHARS].rstrip()
    shortened = len(raw) > _READ_CHARS or len(pieces) > MAX_QUERY_WORDS or len(kept) > len(text)
    return SearchQuery(
        text=text,
        words=tuple(_words_of(text)[:MAX_QUERY_WORDS]),
        shortened=bool(text) and shortened,
    )


# --- Wagtail's search backend ---------------------------------------------------------------


def words_only(query: Any) -> Any:
    """The same query with every string in it reduced to its words (None: no words at all)."""
    if isinstance(query, str):
        return search_query(query).terms or None
    if isinstance(query, PlainText):
        terms = search_query(query.query_string).terms
        return PlainText(terms, operator=query.operator, boost=query.boost) if terms else None
    if isinstance(query, Phrase):
        terms = search_query(query.query_string).terms
        return Phrase(terms) if terms else None
    if isinstance(query, And | Or):
        parts = [words_only(part) for part in query.subqueries]
        parts = [part for part in parts if part is not None]
        return type(query)(parts) if parts else None
    if isinstance(query, Not):
        inner = words_only(query.subquery)
        return Not(inner) if inner is not None else None
    return query


class WordsOnly:
    """Mixed in before the database backend Wagtail chose: only the public entry points."""

    def search(self, query, model_or_queryset, *args, **kwargs):
        cleaned = words_only(query)
        return super().search(
            MATCH_NONE if cleaned is None else cleaned, model_or_queryset, *args, **kwargs
        )

    def autocomplete(self, query, model_or_queryset, *args, **kwargs):
        cleaned = words_only(query)
        if cleaned is None:
            return super().search(MATCH_NONE, model_or_queryset, *args, **kwargs)
        return super().autocomplete(cleaned, model_or_queryset, *args, **kwargs)


@cache
def _words_only_class(backend_class: type) -> type:
    return type(f"WordsOnly{backend_class.__name__}", (WordsOnly, backend_class), {})


def SearchBackend(params: dict) -> Any:
    """The backend Wagtail would choose for this database, given words only."""
    chosen: object = database_backend(params)
    # A class is hashable; mypy reads `object.__hash__` on `type[object]` as unbound.
    return _words_only_class(type(chosen))(params)  # type: ignore[arg-type]
