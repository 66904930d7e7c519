"""The rules on stage 2, extensions, who may reply and what a reply must carry, per landlord."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from complaint_fixtures import (
    CUSTOMER, MANAGER, OFFICER, PROFILES, SLUGS, Case, staff,
)
from portal.domain import complaints as c
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.roles import Role

D = date
RECEIVED, ACKED, REPLIED = D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 9)


def investigating(slug: str) -> Case:
    return Case(slug).receive(RECEIVED).acknowledge(ACKED)


def replied(slug: str, **reply) -> Case:
    return Case(slug).through_stage1(RECEIVED, REPLIED, ack_on=ACKED, **reply)


# -- stage 2 and the escalation window ---------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_no_stage2_before_a_stage1_reply(slug: str) -> None:
    with pytest.raises(DomainError, match="after the stage 1 reply has been sent"):
        investigating(slug).do(c.request_escalation, D(2026, 3, 5), CUSTOMER)


@pytest.mark.parametrize("slug, late_day", [
    ("torus", D(2026, 4, 7)), ("housing-solutions", D(2026, 4, 7)), ("connect", D(2026, 3, 31)),
])
def test_late_escalation_needs_a_reason_and_a_senior_decision(slug: str, late_day: date) -> None:
    case = replied(slug)
    with pytest.raises(DomainError, match="Record why the request is late") as err:
        case.do(c.request_escalation, late_day, CUSTOMER)
    assert err.value.field == "late_reason"
    case.do(c.request_escalation, late_day, CUSTOMER, late_reason="I was in hospital.")
    assert case.state.escalation_late is True
    senior = PROFILES[slug].complaints.stage2.responder_role
    with pytest.raises(PermissionDenied):
        case.do(c.escalate_complaint, late_day, staff(Role.OFFICER, 2))
    assert c.can_decide_escalation(staff(senior, 2), PROFILES[slug], late=True)
    assert case.do(c.escalate_complaint, late_day, staff(senior, 2)).state.stage == 2


@pytest.mark.parametrize("slug", ["torus", "connect", "housing-solutions"])
def test_escalation_on_the_last_day_of_the_window_is_in_time(slug: str) -> None:
    case = replied(slug)
    last = case.state.escalation_window_closes
    case.do(c.request_escalation, last, CUSTOMER)
    assert case.state.escalation_late is False
    assert case.do(c.escalate_complaint, last, OFFICER).state.stage == 2


def test_connect_asks_what_is_unresolved_but_does_not_require_it() -> None:
    case = replied("connect").do(c.request_escalation, D(2026, 3, 10), CUSTOMER)
    assert case.events[-1].get("asked_unresolved") is True
    assert case.events[-1].get("reason") == ""
    assert case.state.status is c.Status.ESCALATION_REQUESTED


def test_a_profile_that_requires_escalation_reasons_gets_them() -> None:
    base = PROFILES["torus"]
    strict = replace(base, complaints=replace(base.complaints, stage1=replace(
        base.complaints.stage1, escalation_reason_required=True)))
    case = replied("torus")
    case.profile = strict
    with pytest.raises(DomainError) as err:
        case.do(c.request_escalation, D(2026, 3, 10), CUSTOMER)
    assert err.value.field == "reason"
    assert case.do(c.request_escalation, D(2026, 3, 10), CUSTOMER, reason="The ceiling is still wet.").state.stage2


def test_a_year_later_thenue_escalation_is_late() -> None:
    """SPSO model: 6 months of knowing or 2 months after the reply; a year on is at discretion."""
    case = replied("thenue")
    assert case.state.escalation_window_closes == D(2026, 5, 9)
    with pytest.raises(DomainError, match="Record why the request is late"):
        case.do(c.request_escalation, D(2027, 3, 1), CUSTOMER)
    case.do(c.request_escalation, D(2027, 3, 1), CUSTOMER, late_reason="Abroad caring for a parent")
    assert case.state.escalation_late is True


@pytest.mark.parametrize("slug", SLUGS)
def test_stage2_is_the_last_stage(slug: str) -> None:
    case = replied(slug).escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 11))
    case.reply(D(2026, 3, 20), actor=staff(PROFILES[slug].complaints.stage2.responder_role, 3))
    assert case.state.status is c.Status.CLOSED and case.state.final_reply_sent
    assert PROFILES[slug].ombudsman.name in case.state.status_text
    with pytest.raises(DomainError, match="already been to stage 2"):
        case.do(c.request_escalation, D(2026, 3, 21), CUSTOMER)


def test_refusing_stage2_needs_a_reason_and_authority() -> None:
    case = replied("torus").do(c.request_escalation, D(2026, 3, 10), CUSTOMER)
    with pytest.raises(PermissionDenied):
        case.do(c.refuse_escalation, D(2026, 3, 11), OFFICER, reason="Already answered.")
    with pytest.raises(DomainError) as err:
        case.do(c.refuse_escalation, D(2026, 3, 11), MANAGER, reason=" ")
    assert err.value.field == "reason"
    state = case.do(c.refuse_escalation, D(2026, 3, 11), MANAGER, reason="Already answered.").state
    assert state.status is c.Status.CLOSED and state.stage == 1 and state.stage2 is None


# -- extensions -----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug, stage, fields, field, message", [
    ("torus", 1, {"new_due": D(2026, 4, 2)}, "good_reason", "up to 10 more working days"),  # 3.7
    ("housing-solutions", 1, {"new_due": D(2026, 4, 2)}, "good_reason", "up to 10 more working days"),
    ("connect", 1, {"new_due": D(2026, 3, 31), "customer_agreed": True}, "good_reason", "up to 10 more working days"),
    ("connect", 1, {"new_due": D(2026, 3, 20), "customer_agreed": False}, "customer_agreed", "Housing Ombudsman"),
    ("connect", 1, {"new_due": D(2026, 3, 20)}, "customer_agreed", "carry on"),
    ("thenue", 1, {"new_due": D(2026, 3, 17)}, "new_due", "up to 5 more working days"),  # SPSO: 10 in all
    ("torus", 1, {"new_due": D(2026, 3, 21)}, "new_due", "not a working day"),
    ("torus", 1, {"new_due": D(2026, 3, 17)}, "new_due", "after the current reply date"),
    ("torus", 1, {"new_due": D(2026, 3, 20), "reason": ""}, "reason", "Explain why"),
    ("thenue", 2, {"new_due": D(2026, 4, 30), "reason": "  "}, "reason", "good reason"),
    ("torus", 2, {"new_due": D(2026, 5, 11)}, "good_reason", "Friday 8 May 2026"),
    ("connect", 2, {"new_due": D(2026, 4, 24), "customer_agreed": True}, "new_due", "up to 10 more working days"),
])
def test_extension_rules(slug: str, stage: int, fields: dict, field: str | None, message: str) -> None:
    case = investigating(slug) if stage == 1 else replied(slug).escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10))
    fields.setdefault("reason", "Waiting for a surveyor's report.")
    with pytest.raises(DomainError, match=message) as err:
        case.do(c.extend_complaint, D(2026, 3, 12), OFFICER, **fields)
    assert err.value.field == field


@pytest.mark.parametrize("slug, stage, new_due, left", [
    ("torus", 1, D(2026, 3, 25), 5),
    ("connect", 1, D(2026, 3, 20), 6),
    ("connect", 2, D(2026, 4, 23), 0),   # stage 2 reply due 9 April; Easter, then 10 more working days
    ("thenue", 2, D(2026, 6, 30), None),  # only with good reason, no fixed cap
    ("torus", 2, D(2026, 5, 7), 1),       # due 9 April; 20 more is 8 May (4 May is a bank holiday)
])
def test_extensions_within_the_limits(slug: str, stage: int, new_due: date, left: int | None) -> None:
    case = investigating(slug) if stage == 1 else replied(slug).escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10))
    case.do(c.extend_complaint, D(2026, 3, 12), OFFICER, reason="A complex case with three contractors.",
            new_due=new_due, customer_agreed=True)
    state = case.state
    assert state.stage == stage
    assert state.response_due == new_due and not state.response_due_is_provisional
    assert state.extension_left_days == left


def test_two_extensions_share_one_cap() -> None:
    case = investigating("torus")
    case.do(c.extend_complaint, D(2026, 3, 12), OFFICER, reason="Contractor late.", new_due=D(2026, 3, 25))
    assert case.state.extension_used_days == 5
    with pytest.raises(DomainError, match="Wednesday 1 April 2026"):
        case.do(c.extend_complaint, D(2026, 3, 20), OFFICER, reason="Still late.", new_due=D(2026, 4, 2))
    case.do(c.extend_complaint, D(2026, 3, 20), OFFICER, reason="Still late.", new_due=D(2026, 4, 1))
    assert (case.state.extension_used_days, case.state.extension_left_days) == (10, 0)


# -- who may reply ----------------------------------------------------------------------------------


@pytest.mark.parametrize("slug, stage, stage1_by, actor, allowed", [
    ("torus", 1, None, staff(Role.OFFICER, 2), True),
    ("connect", 1, None, staff(Role.OFFICER, 2), False),            # a Senior Manager replies
    ("connect", 1, None, staff(Role.MANAGER, 2), True),
    ("torus", 2, staff(Role.MANAGER, 1), staff(Role.MANAGER, 1), False),   # answered stage 1
    ("torus", 2, staff(Role.HEAD_OF_SERVICE, 1), staff(Role.MANAGER, 2), False),  # junior to stage 1
    ("torus", 2, staff(Role.HEAD_OF_SERVICE, 1), staff(Role.HEAD_OF_SERVICE, 2), True),
    ("torus", 2, staff(Role.OFFICER, 1), staff(Role.OFFICER, 2), False),    # below the stage 2 role
    ("connect", 2, staff(Role.MANAGER, 1), staff(Role.HEAD_OF_SERVICE, 1), False),  # a Director replies
    ("connect", 2, staff(Role.DIRECTOR, 1), staff(Role.DIRECTOR, 1), False),
    ("connect", 2, staff(Role.DIRECTOR, 1), staff(Role.DIRECTOR, 2), True),
    ("thenue", 2, staff(Role.DIRECTOR, 1), staff(Role.MANAGER, 2), False),
    ("thenue", 2, staff(Role.OFFICER, 1), staff(Role.MANAGER, 2), True),
    ("housing-solutions", 2, staff(Role.OFFICER, 1), staff(Role.MANAGER, 1), True),
])
def test_who_may_reply(slug, stage, stage1_by, actor, allowed) -> None:
    case = investigating(slug) if stage == 1 else replied(slug, actor=stage1_by).escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10))
    profile = PROFILES[slug]
    assert c.can_respond(actor, case.state, profile, stage) is allowed
    if allowed:
        state = case.reply(D(2026, 3, 16), actor=actor, actions=[{"text": "fix it", "target": "2026-04-30"}]).state
        assert state.responders_at(stage)[-1].actor_id == actor.id
    else:
        with pytest.raises(PermissionDenied):
            case.reply(D(2026, 3, 16), actor=actor)


def test_customers_cannot_do_staff_steps() -> None:
    case = Case("torus").receive(RECEIVED)
    for step, fields in [(c.acknowledge_complaint, {}), (c.add_note, {"text": "x"}),
                         (c.exclude_complaint, {"reason": "legal_proceedings", "explanation": "x"})]:
        with pytest.raises(PermissionDenied):
            case.do(step, ACKED, CUSTOMER, **fields)


@pytest.mark.parametrize("fields, field, message", [
    ({"outcome": "sorted"}, "outcome", "Choose the outcome"),
    ({"reasons": ""}, "reasons", "reasons"),
    ({"compensation_pence": -5}, "compensation_pence", "whole amount"),
    ({"actions": [{"text": "", "target": "2026-04-01"}]}, "actions", "Describe"),
    ({"actions": [{"text": "fix", "target": "2026-03-01"}]}, "actions", "past"),
])
def test_a_reply_must_carry_outcome_and_reasons(fields: dict, field: str, message: str) -> None:
    with pytest.raises(DomainError, match=message) as err:
        investigating("torus").reply(D(2026, 3, 10), **fields)
    assert err.value.field == field


def test_actions_need_target_dates_at_both_stages() -> None:
    """Old code accepted a stage 1 action with no date ("No date set" for the tenant)."""
    with pytest.raises(DomainError, match="stage 1 reply must say when") as err:
        investigating("torus").reply(REPLIED, actions=[{"text": "call back when the part arrives"}])
    assert err.value.field == "actions"
    case = investigating("torus").reply(REPLIED, actions=[{"text": "call back", "target": "2026-04-01"}])
    case.escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10))
    with pytest.raises(DomainError, match="target date") as err:
        case.reply(D(2026, 3, 20), actor=staff(Role.MANAGER, 3), actions=[{"text": "replace the ceiling"}])
    assert err.value.field == "actions"
