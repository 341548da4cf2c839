"""Boards other apps open and restrict, as the forums see them (`community.discussions`).

A campaign's board is a board like any other, opened through `community.discussions` and
marked with its app's access rule (`Board.access_rule`). The forums never import the app that
opened it: they ask its registered rule, and only about boards that carry one, so the forums'
own boards and circles cost nothing more.
"""

from __future__ import annotations

from django.db.models import Q

from community.discussions import DiscussionOpener, board_access_rule, board_access_rules

from .models import Board

# Boards opened for another app's discussion come after the forums' own on the index.
OPENED_BOARD_ORDER = 100


def may_see_by_rule(user, board: Board) -> bool:
    """Whether the board's access rule lets this member see it (True for ordinary boards).

    A rule that is not registered (its app was removed) lets no one in: the caller lets
    moderators in before asking."""
    if not board.access_rule:
        return True
    rule = board_access_rule(board.access_rule)
    return rule is not None and rule.may_see(user, board.pk)


def restricted_filter(user) -> Q:
    """A filter on `Board` leaving out the boards a rule hides from this member: one query per
    registered rule (for the ids it hides), none for the forums' own boards."""
    rules = board_access_rules()
    hidden: set[int] = set()
    for rule in rules.values():
        hidden.update(rule.hidden_from(user))
    allowed = Q(access_rule="") | Q(access_rule__in=list(rules))
    return allowed & ~Q(pk__in=sorted(hidden)) if hidden else allowed


def _open(*, slug: str, title: str, description: str, access_rule: str = "") -> int:
    return Board.objects.create(
        slug=slug,
        title=title[:120],
        description=description[:300],
        order=OPENED_BOARD_ORDER,
        access_rule=access_rule,
    ).pk


def _retitle(board_id: int, *, title: str, description: str) -> None:
    Board.objects.filter(pk=board_id).update(title=title[:120], description=description[:300])


def _slug_taken(slug: str) -> bool:
    return Board.objects.filter(slug=slug).exists()


OPENER = DiscussionOpener(open=_open, retitle=_retitle, slug_taken=_slug_taken)
