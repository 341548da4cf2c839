"""Editors sign stories off in the Wagtail admin, which refuses to publish without website
consent; an administrator can purge a withdrawn story so its words are gone from the database."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from wagtail.models import Revision

from community.privacy.quotes import CAMPAIGNS, WEBSITE
from stories import services
from stories.models import StoryPage, StorySubmission
from tests.factories import UserFactory, approved_story, give_totp, published_story

pytestmark = pytest.mark.django_db


def editor():
    user = UserFactory(groups=["Editors"], display_name="Careful Editor")
    give_totp(user)
    return user


def test_an_editor_approving_the_sign_off_task_publishes_the_story(client):
    page = approved_story(title="Signed off").page
    state = page.current_workflow_state
    client.force_login(editor())

    response = client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live is True
    assert client.get(page.url).status_code == 200


def test_the_admin_publish_button_is_refused_without_website_consent(client):
    page = approved_story(title="No website", channels=(CAMPAIGNS,)).page
    admin = UserFactory(is_superuser=True, is_staff=True, display_name="Site Admin")
    give_totp(admin)
    client.force_login(admin)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(edit).context["form"]
    data = {
        key: value
        for key, value in form.initial.items()
        if isinstance(value, str) and key not in ("body",)
    }
    data.update(
        {
            "title": page.title,
            "slug": page.slug,
            "byline": page.byline,
            "summary": "",
            "body-count": "0",
            "action-publish": "action-publish",
        }
    )

    response = client.post(edit, data, follow=True)

    assert "no current consent to appear on this website" in response.content.decode()
    page.refresh_from_db()
    assert page.live is False
    assert not StoryPage.objects.public_stories().exists()


def test_only_an_administrator_can_purge(client):
    author = UserFactory()
    page = published_story(author=author)
    services.story_withdraw(submission=page.submission, member=author)
    client.force_login(editor())

    response = client.post(reverse("stories_admin:purge", args=[page.submission_id]))

    assert response.status_code in (302, 403)
    assert Revision.objects.filter(object_id=str(page.pk)).exists()


def _database_contains(phrase: str) -> list[str]:
    """Every table (and column) in which `phrase` appears, read with plain SQL."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - our own table names
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if value is not None and phrase in str(value):
                        found.append(f"{table}.{column}")
    return sorted(set(found))


def test_purging_a_withdrawn_story_removes_its_words_and_revisions_from_the_database(client):
    author = UserFactory()
    phrase = "the blue bicycle by the canal lock"
    page = published_story(
        author=author, title="Marmalade mornings", body=f"He left {phrase} that day."
    )
    page.save_revision()  # an editor's later draft: a second revision
    services.story_withdraw(submission=page.submission, member=author)
    assert _database_contains(phrase)  # withdrawn, but still kept until purged
    admin = UserFactory(is_superuser=True, is_staff=True, display_name="Site Admin")
    give_totp(admin)
    client.force_login(admin)

    listing = client.get(reverse("stories_admin:withdrawn"))
    assert f"Purge story {page.submission_id}".encode() in listing.content
    response = client.post(reverse("stories_admin:purge", args=[page.submission_id]))

    assert response.status_code == 302
    assert _database_contains(phrase) == []
    assert _database_contains("Marmalade mornings") == []
    assert not Revision.objects.filter(object_id=str(page.pk)).exists()
    assert StorySubmission.objects.get(pk=page.submission_id).purged_at is not None
    # The address still says the story was withdrawn, and the ledger is kept.
    assert client.get(page.url).status_code == 410
    assert StorySubmission.objects.get(pk=page.submission_id).consents.count() == 2


def test_a_story_that_is_not_withdrawn_cannot_be_purged():
    page = published_story(channels=(WEBSITE,))
    admin = UserFactory(is_superuser=True, is_staff=True)

    with pytest.raises(services.StoryError):
        services.story_purge(submission=page.submission, admin=admin)


def test_approving_sign_off_from_the_dashboard_without_consent_is_refused_kindly(client):
    page = approved_story(title="Campaigns only", channels=(CAMPAIGNS,)).page
    task_state = page.current_workflow_state.current_task_state
    client.force_login(editor())

    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
        HTTP_REFERER="http://testserver/admin/",
    )

    assert response.status_code == 302
    assert response["Location"] == "http://testserver/admin/"
    page.refresh_from_db()
    assert page.live is False
    assert page.current_workflow_state is not None  # still waiting: nothing half-done
    shown = client.get("/admin/").content.decode()
    assert "no current consent to appear on this website" in shown
