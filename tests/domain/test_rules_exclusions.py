"""Issue 8, items 9 and 10: exclusions that rest on a recorded decision or send the matter elsewhere."""

from __future__ import annotations

from datetime import date

import pytest

from complaint_fixtures import DIRECTOR, MANAGER, OFFICER, PROFILES, Case, staff
from portal.domain import complaints as c
from portal.domain.conduct.actions import decide_vexatious
from portal.domain.conduct.fold import fold_conduct
from portal.domain.errors import DomainError
from portal.domain.roles import Role

RECEIVED = date(2026, 3, 2)


def decision(slug: str, vexatious: bool = True, presenter=OFFICER, decider=DIRECTOR):
    profile = PROFILES[slug]
    event = decide_vexatious(fold_conduct((), profile), profile, decider, RECEIVED, complaint_id="C-1",
                             presented_by=presenter, vexatious=vexatious, reasons="Fifth complaint on one matter")
    return fold_conduct((event,), profile).vexatious[-1]


# Torus unacceptable service user policy 3.13: officers present a case to the Service Director
# before a complaint can be excluded as vexatious; the exclusion cites that decision.
@pytest.mark.parametrize("slug, code", [("torus", "vexatious")])
def test_a_vexatious_exclusion_cites_the_service_directors_decision(slug, code):
    case = Case(slug).receive(RECEIVED)
    with pytest.raises(DomainError, match="present the case") as err:
        case.do(c.exclude_complaint, RECEIVED, DIRECTOR, reason=code, explanation="Same matter again")
    assert err.value.field == "reason"
    with pytest.raises(DomainError, match="present the case"):
        case.do(c.exclude_complaint, RECEIVED, DIRECTOR, reason=code, explanation="Same matter again",
                vexatious_decision=decision(slug, vexatious=False))
    state = case.do(c.exclude_complaint, RECEIVED, DIRECTOR, reason=code, explanation="Same matter again",
                    vexatious_decision=decision(slug)).state
    assert state.status is c.Status.EXCLUDED
    cited = case.events[-1].get("decision")
    assert cited["decided_by"]["id"] == DIRECTOR.id and cited["presented_by"]["id"] == OFFICER.id
    staff_line = [e.text for e in state.timeline(for_tenant=False) if e.kind == "excluded"][0]
    assert f"On the decision of {DIRECTOR.name}" in staff_line


# The other landlords' exclusions for unreasonable pursuit name no presentation step.
@pytest.mark.parametrize("slug, code", [("connect", "unreasonable_pursuit"), ("housing-solutions", "unreasonable_pursuit")])
def test_other_landlords_exclude_without_a_presented_case(slug, code):
    state = Case(slug).receive(RECEIVED).do(c.exclude_complaint, RECEIVED, DIRECTOR, reason=code,
                                            explanation="Pursued abusively").state
    assert state.status is c.Status.EXCLUDED


# Torus complaint policy 3.18: serious allegations against officers go to People Services;
# allegations about Board members are handled separately. Neither is considered under the policy.
@pytest.mark.parametrize("slug, code, route", [
    ("torus", "staff_allegation", "People Services Business Partner"),
    ("torus", "board_conduct", "regulatory good practice"),
])
def test_allegations_about_staff_or_board_are_routed_elsewhere(slug, code, route):
    case = Case(slug).receive(RECEIVED)
    state = case.do(c.exclude_complaint, RECEIVED, OFFICER, reason=code,
                    explanation="You say the officer who visited stole from you.").state
    assert state.status is c.Status.EXCLUDED and state.exclusion_code == code
    assert route in case.events[-1].get("route")
    tenant_line = [e.text for e in state.timeline(for_tenant=True) if e.kind == "excluded"][0]
    assert route in tenant_line


@pytest.mark.parametrize("slug", ["connect", "thenue", "housing-solutions"])
def test_landlords_without_the_rule_have_no_such_reason(slug):
    with pytest.raises(DomainError, match="does not allow that reason"):
        Case(slug).receive(RECEIVED).do(c.exclude_complaint, RECEIVED, OFFICER, reason="staff_allegation",
                                        explanation="x")


def test_a_decision_by_someone_below_the_decider_is_not_enough():
    low = decision("torus")
    low = type(low)(**{**low.__dict__, "decided_by": staff(Role.MANAGER, 9)})
    with pytest.raises(DomainError, match="not made by the Service Director"):
        Case("torus").receive(RECEIVED).do(c.exclude_complaint, RECEIVED, DIRECTOR, reason="vexatious",
                                           explanation="x", vexatious_decision=low)
    assert MANAGER.role is Role.MANAGER
