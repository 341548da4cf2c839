"""The e-mail digest: one neutral e-mail for members who asked for it, when they have unread
notifications. Counts and a link only, never a post's words, a thread's title or a name."""

from __future__ import annotations

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from ..models import ForumPreferences
from .following import REPLY_KIND

logger = logging.getLogger(__name__)

DIGEST_SUBJECT = "You have new notifications"


def _digest_text(total: int, replies: int) -> str:
    things = "notification" if total == 1 else "notifications"
    lines = [f"You have {total} new {things}"]
    if replies:
        replies_text = "reply" if replies == 1 else "replies"
        lines[0] += f", including {replies} {replies_text} in threads you follow"
    lines[0] += "."
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    lines += [
        "",
        f"Read them here (you will need to sign in): {base}/notifications/",
        "",
        "You asked for this e-mail. To stop it, untick the e-mail option in your settings: "
        f"{base}{reverse('forums:activity_settings')}",
    ]
    return "\n".join(lines) + "\n"


def digests_send(*, now: datetime | None = None) -> int:
    """E-mail each member who asked for a digest, once, if they have unread notifications
    since their last one. Neutral sender and subject; counts and a link only, never a post's
    words, a thread's title or anyone's name. Returns how many e-mails were sent.
    """
    now = now or timezone.now()
    new = (
        Q(member__notifications__read_at__isnull=True)
        & (
            Q(digest_sent_at__isnull=True)
            | Q(member__notifications__created_at__gt=F("digest_sent_at"))
        )
        & Q(member__notifications__created_at__lte=now)
    )
    due = (
        ForumPreferences.objects.filter(digest=True, member__is_active=True)
        .annotate(
            total=Count("member__notifications", filter=new),
            replies=Count(
                "member__notifications",
                filter=new & Q(member__notifications__kind=REPLY_KIND),
            ),
        )
        .filter(total__gt=0)
        .select_related("member")
    )
    sent = 0
    for preferences in due:
        try:
            send_mail(
                subject=DIGEST_SUBJECT,
                message=_digest_text(preferences.total, preferences.replies),
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[preferences.member.email],
            )
        except Exception:
            logger.warning("Could not send a digest e-mail.", exc_info=True)
            continue
        ForumPreferences.objects.filter(pk=preferences.pk).update(digest_sent_at=now)
        sent += 1
    return sent
