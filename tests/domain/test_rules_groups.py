"""Issue 8, items 6 and 7: petitions (Torus 3.19) and group complaints (Connect 2.7)."""

from __future__ import annotations

from datetime import date

import pytest

from complaint_fixtures import MANAGER, OFFICER, Case
from portal.domain import complaints as c
from portal.domain.errors import PermissionDenied
from portal.domain.roles import Role

RECEIVED = date(2026, 3, 2)


# Torus 3.19: petitions and letters from collective organisations go to the relevant Director of
# Service, copied to the Service Manager, who investigates urgently. The others name no route.
@pytest.mark.parametrize("slug, routed", [
    ("torus", (Role.DIRECTOR, Role.MANAGER)),
    ("connect", ()),
    ("thenue", ()),
    ("housing-solutions", ()),
])
def test_a_petition_goes_straight_to_a_director_and_a_service_manager(slug, routed):
    case = Case(slug).receive(RECEIVED, actor=OFFICER, petition=True, channel="in_person",
                              summary="Petition from the Mill Lane residents' association about the lifts")
    state = case.acknowledge(RECEIVED).state
    assert state.petition and state.routed_to == routed
    if routed:
        staff_line = state.timeline(for_tenant=False)[0].text
        assert "sent straight to the Service Director and the Service Manager" in staff_line
        with pytest.raises(PermissionDenied, match="petition is investigated by a Service Manager"):
            case.reply(date(2026, 3, 4), actor=OFFICER)
        assert case.reply(date(2026, 3, 4), actor=MANAGER).state.stage1.responded_on == date(2026, 3, 4)


def test_an_ordinary_torus_complaint_is_not_routed():
    state = Case("torus").receive(RECEIVED).state
    assert not state.petition and state.routed_to == ()


# Connect 2.7: complaints from groups are accepted; the response goes to every named member,
# so each named member needs a way to reach them. (Thenue and Housing Solutions use the same
# setting as the landlord's own choice: their sources say nothing on groups.)
@pytest.mark.parametrize("slug, needs_contact", [
    ("connect", True),
    ("thenue", True),
    ("housing-solutions", True),
    ("torus", False),
])
def test_every_named_member_of_a_group_can_be_reached(slug, needs_contact):
    from portal.domain.errors import DomainError

    members = ["Ann Able, 2 Mill Lane, Leeds LS8 4HS", "Bob Baker, bob@example.com", "Cy Cole"]
    if needs_contact:
        with pytest.raises(DomainError, match="Give an email or address for Cy Cole") as err:
            Case(slug).receive(RECEIVED, actor=OFFICER, group_members=members)
        assert err.value.field == "group_members"
        members = members[:2]
    state = Case(slug).receive(RECEIVED, actor=OFFICER, group_members=members).state
    assert state.group_members[:2] == ("Ann Able", "Bob Baker")
    assert state.group_contacts[0]["address"] == ["2 Mill Lane", "Leeds LS8 4HS"]
    assert state.group_contacts[1]["email"] == "bob@example.com"
