"""Activity pages: reactions, following and muting threads, post links and the member's
settings. Thin: rules live in `forums.activity` and `forums.permissions`. Every form works
without JavaScript."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from community.infra.ratelimit import allow, caller
from community.input.fields import first_error

from . import permissions
from .activity import following, muting, reactions, reading
from .activity.reading import POSTS_PER_PAGE
from .forms_activity import ActivitySettingsForm, ReactionForm
from .models import Reaction


def _participant_or_404(request: HttpRequest) -> None:
    if not permissions.is_participant(request.user):
        raise Http404


@require_POST
def react(request: HttpRequest, post_id: int) -> HttpResponse:
    """Give or take back one reaction; back to the post on its page."""
    _participant_or_404(request)
    post = reactions.reactable_post_or_404(request.user, post_id)
    back = reading.post_page_url(request.user, post, per_page=POSTS_PER_PAGE)
    if not allow(
        "forums.react",
        caller(request),
        limit=reactions.REACTION_LIMIT,
        period=reactions.REACTION_PERIOD,
    ):
        messages.warning(
            request,
            "You've sent a lot of reactions in a short time. Please wait a minute, then try again.",
        )
        return redirect(back)
    form = ReactionForm(request.POST)
    if not form.is_valid():
        messages.warning(request, first_error(form))
        return redirect(back)
    kind = form.cleaned_data["kind"]
    try:
        given = reactions.reaction_toggle(post=post, member=request.user, kind=kind)
    except (ValidationError, PermissionDenied) as error:
        messages.warning(
            request, " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
        )
        return redirect(back)
    label = Reaction.Kind(kind).label
    messages.info(request, f"You sent \u201c{label}\u201d." if given else "Reaction taken back.")
    return redirect(back)


@require_GET
def post_link(request: HttpRequest, post_id: int) -> HttpResponse:
    """A post, wherever it is: the thread page that shows it, at its anchor."""
    _participant_or_404(request)
    post = reading.visible_post_or_404(request.user, post_id)
    return redirect(reading.post_page_url(request.user, post, per_page=POSTS_PER_PAGE))


def _thread_verb(verb, message: str):
    @require_POST
    def view(request: HttpRequest, thread_id: int) -> HttpResponse:
        _participant_or_404(request)
        thread = following.thread_for_member_or_404(request.user, thread_id)
        verb(member=request.user, thread=thread)
        messages.info(request, message)
        return redirect(thread.get_absolute_url())

    view.__doc__ = verb.__doc__
    return view


thread_subscribe = _thread_verb(
    following.thread_follow,
    "You're following this thread. We'll tell you in your notifications when someone replies.",
)
thread_unsubscribe = _thread_verb(
    following.thread_unfollow, "You've stopped following this thread."
)
thread_mute = _thread_verb(
    muting.thread_mute,
    "Thread muted: no notifications, and it sits at the bottom of the board.",
)
thread_unmute = _thread_verb(muting.thread_unmute, "Thread unmuted.")


def activity_settings(request: HttpRequest) -> HttpResponse:
    """The member's muted words and e-mail digest choice."""
    if not permissions.is_participant(request.user):
        if request.user.is_authenticated:
            return render(request, "forums/suspended.html", status=403)
        return render(request, "forums/welcome.html")
    preferences = muting.preferences_of(request.user)
    form = ActivitySettingsForm(
        request.POST or None,
        initial={"muted_words": "\n".join(preferences.muted_words), "digest": preferences.digest},
    )
    if request.method == "POST" and form.is_valid():
        try:
            muting.preferences_update(
                member=request.user,
                muted_words=form.cleaned_data["muted_words"],
                digest=form.cleaned_data["digest"],
            )
        except ValidationError as error:
            form.add_error("muted_words", error)
        else:
            messages.info(request, "Your settings are saved.")
            return redirect("forums:activity_settings")
    return render(
        request,
        "forums/activity_settings.html",
        {"form": form},
        status=400 if form.errors else 200,
    )
