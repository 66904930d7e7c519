"""Ex-gratia payments: only where the profile has a scheme; authority by amount; debt off unless hardship."""

from __future__ import annotations

from datetime import date

import pytest

from complaint_fixtures import BOARD, DIRECTOR, EXECUTIVE, OFFICER, PROFILES, SLUGS, Case
from portal.domain import complaints as c
from portal.domain.errors import DomainError, PermissionDenied

D = date
RECEIVED = D(2026, 3, 2)


def thenue_case(**proposal) -> Case:
    case = Case("thenue").receive(RECEIVED)
    proposal.setdefault("basis", "Carpet ruined by the leak; receipt seen.")
    proposal.setdefault("substantiated", True)
    return case.do(c.propose_ex_gratia, D(2026, 3, 3), OFFICER, **proposal)


@pytest.mark.parametrize("slug", [s for s in SLUGS if PROFILES[s].ex_gratia is None])
def test_refused_where_the_policy_has_no_scheme(slug: str) -> None:
    case = Case(slug).receive(RECEIVED)
    with pytest.raises(DomainError, match="no ex-gratia payments"):
        case.do(c.propose_ex_gratia, D(2026, 3, 3), OFFICER, amount_pence=1000, basis="loss")
    assert not c.can_approve_ex_gratia(BOARD, PROFILES[slug], 1000)


@pytest.mark.parametrize("amount, actor, allowed", [
    (50000, EXECUTIVE, True),    # up to and including £500: the Executive Team
    (50001, EXECUTIVE, False),   # above £500: the Board
    (50001, BOARD, True),
    (100, DIRECTOR, False),
    (100, BOARD, True),
])
def test_approval_limits(amount: int, actor, allowed: bool) -> None:
    assert c.can_approve_ex_gratia(actor, PROFILES["thenue"], amount) is allowed
    case = thenue_case(amount_pence=amount)
    if allowed:
        state = case.do(c.decide_ex_gratia, D(2026, 3, 10), actor, approved=True).state
        assert state.ex_gratia[0].approved and state.ex_gratia[0].approved_pence == amount
    else:
        with pytest.raises(PermissionDenied, match="£500.00"):
            case.do(c.decide_ex_gratia, D(2026, 3, 10), actor, approved=True)


@pytest.mark.parametrize("amount, debt, hardship, net", [
    (30000, 10000, False, 20000),
    (30000, 10000, True, 30000),    # deducting would cause hardship
    (30000, 45000, False, 0),       # never below nothing
    (30000, 0, False, 30000),
])
def test_debt_is_deducted_unless_hardship(amount: int, debt: int, hardship: bool, net: int) -> None:
    case = thenue_case(amount_pence=amount, debt_pence=debt, hardship=hardship)
    assert case.state.ex_gratia[0].net_pence == net
    state = case.do(c.decide_ex_gratia, D(2026, 3, 10), EXECUTIVE, approved=True).state
    assert state.ex_gratia[0].approved_net_pence == net
    assert case.events[-1].get("net_pence") == net


def test_approving_less_than_proposed_recomputes_the_net() -> None:
    case = thenue_case(amount_pence=80000, debt_pence=5000)
    with pytest.raises(PermissionDenied):
        case.do(c.decide_ex_gratia, D(2026, 3, 10), EXECUTIVE, approved=True)
    state = case.do(c.decide_ex_gratia, D(2026, 3, 10), EXECUTIVE, approved=True, amount_pence=50000).state
    assert (state.ex_gratia[0].approved_pence, state.ex_gratia[0].approved_net_pence) == (50000, 45000)
    with pytest.raises(DomainError, match="no ex-gratia payment waiting"):
        case.do(c.decide_ex_gratia, D(2026, 3, 11), BOARD, approved=True)


@pytest.mark.parametrize("fields, field", [
    ({"amount_pence": 0}, "amount_pence"),
    ({"amount_pence": 1000, "basis": ""}, "basis"),
    ({"amount_pence": 1000, "debt_pence": -1}, "debt_pence"),
])
def test_proposal_checks(fields: dict, field: str) -> None:
    fields.setdefault("basis", "loss")
    with pytest.raises(DomainError) as err:
        Case("thenue").receive(RECEIVED).do(c.propose_ex_gratia, D(2026, 3, 3), OFFICER, **fields)
    assert err.value.field == field


def test_one_proposal_at_a_time_and_refusals_need_a_reason() -> None:
    case = thenue_case(amount_pence=1000)
    with pytest.raises(DomainError, match="already waiting"):
        case.do(c.propose_ex_gratia, D(2026, 3, 4), OFFICER, amount_pence=2000, basis="more")
    with pytest.raises(DomainError) as err:
        case.do(c.decide_ex_gratia, D(2026, 3, 10), EXECUTIVE, approved=False)
    assert err.value.field == "reason"
    state = case.do(c.decide_ex_gratia, D(2026, 3, 10), EXECUTIVE, approved=False, reason="Covered by insurance.").state
    assert state.ex_gratia[0].approved is False
    assert not any(e.kind.startswith("ex_gratia") for e in state.timeline(for_tenant=True))


def test_nobody_decides_a_payment_they_proposed() -> None:
    case = Case("thenue").receive(RECEIVED)
    case.do(c.propose_ex_gratia, D(2026, 3, 3), EXECUTIVE, amount_pence=1000, basis="Carpet ruined by the leak",
            substantiated=True)
    with pytest.raises(PermissionDenied, match="someone else"):
        case.do(c.decide_ex_gratia, D(2026, 3, 10), EXECUTIVE, approved=True)
    assert case.state.ex_gratia[0].pending
    assert case.do(c.decide_ex_gratia, D(2026, 3, 10), BOARD, approved=True).state.ex_gratia[0].approved


# Issue 8, item 13: Thenue ex-gratia payments 4.2-4.4, each rule recorded on the proposal.
@pytest.mark.parametrize("fields, field", [
    ({"amount_pence": 5000, "substantiated": False}, "substantiated"),                  # 4.2: substantiated loss only
    ({"amount_pence": 30000, "insured": True, "excess_pence": 25000}, "excess_pence"),  # 4.3: insured, over the excess
    ({"amount_pence": 40000, "rent_pence": 60000, "housing_benefit_pence": 25000}, "amount_pence"),  # 4.4
    ({"amount_pence": 100, "rent_pence": 60000, "housing_benefit_pence": 70000}, "housing_benefit_pence"),
])
def test_thenue_refuses_what_the_policy_excludes(fields: dict, field: str) -> None:
    fields = {"basis": "Carpet ruined by the leak", "substantiated": True, **fields}
    with pytest.raises(DomainError) as err:
        Case("thenue").receive(RECEIVED).do(c.propose_ex_gratia, D(2026, 3, 3), OFFICER, **fields)
    assert err.value.field == field


@pytest.mark.parametrize("fields", [
    {"amount_pence": 25000, "insured": True, "excess_pence": 25000},       # 4.3: up to the excess
    {"amount_pence": 35000, "rent_pence": 60000, "housing_benefit_pence": 25000},  # 4.4: the tenant's own part
    {"amount_pence": 5000},
])
def test_thenue_pays_what_the_policy_allows_and_records_each_rule(fields: dict) -> None:
    state = thenue_case(**fields).state
    recorded = state.events[-1].get("eligibility")
    assert recorded["substantiated"] is True
    assert recorded["insured"] is bool(fields.get("insured"))
    assert recorded["housing_benefit_pence"] == fields.get("housing_benefit_pence", 0)
    assert state.ex_gratia[-1].pending


@pytest.mark.parametrize("amount, role", [(50000, "executive"), (50001, "board")])
def test_a_proposal_names_the_role_that_decides_it(amount, role):
    from portal.domain.events import awaits

    event = thenue_case(amount_pence=amount).state.events[-1]
    assert awaits(event).value == role == c.approver_role(PROFILES["thenue"], amount).value
