"""Discussion places: where an app that keeps conversations (forums) and an app that needs one
(campaigns) meet without importing each other.

Two registries, both filled from `AppConfig.ready()`:

- **The opener.** The app that keeps boards registers one `DiscussionOpener`; another app asks it
  for a board with `discussion_open()` and keeps the id it gets back. Only one opener may be
  registered (there is one forum).
- **Board access rules.** An app that opened a board may restrict who sees it (a draft campaign's
  board is for its organisers, campaign staff and moderators). The board carries the rule's name
  (forums keeps it on `Board.access_rule`); forums asks the rule only about boards that carry it,
  so an ordinary board never costs a query more, and no forum query ever joins another app's
  tables: a rule answers in board ids.

A board whose rule is not registered (its app was removed) is hidden from everyone but the
forums' own moderators: failing closed is the safe side for a parent's words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Protocol


class BoardAccessRule(Protocol):
    """Who may see the boards an app opened. Both answers are about boards carrying the rule."""

    def may_see(self, user, board_id: int) -> bool:
        """Whether this member may see this board (they may see ordinary boards already)."""
        ...

    def hidden_from(self, user) -> Iterable[int]:
        """The ids of this rule's boards the member may not see (one query at most)."""
        ...


@dataclass(frozen=True)
class DiscussionOpener:
    """How the forums open and rename a board for another app (functions the forums supply)."""

    # open(slug=..., title=..., description=..., access_rule=...) -> the new board's id
    open: Callable[..., int]
    # retitle(board_id, title=..., description=...)
    retitle: Callable[..., None]
    # slug_taken(slug) -> whether a board already has this address
    slug_taken: Callable[[str], bool]


_rules: dict[str, BoardAccessRule] = {}
_opener: list[DiscussionOpener] = []


def register_board_access(name: str, rule: BoardAccessRule) -> None:
    """Register the rule for boards whose `access_rule` is `name` (again: the same rule)."""
    if not name or len(name) > 40:
        raise ValueError("A board access rule's name is 1 to 40 characters.")
    _rules[name] = rule


def board_access_rule(name: str) -> BoardAccessRule | None:
    """The rule registered under `name`, or None."""
    return _rules.get(name)


def board_access_rules() -> dict[str, BoardAccessRule]:
    """Every registered rule by name (a copy)."""
    return dict(_rules)


def register_discussion_opener(opener: DiscussionOpener) -> None:
    """The forums say how a board is opened (registering again replaces it)."""
    _opener[:] = [opener]


def _the_opener() -> DiscussionOpener:
    if not _opener:
        raise RuntimeError("No app that keeps discussion boards is installed.")
    return _opener[0]


def discussion_open(*, slug: str, title: str, description: str, access_rule: str = "") -> int:
    """Open a board for another app's discussion; returns its id."""
    return _the_opener().open(
        slug=slug, title=title, description=description, access_rule=access_rule
    )


def discussion_retitle(board_id: int, *, title: str, description: str) -> None:
    """Change the title and description of a board opened with `discussion_open`."""
    _the_opener().retitle(board_id, title=title, description=description)


def discussion_slug_taken(slug: str) -> bool:
    """Whether a board already has this address."""
    return _the_opener().slug_taken(slug)
