"""The composer: a form whose words are kept as the member's server-side draft, sent once
(its send key), and rate-limited across every composer on the site. Forum replies and threads,
campaign updates and testimony all build on it."""

from __future__ import annotations

import logging
from typing import cast

from django import forms

from community.infra.ratelimit import allow
from community.infra.sendonce import send_key_from, send_token_new
from community.models import Draft
from community.site.drafts import DraftError, draft_delete, draft_for, draft_save

logger = logging.getLogger(__name__)

# `ComposerForm(kept=...)` not given: the form reads the draft itself.
UNREAD = object()


class ComposerForm(forms.Form):
    """A composer whose words are kept as the member's server-side draft under `slot`.

    Opened empty (unbound) with a draft kept for its slot, it starts from the draft and says so
    (`restored_from_draft`). The page marks the form with the slot and the drafted fields, for
    drafts.js to save as the member types. The view calls `keep_draft()` when a send fails and
    `forget_draft()` when it succeeds, so nothing is lost without JavaScript either.
    """

    # The boxes a draft keeps: text the member wrote, never hidden fields.
    draft_fields: tuple[str, ...] = ("body", "content_note")

    def __init__(
        self,
        data=None,
        *args,
        member=None,
        slot: str = "",
        initial=None,
        kept: Draft | object | None = UNREAD,
        **kwargs,
    ) -> None:
        # Without a member and a slot the form is a plain form, with no draft. `kept` is the
        # member's draft for the slot when the caller has read it already (None: there is none).
        self.member = member
        self.draft_slot = slot if member is not None else ""
        self.restored_from_draft = False
        initial = dict(initial or {})
        if data is None and self.draft_slot:
            draft = (
                draft_for(member=member, slot=slot)
                if kept is UNREAD
                else cast("Draft | None", kept)
            )
            restored = {
                name: value
                for name, value in (draft.fields.items() if draft else ())
                if name in self.draft_fields and isinstance(value, str)
            }
            if any(value.strip() for value in restored.values()):
                initial.update(restored)
                self.restored_from_draft = True
        if data is None and "send_token" in self.base_fields:
            initial.setdefault("send_token", send_token_new())
        # `initial` is never among *args: every form here takes it by keyword.
        super().__init__(data, *args, initial=initial, **kwargs)  # type: ignore[misc]

    def draft_field_names(self) -> str:
        """The drafted fields present on this form, space-separated (for data-draft-fields)."""
        return " ".join(name for name in self.draft_fields if name in self.fields)

    # One item per form page, however often it is sent: the key is saved with the item
    # (community.infra.sendonce). Forms that change an item (EditForm) drop it.
    send_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    # Sends a member may make in a minute, across every composer: far above anyone writing, far
    # below a script flooding a thread.
    SENDS_PER_MINUTE = 10

    def clean(self):
        cleaned = super().clean()
        if (
            self.member is not None
            and not self.errors
            and not allow(
                "forums.send", f"member:{self.member.pk}", limit=self.SENDS_PER_MINUTE, period=60
            )
        ):
            raise forms.ValidationError(
                "You've sent a lot in the last minute. Please wait a moment, then send "
                "again: your words are still here."
            )
        return cleaned

    def send_key(self) -> str:
        """The key this form page was made with, for the service to store with what it saves:
        a re-send of the same page finds that item instead of making another
        (community.infra.sendonce). "" when the form has none."""
        if self.member is None or "send_token" not in self.fields:
            return ""
        return send_key_from(self.cleaned_data.get("send_token"))

    def keep_draft(self) -> None:
        """The send failed: keep the submitted words as the draft (they are on screen too)."""
        if not self.is_bound or not self.draft_slot:
            return
        data = {
            name: self.data.get(self.add_prefix(name), "")
            for name in self.draft_fields
            if name in self.fields
        }
        try:
            draft_save(member=self.member, slot=self.draft_slot, data=data)
        except DraftError:
            # Too long to keep: the page still gives the words back, and says what is wrong.
            logger.info("A failed send was too large to keep as a draft.")

    def forget_draft(self) -> None:
        """The send succeeded: the draft has done its work."""
        if self.draft_slot:
            draft_delete(member=self.member, slot=self.draft_slot)
