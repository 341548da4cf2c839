"""Story views: writing and following your stories (members), search (everyone). Story pages
and the index are Wagtail's, served through `stories.middleware` for visitors."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.infra.sendonce import ALREADY_SENT, AlreadySent
from community.input.converters import page_number
from community.input.search import search_query
from community.members.requests import MemberRequest
from community.privacy.quotes import CHANNELS
from moderation.plain_words import check_for_author
from moderation.selectors import can_moderate
from moderation.services import ContentBlocked, NotAllowedToContribute

from . import selectors, services
from .forms import ConsentForm, SearchForm, StoryForm
from .models import StorySubmission

NOINDEX = "noindex, nofollow"


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def _member_page(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = NOINDEX
    return response


@login_required
def write(request: MemberRequest) -> HttpResponse:
    """Write a story and give consent. Before sending, identifying details are marked for the
    member to change (as they type, with JavaScript; on sending, without)."""
    initial = {}
    again = selectors.submission_for_author(member=request.user, pk=_int(request.GET.get("from")))
    if request.method == "GET" and again is not None and again.moderation_state == "rejected":
        # A story the moderators sent back comes back editable, words and choices kept.
        initial = {
            "title": again.title,
            "body": again.body,
            "themes": list(again.themes.all()),
            "content_notes": again.content_notes,
            "teller": again.teller,
            "region": again.region,
        }
    form = StoryForm(
        request.POST or None, member=request.user, slot=services.DRAFT_SLOT, initial=initial
    )
    findings = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        text = f"{data['title']}\n{data['body']}"
        check = check_for_author(text)
        if check.identifying and not data["send_anyway"]:
            findings = check
        else:
            try:
                services.story_submit(
                    author=request.user,
                    title=data["title"],
                    body=data["body"],
                    themes=list(data["themes"]),
                    content_notes=data["content_notes"],
                    teller=data["teller"],
                    region=data["region"],
                    naming=data["naming"],
                    channels=data["channels"],
                    expires_at=form.expires_at(),
                    send_key=form.send_key(),
                )
            except AlreadySent as sent:  # this form was saved before: say so, and show it
                form.forget_draft()
                messages.info(request, ALREADY_SENT)
                return redirect("stories:submission", pk=sent.item.pk)
            except ContentBlocked as blocked:
                form.add_error("body", str(blocked))
            except (services.StoryError, NotAllowedToContribute, PermissionDenied) as error:
                form.add_error(None, str(error))
            else:
                messages.info(
                    request,
                    "Thank you. A moderator will read your story, then an editor. You can "
                    "follow it here, and withdraw it at any time.",
                )
                return redirect("stories:mine")
    if request.method == "POST":
        form.keep_draft()
    status = 400 if form.errors else 200
    return _member_page(
        render(
            request,
            "stories/write.html",
            {"form": form, "findings": findings},
            status=status,
        )
    )


@login_required
def mine(request: MemberRequest) -> HttpResponse:
    """Your stories: each with its status, its consent, and the withdraw button."""
    rows = [
        {
            "submission": submission,
            "status": selectors.status_of(submission=submission),
            "consent": submission.current_consent(),
        }
        for submission in selectors.submissions_of(member=request.user)
    ]
    return _member_page(render(request, "stories/mine.html", {"rows": rows}))


def _own_or_404(request: MemberRequest, pk: int) -> StorySubmission:
    submission = selectors.submission_for_author(member=request.user, pk=pk)
    if submission is None:
        raise Http404
    return submission


@login_required
def submission(request: MemberRequest, pk: int) -> HttpResponse:
    """A submission as sent: for its author and moderators only (others get 404)."""
    found = StorySubmission.objects.filter(pk=pk).first()
    if found is None or not (found.author_id == request.user.pk or can_moderate(request.user)):
        raise Http404
    if found.moderation_state == "withdrawn" and not can_moderate(request.user):
        raise Http404
    return _member_page(
        render(
            request,
            "stories/submission.html",
            {"submission": found, "status": selectors.status_of(submission=found)},
        )
    )


@login_required
@require_POST
def withdraw(request: MemberRequest, pk: int) -> HttpResponse:
    """Withdraw the story, at once, in one action; then show the receipt."""
    own = _own_or_404(request, pk)
    try:
        services.story_withdraw(submission=own, member=request.user)
    except services.StoryError as error:
        messages.info(request, str(error))
    return redirect("stories:receipt", pk=own.pk)


@login_required
@require_POST
def renew(request: MemberRequest, pk: int) -> HttpResponse:
    """Renew consent for two years from today."""
    own = _own_or_404(request, pk)
    try:
        services.consent_change(submission=own, member=request.user, renew=True)
    except services.StoryError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thank you. Your consent now runs for two more years.")
    return redirect("stories:mine")


@login_required
def consent(request: MemberRequest, pk: int) -> HttpResponse:
    """Change naming or channels; taking the website away takes the page down at once."""
    own = _own_or_404(request, pk)
    current = own.current_consent()
    if current is None or not current.is_active:
        raise Http404
    form = ConsentForm(
        request.POST or None, initial={"naming": current.naming, "channels": current.channels}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_change(
                submission=own,
                member=request.user,
                naming=form.cleaned_data["naming"],
                channels=form.cleaned_data["channels"],
            )
        except services.StoryError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you. Your choices hold from now.")
            return redirect("stories:mine")
    return _member_page(render(request, "stories/consent.html", {"submission": own, "form": form}))


@login_required
def receipt(request: MemberRequest, pk: int) -> HttpResponse:
    """The withdrawal receipt: when, and everywhere the story had been used."""
    own = _own_or_404(request, pk)
    if own.withdrawn_at is None:
        raise Http404
    uses = [
        {"where": use.where, "channel": CHANNELS.get(use.channel, use.channel), "when": use.used_at}
        for use in selectors.uses_of_story(submission=own)
    ]
    context = {
        "submission": own,
        "uses": uses,
        "ledger": list(own.consents.all()),
        "was_on_website": selectors.was_on_website(submission=own),
    }
    return _member_page(render(request, "stories/receipt.html", context))


def search(request: HttpRequest) -> HttpResponse:
    """Search the published stories. Every query is answered: only its words are searched
    for, and a long one is cut with a word to say so (`community.input.search.search_query`)."""
    query = search_query(request.GET.get("q"))
    form = SearchForm({"q": query.text} if query.text else None)
    if query.message:
        messages.info(request, query.message)
    results = selectors.search_stories(query=query) if query.text else []
    number = page_number(request.GET.get("page"))
    page_of = Paginator(results, 10).get_page(number) if query.text else None
    return render(
        request, "stories/search.html", {"form": form, "query": query.text, "results": page_of}
    )
