"""Reactions: counts under a post, never a list of who gave them.

A member gives or takes back one reaction of each kind per post (`reaction_toggle`); pages and
the live copy show every kind's count, and whether the reader gave it, read for a whole page in
one grouped query that never returns who else reacted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.http import Http404

from community.infra import sql
from community.models import User
from moderation.models import ModerationState

from .. import permissions
from ..models import Post, Reaction

REACTION_LIMIT = 30
"""Reactions a member may send in REACTION_PERIOD seconds (the view counts them)."""
REACTION_PERIOD = 60


@dataclass(frozen=True)
class ReactionCount:
    """One button under a post: its kind, label, how many, and whether the viewer gave it."""

    kind: str
    label: str
    count: int
    mine: bool = False


def reactable_post_or_404(user, post_id: int) -> Post:
    """A post the member may react to. 404 for anyone who may not see it, and for held,
    hidden or removed posts: reacting to them is not possible, and saying so would tell a
    stranger that they exist."""
    post = (
        Post.objects.select_related("thread__board")
        .filter(pk=post_id, moderation_state=ModerationState.PUBLISHED, removed_by_author=False)
        .first()
    )
    if post is None or not permissions.may_open_thread(user, post.thread):
        raise Http404
    return post


def reaction_toggle(*, post: Post, member, kind: str) -> bool:
    """Give a reaction of `kind` to a post, or take it back if given. Returns True when given.

    One of each kind per member per post. Raises ValidationError for an unknown kind and
    PermissionDenied for a post that is not published, removed, the member's own, or one the
    member may not see.
    """
    if kind not in Reaction.Kind.values:
        raise ValidationError("Please choose one of the reactions under the post.")
    refusal = permissions.reaction_refusal(member, post)
    if refusal:
        raise PermissionDenied(refusal)
    with transaction.atomic():
        taken_back, _ = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
        if taken_back:
            return False
        Reaction.objects.get_or_create(post=post, member=member, kind=kind)
        return True


def _reactions_sql(post_ids: list[int]) -> str:
    # In SQL: it runs on every thread page view, where the ORM took longer to build the
    # query than the database to answer it. One parameter: the viewer's id.
    table = connection.ops.quote_name(Reaction._meta.db_table)
    return (
        "SELECT post_id, kind, COUNT(*), "  # noqa: S608 - the model's table; integer ids
        "SUM(CASE WHEN member_id = %s THEN 1 ELSE 0 END) "
        f"FROM {table} WHERE post_id IN ({sql.id_list(post_ids)}) "
        "GROUP BY post_id, kind"
    )


def reaction_rows(post_ids: list[int], viewer_id: int | None) -> list[tuple[int, str, int, bool]]:
    """(post id, kind, count, whether the viewer gave it) for each kind given at least once
    to these posts, in one grouped query. It never returns who else reacted."""
    if not post_ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_reactions_sql(post_ids), [viewer_id])
        return [(post_id, kind, n, bool(mine)) for post_id, kind, n, mine in cursor]


def reaction_rows_and_names(
    post_ids: list[int], viewer_id: int | None, names_of: list[int]
) -> tuple[list[tuple[int, str, int, bool]], dict[int, str | None]]:
    """`reaction_rows`, and in the same round trip the display name of the author of each
    post in `names_of` (None: no author, an erased member), for a page that checks the names
    it shows (`forums.thread_page.kept`)."""
    if not names_of:
        return reaction_rows(post_ids, viewer_id), {}
    posts, users = (connection.ops.quote_name(m._meta.db_table) for m in (Post, User))
    names = (
        f"SELECT p.id, u.display_name, NULL, NULL FROM {posts} p "  # noqa: S608 - names from the models; integer ids
        f"LEFT JOIN {users} u ON u.id = p.author_id WHERE p.id IN ({sql.id_list(names_of)})"
    )
    if not post_ids:
        query, params = names, []
    else:
        # A name's row has no count: that tells the two kinds of row apart.
        query, params = f"{_reactions_sql(post_ids)} UNION ALL {names}", [viewer_id]
    rows, found = [], {}
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for post_id, kind_or_name, n, mine in cursor:
            if n is None:
                found[post_id] = kind_or_name
            else:
                rows.append((post_id, kind_or_name, n, bool(mine)))
    return rows, found


def reactable_ids(posts: Iterable) -> list[int]:
    """The posts that show reaction buttons: published, and not removed by their author."""
    return [post.pk for post in posts if post.is_published and not post.removed_by_author]


def reaction_counts(posts: Iterable[Post], viewer=None) -> dict[int, list[ReactionCount]]:
    """Every kind's count for each published post, in one grouped query for all of them.

    `mine` says whether the viewer gave it; the query never returns who else did.
    """
    ids = reactable_ids(posts)
    viewer_id = viewer.pk if viewer is not None and viewer.is_authenticated else None
    found = {(pk, kind): (n, mine) for pk, kind, n, mine in reaction_rows(ids, viewer_id)}
    kinds = [(kind, str(label)) for kind, label in Reaction.Kind.choices]
    return {
        pk: [
            ReactionCount(kind, label, *found.get((pk, kind), (0, False))) for kind, label in kinds
        ]
        for pk in ids
    }


def attach_reactions(posts: Iterable[Any], viewer=None) -> None:
    """Set `reaction_counts` and `can_react` on each post (a `Post` or a `rendering.PostRow`),
    for `forums/includes/post.html`."""
    posts = list(posts)
    counts = reaction_counts(posts, viewer)
    viewer_id = viewer.pk if viewer is not None else None
    for post in posts:
        post.reaction_counts = counts.get(post.pk, [])
        post.can_react = viewer_id is None or post.author_id != viewer_id
