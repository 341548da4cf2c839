"""Members' permissions, read from the shared cache instead of two queries on every page."""

from __future__ import annotations

import time

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from community.members.sessions import NOT_READ, session_being_read

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


class SessionMemberMixin:
    """A backend's `get_user`, answered from the member read with the session when the sign-in
    check running is this request's (`community.members.sessions`); otherwise as the backend would.
    Whether the member may sign in is still the backend's own rule."""

    def get_user(self, user_id):
        session = session_being_read()
        if session is not None:
            member = session.member_if_read(user_id)
            if member is not NOT_READ:
                return member if member is not None and self.user_can_authenticate(member) else None
        return super().get_user(user_id)


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


class MemberModelBackend(SignInOnlyMixin, SessionMemberMixin, ModelBackend):
    """Django's backend, with the member from the session's row (`SessionMemberMixin`)."""


class MemberAuthenticationBackend(SignInOnlyMixin, SessionMemberMixin, AuthenticationBackend):
    """allauth's backend (sign-in by e-mail), with the member from the session's row."""


class CachedPermissionsBackend(SessionMemberMixin, ModelBackend):
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
