"""Every e-mail leaves with the neutral sender name and subject the staff set, whoever sent it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail import send_mail

from community.selectors import safety_settings

pytestmark = pytest.mark.django_db


def test_any_email_gets_the_neutral_sender_and_subject_from_site_settings() -> None:
    chosen = safety_settings()
    chosen.email_sender_name = "Weekly Garden News"
    chosen.email_subject = "Your garden update"
    chosen.save()

    send_mail(
        subject="Your story about exploitation was published",
        message="A link.",
        from_email="Safe Voices <stories@example.org>",
        recipient_list=["someone@example.org"],
    )

    [message] = mail.outbox
    assert message.subject == "Your garden update"
    assert message.from_email == "Weekly Garden News <noreply@localhost>"
    assert message.to == ["someone@example.org"]


def test_the_defaults_are_neutral_before_staff_change_anything() -> None:
    send_mail(subject="Anything", message="x", from_email=None, recipient_list=["a@example.org"])

    [message] = mail.outbox
    assert (message.from_email, message.subject) == (
        "Notifications <noreply@localhost>",
        "An update for you",
    )
