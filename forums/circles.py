"""Support circles: who is in them, who may manage them, and the verbs that change that.

A circle is a private board (`Board.is_circle`). Its host (and the moderators) manage it; its
active members (and the host, and moderators) see it. A member joins by accepting the host's
invitation, or by asking to join and being approved.

How members find circles: every participant can see a list of circles to ask to join on
/forums/circles/, showing each circle's title and description only (written by staff when they
set the circle up). The list never shows the host, the members, how many there are or how busy
the circle is; a circle's page, threads and posts stay 404 to anyone who is not in it.

Each change is told to the member it affects through `community.services.notify`, in a neutral
message that never names who did it. Removing or leaving closes that member's open sockets, so
their tabs stop receiving the circle's live thread events at once (see `_close_sockets`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse

from community.infra.ratelimit import allow
from community.live import topics as live
from community.members.names import normalise
from community.selectors import member_by_display_name
from community.services import notify
from moderation.selectors import can_moderate

from .models import Board, CircleMembership
from .selectors import is_participant

State = CircleMembership.State

# A host may try this many invitations an hour (typos included, so names cannot be probed in
# bulk); a member may ask to join this many circles a day, and the same circle this many times a
# week (so a refused member cannot keep pressing the host).
INVITES_PER_HOUR = 20
REQUESTS_PER_DAY = 10
REQUESTS_PER_CIRCLE_PER_WEEK = 2

HOUR = 60 * 60
DAY = 24 * HOUR
WEEK = 7 * DAY


# --- Selectors ---------------------------------------------------------------------------------


def circles_url() -> str:
    """The member's own circles page."""
    return reverse("forums:circles")


def members_url(circle: Board) -> str:
    """The host's page for a circle's members and invitations."""
    return reverse("forums:circle_members", args=[circle.slug])


def can_manage_circle(user, circle: Board) -> bool:
    """The circle's host and moderators, while they may take part at all."""
    if not circle.is_circle or not is_participant(user):
        return False
    return circle.host_id == user.pk or can_moderate(user)


def circle_or_404(slug: str) -> Board:
    """Any circle, by slug: for a member's own actions (asking, accepting, leaving)."""
    circle = Board.objects.filter(slug=slug, is_circle=True).select_related("host").first()
    if circle is None:
        raise Http404
    return circle


def managed_circle_or_404(user, slug: str) -> Board:
    """The circle, or 404 for anyone who may not manage it (its existence is not confirmed)."""
    circle = Board.objects.filter(slug=slug, is_circle=True).select_related("host").first()
    if circle is None or not can_manage_circle(user, circle):
        raise Http404
    return circle


def membership_of(member, circle: Board) -> CircleMembership | None:
    """The member's invitation, request or membership of this circle, if any."""
    if not member.is_authenticated:
        return None
    return CircleMembership.objects.filter(circle=circle, member=member).first()


def circle_roster(circle: Board) -> list[CircleMembership]:
    """Everyone invited to, asking to join or in the circle, for its host: requests first."""
    order: dict[str, int] = {State.REQUESTED: 0, State.INVITED: 1, State.ACTIVE: 2}
    memberships = list(
        CircleMembership.objects.filter(circle=circle)
        .select_related("member")
        .order_by("member__display_name")
    )
    memberships.sort(key=lambda m: order.get(m.state, 3))
    return memberships


def joinable_circles(user) -> QuerySet[Board]:
    """Circles a participant could ask to join: ones with an active host, that they neither
    host nor have an invitation, request or membership for. Title and description only are
    meant to be shown."""
    if not is_participant(user):
        return Board.objects.none()
    mine = CircleMembership.objects.filter(circle=OuterRef("pk"), member=user)
    return (
        Board.objects.filter(is_circle=True, host__isnull=False, host__is_active=True)
        .exclude(host=user)
        .exclude(Exists(mine))
        .only("pk", "slug", "title", "description", "order")
        .order_by("order", "title")
    )


@dataclass(frozen=True)
class CirclesOverview:
    """What a member's circles page shows."""

    invitations: list[CircleMembership]
    requests: list[CircleMembership]
    memberships: list[CircleMembership]
    hosting: Sequence[Board]  # each with `asking`: how many ask to join
    joinable: list[Board]


def circles_overview(user) -> CirclesOverview:
    """The member's invitations, requests, circles and hosted circles, and ones to ask to join."""
    mine = list(
        CircleMembership.objects.filter(member=user, circle__is_circle=True)
        .select_related("circle")
        .order_by("circle__order", "circle__title")
    )
    hosting = list(
        Board.objects.filter(is_circle=True, host=user)
        .annotate(asking=Count("memberships", filter=Q(memberships__state=State.REQUESTED)))
        .order_by("order", "title")
    )
    return CirclesOverview(
        invitations=[m for m in mine if m.state == State.INVITED],
        requests=[m for m in mine if m.state == State.REQUESTED],
        memberships=[m for m in mine if m.state == State.ACTIVE],
        hosting=hosting,
        joinable=list(joinable_circles(user)),
    )


# --- Services ----------------------------------------------------------------------------------


def _require_manager(user, circle: Board) -> None:
    if not can_manage_circle(user, circle):
        raise PermissionDenied("Only the circle's host can do that.")


def _require_member_can_act(member, circle: Board) -> None:
    if not circle.is_circle or not is_participant(member):
        raise PermissionDenied("You can't do that.")


def _close_sockets(member) -> None:
    """After commit, close every open socket of a member who has just lost access to a circle.

    The consumer does not re-check a subscription when an event arrives, so a socket that was
    subscribed to one of the circle's threads would keep receiving it. `community` offers one
    control message, "close all this member's sockets", and we use it rather than a finer one:
    the member's tabs reconnect within a second or two (thread.js retries after 1 s) and each
    re-subscribes, and every subscription is authorised afresh like the page, so their other
    boards and their notifications come straight back while the circle's thread topics are
    refused. The cost is a brief "reconnecting" in their other tabs; the gain is that access
    ends at once with no per-topic bookkeeping in the socket.
    """
    member_id = member.pk
    transaction.on_commit(lambda: live.close_member_sockets(member_id))


def _title(circle: Board) -> str:
    return f"\u201c{circle.title}\u201d"


def circle_invite(*, circle: Board, host, display_name: str) -> CircleMembership:
    """The host (or a moderator) invites a member by their display name.

    The name is matched as display names are compared (case and look-alike letters ignored).
    Raises ValidationError with a message for the host if nobody has that name (saying nothing
    else about it), or if they are already invited or in the circle; PermissionDenied unless
    `host` manages the circle. Inviting someone who asked to join lets them in.
    """
    _require_manager(host, circle)
    name = normalise(display_name or "")
    if not name:
        raise ValidationError("Please type the display name of the member you want to invite.")
    if not allow("circle-invite", f"member:{host.pk}", limit=INVITES_PER_HOUR, period=HOUR):
        raise ValidationError(
            "You've sent a lot of invitations in the last hour. Please try again later."
        )
    invitee = member_by_display_name(name)
    if invitee is None:
        raise ValidationError(
            f"We couldn't find a member called \u201c{name}\u201d. Please check the spelling "
            "of their display name."
        )
    if invitee.pk == circle.host_id:
        raise ValidationError("The host is already part of this circle.")
    with transaction.atomic():
        existing = (
            CircleMembership.objects.select_for_update()
            .filter(circle=circle, member=invitee)
            .first()
        )
        if existing is not None and existing.state == State.REQUESTED:
            return _activate(existing)
        if existing is not None:
            if existing.state == State.ACTIVE:
                raise ValidationError(f"{invitee.display_name} is already in this circle.")
            raise ValidationError(f"{invitee.display_name} has already been invited.")
        try:
            with transaction.atomic():
                membership = CircleMembership.objects.create(
                    circle=circle, member=invitee, state=State.INVITED
                )
        except IntegrityError:
            raise ValidationError(f"{invitee.display_name} has already been invited.") from None
        notify(
            invitee,
            kind="circle.invited",
            message=(
                f"You've been invited to join the support circle {_title(circle)}. "
                "You can accept or decline on your circles page."
            ),
            url=circles_url(),
        )
    return membership


def _may_ask(member, circle: Board) -> bool:
    """Count one request; False once the member has asked this circle, or circles in all,
    too often lately (counted in the cache, so a refusal leaves no stored trace)."""
    who = f"member:{member.pk}"
    this_circle = f"{who}:circle:{circle.pk}"
    return allow(
        "circle-request", this_circle, limit=REQUESTS_PER_CIRCLE_PER_WEEK, period=WEEK
    ) and allow("circle-requests", who, limit=REQUESTS_PER_DAY, period=DAY)


def circle_request(*, circle: Board, member) -> CircleMembership:
    """A member asks to join a circle they found on the circles page.

    The host is told that a member has asked, without a name; the member is told when the host
    decides. If the member was already invited, asking accepts the invitation. Raises
    ValidationError if they are already in, already asked, or have asked too often;
    PermissionDenied if they may not take part or the circle has no host to decide.
    """
    _require_member_can_act(member, circle)
    host = circle.host
    if host is None or not host.is_active:
        raise PermissionDenied("This circle isn't taking requests.")
    if circle.host_id == member.pk:
        raise ValidationError("You host this circle.")
    existing = membership_of(member, circle)
    if existing is not None:
        if existing.state == State.INVITED:
            return circle_accept_invitation(circle=circle, member=member)
        if existing.state == State.ACTIVE:
            raise ValidationError("You're already in this circle.")
        raise ValidationError("You've already asked to join. The host will decide soon.")
    if not _may_ask(member, circle):
        raise ValidationError(
            "You've asked to join recently. Please give it a few days before asking again."
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                membership = CircleMembership.objects.create(
                    circle=circle, member=member, state=State.REQUESTED
                )
        except IntegrityError:
            raise ValidationError("You've already asked to join.") from None
        notify(
            host,
            kind="circle.requested",
            message=f"A member has asked to join your support circle {_title(circle)}.",
            url=members_url(circle),
        )
    return membership


def _activate(membership: CircleMembership) -> CircleMembership:
    membership.state = State.ACTIVE
    membership.save(update_fields=["state"])
    circle = membership.circle
    notify(
        membership.member,
        kind="circle.joined",
        message=f"You're now a member of the support circle {_title(circle)}.",
        url=circle.get_absolute_url(),
    )
    return membership


def circle_accept_invitation(*, circle: Board, member) -> CircleMembership:
    """The member accepts an invitation and is in the circle. Raises ValidationError if there
    is no invitation to accept."""
    _require_member_can_act(member, circle)
    with transaction.atomic():
        membership = (
            CircleMembership.objects.select_for_update()
            .filter(circle=circle, member=member, state=State.INVITED)
            .first()
        )
        if membership is None:
            raise ValidationError("There's no invitation to this circle waiting for you.")
        membership.state = State.ACTIVE
        membership.save(update_fields=["state"])
    return membership


def circle_decline_invitation(*, circle: Board, member) -> None:
    """The member declines an invitation; the host sees only that it is no longer pending.
    Raises ValidationError if there is no invitation."""
    _require_member_can_act(member, circle)
    deleted, _ = CircleMembership.objects.filter(
        circle=circle, member=member, state=State.INVITED
    ).delete()
    if not deleted:
        raise ValidationError("There's no invitation to this circle waiting for you.")


def _pending_request(circle: Board, membership: CircleMembership) -> CircleMembership:
    locked = (
        CircleMembership.objects.select_for_update()
        .select_related("member", "circle")
        .filter(pk=membership.pk, circle=circle)
        .first()
    )
    if locked is None or locked.state != State.REQUESTED:
        raise ValidationError("That request has already been dealt with.")
    return locked


def circle_approve(*, circle: Board, host, membership: CircleMembership) -> CircleMembership:
    """The host (or a moderator) lets in a member who asked to join; the member is told.
    Raises PermissionDenied unless `host` manages the circle, ValidationError if the request
    is no longer pending."""
    _require_manager(host, circle)
    with transaction.atomic():
        return _activate(_pending_request(circle, membership))


def circle_refuse(*, circle: Board, host, membership: CircleMembership) -> None:
    """The host (or a moderator) says no to a request. The member is told kindly, never by
    whom. Raises like `circle_approve`."""
    _require_manager(host, circle)
    with transaction.atomic():
        request = _pending_request(circle, membership)
        request.delete()
        notify(
            request.member,
            kind="circle.refused",
            message=(
                f"Your request to join the support circle {_title(circle)} wasn't accepted. "
                "You can still talk with other parents on the forums."
            ),
            url=circles_url(),
        )


def circle_remove(*, circle: Board, host, member) -> None:
    """The host (or a moderator) takes a member out of the circle, or withdraws an invitation.

    A removed member loses the circle's page and threads at once, and their open sockets are
    closed so their tabs stop receiving its live events. Raises PermissionDenied unless `host`
    manages the circle, ValidationError if the member is not in it or invited.
    """
    _require_manager(host, circle)
    with transaction.atomic():
        membership = (
            CircleMembership.objects.select_for_update()
            .filter(circle=circle, member=member, state__in=[State.ACTIVE, State.INVITED])
            .first()
        )
        if membership is None:
            raise ValidationError("That member isn't in this circle.")
        was_active = membership.state == State.ACTIVE
        membership.delete()
        if was_active:
            _close_sockets(member)
            notify(
                member,
                kind="circle.removed",
                message=f"You're no longer a member of the support circle {_title(circle)}.",
                url=circles_url(),
            )
        else:
            notify(
                member,
                kind="circle.invitation_withdrawn",
                message=f"Your invitation to the support circle {_title(circle)} was withdrawn.",
                url=circles_url(),
            )


def circle_leave(*, circle: Board, member) -> None:
    """The member leaves a circle (or withdraws their request to join). Leaving closes their
    open sockets, so their tabs stop receiving its live events. Nobody is notified: the host
    sees the change on the members page. Raises ValidationError if they are not in it or
    asking. Unlike the other verbs it does not require the member to be able to take part:
    leaving only ever takes access away."""
    with transaction.atomic():
        membership = (
            CircleMembership.objects.select_for_update()
            .filter(circle=circle, member=member, state__in=[State.ACTIVE, State.REQUESTED])
            .first()
        )
        if membership is None:
            raise ValidationError("You're not in this circle.")
        was_active = membership.state == State.ACTIVE
        membership.delete()
        if was_active:
            _close_sockets(member)
