"""The organisers' reading of testimony: the review list and one testimony (themes, extracts,
quotes, asking the author for more), the exports and the dashboard."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from community.members.requests import MemberRequest
from community.selectors import safety_settings

from .. import exports, selectors, services
from ..charts import bar_chart
from ..forms import ExportForm, ExtractForm, ThemesForm
from ..models import CampaignTheme, TestimonyExtract
from .common import organised, posted, problem

REVIEW_PAGE_SIZE = 50


@login_required
def review(request: MemberRequest, slug: str) -> HttpResponse:
    """Approved testimony for this campaign's organisers, without pseudonyms unless asked."""
    campaign = organised(request, slug)
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
        "rows": selectors.review_rows(
            page.object_list, questions, show, first=page.start_index() or 1
        ),
        "show_pseudonyms": show,
        "theme_counts": selectors.counts_by_theme(testimonies),
        "question_counts": selectors.counts_by_question(questions, testimonies),
        "total": selectors.small(len(testimonies)),
    }
    return render(request, "campaigns/review.html", context)


@login_required
def review_one(request: MemberRequest, slug: str, testimony_id: int) -> HttpResponse:
    """One testimony: tag themes, mark quotable extracts (with redactions), quote on the page."""
    campaign = organised(request, slug)
    testimony = selectors.testimony_for_review_or_404(request.user, campaign, testimony_id)
    chosen = posted(request)
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
        if action == "contact":
            services.testimony_ask_for_more(testimony=testimony, organiser=request.user)
            messages.success(request, "The author has been asked, without you seeing who they are.")
            return redirect(request.path)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, problem(error))
    show = request.GET.get("pseudonyms") == "1"
    if show and request.method == "GET":
        services.pseudonyms_shown(campaign=campaign, organiser=request.user, testimonies=1)
    rows = selectors.review_rows([testimony], selectors.questions_of(campaign), show)
    return render(
        request,
        "campaigns/review_one.html",
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
def export(request: MemberRequest, slug: str) -> HttpResponse:
    """Choose a use, a theme and a format; POST downloads the file (and is audited)."""
    campaign = organised(request, slug)
    themes = CampaignTheme.objects.filter(campaign=campaign)
    form = ExportForm(request.POST or None, themes=themes)
    if request.method == "POST" and form.is_valid():
        theme = (
            themes.filter(pk=form.cleaned_data["theme"]).first()
            if form.cleaned_data["theme"]
            else None
        )
        data, name, content_type = exports.export_file(
            campaign=campaign,
            actor=request.user,
            use=form.cleaned_data["use"],
            fmt=form.cleaned_data["format"],
            theme=theme,
            organisation=safety_settings(request).organisation_name,
        )
        response = HttpResponse(data, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
    return render(
        request,
        "campaigns/export.html",
        {"campaign": campaign, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def dashboard(request: MemberRequest, slug: str) -> HttpResponse:
    """Testimony over time and by theme: server-drawn SVG with the same figures in tables."""
    campaign = organised(request, slug)
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
    return render(request, "campaigns/dashboard.html", context)
