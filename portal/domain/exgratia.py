"""Ex-gratia payments (made without admitting liability), where a landlord's policy has them.

Who may approve depends on the amount (the profile's approver and limit, with a more
senior body above it), and money the customer owes is taken off unless that would
cause hardship.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.domain.complaints.guards import check_allowed, new_event, pence, require_staff, require_text
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.wording import money
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.events import Actor, Event
from portal.domain.profile import ExGratia, Profile


def _scheme(profile: Profile) -> ExGratia:
    if profile.ex_gratia is None:
        raise DomainError(f"{profile.name}'s policy has no ex-gratia payments. Offer any remedy in the "
                          f"complaint reply instead.")
    return profile.ex_gratia


def can_approve_ex_gratia(actor: Actor, profile: Profile, amount_pence: int) -> bool:
    """True if `actor` may approve a payment of `amount_pence` under the profile's limits."""
    scheme = profile.ex_gratia
    if scheme is None or actor.role is None:
        return False
    needed = scheme.approver_role if amount_pence <= scheme.approver_limit_pence else scheme.above_limit_role
    return actor.role.at_least(needed)


def net_after_debt(profile: Profile, amount_pence: int, debt_pence: int, hardship: bool) -> int:
    """What is paid once debt owed to the landlord is taken off (never below nothing)."""
    scheme = _scheme(profile)
    if scheme.deduct_debt and not hardship:
        return max(0, amount_pence - debt_pence)
    return amount_pence


def propose_ex_gratia(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                      amount_pence: int, basis: str, debt_pence: int = 0, hardship: bool = False,
                      now: datetime | None = None) -> Event:
    """Propose a payment for direct loss; it waits for someone with authority to decide."""
    _scheme(profile)
    require_staff(actor, "propose an ex-gratia payment")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.EX_GRATIA_PROPOSED)
    if any(case.pending for case in state.ex_gratia):
        raise DomainError("An ex-gratia payment is already waiting for a decision.")
    amount = pence(amount_pence, "amount_pence", "the payment", positive=True)
    debt = pence(debt_pence, "debt_pence", "the debt owed")
    return new_event(
        EventKind.EX_GRATIA_PROPOSED, actor, today, now, amount_pence=amount,
        basis=require_text(basis, "basis", "Say what direct loss the payment is for."),
        debt_pence=debt, hardship=bool(hardship), net_pence=net_after_debt(profile, amount, debt, bool(hardship)),
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
