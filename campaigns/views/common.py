"""What every campaign page shares: the button pressed, a problem in words, draft slots, and
the organisers' door (404 for everyone else)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest

from community.input.fields import first_error

from .. import selectors
from ..forms import ActionForm
from ..models import Campaign


def posted(request: HttpRequest) -> ActionForm:
    """The button pressed on a page with several (unbound for a GET); a malformed value is
    shown as a message, and the page answers 400."""
    chosen = ActionForm(request.POST if request.method == "POST" else None)
    if chosen.is_bound and not chosen.is_valid():
        messages.error(request, first_error(chosen))
    return chosen


def problem(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error)


def testimony_slot(campaign) -> str:
    """The draft slot of a campaign's testimony form."""
    return f"testimony:campaign:{campaign.slug}"


def update_slot(campaign) -> str:
    return f"update:campaign:{campaign.slug}"


def organised(request: HttpRequest, slug: str) -> Campaign:
    """The campaign, for its organisers and staff only; 404 for everyone else."""
    if not request.user.is_authenticated:
        raise Http404
    return selectors.organised_campaign_or_404(request.user, slug)
