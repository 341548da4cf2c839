"""Every e-mail the platform sends leaves with the neutral sender name and subject set in the
safety settings, whoever wrote it (allauth, digests, story receipts, on-call alerts), so a
glance at a shared inbox gives nothing away. The real sending is done by the configured
backend (`NEUTRAL_EMAIL_INNER_BACKEND`: SMTP in production, console in development)."""

from __future__ import annotations

from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import DatabaseError

from community.models import SafetySettings
from community.selectors import safety_settings


def neutral_envelope() -> tuple[str, str]:
    """The (From, Subject) every e-mail gets: the settings' name at DEFAULT_FROM_EMAIL's
    address, and the settings' subject; the defaults if the settings cannot be read."""
    try:
        chosen = safety_settings()
    except DatabaseError:
        chosen = SafetySettings()
    _, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((chosen.email_sender_name, address)), chosen.email_subject


class NeutralEmailBackend(BaseEmailBackend):
    """Rewrites the sender and subject of each message, then hands it to the real backend."""

    def __init__(self, fail_silently: bool = False, **kwargs) -> None:
        super().__init__(fail_silently=fail_silently)
        self.inner = get_connection(
            settings.NEUTRAL_EMAIL_INNER_BACKEND, fail_silently=fail_silently, **kwargs
        )

    def open(self):
        return self.inner.open()

    def close(self):
        return self.inner.close()

    def send_messages(self, email_messages) -> int:
        sender, subject = neutral_envelope()
        for message in email_messages:
            message.from_email = sender
            message.subject = subject
        return self.inner.send_messages(email_messages)
