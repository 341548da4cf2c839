"""The identification guard on every form where a member writes, in real browsers (issue 16,
point 5): starting a thread, replying, editing a post, a circle post, a story, testimony, a
report's note, and an editor's byline.

Each test goes as a person would: from the home page (or, for the editor, the page they edit),
through links and buttons, never typing an address. It types a fictional identifying detail,
asserts the warning the member sees before sending, in plain words, with the words left as
typed; then sends, and asserts what the server did: held, with the message the member sees,
and nothing of it shown to another member.
"""

from __future__ import annotations

from django.urls import reverse

from campaigns import models as campaign_models
from forums import services
from forums.models import Post, Thread
from moderation.models import Flag, LocalTerm, ModerationState, QueueItem, QueueReason
from stories.models import StoryPage, StorySubmission
from tests.factories import (
    UserFactory,
    approved_story,
    board,
    campaign,
    give_totp,
    join_circle,
    organiser,
    published_thread,
    story_index,
    trusted_member,
)

SCREEN_TIMEOUT_MS = 15_000
PHONE = "07700 900 456"
EMAIL = "kestrel.parent@example.org"
SAYS_PHONE = "This looks like a phone number. People could use it to find you."
SAYS_EMAIL = "This looks like an e-mail address. People could use it to find you."
SAYS_PLACE = "This looks like a place. People could use it to find you."


# --- Helpers -----------------------------------------------------------------------------------


def watch(page) -> list[str]:
    """Console errors and uncaught exceptions on `page` from now on."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def assert_clean(page, errors: list[str]) -> None:
    assert errors == []
    assert page.evaluate("() => window.__cspViolations") == []


def open_home(new_context, base: str, user):
    """A member's browser on the home page, watched for errors."""
    page = new_context(user, base).new_page()
    errors = watch(page)
    response = page.goto(base + "/")
    assert response is not None and response.ok, response and response.status
    return page, errors


def follow(page, name: str, *, within: str = "main") -> None:
    """Click the link called `name` (in `within`) and wait for the page it opens."""
    with page.expect_navigation() as navigation:
        page.locator(within).get_by_role("link", name=name, exact=True).first.click()
    response = navigation.value
    assert response is not None and response.ok, f"{name}: {response and response.status}"


def press(page, name: str) -> None:
    """Press the button called `name` and wait for the page it opens."""
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name=name, exact=True).click()
    response = navigation.value
    assert response is not None, name


def to_board(page, board_title: str) -> None:
    follow(page, "Forums", within="header")
    follow(page, board_title)


def warning_for(page, field: str, sentence: str):
    """Wait for the pre-send warning under the box `field`; the panel that shows it."""
    panel = page.locator(f"[data-screen-findings-for='{field}']")
    panel.locator(".screen-reasons li", has_text=sentence).wait_for(timeout=SCREEN_TIMEOUT_MS)
    assert panel.get_attribute("aria-live") == "polite"
    return panel


def message(page) -> str:
    return page.locator(".messages").inner_text()


# --- Forums ------------------------------------------------------------------------------------


def test_starting_a_thread_with_a_phone_number_warns_before_sending_and_the_thread_is_held(
    live_server_url, new_context
):
    base = live_server_url
    board(slug="late-nights", title="Late nights")
    author = trusted_member(display_name="Quiet Heron")
    member, errors = open_home(new_context, base, author)
    to_board(member, "Late nights")
    follow(member, "Start a thread")
    body = f"Please ring me on {PHONE} if you are near us."

    # Typed and sent at once: the send waits for the check, which shows what it found.
    member.get_by_label("Title", exact=True).fill("Somebody to talk to tonight")
    member.get_by_label("Your reply").press_sequentially(body)
    member.get_by_role("button", name="Start thread", exact=True).click()
    panel = warning_for(member, "body", SAYS_PHONE)
    assert panel.locator("mark").inner_text() == PHONE
    assert member.evaluate("() => document.activeElement.dataset.screenFindingsFor") == "body"
    assert member.url.endswith(reverse("forums:thread_new", args=["late-nights"]))
    assert member.get_by_label("Your reply").input_value() == body

    # Pressing Start thread again sends it as it is: the server holds it, and says why.
    press(member, "Start thread")
    thread = Thread.objects.get(title="Somebody to talk to tonight")
    opening = thread.posts.get()
    assert opening.moderation_state == ModerationState.HELD
    assert QueueReason.IDENTIFYING in QueueItem.for_instance(opening).get().reasons
    assert "awaiting review" in message(member)
    assert "It looks like it includes a phone number" in message(member)
    assert "Awaiting review." in member.locator(f"#post-{opening.pk}").inner_text()
    assert_clean(member, errors)

    # Another member never sees it on the board.
    other, _ = open_home(new_context, base, trusted_member())
    to_board(other, "Late nights")
    assert "Somebody to talk to tonight" not in other.locator("main").inner_text()


def test_a_reply_with_an_e_mail_address_warns_before_sending_and_is_held(
    live_server_url, new_context
):
    base = live_server_url
    published_thread(on=board(slug="late-nights", title="Late nights"), title="Another hard week")
    author = trusted_member(display_name="Quiet Heron")
    member, errors = open_home(new_context, base, author)
    to_board(member, "Late nights")
    follow(member, "Another hard week")
    reply = f"You can write to me at {EMAIL} if it helps."

    member.locator("#reply").get_by_label("Your reply").fill(reply)
    panel = warning_for(member, "body", SAYS_EMAIL)
    assert panel.locator("mark").inner_text() == EMAIL
    assert member.locator("#reply").get_by_label("Your reply").input_value() == reply

    press(member, "Send reply")
    sent = Post.objects.get(author=author)
    assert sent.moderation_state == ModerationState.HELD
    assert "It looks like it includes an e-mail address" in message(member)
    assert_clean(member, errors)

    other, _ = open_home(new_context, base, trusted_member())
    to_board(other, "Late nights")
    follow(other, "Another hard week")
    assert EMAIL not in other.locator("main").inner_text()


def test_a_reply_whose_details_together_identify_a_family_says_so_before_sending(
    live_server_url, new_context
):
    base = live_server_url
    published_thread(on=board(slug="late-nights", title="Late nights"), title="Where it began")
    member, errors = open_home(new_context, base, trusted_member(display_name="Quiet Heron"))
    to_board(member, "Late nights")
    follow(member, "Where it began")
    reply = (
        "We live on the north side of town near the retail park. She is in Year 8, and it "
        "happened on 3 October at the bus station after school."
    )

    member.locator("#reply").get_by_label("Your reply").fill(reply)

    panel = member.locator("[data-screen-findings-for='body']")
    together = panel.locator(".screen-together")
    together.first.wait_for(timeout=SCREEN_TIMEOUT_MS)
    # Which sorts of detail, in plain words; the words themselves stay as typed.
    assert together.first.inner_text().startswith("Together, these details could identify")
    assert member.locator("#reply").get_by_label("Your reply").input_value() == reply
    assert_clean(member, errors)


def test_editing_a_post_to_add_a_phone_number_warns_before_saving_and_holds_the_post(
    live_server_url, new_context
):
    base = live_server_url
    thread = published_thread(
        on=board(slug="late-nights", title="Late nights"), title="Another hard week"
    )
    author = trusted_member(display_name="Quiet Heron")
    mine = services.post_create(thread=thread, author=author, body="Thinking of you all.").post
    assert mine.moderation_state == ModerationState.PUBLISHED
    member, errors = open_home(new_context, base, author)
    to_board(member, "Late nights")
    follow(member, "Another hard week")
    follow(member, "Edit", within=f"#post-{mine.pk}")
    changed = f"Thinking of you all. Text me on {PHONE}."

    member.get_by_label("Your post").fill(changed)
    warning_for(member, "body", SAYS_PHONE)
    assert member.get_by_label("Your post").input_value() == changed

    press(member, "Save changes")
    mine.refresh_from_db()
    assert mine.moderation_state == ModerationState.HELD
    assert "It looks like it includes a phone number" in message(member)
    assert_clean(member, errors)

    other, _ = open_home(new_context, base, trusted_member())
    to_board(other, "Late nights")
    follow(other, "Another hard week")
    shown = other.locator("main").inner_text()
    assert PHONE not in shown and "Thinking of you all." not in shown


def test_a_circle_post_with_a_phone_number_warns_before_sending_and_is_held(
    live_server_url, new_context
):
    base = live_server_url
    host, author, other_member = trusted_member(), trusted_member(), trusted_member()
    circle = board(slug="evening-circle", title="Evening circle", circle=True, host=host)
    for member_ in (author, other_member):
        join_circle(circle, member_)
    published_thread(on=circle, author=host, title="Tuesday check-in")
    member, errors = open_home(new_context, base, author)
    to_board(member, "Evening circle")
    follow(member, "Tuesday check-in")

    member.locator("#reply").get_by_label("Your reply").fill(f"Text me on {PHONE} tonight.")
    warning_for(member, "body", SAYS_PHONE)
    press(member, "Send reply")
    assert Post.objects.get(author=author).moderation_state == ModerationState.HELD
    assert "It looks like it includes a phone number" in message(member)
    assert_clean(member, errors)

    other, _ = open_home(new_context, base, other_member)
    to_board(other, "Evening circle")
    follow(other, "Tuesday check-in")
    assert PHONE not in other.locator("main").inner_text()


def test_a_report_note_with_a_phone_number_warns_before_sending_and_reaches_only_moderators(
    live_server_url, new_context
):
    base = live_server_url
    thread = published_thread(
        on=board(slug="late-nights", title="Late nights"), title="Another hard week"
    )
    reporter = trusted_member()
    member, errors = open_home(new_context, base, reporter)
    to_board(member, "Late nights")
    follow(member, "Another hard week")
    follow(member, "Report", within=f"#post-{thread.posts.get().pk}")
    note = f"They asked people to ring {PHONE}."

    member.get_by_label("I think this person is not who they say").check()
    member.get_by_label("Anything else the moderators should know (optional)").fill(note)
    panel = warning_for(member, "note", SAYS_PHONE)
    assert "Only the moderators read reports." in panel.inner_text()

    # Sent: the server checks the note again and shows what it found, words and reason kept.
    press(member, "Send report")
    server = member.locator(".server-findings")
    assert SAYS_PHONE in server.inner_text()
    assert member.get_by_label(
        "Anything else the moderators should know (optional)"
    ).input_value() == (note)
    assert member.get_by_label("I think this person is not who they say").is_checked()
    assert not Flag.objects.exists()

    member.get_by_label("Send it as it is: only the moderators will read it").check()
    press(member, "Send report")
    assert "Thank you. The moderators will look at it." in message(member)
    assert Flag.objects.get().note == note
    assert_clean(member, errors)

    other, _ = open_home(new_context, base, trusted_member())
    to_board(other, "Late nights")
    follow(other, "Another hard week")
    assert PHONE not in other.locator("main").inner_text()


# --- Stories -----------------------------------------------------------------------------------


def test_a_story_with_a_phone_number_warns_before_sending_and_is_held(live_server_url, new_context):
    base = live_server_url
    story_index()
    author = UserFactory(display_name="Lantern Keeper")
    member, errors = open_home(new_context, base, author)
    follow(member, "Stories", within="header")
    follow(member, "Share your story")
    body = f"The youth worker said to ring {PHONE} if he went missing again."

    member.get_by_label("Title", exact=True).fill("The winter he stopped coming home")
    member.get_by_label("Your story", exact=True).fill(body)
    warning_for(member, "body", SAYS_PHONE)
    assert member.get_by_label("Your story", exact=True).input_value() == body
    member.get_by_label("I agree to these uses", exact=False).check()

    # Sent: the server shows what it found before saving anything; sent as it is, it is held.
    press(member, "Send for review")
    assert SAYS_PHONE in member.locator(".server-findings").inner_text()
    assert not StorySubmission.objects.exists()
    member.get_by_label("Send it as it is: a moderator will take these details out").check()
    press(member, "Send for review")
    assert member.url.endswith(reverse("stories:mine"))
    assert "Waiting for a moderator to read it" in member.locator("main").inner_text()
    submission = StorySubmission.objects.get(author=author)
    assert submission.moderation_state == ModerationState.HELD
    assert QueueReason.IDENTIFYING in QueueItem.for_instance(submission).get().reasons
    assert_clean(member, errors)

    reader, _ = open_home(new_context, base, trusted_member())
    follow(reader, "Stories", within="header")
    assert "The winter he stopped coming home" not in reader.locator("main").inner_text()


def test_an_editors_byline_naming_a_town_is_warned_of_as_typed_and_refused_on_saving(
    live_server_url, new_context
):
    base = live_server_url
    LocalTerm.objects.create(text="Harrowfield", kind="place")  # the moderators' local list
    page = approved_story(title="Signed off").page
    editor = UserFactory(groups=["Editors"], display_name="Careful Editor")
    give_totp(editor)
    admin = new_context(editor, base).new_page()
    assert admin.goto(base + reverse("wagtailadmin_pages:edit", args=[page.pk])).ok

    byline = admin.locator("input[name=byline]")
    byline.fill("A mum in Harrowfield")
    panel = warning_for(admin, "byline", SAYS_PLACE)
    assert panel.locator("mark").inner_text() == "Harrowfield"

    press(admin, "Save draft")
    assert "\u201cHarrowfield\u201d looks like a place" in admin.locator("body").inner_text()
    assert admin.locator("input[name=byline]").input_value() == "A mum in Harrowfield"
    saved = StoryPage.objects.get(pk=page.pk)
    assert saved.get_latest_revision().as_object().byline == "A mum in the North West"


# --- Campaigns ---------------------------------------------------------------------------------


def test_testimony_with_a_phone_number_warns_before_sending_and_is_held_from_organisers(
    live_server_url, new_context
):
    base = live_server_url
    lead = organiser(display_name="Steady Organiser")
    campaign(by=lead, title="Believe parents", questions=[("long", "What happened?")])
    author = trusted_member(display_name="Patient Otter")
    member, errors = open_home(new_context, base, author)
    follow(member, "Campaigns", within="header")
    follow(member, "Believe parents")
    follow(member, "Give your testimony")
    answer = f"The officer gave me {PHONE} and never rang back."

    member.get_by_label("What happened?").fill(answer)
    question = campaign_models.TestimonyQuestion.objects.get()
    warning_for(member, question.field_name, SAYS_PHONE)
    assert member.get_by_label("What happened?").input_value() == answer

    press(member, "Send my testimony")
    given = campaign_models.Testimony.objects.get(author=author)
    assert given.moderation_state == ModerationState.HELD
    assert QueueReason.IDENTIFYING in QueueItem.for_instance(given).get().reasons
    assert "It looks like it includes a phone number" in message(member)
    assert "Awaiting review" in member.locator("main").inner_text()
    assert_clean(member, errors)

    org, _ = open_home(new_context, base, lead)
    follow(org, "Campaigns", within="header")
    follow(org, "Believe parents")
    follow(org, "Organise this campaign")
    follow(org, "Testimony")
    shown = org.locator("main").inner_text()
    assert "No approved testimony yet." in shown and PHONE not in shown
