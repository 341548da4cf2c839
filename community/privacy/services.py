"""A member's data rights: take everything with them (export), or vanish (erasure).

Each app registers, from its `AppConfig.ready()`, what it holds about a member: an export
section (plain, JSON-ready data) and an eraser (what to delete or anonymise). This module runs
them in order and never knows another app's models, so a new kind of data joins by registering.

Services and selectors for exports and erasure live here; views and tasks call them.
"""

from __future__ import annotations

import io
import json
import logging
import secrets
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django_tasks import task

from community.live import topics as live
from community.members import devices
from community.models import DataExport, ErasureRequest, LivePreferences, User

logger = logging.getLogger(__name__)

# How long a finished export can be downloaded before its file is deleted.
EXPORT_KEEP_DAYS = 7


@dataclass(frozen=True)
class ErasureChoice:
    """What the member chose when they asked to be erased."""

    keep_contributions: bool
    keep_published: bool


@dataclass(frozen=True)
class ExportSection:
    """Part of a member's export: `collect(member)` returns JSON-ready data (lists of dicts
    with plain values) about that member only."""

    key: str
    title: str
    collect: Callable[[User], Any]


@dataclass(frozen=True)
class Eraser:
    """What one app does when a member is erased: `erase(member, choice)` deletes or
    anonymises everything of theirs it holds. Erasers run in `order`, lowest first, inside one
    transaction with the deletion of the account itself."""

    key: str
    erase: Callable[[User, ErasureChoice], None]
    order: int


_sections: dict[str, ExportSection] = {}
_erasers: dict[str, Eraser] = {}


def register_export_section(key: str, *, title: str, collect: Callable[[User], Any]) -> None:
    """Add a section to every member's export; called from an app's `ready()`."""
    if key in _sections and _sections[key].collect is not collect:
        raise ValueError(f"Export section {key!r} is already registered.")
    _sections[key] = ExportSection(key=key, title=title, collect=collect)


def register_eraser(
    key: str, erase: Callable[[User, ErasureChoice], None], *, order: int = 100
) -> None:
    """Add what an app erases for a member; called from an app's `ready()`."""
    if key in _erasers and _erasers[key].erase is not erase:
        raise ValueError(f"Eraser {key!r} is already registered.")
    _erasers[key] = Eraser(key=key, erase=erase, order=order)


def export_sections() -> list[ExportSection]:
    """Every registered section, community's first, then by key."""
    return sorted(_sections.values(), key=lambda s: (not s.key.startswith("account"), s.key))


def erasers() -> list[Eraser]:
    """Every registered eraser, in the order they run."""
    return sorted(_erasers.values(), key=lambda e: (e.order, e.key))


# --- Export ----------------------------------------------------------------------------------


def export_latest(*, member: User) -> DataExport | None:
    """The member's newest export that is not expired, if any."""
    return (
        DataExport.objects.filter(member=member)
        .exclude(state=DataExport.State.EXPIRED)
        .order_by("-requested_at", "-pk")
        .first()
    )


def export_for_download(*, member: User, export_id: int) -> DataExport | None:
    """The export if it is this member's own, ready and not past its time; else None."""
    return DataExport.objects.filter(
        pk=export_id,
        member=member,
        state=DataExport.State.READY,
        expires_at__gt=timezone.now(),
    ).first()


def export_request(*, member: User) -> DataExport:
    """Start preparing the member's export in the background, unless one is already on its
    way (asking twice gives the same export, not two)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=member.pk).first()
        # One that has not finished within the hour died with its worker: start afresh.
        pending = DataExport.objects.filter(
            member=member,
            state__in=[DataExport.State.QUEUED, DataExport.State.RUNNING],
            requested_at__gte=timezone.now() - timedelta(hours=1),
        ).first()
        if pending is not None:
            return pending
        export = DataExport.objects.create(member=member)
        transaction.on_commit(lambda: build_data_export.enqueue(export_id=export.pk))
    return export


def _set_progress(export: DataExport, progress: int) -> None:
    export.progress = progress
    DataExport.objects.filter(pk=export.pk).update(progress=progress, state=export.state)


def export_build(*, export_id: int) -> DataExport | None:
    """Collect every section for the export's member and store the zip; returns the export.

    Progress is written after each section, so the member's page can show it. A failure
    marks the export failed (the member can ask again) and logs no member data. Safe to run
    again after a worker died at any point (the task worker then runs it again): a running
    export starts afresh, a ready one is left as it is.
    """
    export = DataExport.objects.select_related("member").filter(pk=export_id).first()
    if export is None or export.state not in (DataExport.State.QUEUED, DataExport.State.RUNNING):
        return export
    export.state = DataExport.State.RUNNING
    _set_progress(export, 1)
    try:
        sections = export_sections()
        collected: list[tuple[ExportSection, Any]] = []
        for index, section in enumerate(sections, start=1):
            collected.append((section, section.collect(export.member)))
            _set_progress(export, max(1, int(90 * index / len(sections))))
        content = _zip(export.member, collected)
    except Exception as error:
        # The kind of error only: a message or traceback could quote the member's words.
        logger.error(
            "A data export could not be prepared (export %s): %s", export.pk, type(error).__name__
        )
        export.state = DataExport.State.FAILED
        _set_progress(export, 0)
        return export
    # A random name, so the file's path says nothing about whose it is. The name is recorded
    # before the file is written, and a file an earlier, interrupted run recorded is deleted:
    # a run killed at any point leaves no copy of the member's data that nothing points to.
    storage = export.file.storage
    earlier = export.file.name
    name = export.file.field.generate_filename(export, f"export-{secrets.token_hex(16)}.zip")
    DataExport.objects.filter(pk=export.pk).update(file=name)
    if earlier:
        storage.delete(earlier)
    export.file.name = storage.save(name, ContentFile(content))
    now = timezone.now()
    export.state = DataExport.State.READY
    export.progress = 100
    export.ready_at = now
    export.expires_at = now + timedelta(days=EXPORT_KEEP_DAYS)
    export.save()
    return export


def _zip(member: User, collected: list[tuple[ExportSection, Any]]) -> bytes:
    generated = timezone.now()
    data = {
        "generated_at": generated.isoformat(),
        "sections": {section.key: value for section, value in collected},
    }
    page = render_to_string(
        "community/privacy/export_page.html",
        {
            "generated_at": generated,
            "sections": [
                {"title": section.title, "items": _as_rows(value)} for section, value in collected
            ],
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
        archive.writestr("index.html", page)
    return buffer.getvalue()


def _as_rows(value: Any) -> list[dict[str, Any]]:
    """Sections are lists of dicts, or one dict; the readable page shows them as tables, each
    value made readable (`_readable`)."""
    if isinstance(value, dict):
        rows = [value]
    elif isinstance(value, list):
        rows = [item if isinstance(item, dict) else {"value": item} for item in value]
    else:
        rows = [{"value": value}]
    return [{key: _readable(item) for key, item in row.items()} for row in rows]


def _readable(value: Any) -> SafeString | str:
    """A value as a person reads it: a list as a list, a mapping as a small table, never
    Python's own notation (an edited post's earlier texts, a testimony's consents...)."""
    if isinstance(value, dict):
        return format_html(
            "<table>{}</table>",
            format_html_join(
                "",
                '<tr><th scope="row">{}</th><td>{}</td></tr>',
                ((key, _readable(item)) for key, item in value.items()),
            ),
        )
    if isinstance(value, list | tuple):
        if not value:
            return "none"
        return format_html(
            "<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((_readable(i),) for i in value))
        )
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def exports_expire(*, now: datetime | None = None) -> int:
    """Delete the files of exports past their time and mark them expired; returns how many."""
    now = now or timezone.now()
    count = 0
    for export in DataExport.objects.filter(state=DataExport.State.READY, expires_at__lte=now):
        _delete_file(export)
        export.state = DataExport.State.EXPIRED
        export.save(update_fields=["state", "file"])
        count += 1
    return count


def _delete_file(export: DataExport) -> None:
    if export.file:
        export.file.delete(save=False)


# --- Erasure ---------------------------------------------------------------------------------


def erasure_pending(*, member: User) -> ErasureRequest | None:
    """The member's erasure request, if they made one and have not undone it."""
    return ErasureRequest.objects.filter(member=member).first()


def erasure_request(
    *, member: User, keep_contributions: bool, keep_published: bool = False
) -> ErasureRequest:
    """Ask for the member's account to be erased after the undo period. Nothing is erased
    yet (the view also ends the member's other sessions, keeping this one so they can undo)."""
    now = timezone.now()
    request, _ = ErasureRequest.objects.update_or_create(
        member=member,
        defaults={
            "keep_contributions": keep_contributions,
            "keep_published": keep_published,
            "requested_at": now,
            "erase_after": now + timedelta(days=ErasureRequest.UNDO_DAYS),
        },
    )
    return request


def erasure_undo(*, member: User) -> bool:
    """Cancel the member's erasure request; returns whether there was one."""
    deleted, _ = ErasureRequest.objects.filter(member=member).delete()
    return bool(deleted)


def erasures_run_due(*, now: datetime | None = None) -> int:
    """Erase every member whose undo period has passed; returns how many."""
    now = now or timezone.now()
    count = 0
    for request in ErasureRequest.objects.filter(erase_after__lte=now).select_related("member"):
        try:
            member_erase(
                member=request.member,
                choice=ErasureChoice(
                    keep_contributions=request.keep_contributions,
                    keep_published=request.keep_published,
                ),
            )
        except Exception as error:
            # One failure must not stop the others; the request stays, so the next run retries.
            logger.error(
                "An erasure could not run (request %s): %s", request.pk, type(error).__name__
            )
            continue
        count += 1
    return count


def member_erase(*, member: User, choice: ErasureChoice) -> None:
    """Erase a member now: every app's eraser, then their sessions, export files and the
    account itself (which takes notifications, drafts, e-mail addresses, MFA and everything
    else that belongs only to the account with it).

    Contributions the member keeps stay with no author: pages show them as by "a former
    member".
    """
    member_id = member.pk
    with transaction.atomic():
        for eraser in erasers():
            eraser.erase(member, choice)
        for export in DataExport.objects.filter(member=member):
            _delete_file(export)
        devices.sessions_end(member_id)
        member.delete()
    live.close_member_sockets(member_id)


def sessions_end_others(*, member: User, keep_session_key: str | None) -> int:
    """End the member's sessions on every other device; returns how many ended."""
    return devices.sessions_end(member.pk, keep_session_key=keep_session_key or "")


# --- Background tasks (django-tasks: immediate in dev, queued for the worker in production) -----


@task()
def build_data_export(*, export_id: int) -> str:
    """Prepare one member's export; returns its state."""
    export = export_build(export_id=export_id)
    return export.state if export else "missing"


@task()
def expire_data_exports() -> int:
    """Delete export files past their time; returns how many."""
    return exports_expire()


@task()
def run_due_erasures() -> int:
    """Erase members whose undo period has passed; returns how many."""
    return erasures_run_due()


# --- What community itself holds ---------------------------------------------------------------


def _collect_account(member: User) -> dict[str, Any]:
    return {
        "display_name": member.display_name,
        "email": member.email,
        "other_email_addresses": list(
            EmailAddress.objects.filter(user=member)
            .exclude(email__iexact=member.email)
            .values_list("email", flat=True)
        ),
        "joined": member.date_joined.date().isoformat(),
        "last_sign_in": member.last_login.isoformat() if member.last_login else None,
        "authenticator_app_set_up": Authenticator.objects.filter(user=member).exists(),
        "show_others_when_you_are_replying": LivePreferences.objects.filter(
            member=member, share_typing=True
        ).exists(),
    }


def _collect_notifications(member: User) -> list[dict[str, Any]]:
    return [
        {
            "created_at": n.created_at.isoformat(),
            "message": n.message,
            "link": n.url,
            "read": n.read_at is not None,
        }
        for n in member.notifications.order_by("created_at", "pk")
    ]


def _collect_drafts(member: User) -> list[dict[str, Any]]:
    return [
        {"composer": d.slot, "updated_at": d.updated_at.isoformat(), "fields": d.fields}
        for d in member.drafts.order_by("updated_at")
    ]


def register_builtin() -> None:
    """Register community's own export sections (the account, notifications, drafts)."""
    register_export_section("account", title="Your account", collect=_collect_account)
    register_export_section(
        "account-notifications", title="Your notifications", collect=_collect_notifications
    )
    register_export_section("account-drafts", title="Your unsent drafts", collect=_collect_drafts)
