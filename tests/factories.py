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
from django.conf import settings
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


# --- Stories -----------------------------------------------------------------------------------


def story_index(*, title: str = "Stories", slug: str = "stories"):
    """The story index under the home page (the existing one, if there is one)."""
    from wagtail.models import Site

    from stories.models import StoryIndexPage

    existing = StoryIndexPage.objects.first()
    if existing is not None:
        return existing
    home = Site.objects.get(is_default_site=True).root_page
    index = StoryIndexPage(title=title, slug=slug)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def story_submission(
    *,
    author: User | None = None,
    title: str = "The year we stopped sleeping",
    body: str = "For months we did not know where he went at night.",
    channels: tuple[str, ...] = ("website",),
    naming: str = "byline",
    teller: str = "mum",
    region: str = "north-west",
    themes: tuple[str, ...] = (),
    content_notes: tuple[str, ...] = (),
    expires_at=None,
):
    """A story a member sent, with consent, waiting in the moderation queue."""
    from stories import services
    from stories.models import ThemeSnippet

    sent = services.story_submit(
        author=author or UserFactory(),
        title=title,
        body=body,
        themes=list(ThemeSnippet.objects.filter(slug__in=themes)),
        content_notes=list(content_notes),
        teller=teller,
        region=region,
        naming=naming,
        channels=list(channels),
        expires_at=expires_at,
    )
    return sent.submission


def approved_story(*, moderated_by: User | None = None, **kwargs):
    """A story a moderator approved: its draft page waits for the editors' sign-off."""
    from moderation import services as moderation_services
    from moderation.models import QueueItem

    story_index()
    submission = story_submission(**kwargs)
    item = QueueItem.for_instance(submission).get(state="waiting")
    moderation_services.approve(item=item, moderator=moderated_by or moderator())
    submission.refresh_from_db()
    return submission


def published_story(**kwargs):
    """A story whose page is live (an editor published its latest revision)."""
    submission = approved_story(**kwargs)
    page = submission.page
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


def organiser(**kwargs) -> User:
    """A member of the Campaign organisers group (may start campaigns), past the new-member
    hold."""
    user = trusted_member(**kwargs)
    user.groups.add(Group.objects.get_or_create(name="Campaign organisers")[0])
    return user


def campaign(*, by: User | None = None, status: str = "open", questions=(), **kwargs):
    """A campaign started by an organiser through the service, with its questions
    (`(kind, label)` or `(kind, label, choices)` tuples), opened unless told otherwise."""
    from campaigns import services as campaigns

    by = by or organiser()
    kwargs.setdefault("title", "Believe parents")
    kwargs.setdefault("aim", "Agencies should treat parents as partners, not suspects.")
    made = campaigns.campaign_create(creator=by, **kwargs)
    for spec in questions:
        kind, label, *choices = spec
        campaigns.question_save(
            campaign=made,
            actor=by,
            kind=kind,
            label=label,
            choices=choices[0] if choices else None,
        )
    if status != "draft":
        campaigns.campaign_set_status(campaign=made, actor=by, status=status)
    return made


def sent_testimony(
    *,
    on,
    author: User | None = None,
    answers: dict | None = None,
    approve: bool = True,
    created_at=None,
    **consents,
):
    """Testimony sent through the service (held, as all testimony is), approved at the desk
    unless told otherwise. `answers` maps question labels to answers; consents default to none."""
    from campaigns import services as campaigns
    from campaigns.models import Testimony
    from moderation import services as moderation_services

    author = author or UserFactory()
    by_label = {q.label: q for q in on.testimony_form.questions.all()}
    raw = {by_label[label].field_name: value for label, value in (answers or {}).items()}
    cleaned = campaigns.clean_answers(list(by_label.values()), raw)
    sent = campaigns.testimony_submit(
        campaign=on,
        author=author,
        answers=cleaned,
        consents=campaigns.Consents(**consents),
    )
    if approve:
        moderation_services.approve(
            item=sent.submission.item, moderator=moderator(), reason="Checked for details."
        )
    if created_at is not None:
        Testimony.objects.filter(pk=sent.testimony.pk).update(created_at=created_at)
    sent.testimony.refresh_from_db()
    return sent.testimony


def wagtail_tree_as_migrated() -> None:
    """The root collection, default Site and home page that stories and images need, as the
    migrations make them: a transactional test's flush empties Wagtail's tree and sites (its
    post_migrate handlers bring back groups and themes, not pages)."""
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page, Site

    from community.models import HomePage

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    if Site.objects.filter(is_default_site=True).exists():
        return
    code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    locale, _ = Locale.objects.get_or_create(language_code=code)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    home = root.add_child(instance=HomePage(title="Home", slug="home", locale=locale))
    Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
