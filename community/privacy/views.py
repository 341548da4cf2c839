"""The member's data page: download everything, or ask for the account to be erased. Thin:
the rules live in `community.privacy.services`."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from community.infra.ratelimit import allow, caller
from community.members.forms import ErasureForm, ErasureNowForm
from community.members.requests import MemberRequest
from community.models import DataExport
from community.privacy import services as privacy

EXPORTS_PER_DAY = 5


@never_cache
@login_required
def data_page(request: MemberRequest) -> HttpResponse:
    """Where the member downloads their data and can erase their account."""
    export = privacy.export_latest(member=request.user)
    pending = privacy.erasure_pending(member=request.user)
    return render(
        request,
        "community/privacy/data.html",
        {
            "export": export,
            "preparing": export is not None
            and export.state in (DataExport.State.QUEUED, DataExport.State.RUNNING),
            "erasure": pending,
            "form": ErasureForm(),
        },
    )


@login_required
@require_POST
def export_start(request: MemberRequest) -> HttpResponse:
    """Start preparing the member's export (asking again while one is on its way is harmless)."""
    if not allow("data-export", caller(request), limit=EXPORTS_PER_DAY, period=24 * 3600):
        messages.error(
            request,
            "You have asked for your data several times today. Please try again tomorrow, "
            "or download the copy you already have.",
        )
        return redirect("community:data")
    privacy.export_request(member=request.user)
    messages.success(
        request, "We are preparing your data. This page shows when it is ready to download."
    )
    return redirect("community:data")


@never_cache
@login_required
@require_GET
def export_download(request: MemberRequest, export_id: int) -> FileResponse:
    """The member's own ready export; anyone else's, or an expired one, is not found."""
    export = privacy.export_for_download(member=request.user, export_id=export_id)
    if export is None:
        raise Http404
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename="my-data.zip")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def erasure_start(request: MemberRequest) -> HttpResponse:
    """Ask for the account to be erased after the undo period; the form must be confirmed."""
    form = ErasureForm(request.POST)
    if not form.is_valid():
        export = privacy.export_latest(member=request.user)
        return render(
            request,
            "community/privacy/data.html",
            {"export": export, "erasure": None, "form": form},
            status=400,
        )
    pending = privacy.erasure_request(
        member=request.user,
        keep_contributions=form.cleaned_data["contributions"] == "keep",
        keep_published=form.cleaned_data["keep_published"],
    )
    privacy.sessions_end_others(member=request.user, keep_session_key=request.session.session_key)
    messages.success(
        request,
        f"Your account will be erased on {pending.erase_after:%-d %B %Y}. "
        "Until then you can undo this here.",
    )
    return redirect("community:data")


@login_required
@require_POST
def erasure_undo(request: MemberRequest) -> HttpResponse:
    """Cancel a pending erasure."""
    if privacy.erasure_undo(member=request.user):
        messages.success(request, "Your account will not be erased. Nothing was deleted.")
    return redirect("community:data")


@login_required
@require_POST
def erasure_now(request: MemberRequest) -> HttpResponse:
    """Erase at once, for a member who has asked and does not want to wait for the undo
    period (for example because someone else may find the account)."""
    pending = privacy.erasure_pending(member=request.user)
    if pending is None or not ErasureNowForm(request.POST).is_valid():
        messages.error(request, "Please ask for erasure first, then confirm.")
        return redirect("community:data")
    member = request.user
    logout(request)
    privacy.member_erase(
        member=member,
        choice=privacy.ErasureChoice(
            keep_contributions=pending.keep_contributions, keep_published=pending.keep_published
        ),
    )
    return render(request, "community/privacy/erased.html")
