"""The identification guard on stories, on the server (issue 16, point 5): the story form marks
its boxes for the pre-send check and, without JavaScript, shows what it found before anything
is saved; a story sent as it is is held as identifying; and a byline never names a town, nor
anything else that could identify the family. "Harrowfield" and "Brackenmoor" are fictional
towns, put on the moderators' list of local places as a moderator would."""

from __future__ import annotations

import html
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from moderation.models import LocalTerm, ModerationState, QueueItem, QueueReason
from stories.bylines import byline_problem, check_byline
from stories.choices import Region, Teller, byline_text
from stories.models import StoryPage, StorySubmission
from tests.factories import UserFactory, approved_story, give_totp, trusted_member

pytestmark = pytest.mark.django_db

PHONE = "07700 900 456"
REGIONS = Region.labels


def _story(**changes) -> dict:
    data = {
        "title": "The winter he stopped coming home",
        "body": f"The youth worker said to call {PHONE} if he went missing again.",
        "naming": "anonymous",
        "channels": ["website"],
        "years": "2",
        "agree": "on",
    }
    data.update(changes)
    return data


# --- The story form ----------------------------------------------------------------------------


def test_the_story_form_checks_its_title_and_story_before_sending(client):
    client.force_login(trusted_member())

    page = client.get(reverse("stories:write")).content.decode()

    assert "moderation/screen.js" in page
    assert 'data-screen-findings-for="title"' in page
    assert 'data-screen-findings-for="body"' in page
    assert page.count('aria-live="polite"') >= 2


def test_a_story_with_a_phone_number_is_shown_back_marked_in_plain_words_and_nothing_is_saved(
    client,
):
    client.force_login(trusted_member())

    response = client.post(reverse("stories:write"), _story())

    assert response.status_code == 200
    shown = html.unescape(response.content.decode())
    assert "This looks like a phone number. People could use it to find you." in shown
    assert f'data-kind="phone" title="a phone number">{PHONE}</mark>' in shown
    assert f"call {PHONE} if he went missing" in shown  # the words are still in the box
    assert not StorySubmission.objects.exists()


def test_a_story_sent_as_it_is_is_held_for_its_identifying_details(client):
    author = trusted_member()
    client.force_login(author)

    response = client.post(reverse("stories:write"), _story(send_anyway="1"))

    assert response.status_code == 302
    submission = StorySubmission.objects.get(author=author)
    assert submission.moderation_state == ModerationState.HELD
    item = QueueItem.for_instance(submission).get(state="waiting")
    assert QueueReason.IDENTIFYING in item.reasons
    assert "phone" in [f["kind"] for f in item.findings]


# --- Bylines -----------------------------------------------------------------------------------


def test_every_byline_a_member_can_choose_passes_the_byline_rule():
    # Even when the moderators list a region's name as a place, a region is what a byline says.
    LocalTerm.objects.create(text="London", kind="place")
    LocalTerm.objects.create(text="North West", kind="place")

    for naming, teller, region in itertools.product(
        ("anonymous", "byline"), Teller.values, ["", *Region.values]
    ):
        byline = byline_text(naming=naming, teller=teller, region=region)
        assert byline_problem(byline, regions=REGIONS) == "", byline


def test_a_byline_naming_a_town_is_refused_as_a_place():
    LocalTerm.objects.create(text="Harrowfield", kind="place")

    with pytest.raises(ValidationError) as refused:
        check_byline("A mum in Harrowfield", regions=REGIONS)

    assert "\u201cHarrowfield\u201d looks like a place" in refused.value.messages[0]
    assert "People could use it to find the family" in refused.value.messages[0]


def test_a_byline_with_a_region_and_a_town_is_refused_for_the_town():
    LocalTerm.objects.create(text="Brackenmoor", kind="place")

    problem = byline_problem("A dad from Brackenmoor in the North West", regions=REGIONS)

    assert "\u201cBrackenmoor\u201d looks like a place" in problem


def test_a_byline_with_a_phone_number_or_an_e_mail_address_is_refused():
    assert "looks like a phone number" in byline_problem(f"A mum, {PHONE}", regions=REGIONS)
    assert "looks like an e-mail address" in byline_problem(
        "A dad (kestrel.parent@example.org)", regions=REGIONS
    )


def test_the_editors_byline_field_refuses_a_town_and_keeps_the_page_as_it_was(client):
    LocalTerm.objects.create(text="Harrowfield", kind="place")
    page = approved_story(title="Signed off").page
    editor = UserFactory(groups=["Editors"], display_name="Careful Editor")
    give_totp(editor)
    client.force_login(editor)
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    form = client.get(edit).context["form"]
    assert form.fields["byline"].widget.attrs.get("data-screen") == "as-typed"
    data = {
        key: value
        for key, value in form.initial.items()
        if isinstance(value, str) and key not in ("body",)
    }
    data.update(
        {
            "title": page.title,
            "slug": page.slug,
            "byline": "A mum in Harrowfield",
            "summary": "",
            "body-count": "0",
        }
    )

    response = client.post(edit, data)

    shown = html.unescape(response.content.decode())
    assert "\u201cHarrowfield\u201d looks like a place" in shown
    assert "moderation/screen.js" in shown
    page = StoryPage.objects.get(pk=page.pk)
    assert page.byline == "A mum in the North West"
    assert page.get_latest_revision().as_object().byline == "A mum in the North West"


def test_the_editors_byline_field_takes_a_byline_of_a_region(client):
    page = approved_story(title="Signed off").page
    editor = UserFactory(groups=["Editors"], display_name="Careful Editor")
    give_totp(editor)
    client.force_login(editor)
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
            "byline": "A parent in Wales",
            "summary": "",
            "body-count": "0",
        }
    )

    response = client.post(edit, data)

    assert response.status_code == 302
    assert StoryPage.objects.get(pk=page.pk).get_latest_revision().as_object().byline == (
        "A parent in Wales"
    )
