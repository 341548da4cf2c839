"""Campaign pages. Thin: rules live in forums/campaigns.py and forums/campaigns_selectors.py.

The campaign page is public; testimony and the organisers' pages are for signed-in members,
carry noindex, and answer 404 to anyone who is not one of that campaign's organisers or staff.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from community.infra.sendonce import ALREADY_SENT, AlreadySent
from community.input.fields import first_error
from community.models import User
from community.privacy import quotes
from community.selectors import safety_settings
from community.services import notify
from moderation.models import ModerationState
from moderation.plain_words import kinds_in_words
from moderation.services import ContentBlocked, NotAllowedToContribute

from . import campaigns as services
from . import campaigns_exports as exports
from . import campaigns_selectors as selectors
from .campaigns_charts import bar_chart
from .forms_campaigns import (
    ActionForm,
    CampaignForm,
    CampaignStatusForm,
    ConsentForm,
    ExportForm,
    ExtractForm,
    OrganiserForm,
    QuestionForm,
    QuoteForm,
    TestimonyAnswersForm,
    TestimonyFormSettings,
    ThemesForm,
    UpdateForm,
)
from .models import CampaignQuote, CampaignTheme, TestimonyExtract, TestimonyQuestion


def _posted(request: HttpRequest) -> ActionForm:
    """The button pressed on a page with several (unbound for a GET); a malformed value is
    shown as a message, and the page answers 400."""
    chosen = ActionForm(request.POST if request.method == "POST" else None)
    if chosen.is_bound and not chosen.is_valid():
        messages.error(request, first_error(chosen))
    return chosen


def _problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def testimony_slot(campaign) -> str:
    """The draft slot of a campaign's testimony form."""
    return f"testimony:campaign:{campaign.slug}"


def update_slot(campaign) -> str:
    return f"update:campaign:{campaign.slug}"


# --- Public ------------------------------------------------------------------------------------


def campaign_list(request: HttpRequest) -> HttpResponse:
    """Open and closed campaigns (and the drafts the member organises)."""
    campaigns = selectors.visible_campaigns(request.user).order_by("status", "-created_at")
    return render(
        request,
        "forums/campaigns/list.html",
        {"campaigns": campaigns, "can_start": selectors.can_start_campaign(request.user)},
    )


def _shown_quotes(campaign) -> list[dict]:
    """The page's quotes as they may be shown now (withdrawn ones read so)."""
    shown = []
    for quote in selectors.campaign_quotes(campaign):
        status = quotes.quote_status(
            kind=quote.source_kind, object_id=quote.source_id, channel=quotes.CAMPAIGNS
        )
        shown.append(
            {
                "text": quote.text if status.usable else quotes.WITHDRAWN_TEXT,
                "usable": status.usable,
                "byline": status.byline if status.usable else "",
                "url": status.url if status.usable and quote.source_kind == "story" else "",
            }
        )
    return shown


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page: aim, background, asks, updates, supporters (a number), quotes."""
    campaign = selectors.campaign_or_404(request.user, slug)
    context = {
        "campaign": campaign,
        "supporters": selectors.supporter_count(campaign),
        "is_supporter": selectors.is_supporter(request.user, campaign),
        "is_organiser": selectors.is_organiser(request.user, campaign),
        "is_member": selectors.is_participant(request.user),
        "updates": campaign.updates.all()[:20],
        "quotes": _shown_quotes(campaign),
    }
    return render(request, "forums/campaigns/detail.html", context)


@require_POST
def campaign_support(request: HttpRequest, slug: str) -> HttpResponse:
    """Add or take back the member's support (one button; works without JavaScript)."""
    if not request.user.is_authenticated:
        return redirect(f"/accounts/login/?next=/campaigns/{slug}/")
    campaign = selectors.campaign_or_404(request.user, slug)
    try:
        if ActionForm(request.POST).chosen == "remove":
            services.support_remove(campaign=campaign, member=request.user)
            messages.info(request, "You no longer support this campaign.")
        else:
            services.support_add(campaign=campaign, member=request.user)
            messages.success(request, "Thank you: your voice is added. Only the total is shown.")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _problem(error))
    return redirect(campaign.get_absolute_url())


# --- Testimony (the member's own) --------------------------------------------------------------


def _testimony_context(campaign, testimony) -> dict:
    questions = selectors.questions_of(campaign)
    answered = []
    for question in questions:
        value = testimony.answers.get(str(question.pk)) if testimony else None
        if isinstance(value, list):
            value = ", ".join(value)
        answered.append({"label": question.label, "value": value})
    if testimony is not None and "redacted" in testimony.answers:
        answered.append({"label": "Your answers", "value": testimony.answers["redacted"]})
    return {"answered": answered}


def _initial_from(testimony) -> dict:
    initial = {}
    for key, value in testimony.answers.items():
        initial[f"q_{key}"] = [str(v) for v in value] if isinstance(value, list) else str(value)
    for field in ("consent_campaigns", "consent_parliament", "consent_press", "consent_contact"):
        initial[field] = getattr(testimony, field)
    return initial


@login_required
def testimony(request: HttpRequest, slug: str) -> HttpResponse:
    """The member's testimony for this campaign: the form, or what they sent (and ?edit=1)."""
    campaign = selectors.campaign_or_404(request.user, slug)
    if not selectors.is_participant(request.user):
        raise Http404
    mine = selectors.own_testimony(request.user, campaign)
    editing = mine is not None and (request.GET.get("edit") or request.method == "POST")
    if mine is not None and not editing:
        context = {
            "campaign": campaign,
            "testimony": mine,
            "can_edit": services.can_edit_testimony(mine),
            "consent_form": ConsentForm(initial=_initial_from(mine)),
            **_testimony_context(campaign, mine),
        }
        return render(request, "forums/campaigns/testimony_mine.html", context)
    if mine is not None and not services.can_edit_testimony(mine):
        messages.info(request, "The organisers have started reviewing it, so it can't change now.")
        return redirect(request.path)
    questions = selectors.questions_of(campaign)
    form = TestimonyAnswersForm(
        request.POST or None,
        questions=questions,
        member=request.user,
        slot=testimony_slot(campaign),
        initial=_initial_from(mine) if mine else None,
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
            form.add_error(None, _problem(error))
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
        "forums/campaigns/testimony_form.html",
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
def testimony_consent(request: HttpRequest, slug: str) -> HttpResponse:
    campaign, mine = _own_testimony_or_404(request, slug)
    form = ConsentForm(request.POST)
    if form.is_valid():
        services.testimony_consent_change(
            testimony=mine, author=request.user, consents=form.consents()
        )
        messages.success(request, "Your choices are saved. They apply to every later use.")
    return redirect(f"{campaign.get_absolute_url()}testimony/")


@login_required
def testimony_withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    """GET asks to confirm; POST withdraws and shows the receipt of earlier uses."""
    campaign, mine = _own_testimony_or_404(request, slug)
    if request.method != "POST":
        return render(request, "forums/campaigns/testimony_withdraw.html", {"campaign": campaign})
    uses = services.testimony_withdraw(testimony=mine, author=request.user)
    return render(
        request,
        "forums/campaigns/testimony_receipt.html",
        {"campaign": campaign, "uses": uses, "channels": quotes.CHANNELS},
    )


# --- Organisers --------------------------------------------------------------------------------


def _organised(request: HttpRequest, slug: str):
    if not request.user.is_authenticated:
        raise Http404
    return selectors.organised_campaign_or_404(request.user, slug)


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not selectors.can_start_campaign(request.user):
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(creator=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _problem(error))
        else:
            messages.success(
                request, "Your campaign is saved as a draft. Add questions, then open it."
            )
            return redirect(f"{campaign.get_absolute_url()}organise/")
    return render(
        request,
        "forums/campaigns/campaign_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def organise(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisers' overview: the campaign's words, status, organisers and page quotes."""
    campaign = _organised(request, slug)
    chosen = _posted(request)
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
            member = User.objects.filter(
                display_name__iexact=organiser_form.cleaned_data["display_name"].strip()
            ).first()
            if member is None:
                raise ValidationError("No member has that display name.")
            services.organiser_add(campaign=campaign, actor=request.user, member=member)
            messages.success(request, "Organiser added.")
            return redirect(request.path)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _problem(error))
    context = {
        "campaign": campaign,
        "form": form,
        "status_form": status_form,
        "quote_form": quote_form,
        "organiser_form": organiser_form,
        "is_staff": selectors.is_campaign_staff(request.user),
        "organisers": campaign.organisers.order_by("display_name"),
        "quotes": selectors.campaign_quotes(campaign),
        "waiting": campaign.testimonies.filter(moderation_state=ModerationState.HELD).count(),
    }
    return render(
        request, "forums/campaigns/organise.html", context, status=400 if chosen.errors else 200
    )


@login_required
def questions(request: HttpRequest, slug: str) -> HttpResponse:
    """The form's questions: list, add, change, move and remove (no code needed)."""
    campaign = _organised(request, slug)
    chosen = _posted(request)
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
            form.add_error(None, _problem(error))
    return render(
        request,
        "forums/campaigns/questions.html",
        {
            "campaign": campaign,
            "form": form,
            "settings_form": settings_form,
            "questions": selectors.questions_of(campaign),
        },
        status=400 if form.errors or chosen.errors else 200,
    )


@login_required
def question_edit(request: HttpRequest, slug: str, question_id: int) -> HttpResponse:
    campaign = _organised(request, slug)
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
            form.add_error(None, _problem(error))
        else:
            messages.success(request, "Question saved.")
            return redirect(f"{campaign.get_absolute_url()}organise/questions/")
    return render(
        request,
        "forums/campaigns/question_edit.html",
        {"campaign": campaign, "form": form, "question": question},
        status=400 if form.errors else 200,
    )


@login_required
def update_new(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = _organised(request, slug)
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
            form.add_error(None, _problem(error))
        else:
            form.forget_draft()
            messages.success(request, "Your update is on the page, and supporters have been told.")
            return redirect(campaign.get_absolute_url())
    form.keep_draft()
    return render(
        request,
        "forums/campaigns/update_form.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


REVIEW_PAGE_SIZE = 50


def _review_rows(
    campaign, testimonies, questions, show_pseudonyms: bool, *, first: int = 1
) -> list[dict]:
    rows = []
    for number, testimony in enumerate(testimonies, start=first):
        answers = []
        for question in questions:
            value = testimony.answers.get(str(question.pk))
            if value in (None, "", []):
                continue
            answers.append(
                {
                    "question": question,
                    "value": ", ".join(value) if isinstance(value, list) else value,
                }
            )
        if "redacted" in testimony.answers:
            answers.append({"question": None, "value": testimony.answers["redacted"]})
        rows.append(
            {
                "number": number,
                "testimony": testimony,
                "month": selectors.month_label(selectors.month_of(testimony.created_at)),
                "author": str(testimony.author) if show_pseudonyms and testimony.author else "",
                "answers": answers,
            }
        )
    return rows


@login_required
def review(request: HttpRequest, slug: str) -> HttpResponse:
    """Approved testimony for this campaign's organisers, without pseudonyms unless asked."""
    campaign = _organised(request, slug)
    testimonies = list(selectors.reviewable_testimony(campaign).select_related("author"))
    questions = selectors.questions_of(campaign)
    show = request.GET.get("pseudonyms") == "1"
    if show:
        services.pseudonyms_shown(
            campaign=campaign, organiser=request.user, testimonies=len(testimonies)
        )
    page = Paginator(testimonies, REVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "campaign": campaign,
        "page": page,
        "rows": _review_rows(
            campaign, page.object_list, questions, show, first=page.start_index() or 1
        ),
        "show_pseudonyms": show,
        "theme_counts": selectors.counts_by_theme(testimonies),
        "question_counts": selectors.counts_by_question(questions, testimonies),
        "total": selectors.small(len(testimonies)),
    }
    return render(request, "forums/campaigns/review.html", context)


@login_required
def review_one(request: HttpRequest, slug: str, testimony_id: int) -> HttpResponse:
    """One testimony: tag themes, mark quotable extracts (with redactions), quote on the page."""
    campaign = _organised(request, slug)
    testimony = selectors.testimony_for_review_or_404(request.user, campaign, testimony_id)
    chosen = _posted(request)
    action = chosen.chosen
    themes_form = ThemesForm(
        request.POST if action == "themes" else None,
        initial={"themes": ", ".join(t.name for t in testimony.themes.all())},
    )
    extract_form = ExtractForm(request.POST if action == "extract" else None)
    try:
        if action == "themes" and themes_form.is_valid():
            services.themes_set(
                testimony=testimony, organiser=request.user, names=themes_form.names()
            )
            messages.success(request, "Themes saved.")
            return redirect(request.path)
        if action == "extract" and extract_form.is_valid():
            services.extract_add(
                testimony=testimony, organiser=request.user, text=extract_form.cleaned_data["text"]
            )
            messages.success(request, "Passage marked as quotable.")
            return redirect(request.path)
        if action in ("unextract", "feature"):
            extract = get_object_or_404(
                TestimonyExtract, pk=chosen.cleaned_data["extract"], testimony=testimony
            )
            if action == "unextract":
                services.extract_remove(extract=extract, organiser=request.user)
            else:
                services.quote_add(
                    campaign=campaign,
                    organiser=request.user,
                    kind=services.TESTIMONY_KIND,
                    object_id=testimony.pk,
                    text=extract.text,
                )
                messages.success(request, "The passage is quoted on the campaign page.")
            return redirect(request.path)
        if action == "contact" and testimony.consent_contact and testimony.author:
            notify(
                testimony.author,
                kind="campaign.contact",
                message=(
                    f"The organisers of “{campaign.title}” would like to hear more about your "
                    "testimony. You can add to it or reply in the campaign's discussion."
                ),
                url=f"{campaign.get_absolute_url()}testimony/",
            )
            messages.success(request, "The author has been asked, without you seeing who they are.")
            return redirect(request.path)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _problem(error))
    show = request.GET.get("pseudonyms") == "1"
    if show and request.method == "GET":
        services.pseudonyms_shown(campaign=campaign, organiser=request.user, testimonies=1)
    rows = _review_rows(campaign, [testimony], selectors.questions_of(campaign), show)
    return render(
        request,
        "forums/campaigns/review_one.html",
        {
            "campaign": campaign,
            "row": rows[0],
            "testimony": testimony,
            "themes_form": themes_form,
            "extract_form": extract_form,
            "show_pseudonyms": show,
            "all_themes": CampaignTheme.objects.filter(campaign=campaign),
        },
        status=400 if themes_form.errors or extract_form.errors or chosen.errors else 200,
    )


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose a use, a theme and a format; POST downloads the file (and is audited)."""
    campaign = _organised(request, slug)
    themes = CampaignTheme.objects.filter(campaign=campaign)
    form = ExportForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        theme = (
            themes.filter(pk=form.cleaned_data["theme"]).first()
            if form.cleaned_data["theme"]
            else None
        )
        use = form.cleaned_data["use"]
        if form.cleaned_data["format"] == "csv":
            data, name = exports.export_csv(
                campaign=campaign, actor=request.user, use=use, theme=theme
            )
            content_type = "text/csv; charset=utf-8"
        else:
            data, name = exports.export_docx(
                campaign=campaign,
                actor=request.user,
                use=use,
                theme=theme,
                organisation=safety_settings(request).organisation_name,
            )
            content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "forums/campaigns/export.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Testimony over time and by theme: server-drawn SVG with the same figures in tables."""
    campaign = _organised(request, slug)
    testimonies = list(selectors.reviewable_testimony(campaign))
    months = selectors.counts_by_month(testimonies)
    months = [selectors.CountRow(selectors.month_label(row.label), row.count) for row in months]
    themes = selectors.counts_by_theme(testimonies)
    context = {
        "campaign": campaign,
        "total": selectors.small(len(testimonies)),
        "months": months,
        "themes": themes,
        "month_chart": bar_chart(id="by-month", title="Testimony by month", rows=months),
        "theme_chart": bar_chart(id="by-theme", title="Testimony by theme", rows=themes),
    }
    return render(request, "forums/campaigns/dashboard.html", context)
