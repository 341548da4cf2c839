"""Names that cannot impersonate (issue 17, point 5).

A member choosing a display name must not be able to pass for another member (look-alike
letters, whatever their script or case), for the team, a helpline, a charity or an agency, or
for a member who has gone; and a name is screened for identifying details like any other text.
Everything here is fictional.
"""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps

from community.members.names import (
    ERASED_MEMBER_LABEL,
    DisplayNameError,
    check_display_name,
    register_name_screen,
    skeleton,
)
from community.models import User
from community.services import display_name_check
from moderation.display_names import display_name_problem
from moderation.models import LocalTerm
from tests.factories import UserFactory

PASSWORD = "kettle-harbour-lantern-42"


def refused(name: str, *, taken: tuple[str, ...] = ()) -> str:
    """The message a member is given for `name`, with `taken` already in use."""
    keys = {skeleton(existing) for existing in taken}
    with pytest.raises(DisplayNameError) as error:
        check_display_name(name, is_taken=keys.__contains__)
    return str(error.value)


def signup(client, display_name: str, email: str = "new.parent@example.org"):
    return client.post(
        "/accounts/signup/",
        {
            "display_name": display_name,
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )


# --- look-alikes (Unicode TR39, mapped before case is folded) -----------------------------------


@pytest.mark.parametrize(
    ("wanted", "existing"),
    [
        ("\u041dopeful Heron", "Hopeful Heron"),  # Cyrillic capital EN as the first letter
        ("\u0397opeful \u0397eron", "Hopeful Heron"),  # Greek capital ETA
        ("\u041a\u0435ttle On", "Kettle On"),  # Cyrillic capital KA and small IE
        ("\u0405till Water", "Still Water"),  # Cyrillic capital DZE
        ("\u0422ide Pool", "Tide Pool"),  # Cyrillic capital TE
        ("\u029copeful \u029ceron", "Hopeful Heron"),  # small capital H
        ("\u1d00mber Glow", "Amber Glow"),  # small capital A
        ("Quiet Ha\u0280bou\u0280", "Quiet Harbour"),  # small capital R
        ("\u043dopeful heron", "Hopeful Heron"),  # Cyrillic small en reads as a small capital H
        ("Rnarsh Wren", "Marsh Wren"),  # "rn" for "m"
        ("Quiet Rnoon", "Quiet Moon"),
        ("Vvren Song", "Wren Song"),  # "vv" for "w"
        ("Clove Tail", "Dove Tail"),  # "cl" for "d"
        ("Hop\u00e9ful Heron", "Hopeful Heron"),  # a mark on a letter
        ("Hopeful He\u0072\u0301on", "Hopeful Heron"),  # a combining mark
        ("\U0001d407opeful Heron", "Hopeful Heron"),  # mathematical bold capital H
    ],
)
def test_a_look_alike_of_a_members_name_is_refused(wanted, existing):
    assert "taken, or looks too much like a member's name" in refused(wanted, taken=(existing,))


def test_the_skeleton_is_one_string_and_keeps_different_names_apart():
    assert isinstance(skeleton("Hopeful Heron"), str)
    assert skeleton("\u041dopeful Heron") == skeleton("hopeful heron") == skeleton("HOPEFUL HERON")
    for other in ("Hopeful Herons", "Hopeful Baron", "Helpful Heron", "Marsh Wrens"):
        assert skeleton(other) != skeleton("Hopeful Heron")


@pytest.mark.django_db
def test_a_non_latin_capital_cannot_take_a_members_name_at_signup(client):
    UserFactory(display_name="Hopeful Heron")

    answer = signup(client, "\u041dopeful Heron")

    assert answer.status_code == 200
    assert "looks too much like a member" in answer.content.decode()
    assert not User.objects.filter(email="new.parent@example.org").exists()


# --- reserved: helplines, charities, agencies, the team, the system, the erased-member label -----


@pytest.mark.parametrize(
    "name",
    [
        "Childline",
        "Childline Helper",
        "NSPCC",
        "NSPCC Volunteer",
        "nspccvolunteer",
        "Samaritans",
        "The Samaritans",
        "GoodSamaritanMum",
        "Barnardo's",
        "Barnardos Worker",
        "CEOP",
        "CEOP Officer",
        "Crimestoppers",
        "Missing People",
        "MissingPeople",
        "Victim Support",
        "Police",
        "Police Mum",
        "PoliceOfficer",
        "Social Services",
        "Social Worker Sam",
        "Child Protection",
        "Young Minds",
        "Citizens Advice",
        "NHS Nurse",
        "Detective Jo",
        "Helpline",
        "Parent Helpline",
        "\u0421hildline",  # Cyrillic capital ES
        "Chi1dline",
        "N\u0405PCC",  # Cyrillic DZE for S
    ],
)
def test_helplines_charities_and_agencies_cannot_be_taken(name):
    assert "helpline, a charity or an agency" in refused(name)


@pytest.mark.parametrize(
    "name",
    [
        "admin",
        "Site Admin",
        "AdminTeam",
        "\u1d00\u1d05\u1d0d\u026a\u0274",  # small capitals
        "Moderator",
        "Staff",
        "System",
        "Support",
        "Support Team",
        "Root",
        "Official",
        "Official Account",
        "Safeguarding Lead",
        "Editor",
        "Verified",
        "Mod4Life",
        "Rnoderator",  # "rn" for "m"
        ERASED_MEMBER_LABEL,
        "A Former Member",
        "Former Member",
        "formermember",
        "Former Member 2",
        "Deleted User",
        "Anonymous",
    ],
)
def test_team_words_and_the_erased_member_label_cannot_be_taken(name):
    assert "kept for the team" in refused(name)


@pytest.mark.parametrize(
    "name",
    [
        "Staffordshire Bull",
        "Badminton Mum",
        "Supportive Mum",
        "Modern Mum",
        "Ecosystem Dad",
        "Beetroot Nan",
        "Policy Wonk",
        "Peace Opal",
        "Rooted Oak",
        "Hopeful Heron",
        "Quiet Harbour",
    ],
)
def test_ordinary_names_that_only_contain_those_letters_are_fine(name):
    assert check_display_name(name).name == name


@pytest.mark.django_db
def test_signing_up_as_the_erased_member_label_is_refused_with_a_message(client):
    answer = signup(client, "A Former Member")

    assert answer.status_code == 200
    assert "kept for the team" in answer.content.decode()
    assert not User.objects.filter(email="new.parent@example.org").exists()


# --- screened like any other text ---------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "found", "what"),
    [
        ("Oakbridge Academy Mum", "Oakbridge Academy", "a school"),
        ("Greenfield High Dad", "Greenfield High", "a school"),
        ("Rochdale Dad", "Rochdale", "a place"),
    ],
)
def test_a_display_name_holding_a_school_or_a_place_is_refused_kindly(client, name, found, what):
    answer = signup(client, name)

    assert answer.status_code == 200
    page = answer.content.decode()
    assert f"\u201c{found}\u201d looks like {what}" in page
    assert "could lead someone to your family" in page
    assert not User.objects.filter(email="new.parent@example.org").exists()


@pytest.mark.django_db
def test_the_moderators_local_terms_screen_display_names_too(client):
    LocalTerm.objects.create(text="Larchfield", kind="place")

    with pytest.raises(DisplayNameError, match="\u201cLarchfield\u201d looks like a place"):
        display_name_check("Larchfield Dad")


@pytest.mark.django_db
def test_renaming_a_member_in_the_admin_is_screened_too():
    member = UserFactory(display_name="Quiet Lantern")

    with pytest.raises(DisplayNameError, match="looks like a school"):
        display_name_check("Oakbridge Academy Mum", member=member)


@pytest.mark.django_db
def test_a_name_with_nothing_identifying_passes_the_screen(client):
    assert display_name_problem("Hopeful Heron") is None
    assert signup(client, "Hopeful Heron").status_code == 302
    assert User.objects.get(email="new.parent@example.org").display_name == "Hopeful Heron"


def test_moderation_registers_its_screen_and_registering_twice_changes_nothing():
    from community.members.names import name_screens

    assert display_name_problem in name_screens()
    before = name_screens()
    register_name_screen(display_name_problem)
    assert name_screens() == before


def test_screens_run_only_where_the_caller_asks_so_the_rules_stay_pure():
    calls = []

    def screen(name: str) -> str | None:
        calls.append(name)
        return "Not that one, please."

    assert check_display_name("Hopeful Heron").name == "Hopeful Heron"
    with pytest.raises(DisplayNameError, match="Not that one"):
        check_display_name("Hopeful Heron", screens=[screen])
    assert calls == ["Hopeful Heron"]


# --- members whose names only now look alike ----------------------------------------------------


@pytest.mark.django_db
def test_keys_made_again_keep_both_members_and_refuse_a_third():
    first = UserFactory(display_name="Hopeful Heron")
    second = UserFactory(display_name="Kettle On")
    # As stored before the stricter rule: two names that look alike, with different keys.
    User.objects.filter(pk=first.pk).update(display_name_key="H0PEFU1HER0N")
    User.objects.filter(pk=second.pk).update(
        display_name="\u041dopeful Heron", display_name_key="\u043d0PEFU1HER0N"
    )

    migration = importlib.import_module("community.migrations.0014_display_name_keys_tr39")
    migration.rebuild_keys(django_apps, None)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.display_name_key == skeleton("Hopeful Heron")
    assert second.display_name_key == f"{skeleton('Hopeful Heron')}~{second.pk}"
    second.save()  # an ordinary save keeps the key it was given
    second.refresh_from_db()
    assert second.display_name_key.endswith(f"~{second.pk}")
    with pytest.raises(DisplayNameError, match="taken"):
        display_name_check("Hopeful Her0n")
