"""A member's own testimony: give it, change it, choose its uses, withdraw it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from community.infra.sendonce import ALREADY_SENT, AlreadySent
from community.members.requests import MemberRequest
from community.privacy import quotes
from moderation.plain_words import kinds_in_words
from moderation.services import ContentBlocked, NotAllowedToContribute

from .. import selectors, services
from ..forms import ConsentForm, TestimonyAnswersForm, initial_from_testimony
from ..permissions import can_edit_testimony, is_participant
from .common import problem, testimony_slot


@login_required
def testimony(request: MemberRequest, slug: str) -> HttpResponse:
    """The member's testimony for this campaign: the form, or what they sent (and ?edit=1)."""
    campaign = selectors.campaign_or_404(request.user, slug)
    if not is_participant(request.user):
        raise Http404
    mine = selectors.own_testimony(request.user, campaign)
    editing = mine is not None and (request.GET.get("edit") or request.method == "POST")
    if mine is not None and not editing:
        context = {
            "campaign": campaign,
            "testimony": mine,
            "can_edit": can_edit_testimony(mine),
            "consent_form": ConsentForm(initial=initial_from_testimony(mine)),
            "answered": selectors.testimony_answered(campaign, mine),
        }
        return render(request, "campaigns/testimony_mine.html", context)
    if mine is not None and not can_edit_testimony(mine):
        messages.info(request, "The organisers have started reviewing it, so it can't change now.")
        return redirect(request.path)
    questions = selectors.questions_of(campaign)
    form = TestimonyAnswersForm(
        request.POST or None,
        questions=questions,
        member=request.user,
        slot=testimony_slot(campaign),
        initial=initial_from_testimony(mine) if mine else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            answers = services.clean_answers(questions, form.raw_answers())
            if mine is None:
                sent = services.testimony_submit(
                    campaign=campaign,
                    author=request.user,
                    answers=answers,
                    consents=form.consents(),
                    send_key=form.send_key(),
                )
            else:
                sent = services.testimony_edit(
                    testimony=mine,
                    author=request.user,
                    answers=answers,
                    consents=form.consents(),
                    send_key=form.send_key(),
                )
        except AlreadySent as already:  # this form was saved before: say so, and show it
            form.forget_draft()
            messages.info(request, ALREADY_SENT)
            return redirect(already.item.get_absolute_url())
        except ContentBlocked as blocked:
            form.add_error(None, str(blocked))
        except ValidationError as error:
            form.add_error(None, error)
        except (PermissionDenied, NotAllowedToContribute) as error:
            form.add_error(None, problem(error))
        else:
            form.forget_draft()
            if sent.submission.show_signposting:
                request.session["forums_signpost"] = True
            found = kinds_in_words(sent.submission.result.findings)
            messages.info(
                request,
                "Thank you. A moderator will read your testimony first; then only this "
                "campaign's organisers can, without your name."
                + (
                    f" It looks like it includes {found}, which people could use to find "
                    "you: the moderator will check it, and you can change it while it waits."
                    if found
                    else ""
                ),
            )
            return redirect(request.path)
    form.keep_draft()
    accepting = campaign.status == campaign.Status.OPEN and campaign.testimony_form.is_open
    return render(
        request,
        "campaigns/testimony_form.html",
        {"campaign": campaign, "form": form, "accepting": accepting, "editing": mine is not None},
        status=400 if form.errors else 200,
    )


def _own_testimony_or_404(request: HttpRequest, slug: str):
    campaign = selectors.campaign_or_404(request.user, slug)
    mine = selectors.own_testimony(request.user, campaign)
    if mine is None:
        raise Http404
    return campaign, mine


@login_required
@require_POST
def testimony_consent(request: MemberRequest, slug: str) -> HttpResponse:
    campaign, mine = _own_testimony_or_404(request, slug)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.testimony_consent_change(
            testimony=mine, author=request.user, consents=form.consents()
        )
        messages.success(request, "Your choices are saved. They apply to every later use.")
    return redirect(f"{campaign.get_absolute_url()}testimony/")


@login_required
def testimony_withdraw(request: MemberRequest, slug: str) -> HttpResponse:
    """GET asks to confirm; POST withdraws and shows the receipt of earlier uses."""
    campaign, mine = _own_testimony_or_404(request, slug)
    if request.method != "POST":
        return render(request, "campaigns/testimony_withdraw.html", {"campaign": campaign})
    uses = services.testimony_withdraw(testimony=mine, author=request.user)
    return render(
        request,
        "campaigns/testimony_receipt.html",
        {"campaign": campaign, "uses": uses, "channels": quotes.CHANNELS},
    )
