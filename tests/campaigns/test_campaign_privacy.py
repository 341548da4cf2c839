"""A member's testimony in their own data export, and what erasing them leaves behind."""

from __future__ import annotations

import pytest

from campaigns import models as campaign_models
from campaigns import services as campaigns
from campaigns.exports import export_csv
from community.privacy.services import ErasureChoice, export_sections, member_erase
from tests.factories import campaign, sent_testimony, trusted_member

pytestmark = pytest.mark.django_db

QUESTION = ("long", "What happened?")
WORDS = "The officer said my son was choosing to go with them"


def _setting_up(author):
    the_campaign = campaign(title="Believe parents", questions=[QUESTION])
    given = sent_testimony(
        on=the_campaign, author=author, answers={QUESTION[1]: WORDS}, campaigns=True
    )
    org = the_campaign.organisers.get()
    extract = campaigns.extract_add(testimony=given, organiser=org, text="choosing to go")
    campaigns.quote_add(
        campaign=the_campaign,
        organiser=org,
        kind=campaigns.TESTIMONY_KIND,
        object_id=given.pk,
        text=extract.text,
    )
    campaigns.support_add(campaign=the_campaign, member=author)
    return the_campaign, given


def test_a_members_export_holds_their_testimony_consents_and_campaigns():
    author = trusted_member()
    _setting_up(author)
    sections = {section.key: section for section in export_sections()}

    testimony = sections["forums-testimony"].collect(author)
    supported = sections["forums-campaigns"].collect(author)

    assert testimony[0]["campaign"] == "Believe parents"
    assert testimony[0]["answers"] == {QUESTION[1]: WORDS}
    assert testimony[0]["consents"]["campaign materials"] is True
    assert "Believe parents" in testimony[0]["used"][0]["where"]
    assert supported == {"supporting": ["Believe parents"], "organising": []}
    assert sections["forums-testimony"].collect(trusted_member()) == []


def test_erasing_a_member_withdraws_their_testimony_and_wipes_its_words(client):
    author = trusted_member()
    the_campaign, given = _setting_up(author)

    member_erase(
        member=author, choice=ErasureChoice(keep_contributions=False, keep_published=False)
    )

    given = campaign_models.Testimony.objects.get(pk=given.pk)
    assert given.moderation_state == "withdrawn" and given.answers == {}
    assert not campaign_models.TestimonyExtract.objects.exists()
    assert not the_campaign.quotes.exists()
    assert not the_campaign.supports.exists()
    assert "choosing to go" not in client.get("/campaigns/believe-parents/").content.decode()
    data, _name = export_csv(
        campaign=the_campaign, actor=the_campaign.organisers.get(), use="campaigns"
    )
    assert "choosing to go" not in data.decode("utf-8-sig")


def test_a_member_who_leaves_what_they_published_leaves_testimony_with_no_author():
    author = trusted_member()
    the_campaign, given = _setting_up(author)

    member_erase(member=author, choice=ErasureChoice(keep_contributions=False, keep_published=True))

    given = campaign_models.Testimony.objects.get(pk=given.pk)
    assert given.author_id is None and given.answers
    data, _name = export_csv(
        campaign=the_campaign, actor=the_campaign.organisers.get(), use="campaigns"
    )
    assert "choosing to go" in data.decode("utf-8-sig")


def test_leaving_what_they_published_still_wipes_testimony_that_was_never_approved():
    author = trusted_member()
    _the_campaign, published = _setting_up(author)
    held = sent_testimony(
        on=campaign(title="Heard at last", questions=[QUESTION]),
        author=author,
        answers={QUESTION[1]: "Words the moderators never got to"},
        approve=False,
        campaigns=True,
    )

    member_erase(member=author, choice=ErasureChoice(keep_contributions=False, keep_published=True))

    held = campaign_models.Testimony.objects.get(pk=held.pk)
    assert held.moderation_state == "withdrawn" and held.answers == {}
    published = campaign_models.Testimony.objects.get(pk=published.pk)
    assert list(published.answers.values()) == [WORDS]
