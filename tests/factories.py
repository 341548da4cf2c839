"""Factories: build only what a test needs, with keyword defaults."""

from __future__ import annotations

import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
)
from django.contrib.auth.models import Group

from community.models import User

PASSWORD = "a-long-test-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A verified member who can sign in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Member {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, verified=extracted is not False, primary=True
            )

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            for name in extracted:
                self.groups.add(Group.objects.get_or_create(name=name)[0])


def staff_user(*, with_mfa: bool, **kwargs) -> User:
    """A moderator (admin access through the Moderators group), with or without TOTP."""
    user = UserFactory(groups=["Moderators"], **kwargs)
    if with_mfa:
        give_totp(user)
    return user


def give_totp(user: User) -> str:
    """Enrol a TOTP authenticator for the user; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def totp_code(secret: str) -> str:
    """The current code an authenticator app would show for this secret."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


__all__ = ["PASSWORD", "Authenticator", "UserFactory", "give_totp", "staff_user", "totp_code"]


def moderator(*, safeguarding: bool = False, **kwargs) -> User:
    """A moderator with MFA (as the desk requires); a safeguarding lead if asked."""
    groups = ["Moderators", "Safeguarding leads"] if safeguarding else ["Moderators"]
    user = UserFactory(groups=groups, **kwargs)
    give_totp(user)
    return user


def trusted_member(**kwargs) -> User:
    """A member past the new-member hold (three approved contributions)."""
    from moderation.models import Standing

    user = UserFactory(**kwargs)
    Standing.objects.create(member=user, approved_count=3)
    return user


def note(
    *, author: User | None = None, body: str = "We got through another week.", space: str = ""
):
    """A saved, not yet submitted, piece of throwaway content (tests.scratch)."""
    from tests.scratch.models import Note

    return Note.objects.create(author=author or UserFactory(), body=body, space=space)


def board(*, slug: str | None = None, circle: bool = False, host: User | None = None, **kwargs):
    """A forum board (or a private circle, with its host)."""
    from forums.models import Board

    slug = slug or f"board-{Board.objects.count() + 1}"
    return Board.objects.create(
        slug=slug, title=kwargs.pop("title", slug.title()), is_circle=circle, host=host, **kwargs
    )


def join_circle(circle, member: User) -> None:
    from forums.models import CircleMembership

    CircleMembership.objects.create(circle=circle, member=member, state="active")


def published_thread(
    *, on, author: User | None = None, title="A hard week", body="We got through it."
):
    """A thread whose opening post is published (by a trusted member)."""
    from forums import services

    posted = services.thread_create(
        board=on, author=author or trusted_member(), title=title, body=body
    )
    assert not posted.submission.held
    return posted.post.thread
