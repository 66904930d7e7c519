"""Recording what the ombudsman did: who may, which decisions and findings, which dates."""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain import complaints as c
from portal.domain.errors import DomainError, PermissionDenied
from tests.domain.complaint_fixtures import MANAGER, OFFICER, Case

D = date(2025, 6, 2)


def _replied() -> Case:
    return Case("torus").through_stage1(D, date(2025, 6, 10))


def test_a_manager_records_a_referral_and_a_decision_that_change_no_dates():
    case = _replied()
    before = case.state
    case.do(c.refer_to_ombudsman, date(2025, 7, 1), MANAGER, referred_on=date(2025, 6, 30))
    case.do(c.record_ombudsman_decision, date(2025, 9, 1), MANAGER, decision="complaint_handling_failure_order",
            finding="not_applicable", decided_on=date(2025, 8, 29), details="Reply to the complaint within 10 days.",
            compensation_ordered_pence=0)
    after = case.state
    assert (after.status, after.stage1, after.escalation_window_closes) == (
        before.status, before.stage1, before.escalation_window_closes)
    titles = [e.title for e in after.timeline(for_tenant=True)[-2:]]
    assert titles == ["Taken up by the Housing Ombudsman Service", "Housing Ombudsman: complaint-handling failure order"]


@pytest.mark.parametrize("fields, field", [
    ({"decision": "upheld", "finding": "maladministration"}, "decision"),
    ({"decision": "order", "finding": "guilty"}, "finding"),
    ({"decision": "order", "finding": "maladministration", "decided_on": date(2025, 12, 1)}, "decided_on"),
    ({"decision": "order", "finding": "maladministration", "details": " "}, "details"),
    ({"decision": "order", "finding": "maladministration", "compensation_ordered_pence": -5},
     "compensation_ordered_pence"),
])
def test_bad_decisions_are_refused_beside_the_field(fields, field):
    fields = {"decided_on": date(2025, 8, 1), "details": "Pay £100.", **fields}
    with pytest.raises(DomainError) as refused:
        c.record_ombudsman_decision(_replied().events, _replied().profile, MANAGER, date(2025, 9, 1), **fields)
    assert refused.value.field == field


def test_an_officer_may_not_record_it_and_no_referral_before_receipt():
    case = _replied()
    with pytest.raises(PermissionDenied, match="manager or someone more senior"):
        c.refer_to_ombudsman(case.events, case.profile, OFFICER, date(2025, 7, 1), referred_on=date(2025, 7, 1))
    with pytest.raises(DomainError) as early:
        c.refer_to_ombudsman(case.events, case.profile, MANAGER, date(2025, 7, 1), referred_on=date(2025, 5, 1))
    assert early.value.field == "referred_on"
