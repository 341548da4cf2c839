"""Muting: whole threads, and words a member would rather not read.

A muted thread sends no notifications and sinks to the bottom of its board; a post, quote or
title that uses one of the member's muted words is folded away until they choose to read it.
The list is theirs alone. Their preferences row also holds the digest choice (`digests`), as
both are saved from the one settings page.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from ..models import ForumPreferences, Post, Thread, ThreadWatch
from .following import watch_set

MAX_MUTED_WORDS = 30
MAX_MUTED_WORD_LENGTH = 40


def thread_mute(*, member, thread: Thread) -> ThreadWatch:
    """Mute a thread: no notifications, and it sinks to the bottom of the board, dimmed."""
    return watch_set(member, thread, ThreadWatch.Level.MUTED)


def thread_unmute(*, member, thread: Thread) -> None:
    """Unmute a thread (it is then neither followed nor muted)."""
    ThreadWatch.objects.filter(member=member, thread=thread, level=ThreadWatch.Level.MUTED).delete()


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def parse_muted_words(text: str) -> list[str]:
    """One word or phrase a line, folded (case, width, spaces), without repeats.

    Raises ValidationError for too many or too long.
    """
    words: list[str] = []
    for line in text.splitlines():
        word = _fold(line)
        if word and word not in words:
            words.append(word)
    if len(words) > MAX_MUTED_WORDS:
        raise ValidationError(f"You can mute up to {MAX_MUTED_WORDS} words or phrases.")
    long = [word for word in words if len(word) > MAX_MUTED_WORD_LENGTH]
    if long:
        raise ValidationError(
            f"Please keep each muted word or phrase under {MAX_MUTED_WORD_LENGTH} characters."
        )
    return words


@dataclass
class MutedWords:
    """A member's muted words, matched whole (not inside longer words), ignoring case."""

    words: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._pattern = None
        if self.words:
            alternatives = "|".join(
                re.escape(word) for word in sorted(self.words, key=len, reverse=True)
            )
            self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")

    def __bool__(self) -> bool:
        return bool(self.words)

    def found_in(self, *texts: str) -> bool:
        if self._pattern is None:
            return False
        return any(self._pattern.search(_fold(text)) for text in texts if text)


def preferences_of(member) -> ForumPreferences:
    """The member's preferences (an unsaved default if they have none: reading never writes)."""
    return ForumPreferences.objects.filter(member=member).first() or ForumPreferences(member=member)


def muted_words_of(member) -> MutedWords:
    return MutedWords(list(preferences_of(member).muted_words))


def mark_muted_posts(posts: Iterable[Post], muted: MutedWords) -> None:
    """Set `muted` on posts whose text, content note or shown quote uses a muted word."""
    for post in posts:
        quote = post.quote_of.body if post.quote_of_id and post.quote_of else ""
        post.muted = (
            bool(muted)
            and not post.removed_by_author
            and muted.found_in(post.body, post.content_note, quote)
        )


def mark_muted_threads(threads: Iterable[Thread], muted: MutedWords) -> None:
    """Set `title_muted` on threads whose title uses a muted word (the board folds it away)."""
    for thread in threads:
        thread.title_muted = muted.found_in(thread.title)


def preferences_update(*, member, muted_words: str, digest: bool) -> ForumPreferences:
    """Save the member's muted words (one a line) and digest choice. Raises ValidationError."""
    words = parse_muted_words(muted_words)
    preferences, _ = ForumPreferences.objects.update_or_create(
        member=member, defaults={"muted_words": words, "digest": digest}
    )
    return preferences
