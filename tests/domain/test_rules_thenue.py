"""Issue 8, item 5: Thenue follows the SPSO model complaints handling procedure.

Sources: Thenue handbook, Complaints Statement 2 (the procedure adopts the SPSO model) and 6
(two stages: frontline resolution in 5 working days; stage 2 acknowledged in 3 and decided
within 20 unless there is clearly a good reason or the complaint is complex); the SPSO model
procedure for the extension to 10 working days, the 6-month time limit and the stage 2 window.
Each table has a row per landlord the rule is about, and the others as the contrast.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from complaint_fixtures import CUSTOMER, DIRECTOR, MANAGER, OFFICER, Case
from portal.domain import complaints as c
from portal.domain.errors import DomainError, PermissionDenied

D = date
RECEIVED = D(2026, 3, 2)  # a Monday


# -- stage 1: 5 working days, extendable to 10 in all, reason recorded (SPSO model; Statement 6) ---


@pytest.mark.parametrize("slug, due, latest", [
    ("thenue", D(2026, 3, 9), D(2026, 3, 16)),  # 5 WD, then 10 WD in all
])
def test_thenue_stage1_is_5_days_extendable_to_10_in_all(slug, due, latest):
    case = Case(slug).receive(RECEIVED)
    assert case.state.response_due == due
    with pytest.raises(DomainError) as err:
        case.do(c.extend_complaint, D(2026, 3, 5), OFFICER, reason="", new_due=latest)
    assert err.value.field == "reason"  # the reason is recorded
    with pytest.raises(DomainError, match="up to 5 more working days"):
        case.do(c.extend_complaint, D(2026, 3, 5), OFFICER, reason="Contractor report", new_due=D(2026, 3, 17))
    case.do(c.extend_complaint, D(2026, 3, 5), OFFICER, reason="Waiting for the contractor's report", new_due=latest)
    assert case.state.response_due == latest


# -- a complex complaint straight to stage 2 (Statement 6; the project's Thenue page) -------------


@pytest.mark.parametrize("slug, allowed", [
    ("thenue", True),  # Statement 6: complex complaints go to stage 2
    ("torus", False),  # Torus 3.8: stage 2 only after a stage 1 response
    ("connect", False),
    ("housing-solutions", False),
])
def test_a_complex_complaint_goes_straight_to_stage2(slug, allowed):
    case = Case(slug).receive(RECEIVED).acknowledge(D(2026, 3, 3))
    if not allowed:
        with pytest.raises(DomainError, match="answered at stage 1 first"):
            case.do(c.send_to_stage2, D(2026, 3, 4), DIRECTOR, reason="Complex")
        return
    with pytest.raises(PermissionDenied):
        case.do(c.send_to_stage2, D(2026, 3, 4), OFFICER, reason="Complex")
    with pytest.raises(DomainError) as err:
        case.do(c.send_to_stage2, D(2026, 3, 4), MANAGER, reason=" ")
    assert err.value.field == "reason"
    state = case.do(c.send_to_stage2, D(2026, 3, 4), MANAGER, reason="Three departments and a contractor").state
    assert state.stage == 2 and state.stage1.responded_on is None
    assert state.status is c.Status.AWAITING_ACKNOWLEDGEMENT
    assert state.acknowledgement_due == D(2026, 3, 9)   # 3 working days
    assert state.response_due == D(2026, 4, 1)          # 20 working days from the day it moved
    assert any(e.title == "Complaint moved straight to stage 2" for e in state.timeline(for_tenant=True))
    with pytest.raises(DomainError):
        case.do(c.send_to_stage2, D(2026, 3, 5), MANAGER, reason="Again")


# -- time limit: normally within 6 months of knowing; later at discretion, reason recorded -----


@pytest.mark.parametrize("slug, known_on, needs_reason", [
    ("thenue", D(2025, 9, 2), False),   # exactly 6 months before: in time
    ("thenue", D(2025, 9, 1), True),    # more than 6 months: at discretion, with the reason
    ("torus", D(2025, 9, 1), False),    # Torus has its own 12-month exclusion, not this rule
    ("connect", D(2025, 9, 1), False),
    ("housing-solutions", D(2025, 9, 1), False),
])
def test_a_late_complaint_is_taken_at_discretion_with_the_reason(slug, known_on, needs_reason):
    if needs_reason:
        with pytest.raises(DomainError, match="within 6 months") as err:
            Case(slug).receive(RECEIVED, actor=OFFICER, known_on=known_on)
        assert err.value.field == "late_reason"
        state = Case(slug).receive(RECEIVED, actor=OFFICER, known_on=known_on,
                                   late_reason="In hospital for the autumn").state
        assert state.out_of_time and state.events[-1].get("late_reason") == "In hospital for the autumn"
    else:
        state = Case(slug).receive(RECEIVED, actor=OFFICER, known_on=known_on).state
        assert not state.out_of_time and state.known_on == known_on


# -- stage 2 window: 6 months of knowing, or 2 months after the stage 1 reply, if later ---------


@pytest.mark.parametrize("slug, known_on, replied, closes", [
    ("thenue", D(2026, 2, 2), D(2026, 3, 6), D(2026, 8, 2)),   # 6 months of knowing is later
    ("thenue", D(2025, 9, 10), D(2026, 3, 6), D(2026, 5, 6)),  # 2 months after the reply is later
    ("thenue", None, D(2026, 3, 6), D(2026, 5, 6)),            # not known: 2 months after the reply
    ("torus", D(2026, 2, 2), D(2026, 3, 6), D(2026, 4, 3)),    # Torus: 28 days, knowing irrelevant
    ("connect", D(2026, 2, 2), D(2026, 3, 6), D(2026, 3, 27)), # Connect 3.6: 21 days
])
def test_the_stage2_window(slug, known_on, replied, closes):
    fields = {"known_on": known_on} if known_on else {}
    if known_on and known_on < D(2025, 9, 2):
        fields["late_reason"] = "Only just found out who to ask"
    case = Case(slug).receive(RECEIVED, actor=OFFICER, **fields).acknowledge(D(2026, 3, 3)).reply(replied)
    assert case.state.escalation_window_closes == closes
    assert case.state.escalation_open(closes)
    with pytest.raises(DomainError, match="Record why the request is late"):
        case.do(c.request_escalation, closes + timedelta(days=1), CUSTOMER)
