"""Ex-gratia payments (made without admitting liability), where a landlord's policy has them.

Who may approve depends on the amount (the profile's approver and limit, with a more
senior body above it), and money the customer owes is taken off unless that would
cause hardship.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from portal.domain.complaints.guards import check_allowed, new_event, pence, require_staff, require_text
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.wording import money
from portal.domain.errors import Collect, DomainError, PermissionDenied
from portal.domain.events import Actor, Event
from portal.domain.profile import ExGratia, Profile
from portal.domain.roles import Role


def _scheme(profile: Profile) -> ExGratia:
    if profile.ex_gratia is None:
        raise DomainError(f"{profile.name}'s policy has no ex-gratia payments. Offer any remedy in the "
                          f"complaint reply instead.")
    return profile.ex_gratia


def can_approve_ex_gratia(actor: Actor, profile: Profile, amount_pence: int) -> bool:
    """True if `actor` may approve a payment of `amount_pence` under the profile's limits."""
    if profile.ex_gratia is None or actor.role is None:
        return False
    return actor.role.at_least(approver_role(profile, amount_pence))


def approver_role(profile: Profile, amount_pence: int) -> Role:
    """The role that decides a payment of `amount_pence`: the approver up to the limit, a more senior one above."""
    scheme = _scheme(profile)
    return scheme.approver_role if amount_pence <= scheme.approver_limit_pence else scheme.above_limit_role


def net_after_debt(profile: Profile, amount_pence: int, debt_pence: int, hardship: bool) -> int:
    """What is paid once debt owed to the landlord is taken off (never below nothing)."""
    scheme = _scheme(profile)
    if scheme.deduct_debt and not hardship:
        return max(0, amount_pence - debt_pence)
    return amount_pence


def eligibility(scheme: ExGratia, amount: int, *, substantiated: bool, insured: bool, excess_pence: int,
                rent_pence: int, housing_benefit_pence: int) -> dict[str, Any]:
    """Check the scheme's eligibility rules and return each as recorded: a substantiated direct loss
    (Thenue 4.2), an insured item only up to the excess (4.3), rent without Housing Benefit (4.4)."""
    if scheme.substantiated_loss_only and not substantiated:
        raise DomainError("Only a direct loss that has been substantiated (a receipt, an estimate, a photo) "
                          "can be paid. Record how it was substantiated.", field="substantiated")
    excess = pence(excess_pence, "excess_pence", "the policy excess")
    if insured and scheme.insured_up_to_excess and amount > excess:
        raise DomainError(f"The item is insured, so only a claim up to the policy excess ({money(excess)}) can "
                          f"be paid. Point the customer to the insurer for the rest.", field="excess_pence")
    rent, benefit = pence(rent_pence, "rent_pence", "the rent"), pence(housing_benefit_pence, "housing_benefit_pence",
                                                                       "the Housing Benefit")
    if rent and scheme.rent_without_housing_benefit:
        if benefit > rent:
            raise DomainError("Housing Benefit cannot be more than the rent for the period.",
                              field="housing_benefit_pence")
        if amount > rent - benefit:
            raise DomainError(f"A rent-equivalent payment leaves out the Housing Benefit part: at most "
                              f"{money(rent - benefit)} of the {money(rent)} rent.", field="amount_pence")
    return {"substantiated": bool(substantiated), "insured": bool(insured), "excess_pence": excess,
            "rent_pence": rent, "housing_benefit_pence": benefit}


def propose_ex_gratia(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                      amount_pence: int, basis: str, debt_pence: int = 0, hardship: bool = False,
                      substantiated: bool = False, insured: bool = False, excess_pence: int = 0,
                      rent_pence: int = 0, housing_benefit_pence: int = 0,
                      now: datetime | None = None) -> Event:
    """Propose a payment for direct loss, checked against each eligibility rule; it waits for a decision."""
    scheme = _scheme(profile)
    require_staff(actor, "propose an ex-gratia payment")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.EX_GRATIA_PROPOSED)
    if any(case.pending for case in state.ex_gratia):
        raise DomainError("An ex-gratia payment is already waiting for a decision.")
    checks = Collect()  # every box is checked together: every error shows at once
    amount = checks.check(pence, amount_pence, "amount_pence", "the payment", positive=True)
    debt = checks.check(pence, debt_pence, "debt_pence", "the debt owed")
    basis = checks.check(require_text, basis, "basis", "Say what direct loss the payment is for.")
    if amount is not None:
        rules = checks.check(eligibility, scheme, amount, substantiated=substantiated, insured=insured,
                             excess_pence=excess_pence, rent_pence=rent_pence,
                             housing_benefit_pence=housing_benefit_pence)
    checks.done()
    return new_event(
        EventKind.EX_GRATIA_PROPOSED, actor, today, now, amount_pence=amount, basis=basis,
        debt_pence=debt, hardship=bool(hardship), net_pence=net_after_debt(profile, amount, debt, bool(hardship)),
        eligibility=rules, role=approver_role(profile, amount).value,
    )


def decide_ex_gratia(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                     approved: bool, reason: str = "", amount_pence: int | None = None,
                     now: datetime | None = None) -> Event:
    """Approve (possibly for less) or refuse the waiting proposal; authority depends on the amount."""
    scheme = _scheme(profile)
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.EX_GRATIA_DECIDED)
    case = next((c for c in state.ex_gratia if c.pending), None)
    if case is None:
        raise DomainError("There is no ex-gratia payment waiting for a decision.")
    amount = case.amount_pence if amount_pence is None else pence(amount_pence, "amount_pence", "the payment", positive=True)
    if amount > case.amount_pence:
        raise DomainError(f"You cannot approve more than the {money(case.amount_pence)} proposed. "
                          f"Propose the higher amount first.", field="amount_pence")
    if case.proposed_by and case.proposed_by == actor.id:
        raise PermissionDenied("You proposed this payment, so someone else must decide it.")
    if not can_approve_ex_gratia(actor, profile, amount):
        raise PermissionDenied(
            f"Payments up to and including {money(scheme.approver_limit_pence)} need a "
            f"{profile.title(scheme.approver_role)}; above that, the {profile.title(scheme.above_limit_role)}.")
    if not approved:
        reason = require_text(reason, "reason", "Give the reason the payment is refused.")
    return new_event(
        EventKind.EX_GRATIA_DECIDED, actor, today, now, approved=bool(approved), amount_pence=amount,
        net_pence=net_after_debt(profile, amount, case.debt_pence, case.hardship) if approved else 0,
        reason=(reason or "").strip(),
    )
