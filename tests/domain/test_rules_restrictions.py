"""Issue 8, item 12: restrictions that act on complaints.

Housing Solutions 6.5.4 ("may choose to close any open formal complaints or ASB cases") and the
Connect appendix ("decline to investigate") act on the named complaints; Torus 3.28: a new,
legitimate issue is still taken on under any restriction, and prompts a review of it.
"""

from __future__ import annotations

from datetime import date

import pytest

from complaint_fixtures import CUSTOMER, OFFICER, Case
from portal.domain import complaints as c
from portal.domain.conduct.fold import fold_conduct
from portal.domain.conduct.protocol import ProtocolTerms
from portal.domain.conduct.restrictions import complaints_named, review_prompt
from portal.domain.errors import DomainError
from test_conduct import File, TERMS

RECEIVED = date(2026, 3, 2)


@pytest.mark.parametrize("slug, restriction, status", [
    ("housing-solutions", "close_abused_cases", c.Status.CLOSED),        # HS 6.5.4
    ("housing-solutions", "decline_investigation", c.Status.EXCLUDED),
    ("connect", "decline_investigation", c.Status.EXCLUDED),            # Connect appendix
    ("torus", "decline_investigation", c.Status.EXCLUDED),
    ("thenue", "decline_investigation", c.Status.EXCLUDED),
])
def test_a_named_complaint_is_closed_or_refused_with_the_reason(slug, restriction, status):
    case = Case(slug).receive(RECEIVED)
    with pytest.raises(DomainError) as err:
        case.do(c.apply_restriction, RECEIVED, OFFICER, restriction=restriction, reasons=" ")
    assert err.value.field == "reasons"
    state = case.do(c.apply_restriction, RECEIVED, OFFICER, restriction=restriction,
                    reasons="The same complaint, made for the ninth time").state
    assert state.status is status and not state.is_open
    assert "ninth time" in state.timeline(for_tenant=True)[-1].text


@pytest.mark.parametrize("slug", ["torus", "connect", "thenue"])
def test_close_abused_cases_is_housing_solutions_alone(slug):
    with pytest.raises(DomainError, match="no such restriction") as err:
        Case(slug).receive(RECEIVED).do(c.apply_restriction, RECEIVED, OFFICER, restriction="close_abused_cases",
                                        reasons="Misuse")
    assert err.value.field == "restriction"


def test_the_protocol_names_the_complaints_it_acts_on():
    f = File("housing-solutions")
    terms = ProtocolTerms(named_contact="Sam Patel", decline_investigation=("C-7",), close_abused_cases=("C-3",),
                          reasons={"named_contact": "One person keeps track", "decline_investigation": "Repeats",
                                   "close_abused_cases": "Misuse"})
    f.incident(), f.warnings(), f.assess(), f.impose(terms=terms)
    assert complaints_named(f.state) == {"C-7": "decline_investigation", "C-3": "close_abused_cases"}


@pytest.mark.parametrize("slug", ["torus", "connect", "thenue", "housing-solutions"])
def test_a_new_issue_is_taken_on_and_prompts_a_review(slug):
    f = File(slug).to_protocol()
    assert review_prompt(f.state, f.profile, [("C-1", date(2026, 2, 1))]) is None  # before the protocol
    complaint = Case(slug).receive(date(2026, 3, 10), actor=CUSTOMER)   # taken on, under the restriction
    assert complaint.state.is_open
    assert review_prompt(f.state, f.profile, [("C-2", date(2026, 3, 10))]) == ("C-2", date(2026, 3, 10))
    assert fold_conduct(f.events, f.profile).protocol.terms == TERMS
