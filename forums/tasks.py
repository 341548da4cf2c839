"""Background work for the forums, through django-tasks (immediate in dev, queued in production)."""

from __future__ import annotations

from datetime import datetime

from django_tasks import task

from .activity import digests, following


@task()
def send_digests() -> int:
    """E-mail each member who asked for a digest and has unread notifications (counts and a
    link only). Returns how many e-mails were sent."""
    return digests.digests_send()


@task()
def tell_followers(post_id: int, published_at: str) -> int:
    """Tell a reply's followers that it was published (`following.post_published` enqueues
    this, once per reply, when it is first published). Returns how many were told."""
    return following.followers_tell(
        post_id=post_id, published_at=datetime.fromisoformat(published_at)
    )
