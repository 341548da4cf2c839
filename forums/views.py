"""Forum pages. Thin: rules live in services and selectors. Visitors see the welcome page."""

from __future__ import annotations

from typing import TypeGuard, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community.infra.sendonce import ALREADY_SENT, AlreadySent
from community.input.converters import is_valid_id, page_number
from community.members.requests import MemberRequest
from moderation.plain_words import kinds_in_words
from moderation.selectors import can_moderate
from moderation.services import ContentBlocked, NotAllowedToContribute

from . import permissions, selectors, services, thread_page
from .activity import muting, reading
from .activity.reading import POSTS_PER_PAGE
from .forms import EditForm, ReplyForm, ThreadForm, edit_slot, new_thread_slot, reply_slot
from .models import Post
from .rendering import PostRow
from .views_moderation import SLOW_MODE_CHOICES


def _participating(request: HttpRequest) -> TypeGuard[MemberRequest]:
    """Whether the visitor takes part in the forums: a signed-in member, not suspended."""
    return permissions.is_participant(request.user)


def _welcome_unless_member(request: HttpRequest) -> HttpResponse | None:
    if _participating(request):
        return None
    return _welcome(request)


def _welcome(request: HttpRequest) -> HttpResponse:
    """What a visitor or a suspended member sees instead of the forums."""
    if request.user.is_authenticated:
        # Suspended: say so kindly, show nothing of the forums.
        return render(request, "forums/suspended.html", status=403)
    return render(request, "forums/welcome.html")


def _problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def forum_index(request: HttpRequest) -> HttpResponse:
    """The boards and circles a member can see."""
    if not _participating(request):
        return _welcome(request)
    boards = selectors.visible_boards(request.user)
    return render(request, "forums/index.html", {"boards": boards})


def board(request: HttpRequest, slug: str) -> HttpResponse:
    if not _participating(request):
        return _welcome(request)
    the_board = selectors.board_or_404(request.user, slug)
    threads = Paginator(
        reading.board_threads(request.user, selectors.visible_threads(request.user, the_board)),
        30,
    )
    page = threads.get_page(page_number(request.GET.get("page")))
    page.object_list = list(page.object_list)
    muting.mark_muted_threads(page.object_list, muting.muted_words_of(request.user))
    return render(request, "forums/board.html", {"board": the_board, "page": page})


def thread_new(request: HttpRequest, slug: str) -> HttpResponse:
    if not _participating(request):
        return _welcome(request)
    the_board = selectors.board_or_404(request.user, slug)
    form = ThreadForm(
        request.POST or None, member=request.user, slot=new_thread_slot(the_board.slug)
    )
    if request.method == "POST" and form.is_valid():
        try:
            posted = services.thread_create(
                board=the_board,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
                content_note=form.cleaned_data["content_note"],
                send_key=form.send_key(),
            )
        except AlreadySent as sent:  # this form was saved before: say so, and show it
            return _already_sent(request, form, sent.item.thread.get_absolute_url())
        except ContentBlocked as blocked:
            form.add_error("body", str(blocked))
        except (ValidationError, PermissionDenied, NotAllowedToContribute) as error:
            form.add_error(None, _problem(error))
        else:
            form.forget_draft()
            _after_posting(request, posted)
            return redirect(posted.post.thread.get_absolute_url())
    form.keep_draft()  # a bound form here is a send that failed
    status = 400 if form.errors else 200
    return render(
        request, "forums/thread_new.html", {"board": the_board, "form": form}, status=status
    )


def _already_sent(request: HttpRequest, form, url: str) -> HttpResponse:
    """A re-send of a form whose first send was saved: the truth, and the way to what was saved."""
    form.forget_draft()
    messages.info(request, ALREADY_SENT)
    return redirect(url)


def _after_posting(request: HttpRequest, posted: services.Posted) -> None:
    if posted.submission.show_signposting:
        request.session["forums_signpost"] = True
    if posted.submission.held:
        review_by = posted.submission.review_by
        when = f" from {review_by:%A %-d %B, %H:%M}" if review_by else " soon"
        found = kinds_in_words(posted.submission.result.findings)
        why = (
            f" It looks like it includes {found}, which people could use to find you: you can "
            "change it while it waits."
            if found
            else ""
        )
        messages.info(
            request,
            f"Thank you. Your post is awaiting review: the moderators will look at it{when}. "
            f"Until then only you and they can see it.{why}",
        )


def _quote_asked_for(request: HttpRequest) -> str | None:
    """`?quote=<post id>` from a post's Quote link; anything that is not an id is ignored."""
    quote = request.GET.get("quote")
    return quote if is_valid_id(quote) else None


def thread(request: HttpRequest, slug: str, thread_id: int) -> HttpResponse:
    """The thread, its posts and the reply box. POST sends a reply.

    A fixed number of queries however many posts, and the only write is the member's read
    marker, when it moves. Most readers get the page rendered once for everyone and filled in
    for them (`forums.thread_page`); the others get it rendered here, with posts from
    `forums.rendering` (rendered once, fitted to the member).
    """
    if not _participating(request):
        return _welcome(request)
    just_reading = request.method != "POST"
    the_thread = selectors.board_thread_or_404(
        request.user,
        slug,
        thread_id,
        participant=True,
        # The reader's state in the same query: before the posts, with the header's count and
        # whether a draft is kept.
        also=reading.reader_state_sql(request.user, thread_id, draft_slot=reply_slot(thread_id))
        if just_reading
        else None,
    )
    the_board = the_thread.board
    state = None
    form_options: dict[str, object] = {}
    if just_reading:
        state = reading.reader_state_from(the_thread.also)
        if (kept := thread_page.kept_page(request, the_thread, state)) is not None:
            return kept
        if not state.has_draft:
            form_options["kept"] = None  # known already: the form need not look
    form = ReplyForm(
        request.POST or None,
        initial={"quote_of": _quote_asked_for(request)},
        member=request.user,
        slot=reply_slot(the_thread.pk),
        **form_options,
    )
    if request.method == "POST" and form.is_valid():
        quote = None
        if form.cleaned_data.get("quote_of"):
            quote = Post.objects.filter(pk=form.cleaned_data["quote_of"]).first()
        try:
            posted = services.post_create(
                thread=the_thread,
                author=request.user,
                body=form.cleaned_data["body"],
                quote_of=quote,
                content_note=form.cleaned_data["content_note"],
                send_key=form.send_key(),
            )
        except AlreadySent as sent:  # this form was saved before: say so, and show it
            where = reading.post_page_url(request.user, sent.item, per_page=POSTS_PER_PAGE)
            return _already_sent(request, form, where)
        except ContentBlocked as blocked:
            form.add_error("body", str(blocked))
        except (ValidationError, PermissionDenied, NotAllowedToContribute) as error:
            form.add_error(None, _problem(error))
        else:
            form.forget_draft()
            _after_posting(request, posted)
            return redirect(f"{the_thread.get_absolute_url()}?page=last#post-{posted.post.pk}")
    form.keep_draft()  # a bound form here is a send that failed
    state = state or reading.reader_state(
        request.user, the_thread, draft_slot=reply_slot(the_thread.pk)
    )  # before the posts
    last_event = state.newest_event
    page = thread_page.posts_page(
        selectors.ThreadPostRows(request.user, the_thread), page_number(request.GET.get("page"))
    )
    posts = cast("list[PostRow]", page.object_list)  # a list: `thread_page.posts_page` makes it
    mine = reading.thread_page_activity(
        request.user, the_thread, posts, per_page=POSTS_PER_PAGE, state=state
    )
    read_up_to = reading.read_up_to(posts, last_page=not page.has_next(), last_event=last_event)
    reading.mark_read(
        member=request.user, thread=the_thread, up_to_event=read_up_to, known=mine.marker
    )
    context = {
        "board": the_board,
        "thread": the_thread,
        "page": page,
        "posts": posts,
        "activity": mine,
        "form": form,
        "signpost": request.session.pop("forums_signpost", False),
        "last_event": last_event,
        "can_moderate": can_moderate(request.user),
        "slow_mode_choices": SLOW_MODE_CHOICES,
        "unread_notifications": state.unread_notifications,
    }
    status = 400 if form.errors else 200
    return render(request, "forums/thread.html", context, status=status)


def _own_post(request: HttpRequest, post_id: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__board"), pk=post_id)
    if not permissions.is_author(request.user, post):
        raise Http404
    return post


def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    if not _participating(request):
        return _welcome(request)
    post = _own_post(request, post_id)
    form = EditForm(
        request.POST or None,
        initial={"body": post.body},
        member=request.user,
        slot=edit_slot(post.pk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            posted = services.post_edit(
                post=post, editor=request.user, body=form.cleaned_data["body"]
            )
        except ContentBlocked as blocked:
            form.add_error("body", str(blocked))
        except (ValidationError, PermissionDenied, NotAllowedToContribute) as error:
            form.add_error(None, _problem(error))
        else:
            form.forget_draft()
            _after_posting(request, posted)
            return redirect(post.get_absolute_url())
    form.keep_draft()  # a bound form here is a send that failed
    return render(
        request,
        "forums/post_edit.html",
        {"post": post, "form": form},
        status=400 if form.errors else 200,
    )


@require_POST
def post_remove(request: HttpRequest, post_id: int) -> HttpResponse:
    if not permissions.is_participant(request.user):
        raise Http404
    post = _own_post(request, post_id)
    services.post_remove(post=post, author=request.user)
    messages.info(request, "Your post has been removed. Replies keep their place.")
    return redirect(post.thread.get_absolute_url())
