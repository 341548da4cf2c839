"""The public side: the list of campaigns, a campaign's page, and the support button."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from .. import selectors, services
from ..forms import ActionForm
from ..permissions import can_start_campaign, is_organiser, is_participant
from .common import problem


def campaign_list(request: HttpRequest) -> HttpResponse:
    """Open and closed campaigns (and the drafts the member organises)."""
    campaigns = selectors.visible_campaigns(request.user).order_by("status", "-created_at")
    return render(
        request,
        "campaigns/list.html",
        {"campaigns": campaigns, "can_start": can_start_campaign(request.user)},
    )


def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The public page: aim, background, asks, updates, supporters (a number), quotes."""
    campaign = selectors.campaign_or_404(request.user, slug)
    context = {
        "campaign": campaign,
        "supporters": selectors.supporter_count(campaign),
        "is_supporter": selectors.is_supporter(request.user, campaign),
        "is_organiser": is_organiser(request.user, campaign),
        "is_member": is_participant(request.user),
        "updates": campaign.updates.all()[:20],
        "quotes": selectors.shown_quotes(campaign),
    }
    return render(request, "campaigns/detail.html", context)


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
        messages.error(request, problem(error))
    return redirect(campaign.get_absolute_url())
