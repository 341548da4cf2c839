"""The request type of a view that only members reach.

`login_required` turns anonymous visitors away before the view runs, so inside it
`request.user` is always a member; django-stubs cannot see that and types it
`User | AnonymousUser`. Annotating such a view's request as `MemberRequest` (django-stubs'
documented pattern) lets it pass the user to services typed for a member without a cast at
every call. For the type checker only: Django still passes an ordinary `HttpRequest`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from community.models import User


class MemberRequest(HttpRequest):
    """The request of a view behind `login_required`: its user is a member, never anonymous."""

    user: User
