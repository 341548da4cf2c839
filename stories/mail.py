"""E-mail to story authors, sent in the background through django-tasks."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django_tasks import task

# Neutral words only: a glance at a shared inbox must not say what the site is about, and no
# e-mail carries a story's words.
EMAILS = {
    "receipt": (
        "An update about your account",
        "Something you shared has been taken down, as you asked or as your consent ended. "
        "Sign in to see the details:",
        "stories:mine",
    ),
    "consent_ending": (
        "Something in your account needs a look",
        "A permission you gave ends soon. Sign in to renew it or let it end:",
        "stories:mine",
    ),
}


@task()
def email_member(*, member_id: int, kind: str) -> int:
    """E-mail a member a neutral note with a link (no story text). Returns 1 if sent."""
    member = get_user_model().objects.filter(pk=member_id, is_active=True).first()
    if member is None or kind not in EMAILS:
        return 0
    subject, text, url_name = EMAILS[kind]
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse(url_name)
    send_mail(
        subject=subject,
        message=f"{text}\n\n{link}\n",
        from_email=None,
        recipient_list=[member.email],
    )
    return 1
