"""Issue 8 rules on the unacceptable-behaviour process, one table per rule, citing the source section."""

from __future__ import annotations

import pytest

from test_conduct import CUSTOMER, DAY, OFFICER, File, staff
from portal.domain.conduct.actions import decide_appeal, lodge_appeal
from portal.domain.conduct.explain import explain_protocol
from portal.domain.conduct.permissions import can_lodge_appeal
from portal.domain.errors import DomainError

# Housing Solutions 6.5.5: "they may request one further assessment by a Director".
# Torus 3.x, Thenue and the Connect appendix set no such limit.
ONE_APPEAL = [
    ("housing-solutions", False),  # HS 6.5.5: one further assessment
    ("torus", True),
    ("thenue", True),
    ("connect", True),
]


@pytest.mark.parametrize("slug, second_allowed", ONE_APPEAL)
def test_a_second_appeal_against_the_same_protocol(slug: str, second_allowed: bool) -> None:
    f = File(slug).to_protocol()
    hearer = staff(f.profile.conduct.appeal_role, "first-hearer")
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="I only call because the leak is not fixed")
    f.do(decide_appeal, hearer, DAY, outcome="dismissed", reasons="Calls are still daily")
    assert can_lodge_appeal(f.state, f.profile) is second_allowed
    if second_allowed:
        f.do(lodge_appeal, CUSTOMER, DAY, grounds="I still disagree")
        assert f.state.protocol.open_appeal is not None
    else:
        with pytest.raises(DomainError, match="one further look") as err:
            f.do(lodge_appeal, CUSTOMER, DAY, grounds="I still disagree")
        assert err.value.field == "grounds"
        lines = dict((s.heading, s.lines) for s in explain_protocol(f.state, f.profile, DAY).sections)
        assert "only appeal against this decision once" in lines["If you disagree"][0]


# Violence or threats to the police (issue 8, item 11): Thenue Customer Behaviour 4.2 "will",
# Housing Solutions 6.3.1 "normally ... always if physical violence is used or threatened",
# Torus unacceptable service user policy 3.16 "may"; the Connect appendix says nothing.
@pytest.mark.parametrize("slug, sub_kind, required", [
    ("thenue", "threats", True),
    ("thenue", "verbal", True),
    ("housing-solutions", "physical", True),
    ("housing-solutions", "verbal", False),
    ("torus", "threats", False),
    ("connect", "threats", False),
])
def test_a_police_report_is_a_recorded_step_required_where_the_policy_says_will(slug, sub_kind, required):
    from portal.domain.conduct.police import record_police_report, reports_owed

    f = File(slug)
    f.incident(kind="aggressive_abusive", sub_kind=sub_kind, immediate_action="Call ended by the officer",
               description="Threatened to come to the office and hurt the officer")
    f.warnings(), f.assess()
    assert bool(reports_owed(f.state, f.profile)) is required
    if required:
        with pytest.raises(DomainError, match="police report for incident 1") as err:
            f.impose()
        assert err.value.field == "police_report"
    with pytest.raises(DomainError) as err:
        f.do(record_police_report, OFFICER, DAY, incident=1, reported_on=DAY, reference=" ")
    assert err.value.field == "reference"
    f.do(record_police_report, OFFICER, DAY, incident=1, reported_on=DAY, reference="CR/2026/0412",
         reported_by=staff(f.profile.conduct.assessor_role, "reporter"))
    report = f.state.police_reports[-1]
    assert (report.incident, report.reference, report.reported_by.id) == (1, "CR/2026/0412", "reporter")
    assert not reports_owed(f.state, f.profile)
    f.impose()
