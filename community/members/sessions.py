"""Sessions that know their member: the session and the member signed in to it, in one query.

Django reads a signed-in page's session (one query) and then its member (another). Here the
session row carries the member's id as a column (`community.models.MemberSession`), so loading
the session reads the member with it. Django's own sign-in checks still decide who the request
belongs to (`django.contrib.auth.get_user`: the backend named in the session, the member's
password hash, whether they may sign in); only the backends' `get_user` is answered from the
row already read (`community.members.auth.SessionMemberMixin`), and only for the request whose
session
read it (`member_from_session`).

Used by setting SESSION_ENGINE to this module and the authentication middleware to
`community.infra.middleware.SessionMemberAuthenticationMiddleware`.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DBStore
from django.db import connection
from django.utils import timezone

from community.infra import sql

if TYPE_CHECKING:
    from collections.abc import Iterator

    from community.models import MemberSession, User

# What a session knows of its member when no member was read with it (the session is not
# loaded yet, or is new in this request): the sign-in check then reads the member itself.
NOT_READ = object()

# The session whose member a sign-in check may take, while that check runs (and only then).
_reading: contextvars.ContextVar[SessionStore | None] = contextvars.ContextVar(
    "community_session_reading", default=None
)


def member_id_in(data: dict) -> int | None:
    """The member signed in, from a session's data (None when nobody is)."""
    try:
        return int(data[SESSION_KEY])
    except (KeyError, TypeError, ValueError):
        return None


class SessionStore(DBStore):
    """Django's database sessions, stored in `MemberSession` with the member's id, and read
    together with the member (a LEFT JOIN: a member deleted since reads as nobody)."""

    def __init__(self, session_key: str | None = None) -> None:
        super().__init__(session_key)
        self._member: tuple[int | None, User | None] | object = NOT_READ

    @classmethod
    def get_model_class(cls) -> type[MemberSession]:
        from community.models import MemberSession

        return MemberSession

    def _get_session_from_db(self) -> MemberSession | None:
        # Django's read (`DBStore._get_session_from_db`) with the member joined, in plain SQL:
        # it runs on every signed-in request, and building the ORM's query for it took longer
        # than PostgreSQL took to answer (see community/infra/sql.py).
        from community.models import MemberSession, User

        if not self.session_key:
            return None
        quote = connection.ops.quote_name
        expires = MemberSession._meta.get_field("expire_date")
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {sql.select_list(MemberSession, 's')}, {sql.select_list(User, 'u')} "  # noqa: S608 - names from the models; values are parameters
                f"FROM {quote(MemberSession._meta.db_table)} s "
                f"LEFT JOIN {quote(User._meta.db_table)} u ON u.id = s.member_id "
                "WHERE s.session_key = %s AND s.expire_date > %s",
                [self.session_key, expires.get_db_prep_value(timezone.now(), connection)],
            )
            found = cursor.fetchone()
        if found is None:
            self._session_key = None
            return None
        split = sql.column_count(MemberSession)
        row = sql.model_from_row(MemberSession, "s", found[:split])
        member = sql.model_from_row(User, "u", found[split:]) if found[split] is not None else None
        self._member = (row.member_id, member)
        return row

    def create_model_instance(self, data: dict) -> MemberSession:
        row = super().create_model_instance(data)
        row.member_id = member_id_in(data)
        return row

    def member_if_read(self, member_id: str | int) -> User | object | None:
        """The member read with this session, if it is the one asked for; `NOT_READ` when the
        session was not read with its member, or names someone else."""
        if self._member is NOT_READ:
            return NOT_READ
        read_id, member = self._member
        if read_id is None or str(read_id) != str(member_id):
            return NOT_READ
        return member


@contextmanager
def member_from_session(session: SessionStore) -> Iterator[None]:
    """While this runs, the sign-in backends may answer `get_user` from `session`'s row."""
    token = _reading.set(session if isinstance(session, SessionStore) else None)
    try:
        yield
    finally:
        _reading.reset(token)


def session_being_read() -> SessionStore | None:
    """The session whose member the running sign-in check may take (see `member_from_session`)."""
    return _reading.get()
