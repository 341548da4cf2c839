"""Support circles: joining by invitation or by asking, the host's say, and access that ends at
once, on pages and on the live socket."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from community.config.asgi import application
from community.members.names import DisplayNameError, skeleton
from community.models import Notification, User
from community.services import display_name_check
from forums import circles, services
from forums.models import CircleMembership
from tests.factories import (
    UserFactory,
    board,
    join_circle,
    moderator,
    published_thread,
    trusted_member,
)

pytestmark = pytest.mark.django_db

MEMBERS = "/forums/circles/{slug}/members/"


@pytest.fixture
def host():
    return trusted_member(display_name="Steady Lantern", email="lantern.host@example.org")


@pytest.fixture
def circle(host):
    return board(
        slug="evening-circle",
        circle=True,
        host=host,
        title="Evening circle",
        description="For parents whose children were groomed online.",
    )


@pytest.fixture
def circle_thread(circle, host):
    return published_thread(on=circle, author=host, body="Only the circle reads this.")


def membership(circle, member) -> CircleMembership:
    return CircleMembership.objects.get(circle=circle, member=member)


def can_read(client, member, thread) -> bool:
    client.force_login(member)
    response = client.get(thread.get_absolute_url())
    return response.status_code == 200 and "Only the circle reads this." in response.text


# --- Joining -----------------------------------------------------------------------------------


def test_a_member_invited_by_the_host_who_accepts_can_read_the_circles_threads(
    client, host, circle, circle_thread
):
    guest = trusted_member(display_name="Quiet Harbour")
    assert not can_read(client, guest, circle_thread)

    client.force_login(host)
    response = client.post(MEMBERS.format(slug=circle.slug), {"display_name": "Quiet Harbour"})
    assert response.status_code == 302
    assert membership(circle, guest).state == "invited"

    client.force_login(guest)
    page = client.get("/forums/circles/").text
    assert "Invitations" in page and "Evening circle" in page
    client.post(f"/forums/circles/{circle.slug}/accept/")

    assert membership(circle, guest).state == "active"
    assert can_read(client, guest, circle_thread)


def test_the_host_can_type_a_display_name_in_any_case(host, circle):
    guest = UserFactory(display_name="Quiet Harbour")

    invited = circles.circle_invite(circle=circle, host=host, display_name="  quiet   HARBOUR ")

    assert invited.member == guest


def test_a_member_who_asks_to_join_and_is_approved_can_read_the_circle(
    client, host, circle, circle_thread
):
    asker = trusted_member(display_name="Brave Willow")
    client.force_login(asker)
    listing = client.get("/forums/circles/").text
    assert "Evening circle" in listing
    assert "For parents whose children were groomed online." in listing

    client.post(f"/forums/circles/{circle.slug}/request/")
    assert membership(circle, asker).state == "requested"
    assert not can_read(client, asker, circle_thread)

    client.force_login(host)
    roster = client.get(MEMBERS.format(slug=circle.slug)).text
    assert "Brave Willow" in roster and "Asked to join" in roster
    pk = membership(circle, asker).pk
    client.post(f"/forums/circles/{circle.slug}/members/{pk}/approve/")

    assert membership(circle, asker).state == "active"
    assert can_read(client, asker, circle_thread)


def test_inviting_a_member_who_asked_to_join_lets_them_in(host, circle):
    asker = trusted_member(display_name="Brave Willow")
    circles.circle_request(circle=circle, member=asker)

    circles.circle_invite(circle=circle, host=host, display_name="Brave Willow")

    assert membership(circle, asker).state == "active"


def test_asking_to_join_after_being_invited_accepts_the_invitation(host, circle):
    guest = trusted_member(display_name="Quiet Harbour")
    circles.circle_invite(circle=circle, host=host, display_name="Quiet Harbour")

    circles.circle_request(circle=circle, member=guest)

    assert membership(circle, guest).state == "active"


def test_a_declined_invitation_leaves_no_access(client, host, circle, circle_thread):
    guest = trusted_member(display_name="Quiet Harbour")
    circles.circle_invite(circle=circle, host=host, display_name="Quiet Harbour")
    client.force_login(guest)

    client.post(f"/forums/circles/{circle.slug}/decline/")

    assert not CircleMembership.objects.filter(member=guest).exists()
    assert not can_read(client, guest, circle_thread)


def test_asking_twice_says_the_host_will_decide(host, circle):
    asker = trusted_member()
    circles.circle_request(circle=circle, member=asker)

    with pytest.raises(ValidationError, match="already asked"):
        circles.circle_request(circle=circle, member=asker)


def test_a_refused_member_cannot_keep_asking_the_same_circle(host, circle):
    asker = trusted_member()
    for _ in range(circles.REQUESTS_PER_CIRCLE_PER_WEEK):
        request = circles.circle_request(circle=circle, member=asker)
        circles.circle_refuse(circle=circle, host=host, membership=request)

    with pytest.raises(ValidationError, match="asked to join recently"):
        circles.circle_request(circle=circle, member=asker)


# --- Losing access -----------------------------------------------------------------------------


def test_a_refused_member_gets_404_on_the_circle_and_its_threads(
    client, host, circle, circle_thread
):
    asker = trusted_member()
    request = circles.circle_request(circle=circle, member=asker)
    client.force_login(host)
    client.post(f"/forums/circles/{circle.slug}/members/{request.pk}/refuse/")

    assert not CircleMembership.objects.filter(member=asker).exists()
    client.force_login(asker)
    assert client.get(circle.get_absolute_url()).status_code == 404
    assert client.get(circle_thread.get_absolute_url()).status_code == 404


def test_a_removed_member_gets_404_on_the_circle_and_its_threads(
    client, host, circle, circle_thread
):
    member = trusted_member()
    join_circle(circle, member)
    assert can_read(client, member, circle_thread)

    client.force_login(host)
    pk = membership(circle, member).pk
    response = client.post(f"/forums/circles/{circle.slug}/members/{pk}/remove/")
    assert response.status_code == 302

    client.force_login(member)
    assert client.get(circle.get_absolute_url()).status_code == 404
    assert client.get(circle_thread.get_absolute_url()).status_code == 404


def test_a_member_who_leaves_loses_the_circle_at_once(client, circle, circle_thread):
    member = trusted_member()
    join_circle(circle, member)
    client.force_login(member)

    client.post(f"/forums/circles/{circle.slug}/leave/")

    assert client.get(circle_thread.get_absolute_url()).status_code == 404
    assert "Evening circle" not in client.get("/forums/").text


# --- Who may manage ----------------------------------------------------------------------------


def test_a_stranger_gets_404_on_the_circles_members_page(client, circle):
    client.force_login(trusted_member())

    assert client.get(MEMBERS.format(slug=circle.slug)).status_code == 404
    assert client.post(MEMBERS.format(slug=circle.slug), {"display_name": "x"}).status_code == 404
    assert client.get(MEMBERS.format(slug="no-such-circle")).status_code == 404


def test_the_members_page_of_an_ordinary_board_is_404_even_for_a_moderator(client):
    client.force_login(moderator())

    assert client.get(MEMBERS.format(slug=board(slug="general").slug)).status_code == 404


def test_a_member_of_the_circle_who_is_not_its_host_cannot_invite_approve_or_remove(
    client, host, circle
):
    insider = trusted_member(display_name="Inside Member")
    join_circle(circle, insider)
    other = trusted_member(display_name="Other Member")
    join_circle(circle, other)
    asker = trusted_member(display_name="Asking Member")
    request = circles.circle_request(circle=circle, member=asker)
    client.force_login(insider)

    base = MEMBERS.format(slug=circle.slug)
    assert client.get(base).status_code == 404
    assert client.post(base, {"display_name": "Someone Else"}).status_code == 404
    assert client.post(f"{base}{request.pk}/approve/").status_code == 404
    assert client.post(f"{base}{request.pk}/refuse/").status_code == 404
    assert client.post(f"{base}{membership(circle, other).pk}/remove/").status_code == 404
    assert membership(circle, asker).state == "requested"
    assert membership(circle, other).state == "active"

    with pytest.raises(PermissionDenied):
        circles.circle_invite(circle=circle, host=insider, display_name="Someone Else")
    with pytest.raises(PermissionDenied):
        circles.circle_approve(circle=circle, host=insider, membership=request)
    with pytest.raises(PermissionDenied):
        circles.circle_remove(circle=circle, host=insider, member=other)


def test_a_moderator_can_manage_any_circle(client, circle):
    member = trusted_member()
    join_circle(circle, member)
    client.force_login(moderator())

    assert client.get(MEMBERS.format(slug=circle.slug)).status_code == 200
    circles.circle_remove(circle=circle, host=moderator(), member=member)
    assert not CircleMembership.objects.filter(member=member).exists()


def test_a_visitor_gets_the_welcome_page_on_circle_pages(client, circle):
    for path in ("/forums/circles/", MEMBERS.format(slug=circle.slug)):
        page = client.get(path).text
        assert "Talk to parents who understand" in page
        assert "Evening circle" not in page


# --- What members are told and shown -----------------------------------------------------------


def test_notifications_reach_the_affected_member_and_never_name_the_host(host, circle):
    invitee = trusted_member(display_name="Quiet Harbour")
    asker = trusted_member(display_name="Brave Willow")
    refused = trusted_member(display_name="Gentle Fern")

    circles.circle_invite(circle=circle, host=host, display_name="Quiet Harbour")
    circles.circle_approve(
        circle=circle, host=host, membership=circles.circle_request(circle=circle, member=asker)
    )
    circles.circle_refuse(
        circle=circle, host=host, membership=circles.circle_request(circle=circle, member=refused)
    )
    circles.circle_remove(circle=circle, host=host, member=asker)

    kinds = {
        member: list(
            Notification.objects.filter(recipient=member)
            .order_by("pk")
            .values_list("kind", flat=True)
        )
        for member in (invitee, asker, refused)
    }
    assert kinds == {
        invitee: ["circle.invited"],
        asker: ["circle.joined", "circle.removed"],
        refused: ["circle.refused"],
    }
    for note in Notification.objects.exclude(recipient=host):
        assert "Evening circle" in note.message
        assert host.email not in note.message and "lantern" not in note.message.lower()
        assert host.display_name not in note.message


def test_the_host_is_told_someone_asked_without_being_told_who(host, circle):
    asker = trusted_member(display_name="Brave Willow", email="willow.real@example.org")

    circles.circle_request(circle=circle, member=asker)

    note = Notification.objects.get(recipient=host)
    assert note.kind == "circle.requested"
    assert note.url == MEMBERS.format(slug=circle.slug)
    assert "Brave Willow" not in note.message and "willow" not in note.message.lower()


def test_inviting_an_unknown_display_name_shows_a_clear_message_and_keeps_what_was_typed(
    client, host, circle
):
    client.force_login(host)

    response = client.post(MEMBERS.format(slug=circle.slug), {"display_name": "Nobody Byname"})

    assert response.status_code == 400
    page = response.text
    assert "We couldn&#x27;t find a member called" in page
    assert 'value="Nobody Byname"' in page
    assert not CircleMembership.objects.exists()


def test_inviting_someone_already_in_the_circle_says_so(client, host, circle):
    join_circle(circle, trusted_member(display_name="Quiet Harbour"))
    client.force_login(host)

    response = client.post(MEMBERS.format(slug=circle.slug), {"display_name": "Quiet Harbour"})

    assert response.status_code == 400
    assert "Quiet Harbour is already in this circle." in response.text


def test_the_list_of_circles_to_ask_to_join_shows_title_and_description_only(client, host):
    secret = board(slug="secret", circle=True, host=host, title="Sunday circle")
    insider = trusted_member(display_name="Inside Member", email="inside@example.org")
    join_circle(secret, insider)
    published_thread(on=secret, author=host, title="Our weekend", body="Private words.")
    viewer = trusted_member()
    client.force_login(viewer)

    page = client.get("/forums/circles/").text

    assert "Sunday circle" in page
    for hidden in ("Steady Lantern", "Inside Member", "inside@example.org", "Our weekend"):
        assert hidden not in page
    assert "Private words." not in page
    assert secret.get_absolute_url() not in page
    assert client.get(secret.get_absolute_url()).status_code == 404


def test_the_circles_page_shows_a_members_invitations_requests_and_circles(client, host, circle):
    mine = board(slug="mine", circle=True, host=trusted_member(), title="Morning circle")
    asked = board(slug="asked", circle=True, host=trusted_member(), title="Tuesday circle")
    member = trusted_member(display_name="Quiet Harbour")
    join_circle(mine, member)
    circles.circle_invite(circle=circle, host=host, display_name="Quiet Harbour")
    circles.circle_request(circle=asked, member=member)
    client.force_login(member)

    page = client.get("/forums/circles/").text

    assert page.index("Invitations") < page.index("Evening circle")
    assert mine.get_absolute_url() in page
    assert "Waiting for the host" in page and "Tuesday circle" in page
    assert "There are no other circles to join at the moment." in page


def test_the_host_sees_a_link_to_the_members_page_on_the_circle(client, host, circle):
    client.force_login(host)

    assert MEMBERS.format(slug=circle.slug) in client.get(circle.get_absolute_url()).text


# --- The live socket ---------------------------------------------------------------------------

SAME_ORIGIN = (b"origin", b"http://testserver")
HOST = (b"host", b"testserver")


def socket_headers(user) -> list[tuple[bytes, bytes]]:
    client = Client()
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [SAME_ORIGIN, HOST, (b"cookie", f"{settings.SESSION_COOKIE_NAME}={key}".encode())]


async def connect(headers) -> WebsocketCommunicator:
    communicator = WebsocketCommunicator(application, "/ws/", headers=headers)
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def subscribe(communicator: WebsocketCommunicator, topic: str) -> dict:
    await communicator.send_json_to({"action": "subscribe", "topic": topic})
    return await communicator.receive_json_from()


def circle_with_two_members():
    host = trusted_member()
    circle = board(slug="night-circle", circle=True, host=host)
    thread = published_thread(on=circle, author=host)
    leaving, staying = trusted_member(), trusted_member()
    join_circle(circle, leaving)
    join_circle(circle, staying)
    return host, circle, thread, leaving, staying


@pytest.mark.django_db(transaction=True)
@pytest.mark.asyncio
@pytest.mark.parametrize("how", ["removed", "left"])
async def test_a_member_who_loses_a_circle_has_their_socket_closed_and_cannot_subscribe_again(
    how,
):
    host, circle, thread, leaving, staying = await sync_to_async(circle_with_two_members)()
    topic = f"thread:{thread.pk}"
    leaving_headers = await sync_to_async(socket_headers)(leaving)
    staying_headers = await sync_to_async(socket_headers)(staying)
    leaving_socket = await connect(leaving_headers)
    staying_socket = await connect(staying_headers)
    try:
        assert await subscribe(leaving_socket, topic) == {"type": "subscribed", "topic": topic}
        assert await subscribe(staying_socket, topic) == {"type": "subscribed", "topic": topic}

        if how == "removed":
            await sync_to_async(circles.circle_remove)(circle=circle, host=host, member=leaving)
        else:
            await sync_to_async(circles.circle_leave)(circle=circle, member=leaving)

        assert await leaving_socket.receive_output(timeout=2) == {
            "type": "websocket.close",
            "code": 4003,
        }

        # The tab reconnects and asks again, authorised afresh: refused.
        fresh = await connect(leaving_headers)
        try:
            assert await subscribe(fresh, topic) == {"type": "refused", "topic": topic}
            await sync_to_async(services.post_create)(
                thread=thread, author=host, body="Still here for each other."
            )
            # Members still in the circle keep their live thread; the one who left gets nothing.
            event = await staying_socket.receive_json_from(timeout=2)
            assert event["type"] == "event" and event["event"] == "published"
            assert await fresh.receive_nothing(timeout=0.3)
        finally:
            await fresh.disconnect()
    finally:
        await leaving_socket.disconnect()
        await staying_socket.disconnect()


# --- Members whose names only came to look alike (keys `<skeleton>~<id>`) ----------------------


def _look_alike_pair():
    """Two older members whose names look alike under today's rules, as migration 0014 left
    them: the first keeps the skeleton, the second gets `<skeleton>~<id>`."""
    first = UserFactory(display_name="Quiet Otter")
    second = UserFactory(display_name="Kettle Song")
    User.objects.filter(pk=second.pk).update(
        display_name="Quiet 0tter", display_name_key=f"{skeleton('Quiet Otter')}~{second.pk}"
    )
    second.refresh_from_db()
    return first, second


def test_a_host_can_invite_a_member_whose_key_was_remade_by_their_exact_name(circle, host):
    first, second = _look_alike_pair()

    circles.circle_invite(circle=circle, host=host, display_name="Quiet 0tter")
    circles.circle_invite(circle=circle, host=host, display_name="Quiet Otter")

    assert membership(circle, second).state == CircleMembership.State.INVITED
    assert membership(circle, first).state == CircleMembership.State.INVITED


def test_an_ambiguous_look_alike_name_invites_nobody_and_asks_for_the_exact_name(circle, host):
    _look_alike_pair()

    with pytest.raises(ValidationError, match="couldn't find"):
        circles.circle_invite(circle=circle, host=host, display_name="Qu\u0456et Otter")

    assert not CircleMembership.objects.filter(circle=circle).exclude(member=host).exists()


def test_a_new_name_cannot_copy_a_member_whose_key_was_remade():
    first, _second = _look_alike_pair()
    first.delete()  # the skeleton's plain key is free again, but the second member still has it

    with pytest.raises(DisplayNameError, match="taken"):
        display_name_check("Qu1et Otter")
