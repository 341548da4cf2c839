"""The sign-in backends: each signed-in request's member read in one plain query, and
members' permissions read from the shared cache instead of two queries on every page."""

from __future__ import annotations

import time

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from community.infra import sql
from community.models import User

VERSION_KEY = "community:perms-version"
PERMISSIONS_SECONDS = 10 * 60


def permissions_key(member_id: int) -> str:
    """The cache key of a member's permission set."""
    return f"community:perms:{member_id}"


def _fresh_version() -> int:
    # A version the cache cannot have seen: if the counter is ever lost (evicted, a Redis
    # restart), it starts again above every number used before, never back at an old one.
    return time.time_ns() // 1000


def _version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, _fresh_version(), None)
        version = cache.get(VERSION_KEY) or _fresh_version()
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no counter (never made, or lost): a fresh one
        cache.set(VERSION_KEY, _fresh_version(), None)


def forget_permissions(**kwargs) -> None:
    """Called when any group, permission or member's grant changes: every member's cached
    permissions are read again from the database on their next request. Again after the
    commit, so a request reading in between cannot keep the old set."""
    _bump()
    transaction.on_commit(_bump)


class SignInOnlyMixin:
    """A backend that signs members in and leaves permissions to `CachedPermissionsBackend`,
    which answers them by the same rules from the cache. Django asks every backend in turn, so
    without this each permission check a non-moderator fails would be asked three times."""

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        return set()

    def has_perm(self, user_obj, perm, obj=None) -> bool:
        return False

    def has_module_perms(self, user_obj, app_label) -> bool:
        return False


def member_by_id(member_id: object) -> User | None:
    """The member with this id (as a session stores it), read in plain SQL; None when there is
    none. Every signed-in request reads its member by id, and building the ORM's query for it
    took several times as long as the database took to answer (`community.infra.sql`)."""
    try:
        pk = User._meta.pk.to_python(member_id)
    except ValidationError:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql.select_list(User, 'u')} "  # noqa: S608 - names from the model; the id is a parameter
            f"FROM {connection.ops.quote_name(User._meta.db_table)} u WHERE u.id = %s",
            [pk],
        )
        row = cursor.fetchone()
    return sql.model_from_row(User, "u", row) if row is not None else None


class MemberReadMixin:
    """A sign-in backend's `get_user`, as Django's (`ModelBackend.get_user`: the member by id,
    if they may sign in), with the member read by `member_by_id`."""

    def get_user(self, user_id):
        member = member_by_id(user_id)
        return member if member is not None and self.user_can_authenticate(member) else None


class MemberModelBackend(SignInOnlyMixin, MemberReadMixin, ModelBackend):
    """Django's backend, signing in only (permissions: `CachedPermissionsBackend`)."""


class MemberAuthenticationBackend(SignInOnlyMixin, MemberReadMixin, AuthenticationBackend):
    """allauth's backend (sign-in by e-mail), signing in only."""


class CachedPermissionsBackend(ModelBackend):
    """Django's permission rules, with each member's permission set kept in the cache.

    Every signed-in page asks whether the member moderates (`moderation.selectors`), which
    cost two queries a request. The set is cached under a version that any change to
    groups, permissions or grants bumps (`forget_permissions`), so a moderator removed from
    the role loses it on their next request. It never signs anyone in: the backends after it
    do that, so existing sessions keep working.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        return None

    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # The version and the member's entry in one round trip; the entry says which
            # version it was read under, and any other version means it is stale.
            key = permissions_key(user_obj.pk)
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY)
            if version is None:
                version = _version()
            kept = found.get(key)
            if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == version:
                permissions = kept[1]
            else:
                permissions = set(super().get_all_permissions(user_obj))
                cache.set(key, (version, permissions), PERMISSIONS_SECONDS)
            user_obj._perm_cache = set(permissions)
        return user_obj._perm_cache
