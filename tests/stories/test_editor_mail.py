"""Wagtail e-mails the editors as a story goes through editorial sign-off. An editor's inbox may
be seen by others, so those e-mails name no story and quote none of its words (issue 7, point
5): the project overrides Wagtail's notification templates (stories/templates/wagtailadmin/)."""

from __future__ import annotations

import pytest
from django.core import mail
from wagtail.admin.mail import send_notification

from stories import services
from tests.factories import UserFactory, approved_story

pytestmark = pytest.mark.django_db

TITLE = "Marigold ferryman"
BODY = "He hid the turquoise scooter behind the lighthouse every Thursday."
# Words of the title and the story that no e-mail may carry (the page's slug is made from them).
SECRET_WORDS = ("marigold", "ferryman", "turquoise", "scooter", "lighthouse", "thursday")


@pytest.fixture(autouse=True)
def _html_notifications(settings):
    """Wagtail sends an HTML alternative only when asked; ask, so both are checked."""
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True


def every_word_sent() -> str:
    """Subject, text body and HTML alternative of every e-mail sent, lower-cased."""
    parts = []
    for message in mail.outbox:
        parts += [message.subject, message.body]
        parts += [content for content, _mimetype in getattr(message, "alternatives", [])]
    return "\n".join(parts).lower()


def leaked_words() -> list[str]:
    sent = every_word_sent()
    return [word for word in SECRET_WORDS if word in sent]


def test_editors_told_a_story_awaits_sign_off_are_not_told_its_title_or_words():
    editor = UserFactory(groups=[services.EDITORS_GROUP], display_name="Careful Editor")

    approved_story(title=TITLE, body=BODY)

    assert [message.to for message in mail.outbox] == [[editor.email]]
    assert mail.outbox[0].alternatives, "the HTML alternative is checked too"
    assert "/admin/pages/" in mail.outbox[0].body  # a link to the page, by number
    assert leaked_words() == []


def test_no_sign_off_e_mail_carries_the_story_when_it_is_resubmitted_rejected_and_approved():
    sender = UserFactory(groups=[services.EDITORS_GROUP], display_name="Sending Editor")
    checker = UserFactory(groups=[services.EDITORS_GROUP], display_name="Checking Editor")
    UserFactory(is_superuser=True, is_staff=True, display_name="Site Admin")
    page = approved_story(title=TITLE, body=BODY).page
    # An editor sends the page for sign-off themselves, so Wagtail also e-mails them (as the
    # requester) when another editor rejects or approves it.
    page.current_workflow_state.cancel(user=sender)
    workflow = page.get_workflow()
    mail.outbox.clear()
    state = workflow.start(page, sender)

    state.current_task_state.reject(user=checker, comment=f"Please soften: {BODY}")
    state.refresh_from_db()
    state.resume(user=sender)
    state.refresh_from_db()
    state.current_task_state.approve(user=checker, comment=f"Fine now: {TITLE}")

    page.refresh_from_db()
    assert page.live is True
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # Submitted (twice: the checker and the admin each time), rejected and approved (sender).
    assert recipients.count(checker.email) == 2
    assert recipients.count(sender.email) == 2
    assert len(mail.outbox) >= 6
    assert leaked_words() == []


def test_the_e_mail_about_changed_comments_quotes_no_comment():
    editor = UserFactory(groups=[services.EDITORS_GROUP], display_name="Careful Editor")
    page = approved_story(title=TITLE, body=BODY).page
    mail.outbox.clear()

    send_notification(
        [editor],
        "updated_comments",
        {
            "page": page,
            "editor": editor,
            "new_comments": [type("Comment", (), {"text": BODY})()],
            "resolved_comments": [],
            "deleted_comments": [],
            "replied_comments": [],
        },
    )

    assert len(mail.outbox) == 1
    assert leaked_words() == []
