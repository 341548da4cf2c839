"""Campaigns: the public page, support, the testimony form, review and the dashboard, as
visitors, members, organisers and strangers see them."""

from __future__ import annotations

import html
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from campaigns import models as campaign_models
from campaigns import services as campaigns
from campaigns.models import Campaign, CampaignSupport
from community.models import Notification
from community.privacy import quotes
from community.site.drafts import draft_for
from moderation import services as moderation_services
from moderation.models import AuditEntry, ModerationState, QueueItem, QueueReason, WatchedWord
from moderation.registry import adapter_for
from stories import services as story_services
from tests.factories import (
    UserFactory,
    campaign,
    moderator,
    organiser,
    published_story,
    published_thread,
    sent_testimony,
    trusted_member,
)

pytestmark = pytest.mark.django_db

LONG = ("long", "What happened when you asked for help?")
CHOICE = ("single", "Who did you ask first?", ["Police", "School", "Social care"])


def _field(campaign_, index: int) -> str:
    """The form field name of the campaign's question at this position."""
    return campaign_.testimony_form.questions.all()[index].field_name


def _key(campaign_, index: int) -> str:
    """The key its answer is kept under."""
    return str(campaign_.testimony_form.questions.all()[index].pk)


def _page(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code)
    return response.content.decode()


# --- Organisers' rights ------------------------------------------------------------------------


def test_the_campaign_organisers_group_may_start_campaigns_and_plain_members_may_not(client):
    assert (
        Group.objects.get(name="Campaign organisers")
        .permissions.filter(codename="organise_campaigns")
        .exists()
    )
    client.force_login(trusted_member())
    assert client.get("/campaigns/new/").status_code == 404

    client.force_login(organiser())
    response = client.post(
        "/campaigns/new/",
        {
            "title": "Believe parents",
            "aim": "Agencies should treat parents as partners.",
            "background": "We were **blamed**.",
            "asks": "Training for every officer\nA named contact for families",
        },
    )

    made = Campaign.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == "/campaigns/believe-parents/organise/"
    )
    assert made.status == Campaign.Status.DRAFT
    assert made.board.slug == "campaign-believe-parents"
    assert "<strong>blamed</strong>" in made.background_html
    assert "<li>A named contact for families</li>" in made.asks_html


def test_a_draft_campaign_is_seen_only_by_its_organisers(client):
    draft = campaign(status="draft", title="Quiet plans")
    assert _page(client, "/campaigns/quiet-plans/", 404)
    client.force_login(trusted_member())
    assert _page(client, "/campaigns/quiet-plans/", 404)
    assert "Quiet plans" not in _page(client, "/campaigns/")
    client.force_login(draft.organisers.get())
    assert "Quiet plans" in _page(client, "/campaigns/quiet-plans/")


def test_public_campaign_words_that_identify_someone_are_refused_and_kept(client):
    client.force_login(organiser())
    response = client.post(
        "/campaigns/new/",
        {"title": "Fix it", "aim": "They meet at Oakbridge Academy after school.", "asks": ""},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "a school" in body and "Oakbridge Academy" in body  # said why; words kept
    assert not Campaign.objects.exists()


# --- The public page and support ---------------------------------------------------------------


def test_a_visitor_sees_the_aim_asks_updates_and_supporter_total_but_no_testimony_or_names(client):
    the_campaign = campaign(
        title="Believe parents", asks="A named contact for families", questions=[LONG]
    )
    org = the_campaign.organisers.get()
    supporter = trusted_member(display_name="Silver Birch")
    campaigns.support_add(campaign=the_campaign, member=supporter)
    campaigns.update_post(
        campaign=the_campaign, author=org, title="We met the committee", body="They listened."
    )
    given = sent_testimony(
        on=the_campaign, answers={LONG[1]: "Nobody believed me at first"}, campaigns=True
    )

    body = _page(client, "/campaigns/believe-parents/")

    assert "Agencies should treat parents as partners" in body
    assert "A named contact for families" in body
    assert "We met the committee" in body and "They listened." in body
    assert re.search(r"<strong>1</strong>\s*supporter\b", body)
    assert "Silver Birch" not in body and org.display_name not in body
    assert "Nobody believed me" not in body
    assert the_campaign.board.get_absolute_url() not in body  # discussion: members only
    assert 'name="robots"' not in body  # the public page may be indexed
    # Testimony and the discussion are for members: visitors are sent to sign in or welcomed.
    assert client.get("/campaigns/believe-parents/testimony/").status_code == 302
    assert "Nobody believed me" not in _page(client, the_campaign.board.get_absolute_url())
    assert given.moderation_state == ModerationState.PUBLISHED


def test_a_member_supports_in_one_action_and_takes_it_back_and_only_the_total_shows(client):
    the_campaign = campaign(title="Believe parents")
    member = trusted_member(display_name="Silver Birch")
    client.force_login(member)

    response = client.post("/campaigns/believe-parents/support/", {"action": "add"})
    assert response.status_code == 302
    client.post("/campaigns/believe-parents/support/", {"action": "add"})  # twice: still one
    body = _page(client, "/campaigns/believe-parents/")
    assert re.search(r"<strong>1</strong>\s*supporter\b", body)
    assert "Take my support back" in body
    other = UserFactory()
    client.force_login(other)
    assert "Silver Birch" not in _page(client, "/campaigns/believe-parents/")

    client.force_login(member)
    client.post("/campaigns/believe-parents/support/", {"action": "remove"})
    assert not CampaignSupport.objects.filter(campaign=the_campaign).exists()
    assert re.search(
        r"<strong>0</strong>\s*supporters", _page(client, "/campaigns/believe-parents/")
    )


def test_a_visitor_cannot_support_without_signing_in(client):
    campaign(title="Believe parents")
    response = client.post("/campaigns/believe-parents/support/", {"action": "add"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not CampaignSupport.objects.exists()


def test_a_closed_campaign_takes_neither_support_nor_testimony(client):
    the_campaign = campaign(title="Believe parents", questions=[LONG], status="closed")
    client.force_login(trusted_member())

    response = client.post("/campaigns/believe-parents/support/", {"action": "add"}, follow=True)
    assert "not taking supporters at the moment" in response.content.decode()
    assert not CampaignSupport.objects.filter(campaign=the_campaign).exists()
    assert re.search(
        r"<strong>0</strong>\s*supporters", _page(client, "/campaigns/believe-parents/")
    )

    form = _page(client, "/campaigns/believe-parents/testimony/")
    assert "not collecting testimony at the moment" in form
    assert 'name="consent_press"' not in form
    client.post(
        "/campaigns/believe-parents/testimony/",
        {_field(the_campaign, 0): "They blamed me.", "consent_press": "on"},
    )
    assert not campaign_models.Testimony.objects.exists()
    assert not QueueItem.objects.exists()


def test_a_draft_campaign_takes_neither_support_nor_testimony_even_from_its_organiser(client):
    draft = campaign(title="Quiet plans", questions=[LONG], status="draft")
    client.force_login(trusted_member())
    assert client.post("/campaigns/quiet-plans/support/", {"action": "add"}).status_code == 404
    assert client.get("/campaigns/quiet-plans/testimony/").status_code == 404

    client.force_login(draft.organisers.get())  # the one person who can reach it
    client.post("/campaigns/quiet-plans/support/", {"action": "add"})
    assert not CampaignSupport.objects.exists()
    assert "not collecting testimony at the moment" in _page(
        client, "/campaigns/quiet-plans/testimony/"
    )
    client.post("/campaigns/quiet-plans/testimony/", {_field(draft, 0): "Trying it out."})
    assert not campaign_models.Testimony.objects.exists()


def test_supporters_are_told_of_an_update_with_a_neutral_message(
    django_capture_on_commit_callbacks,
):
    the_campaign = campaign(title="Believe parents")
    supporters = [trusted_member(), trusted_member()]
    for member in supporters:
        campaigns.support_add(campaign=the_campaign, member=member)
    bystander = trusted_member()

    with django_capture_on_commit_callbacks(execute=True):
        update = campaigns.update_post(
            campaign=the_campaign,
            author=the_campaign.organisers.get(),
            title="Evidence sent",
            body="Our evidence went to the inquiry today.",
        )

    told = Notification.objects.filter(kind="campaign.update")
    assert sorted(n.recipient_id for n in told) == sorted(m.pk for m in supporters)
    assert all(n.url == f"/campaigns/believe-parents/#update-{update.pk}" for n in told)
    assert all("inquiry" not in n.message for n in told)
    assert not Notification.objects.filter(recipient=bystander).exists()


def test_a_story_quote_shows_only_while_its_author_consents(client):
    the_campaign = campaign(title="Believe parents")
    consent = {"usable": True}
    quotes.register_quote_source(
        "campaign-test-story",
        lambda object_id, channel: quotes.QuoteStatus(
            usable=consent["usable"] and channel == quotes.CAMPAIGNS, byline="A mum"
        ),
    )
    try:
        the_campaign.quotes.create(
            source_kind="campaign-test-story", source_id=7, text="They saw a bad mother."
        )
        assert "They saw a bad mother." in _page(client, "/campaigns/believe-parents/")
        consent["usable"] = False
        body = _page(client, "/campaigns/believe-parents/")
        assert "They saw a bad mother." not in body
        assert quotes.WITHDRAWN_TEXT in body
    finally:
        quotes._sources.pop("campaign-test-story", None)


# --- Testimony: the member's side --------------------------------------------------------------


def test_a_member_gives_testimony_which_is_held_for_a_moderator_first(client):
    the_campaign = campaign(title="Believe parents", questions=[LONG, CHOICE])
    member = trusted_member()
    client.force_login(member)
    form = _page(client, "/campaigns/believe-parents/testimony/")
    assert 'name="robots" content="noindex' in form
    assert "Quote my words, without my name" in form
    assert "data-screen" in form

    response = client.post(
        "/campaigns/believe-parents/testimony/",
        {
            _field(the_campaign, 0): "They blamed me for everything.",
            _field(the_campaign, 1): "Police",
            "consent_parliament": "on",
        },
    )

    assert response.status_code == 302
    given = campaign_models.Testimony.objects.get()
    assert given.moderation_state == ModerationState.HELD
    assert given.consent_parliament and not given.consent_press
    assert QueueItem.objects.get().kind == "testimony"
    mine = _page(client, "/campaigns/believe-parents/testimony/")
    assert "Awaiting review" in mine and "They blamed me for everything." in mine
    # Nobody else: organisers see nothing before approval, other members never.
    client.force_login(the_campaign.organisers.get())
    assert "They blamed me" not in _page(client, "/campaigns/believe-parents/organise/testimony/")


def test_every_testimony_form_asks_the_four_consent_questions_and_keeps_each_answer(client):
    the_campaign = campaign(title="Believe parents", questions=[LONG])
    client.force_login(trusted_member())

    form = html.unescape(_page(client, "/campaigns/believe-parents/testimony/"))
    for label in (
        "Quote my words, without my name, in this campaign's materials "
        "(its page, leaflets and posts).",
        "Give my words, without my name, as evidence to parliament, inquiries and consultations.",
        "Share my words, without my name, with journalists.",
        "The organisers may ask me for more (through a notification here, never by e-mail).",
    ):
        assert label in form, label

    client.post(
        "/campaigns/believe-parents/testimony/",
        {
            _field(the_campaign, 0): "Nobody asked how I was.",
            "consent_press": "on",
            "consent_contact": "on",
        },
    )

    given = campaign_models.Testimony.objects.get()
    assert given.consent_press and given.consent_contact
    assert not given.consent_campaigns and not given.consent_parliament


def test_identifying_details_in_testimony_are_found_and_held_as_such():
    the_campaign = campaign(title="Believe parents", questions=[LONG])
    given = sent_testimony(
        on=the_campaign,
        answers={LONG[1]: "They wait for him outside Oakbridge Academy every day."},
        approve=False,
    )
    item = QueueItem.for_instance(given).get()
    assert QueueReason.IDENTIFYING in item.reasons
    assert given.moderation_state == ModerationState.HELD


def test_a_blocked_word_saves_nothing_and_gives_every_answer_back_and_keeps_a_draft(client):
    WatchedWord.objects.create(pattern="forbiddenword", action="block")
    the_campaign = campaign(title="Believe parents", questions=[LONG, ("short", "In a few words?")])
    member = trusted_member()
    client.force_login(member)

    response = client.post(
        "/campaigns/believe-parents/testimony/",
        {
            _field(the_campaign, 0): "It began with a forbiddenword at the door.",
            _field(the_campaign, 1): "A long year",
        },
    )

    body = response.content.decode()
    assert response.status_code == 400
    assert "It began with a forbiddenword at the door." in body and "A long year" in body
    assert not campaign_models.Testimony.objects.exists()
    kept = draft_for(member=member, slot="testimony:campaign:believe-parents")
    assert kept.fields[_field(the_campaign, 0)] == "It began with a forbiddenword at the door."


def test_a_member_edits_testimony_until_organisers_start_reviewing_it(client):
    the_campaign = campaign(title="Believe parents", questions=[LONG])
    member = trusted_member()
    given = sent_testimony(on=the_campaign, author=member, answers={LONG[1]: "First words"})
    client.force_login(member)

    client.post(
        "/campaigns/believe-parents/testimony/?edit=1", {_field(the_campaign, 0): "Better words"}
    )
    given.refresh_from_db()
    assert given.answers == {_key(the_campaign, 0): "Better words"}
    assert given.moderation_state == ModerationState.HELD  # screened and held again

    item = QueueItem.for_instance(given).get(state="waiting")
    moderation_services.approve(item=item, moderator=moderator())
    given.refresh_from_db()
    campaigns.themes_set(
        testimony=given, organiser=the_campaign.organisers.get(), names=["Police response"]
    )
    client.post(
        "/campaigns/believe-parents/testimony/?edit=1", {_field(the_campaign, 0): "Changed again"}
    )
    given.refresh_from_db()
    assert given.answers == {_key(the_campaign, 0): "Better words"}
    assert "can't change now" in _page(client, "/campaigns/believe-parents/testimony/")


def test_a_member_withdraws_testimony_and_sees_where_it_was_used_before(client):
    the_campaign = campaign(title="Believe parents", questions=[LONG])
    member = trusted_member()
    given = sent_testimony(
        on=the_campaign, author=member, answers={LONG[1]: "Words"}, parliament=True
    )
    quotes.record_use(
        kind="testimony", object_id=given.pk, channel=quotes.PARLIAMENT, where="Evidence bundle"
    )
    client.force_login(member)

    assert "Withdraw your testimony?" in _page(
        client, "/campaigns/believe-parents/testimony/withdraw/"
    )
    response = client.post("/campaigns/believe-parents/testimony/withdraw/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Your testimony is withdrawn" in body and "Evidence bundle" in body
    given.refresh_from_db()
    assert given.moderation_state == ModerationState.WITHDRAWN and given.withdrawn_at
    # The organisers no longer see it.
    client.force_login(the_campaign.organisers.get())
    assert "Words" not in _page(client, "/campaigns/believe-parents/organise/testimony/")


# --- Review: organisers of that campaign only --------------------------------------------------


def _organiser_paths(slug: str, testimony_id: int) -> list[str]:
    base = f"/campaigns/{slug}/organise/"
    return [
        base,
        f"{base}questions/",
        f"{base}testimony/",
        f"{base}testimony/{testimony_id}/",
        f"{base}export/",
        f"{base}dashboard/",
        f"{base}updates/new/",
    ]


def test_an_organiser_of_one_campaign_is_refused_the_testimony_of_another(client):
    ours = campaign(title="Believe parents", questions=[LONG])
    given = sent_testimony(on=ours, answers={LONG[1]: "Private words"}, parliament=True)
    other_organiser = organiser()
    campaign(by=other_organiser, title="Safer buses")
    client.force_login(other_organiser)

    for path in _organiser_paths("believe-parents", given.pk):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Private words" not in response.content.decode()
    response = client.post(
        "/campaigns/believe-parents/organise/export/", {"use": "parliament", "format": "csv"}
    )
    assert response.status_code == 404
    # Their own campaign's pages do not show it either.
    assert "Private words" not in _page(client, "/campaigns/safer-buses/organise/testimony/")
    # Asking for our testimony through their own campaign's address is refused too.
    assert client.get(f"/campaigns/safer-buses/organise/testimony/{given.pk}/").status_code == 404


def test_a_plain_member_and_a_moderator_are_refused_the_organisers_pages(client):
    ours = campaign(title="Believe parents", questions=[LONG])
    given = sent_testimony(on=ours, answers={LONG[1]: "Private words"})
    for outsider in (trusted_member(), moderator()):
        client.force_login(outsider)
        for path in _organiser_paths("believe-parents", given.pk):
            assert client.get(path).status_code == 404, path


def test_staff_appoint_an_organiser_of_one_campaign_who_then_reviews_it(client):
    ours = campaign(title="Believe parents", questions=[LONG])
    given = sent_testimony(on=ours, answers={LONG[1]: "Private words"})
    staff = UserFactory(is_superuser=True, is_staff=True)
    appointed = trusted_member(display_name="Steady Oak")
    client.force_login(staff)

    client.post(
        "/campaigns/believe-parents/organise/",
        {"action": "organiser", "display_name": "steady oak"},
    )

    assert ours.organisers.filter(pk=appointed.pk).exists()
    assert Notification.objects.filter(recipient=appointed, kind="campaign.organiser").exists()
    client.force_login(appointed)
    assert "Private words" in _page(
        client, f"/campaigns/believe-parents/organise/testimony/{given.pk}/"
    )


def test_organisers_review_without_pseudonyms_unless_they_ask(client):
    ours = campaign(title="Believe parents", questions=[LONG, CHOICE])
    author = trusted_member(display_name="Silver Birch")
    sent_testimony(on=ours, author=author, answers={LONG[1]: "They blamed me", CHOICE[1]: "Police"})
    client.force_login(ours.organisers.get())

    body = _page(client, "/campaigns/believe-parents/organise/testimony/")
    assert "They blamed me" in body and "Silver Birch" not in body
    assert "Testimony 1" in body
    assert "fewer than 10" in body  # counts by question and theme
    assert "Silver Birch" in _page(
        client, "/campaigns/believe-parents/organise/testimony/?pseudonyms=1"
    )
    shown = AuditEntry.objects.get(action="campaign.show_pseudonyms")
    assert shown.user_id == ours.organisers.get().pk and shown.data == {"testimonies": 1}


def _count_table(body: str, caption: str) -> str:
    """The count table with this caption, as the page shows it."""
    found = re.search(rf"<caption>{re.escape(caption)}</caption>.*?</table>", body, flags=re.S)
    assert found, caption
    return found.group(0)


def test_the_review_page_counts_answers_by_question_and_testimony_by_theme(client):
    ours = campaign(title="Believe parents", questions=[LONG, CHOICE])
    org = ours.organisers.get()
    for n in range(10):
        given = sent_testimony(
            on=ours, answers={LONG[1]: f"Account {n}", CHOICE[1]: "Police" if n else "School"}
        )
        campaigns.themes_set(testimony=given, organiser=org, names=["Police response"])
    campaigns.themes_set(testimony=given, organiser=org, names=["Police response", "Blame"])
    client.force_login(org)

    body = _page(client, "/campaigns/believe-parents/organise/testimony/")

    by_theme = _count_table(body, "By theme")
    assert '<th scope="row">Police response</th><td>10</td>' in by_theme
    assert '<th scope="row">Blame</th><td>fewer than 10</td>' in by_theme
    by_choice = _count_table(body, CHOICE[1])
    assert '<th scope="row">Police</th><td>fewer than 10</td>' in by_choice  # nine
    assert '<th scope="row">School</th><td>fewer than 10</td>' in by_choice
    assert '<th scope="row">Social care</th><td>fewer than 10</td>' in by_choice
    assert '<th scope="row">Answered</th><td>10</td>' in _count_table(body, LONG[1])


def test_organisers_tag_themes_and_mark_quotable_passages_with_redactions(client):
    ours = campaign(title="Believe parents", questions=[LONG])
    given = sent_testimony(
        on=ours,
        answers={LONG[1]: "The officer, a tall man called Gary, said I should be stricter."},
        campaigns=True,
    )
    client.force_login(ours.organisers.get())
    path = f"/campaigns/believe-parents/organise/testimony/{given.pk}/"

    client.post(path, {"action": "themes", "themes": "Police response, blame, police response"})
    client.post(
        path,
        {"action": "extract", "text": "The officer, [redacted], said I should be stricter."},
    )
    refused = client.post(path, {"action": "extract", "text": "The officer was kind to me."})

    given.refresh_from_db()
    assert sorted(t.name for t in given.themes.all()) == ["Police response", "blame"]
    assert [e.text for e in given.extracts.all()] == [
        "The officer, [redacted], said I should be stricter."
    ]
    assert given.reviewed_at is not None
    assert refused.status_code == 200 and "own words from one answer" in refused.content.decode()

    # Quoted on the page while consented; withdrawn, it reads so.
    extract = given.extracts.get()
    client.post(path, {"action": "feature", "extract": extract.pk})
    assert "[redacted], said I should be stricter." in _page(client, "/campaigns/believe-parents/")
    campaigns.testimony_withdraw(testimony=given, author=given.author)
    body = _page(client, "/campaigns/believe-parents/")
    assert "said I should be stricter" not in body and quotes.WITHDRAWN_TEXT in body


def test_the_dashboard_draws_accessible_charts_with_the_same_figures_in_tables(client):
    ours = campaign(title="Believe parents", questions=[LONG])
    org = ours.organisers.get()
    for _ in range(10):
        given = sent_testimony(on=ours, answers={LONG[1]: "Words"})
        campaigns.themes_set(testimony=given, organiser=org, names=["Police response"])
    campaigns.themes_set(testimony=given, organiser=org, names=["Police response", "School"])
    client.force_login(org)

    body = _page(client, "/campaigns/believe-parents/organise/dashboard/")

    svgs = re.findall(r"<svg[^>]*>.*?</svg>", body, flags=re.S)
    assert len(svgs) == 2
    for svg in svgs:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "Police response: 10" in svgs[1] and "School: fewer than 10" in svgs[1]
    assert "chart-bar--small" in svgs[1]  # the small count is drawn hollow, not to size
    assert re.search(r"<th scope=\"row\">Police response</th><td>10</td>", body)
    assert re.search(r"<th scope=\"row\">School</th><td>fewer than 10</td>", body)
    assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]
    # Over time: this month, drawn in the first chart and counted in its table.
    month = timezone.localtime().strftime("%B %Y")
    assert f">{month}</text>" in svgs[0] and f"{month}: 10" in svgs[0]
    assert "chart-bar--small" not in svgs[0]
    by_month = re.search(r"<caption>Testimony by month</caption>.*?</table>", body, flags=re.S)
    assert f'<th scope="row">{month}</th><td>10</td>' in by_month.group(0)


def test_organisers_define_questions_without_code(client):
    ours = campaign(title="Believe parents")
    client.force_login(ours.organisers.get())
    path = "/campaigns/believe-parents/organise/questions/"

    client.post(path, {"action": "add", "kind": "long", "label": "What happened?"})
    client.post(
        path,
        {"action": "add", "kind": "multiple", "label": "Who helped?", "choices": "Police\nSchool"},
    )
    refused = client.post(
        path, {"action": "add", "kind": "single", "label": "Which?", "choices": "Only one"}
    )
    client.post(path, {"action": "add", "kind": "scale", "label": "How heard did you feel?"})
    questions = list(ours.testimony_form.questions.all())
    client.post(path, {"action": "up", "question": questions[1].pk})

    assert refused.status_code == 400 and "at least two choices" in refused.content.decode()
    labels = [q.label for q in ours.testimony_form.questions.all()]
    assert labels == ["Who helped?", "What happened?", "How heard did you feel?"]
    form = _page(client, "/campaigns/believe-parents/testimony/")
    assert re.search(r'type="checkbox" name="q_\d+" value="School"', form)
    assert "1 (Not at all)" in form and "5 (Very much)" in form


def test_the_demo_seed_adds_one_open_fictional_campaign_once(client):
    call_command("seed_demo", force=True, quiet_logins=True)
    call_command("seed_demo", force=True, quiet_logins=True)

    seeded = Campaign.objects.get()
    assert seeded.status == Campaign.Status.OPEN
    assert seeded.organisers.get().email == "organiser@example.org"
    assert seeded.testimonies.count() == 1
    body = _page(client, "/campaigns/believe-parents/")
    assert "Nobody asked how I was" in body
    assert re.search(r"<strong>2</strong>\s*supporters", body)


def test_an_organiser_quotes_a_story_that_reads_withdrawn_once_its_author_withdraws_it(client):
    author = trusted_member()
    submission = published_story(author=author, channels=("website", "campaigns")).submission
    the_campaign = campaign(title="Believe parents")
    client.force_login(the_campaign.organisers.get())

    client.post(
        "/campaigns/believe-parents/organise/",
        {"action": "quote", "story": submission.pk, "text": "For months we did not know"},
    )

    body = _page(client, "/campaigns/believe-parents/")
    assert "For months we did not know" in body
    assert [use.channel for use in quotes.uses_of(kind="story", object_id=submission.pk)] == [
        quotes.CAMPAIGNS
    ]
    story_services.story_withdraw(submission=submission, member=author)
    body = _page(client, "/campaigns/believe-parents/")
    assert "For months we did not know" not in body and quotes.WITHDRAWN_TEXT in body


def test_a_story_without_consent_for_campaigns_cannot_be_quoted(client):
    page = published_story(channels=("website",))
    the_campaign = campaign(title="Believe parents")
    client.force_login(the_campaign.organisers.get())

    response = client.post(
        "/campaigns/believe-parents/organise/",
        {"action": "quote", "story": page.submission.pk, "text": "For months we did not know"},
    )

    assert "hasn&#x27;t agreed to campaign use" in response.content.decode()
    assert not the_campaign.quotes.exists()


def test_the_review_list_comes_in_pages_of_50_numbered_across_pages(client):
    ours = campaign(title="Believe parents", questions=[LONG])
    desk = moderator()
    for n in range(51):
        given = sent_testimony(on=ours, answers={LONG[1]: f"Account {n}"}, approve=False)
        item = QueueItem.for_instance(given).get(state="waiting")
        moderation_services.approve(item=item, moderator=desk)
    client.force_login(ours.organisers.get())

    first = _page(client, "/campaigns/believe-parents/organise/testimony/")
    second = _page(client, "/campaigns/believe-parents/organise/testimony/?page=2")

    assert "Testimony 50<" in first and "Testimony 51<" not in first
    assert "Testimony 51<" in second and "Account 50" in second and "Account 0<" not in second
    assert "Page 1 of 2" in first


def test_organisers_change_and_remove_questions_and_close_the_form(client):
    ours = campaign(title="Believe parents", questions=[LONG, CHOICE])
    client.force_login(ours.organisers.get())
    first, second = ours.testimony_form.questions.all()

    client.post(
        f"/campaigns/believe-parents/organise/questions/{first.pk}/",
        {"kind": "short", "label": "In a few words, what happened?", "required": "on"},
    )
    client.post(
        "/campaigns/believe-parents/organise/questions/",
        {"action": "delete", "question": second.pk},
    )
    client.post(
        "/campaigns/believe-parents/organise/questions/",
        {"action": "settings", "intro": "Take your time.", "is_open": ""},
    )

    first.refresh_from_db()
    assert (first.kind, first.label, first.required) == (
        "short",
        "In a few words, what happened?",
        True,
    )
    assert list(ours.testimony_form.questions.all()) == [first]
    client.force_login(trusted_member())
    body = _page(client, "/campaigns/believe-parents/testimony/")
    assert "not collecting testimony at the moment" in body
    assert "In a few words" not in body


def test_a_moderators_redaction_comes_back_answer_by_answer():
    ours = campaign(title="Believe parents", questions=[LONG, ("short", "Where were you?")])
    given = sent_testimony(
        on=ours,
        answers={LONG[1]: "They wait outside Oakbridge Academy.", "Where were you?": "At home"},
        approve=False,
    )
    item = QueueItem.for_instance(given).get(state="waiting")
    text = adapter_for(given).text(given)  # what the moderator reads at the desk
    assert text == (
        f"## {LONG[1]}\nThey wait outside Oakbridge Academy.\n\n## Where were you?\nAt home"
    )

    moderation_services.redact(
        item=item,
        moderator=moderator(),
        text=text.replace("Oakbridge Academy", "[a school]"),
    )

    given.refresh_from_db()
    assert given.answers == {
        _key(ours, 0): "They wait outside [a school].",
        _key(ours, 1): "At home",
    }
    assert given.moderation_state == ModerationState.PUBLISHED


def test_staff_remove_an_organiser_who_then_loses_the_testimony(client):
    ours = campaign(title="Believe parents", questions=[LONG])
    given = sent_testimony(on=ours, answers={LONG[1]: "Private words"})
    second = trusted_member()
    staff = UserFactory(is_superuser=True, is_staff=True)
    campaigns.organiser_add(campaign=ours, actor=staff, member=second)
    client.force_login(ours.organisers.exclude(pk=second.pk).get())
    client.post(
        "/campaigns/believe-parents/organise/", {"action": "unorganise", "member": second.pk}
    )
    assert ours.organisers.filter(pk=second.pk).exists()  # organisers cannot remove each other

    client.force_login(staff)
    client.post(
        "/campaigns/believe-parents/organise/", {"action": "unorganise", "member": second.pk}
    )

    assert not ours.organisers.filter(pk=second.pk).exists()
    client.force_login(second)
    path = f"/campaigns/believe-parents/organise/testimony/{given.pk}/"
    assert client.get(path).status_code == 404


def test_an_approved_testimonys_author_is_told_it_was_accepted_not_published() -> None:
    made = campaign(questions=[("long", "What happened?")])
    author = UserFactory()

    sent_testimony(on=made, author=author, answers={"What happened?": "Nobody listened."})

    [notice] = Notification.objects.filter(recipient=author, kind="moderation.approved")
    assert notice.message.startswith("Your testimony has been accepted.")
    assert "published" not in notice.message


def test_a_draft_campaigns_board_is_seen_only_by_its_organisers_until_it_opens(client) -> None:
    draft = campaign(title="Quiet preparations", status="draft")
    organiser_of_it = draft.organisers.first()
    stranger = trusted_member()

    client.force_login(stranger)
    index_for_stranger = client.get("/forums/").content.decode()
    board_for_stranger = client.get(f"/forums/{draft.board.slug}/")
    client.force_login(organiser_of_it)
    board_for_organiser = client.get(f"/forums/{draft.board.slug}/")
    campaigns.campaign_set_status(campaign=draft, actor=organiser_of_it, status="open")
    client.force_login(stranger)
    board_once_open = client.get(f"/forums/{draft.board.slug}/")

    assert draft.board.title not in index_for_stranger
    assert board_for_stranger.status_code == 404
    assert board_for_organiser.status_code == 200
    assert board_once_open.status_code == 200


def test_the_campaign_discussion_is_for_members_and_visitors_get_the_welcome_page(client):
    the_campaign = campaign(title="Believe parents")
    thread = published_thread(
        on=the_campaign.board, title="Meeting the committee", body="I will bring my notes."
    )

    for path in (the_campaign.board.get_absolute_url(), thread.get_absolute_url()):
        body = _page(client, path)
        assert "Talk to parents who understand" in body, path
        assert "Meeting the committee" not in body and "I will bring my notes." not in body

    client.force_login(trusted_member())
    assert "Meeting the committee" in _page(client, the_campaign.board.get_absolute_url())
    assert "I will bring my notes." in _page(client, thread.get_absolute_url())
