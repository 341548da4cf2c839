"""Background work for moderation, through django-tasks (immediate in dev, queued in production)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django_tasks import task

from .models import QueueItem
from .selectors import moderation_settings


@task()
def alert_on_call(*, item_id: int) -> int:
    """E-mail the on-call safeguarding lead(s) that an urgent item is waiting.

    Neutral subject, no content, no member's name: only a link to the desk. Returns how many
    addresses were sent to.
    """
    item = QueueItem.objects.filter(pk=item_id).first()
    if item is None or not item.is_open:
        return 0
    recipients = {moderation_settings().on_call_email} - {""}
    if not recipients:
        User = get_user_model()
        recipients = set(
            User.objects.filter(
                is_active=True, groups__permissions__codename="safeguarding"
            ).values_list("email", flat=True)
        )
    if not recipients:
        return 0
    link = f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/moderation/{item.pk}/"
    send_mail(
        subject="An item needs attention",
        message=(
            "An urgent item is waiting on the moderation desk.\n\n"
            f"Open it here (sign-in needed): {link}\n"
        ),
        from_email=None,
        recipient_list=sorted(recipients),
    )
    return len(recipients)
