"""The organisers' pages: start a campaign, its words and status, organisers and quotes, the
testimony form's questions, and updates. Each button is one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from community.members.requests import MemberRequest
from moderation.models import ModerationState

from .. import selectors, services
from ..forms import (
    CampaignForm,
    CampaignStatusForm,
    OrganiserForm,
    QuestionForm,
    QuoteForm,
    TestimonyFormSettings,
    UpdateForm,
)
from ..models import CampaignQuote, TestimonyQuestion
from ..permissions import can_start_campaign, is_campaign_staff
from .common import organised, posted, problem, update_slot


@login_required
def campaign_new(request: MemberRequest) -> HttpResponse:
    if not can_start_campaign(request.user):
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(creator=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, problem(error))
        else:
            messages.success(
                request, "Your campaign is saved as a draft. Add questions, then open it."
            )
            return redirect(f"{campaign.get_absolute_url()}organise/")
    return render(
        request,
        "campaigns/campaign_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def organise(request: MemberRequest, slug: str) -> HttpResponse:
    """The organisers' overview: the campaign's words, status, organisers and page quotes."""
    campaign = organised(request, slug)
    chosen = posted(request)
    action = chosen.chosen
    initial = {
        "title": campaign.title,
        "aim": campaign.aim,
        "background": campaign.background,
        "asks": campaign.asks,
    }
    form = CampaignForm(request.POST if action == "edit" else None, initial=initial)
    status_form = CampaignStatusForm(
        request.POST if action == "status" else None, initial={"status": campaign.status}
    )
    quote_form = QuoteForm(request.POST if action == "quote" else None)
    organiser_form = OrganiserForm(request.POST if action == "organiser" else None)
    try:
        if action == "edit" and form.is_valid():
            services.campaign_edit(campaign=campaign, editor=request.user, **form.cleaned_data)
            messages.success(request, "Saved.")
            return redirect(request.path)
        if action == "status" and status_form.is_valid():
            services.campaign_set_status(
                campaign=campaign, actor=request.user, status=status_form.cleaned_data["status"]
            )
            messages.success(request, f"The campaign is now {campaign.get_status_display()}.")
            return redirect(request.path)
        if action == "quote" and quote_form.is_valid():
            services.quote_add(
                campaign=campaign,
                organiser=request.user,
                kind=services.STORY_KIND,
                object_id=quote_form.cleaned_data["story"],
                text=quote_form.cleaned_data["text"],
            )
            messages.success(request, "The quote is on the campaign page.")
            return redirect(request.path)
        if action == "unquote":
            quote = get_object_or_404(
                CampaignQuote, pk=chosen.cleaned_data["quote"], campaign=campaign
            )
            services.quote_remove(quote=quote, organiser=request.user)
            return redirect(request.path)
        if action == "unorganise":
            member = get_object_or_404(campaign.organisers, pk=chosen.cleaned_data["member"])
            services.organiser_remove(campaign=campaign, actor=request.user, member=member)
            messages.success(request, "Organiser removed.")
            return redirect(request.path)
        if action == "organiser" and organiser_form.is_valid():
            services.organiser_add_by_name(
                campaign=campaign,
                actor=request.user,
                display_name=organiser_form.cleaned_data["display_name"],
            )
            messages.success(request, "Organiser added.")
            return redirect(request.path)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, problem(error))
    context = {
        "campaign": campaign,
        "form": form,
        "status_form": status_form,
        "quote_form": quote_form,
        "organiser_form": organiser_form,
        "is_staff": is_campaign_staff(request.user),
        "organisers": campaign.organisers.order_by("display_name"),
        "quotes": selectors.campaign_quotes(campaign),
        "waiting": campaign.testimonies.filter(moderation_state=ModerationState.HELD).count(),
    }
    return render(request, "campaigns/organise.html", context, status=400 if chosen.errors else 200)


@login_required
def questions(request: MemberRequest, slug: str) -> HttpResponse:
    """The form's questions: list, add, change, move and remove (no code needed)."""
    campaign = organised(request, slug)
    chosen = posted(request)
    action = chosen.chosen
    form = QuestionForm(request.POST if action == "add" else None)
    settings_form = TestimonyFormSettings(
        request.POST if action == "settings" else None,
        initial={
            "intro": campaign.testimony_form.intro,
            "is_open": campaign.testimony_form.is_open,
        },
    )
    if request.method == "POST":
        try:
            if action == "settings" and settings_form.is_valid():
                services.testimony_form_update(
                    campaign=campaign, actor=request.user, **settings_form.cleaned_data
                )
                messages.success(request, "Saved.")
                return redirect(request.path)
            if action == "add" and form.is_valid():
                services.question_save(
                    campaign=campaign,
                    actor=request.user,
                    kind=form.cleaned_data["kind"],
                    label=form.cleaned_data["label"],
                    help_text=form.cleaned_data["help_text"],
                    required=form.cleaned_data["required"],
                    choices=services.parse_choices(form.cleaned_data["choices"]),
                )
                messages.success(request, "Question added.")
                return redirect(request.path)
            if action in ("up", "down", "delete"):
                question = get_object_or_404(
                    TestimonyQuestion,
                    pk=chosen.cleaned_data["question"],
                    form=campaign.testimony_form,
                )
                if action == "delete":
                    services.question_delete(question=question, actor=request.user)
                else:
                    services.question_move(question=question, actor=request.user, up=action == "up")
                return redirect(request.path)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, problem(error))
    return render(
        request,
        "campaigns/questions.html",
        {
            "campaign": campaign,
            "form": form,
            "settings_form": settings_form,
            "questions": selectors.questions_of(campaign),
        },
        status=400 if form.errors or chosen.errors else 200,
    )


@login_required
def question_edit(request: MemberRequest, slug: str, question_id: int) -> HttpResponse:
    campaign = organised(request, slug)
    question = get_object_or_404(TestimonyQuestion, pk=question_id, form=campaign.testimony_form)
    initial = {
        "kind": question.kind,
        "label": question.label,
        "help_text": question.help_text,
        "required": question.required,
        "choices": "\n".join(question.choices),
    }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_save(
                campaign=campaign,
                actor=request.user,
                question=question,
                kind=form.cleaned_data["kind"],
                label=form.cleaned_data["label"],
                help_text=form.cleaned_data["help_text"],
                required=form.cleaned_data["required"],
                choices=services.parse_choices(form.cleaned_data["choices"]),
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, problem(error))
        else:
            messages.success(request, "Question saved.")
            return redirect(f"{campaign.get_absolute_url()}organise/questions/")
    return render(
        request,
        "campaigns/question_edit.html",
        {"campaign": campaign, "form": form, "question": question},
        status=400 if form.errors else 200,
    )


@login_required
def update_new(request: MemberRequest, slug: str) -> HttpResponse:
    campaign = organised(request, slug)
    form = UpdateForm(request.POST or None, member=request.user, slot=update_slot(campaign))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_post(
                campaign=campaign,
                author=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, problem(error))
        else:
            form.forget_draft()
            messages.success(request, "Your update is on the page, and supporters have been told.")
            return redirect(campaign.get_absolute_url())
    form.keep_draft()
    return render(
        request,
        "campaigns/update_form.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )
