"""Circle pages: a member's circles, and the host's members page. Thin: rules live in
`forums.circles`. Visitors see the forums welcome page; anyone who may not manage a circle gets
404 on its members page and its management actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from . import circles
from .forms import InviteForm
from .models import CircleMembership
from .views import _problem, _welcome_unless_member


def circle_list(request: HttpRequest) -> HttpResponse:
    """The member's invitations, requests and circles, and circles they could ask to join."""
    if (welcome := _welcome_unless_member(request)) is not None:
        return welcome
    overview = circles.circles_overview(request.user)
    return render(request, "forums/circle_list.html", {"overview": overview})


def _member_action(request: HttpRequest, slug: str, verb, done: str) -> HttpResponse:
    if (welcome := _welcome_unless_member(request)) is not None:
        return welcome
    circle = circles.circle_or_404(slug)
    try:
        verb(circle=circle, member=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, _problem(error))
    else:
        messages.success(request, done.format(title=circle.title))
    return redirect(circles.circles_url())


@require_POST
def circle_request(request: HttpRequest, slug: str) -> HttpResponse:
    return _member_action(
        request,
        slug,
        circles.circle_request,
        "You've asked to join \u201c{title}\u201d. We'll let you know when the host decides.",
    )


@require_POST
def circle_accept(request: HttpRequest, slug: str) -> HttpResponse:
    return _member_action(
        request, slug, circles.circle_accept_invitation, "Welcome to \u201c{title}\u201d."
    )


@require_POST
def circle_decline(request: HttpRequest, slug: str) -> HttpResponse:
    return _member_action(
        request,
        slug,
        circles.circle_decline_invitation,
        "You've declined the invitation to \u201c{title}\u201d.",
    )


@require_POST
def circle_leave(request: HttpRequest, slug: str) -> HttpResponse:
    return _member_action(
        request, slug, circles.circle_leave, "You're no longer part of \u201c{title}\u201d."
    )


def circle_members(request: HttpRequest, slug: str) -> HttpResponse:
    """The host's page: who is invited, asking or in, and the invitation box. POST invites."""
    if (welcome := _welcome_unless_member(request)) is not None:
        return welcome
    circle = circles.managed_circle_or_404(request.user, slug)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = circles.circle_invite(
                circle=circle, host=request.user, display_name=form.cleaned_data["display_name"]
            )
        except ValidationError as error:
            form.add_error("display_name", _problem(error))
        else:
            name = membership.member.display_name
            if membership.state == CircleMembership.State.ACTIVE:
                messages.success(request, f"{name} had asked to join, and is now in the circle.")
            else:
                messages.success(request, f"{name} has been invited.")
            return redirect(circles.members_url(circle))
    context = {"circle": circle, "roster": circles.circle_roster(circle), "form": form}
    return render(
        request, "forums/circle_members.html", context, status=400 if form.errors else 200
    )


def _host_action(request: HttpRequest, slug: str, membership_id: int, act) -> HttpResponse:
    if (welcome := _welcome_unless_member(request)) is not None:
        return welcome
    circle = circles.managed_circle_or_404(request.user, slug)
    membership = get_object_or_404(
        CircleMembership.objects.select_related("member"), pk=membership_id, circle=circle
    )
    try:
        done = act(circle, membership)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as error:
        messages.error(request, _problem(error))
    else:
        messages.success(request, done)
    return redirect(circles.members_url(circle))


@require_POST
def circle_approve(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    def act(circle, membership):
        circles.circle_approve(circle=circle, host=request.user, membership=membership)
        return f"{membership.member.display_name} is now in the circle."

    return _host_action(request, slug, membership_id, act)


@require_POST
def circle_refuse(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    def act(circle, membership):
        circles.circle_refuse(circle=circle, host=request.user, membership=membership)
        return f"You've said no to {membership.member.display_name}'s request."

    return _host_action(request, slug, membership_id, act)


@require_POST
def circle_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    def act(circle, membership):
        was_invited = membership.state == CircleMembership.State.INVITED
        circles.circle_remove(circle=circle, host=request.user, member=membership.member)
        name = membership.member.display_name
        if was_invited:
            return f"The invitation to {name} has been withdrawn."
        return f"{name} is no longer in the circle."

    return _host_action(request, slug, membership_id, act)
