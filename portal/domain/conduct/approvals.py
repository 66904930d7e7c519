"""Approvals: a change that needs a more senior role waits until someone holding it approves.

Someone below the authoriser role may propose a protocol or new terms: the proposal is
checked now, kept as an event, and takes effect only when a person holding the role,
signed in as themselves, approves it (the rules are checked again then). Nobody
approves or refuses their own proposal.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Callable

from portal.domain.conduct import actions
from portal.domain.conduct.kinds import ConductEventKind as K, ReviewOutcome
from portal.domain.conduct.permissions import can_impose
from portal.domain.conduct.protocol import ProtocolTerms
from portal.domain.conduct.records import ConductState, Proposal, actor_data
from portal.domain.approval import decider_refusal
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.events import Actor, Event, make_event
from portal.domain.profile import Profile

# The checks (and event) of each step that can be proposed, without the authoriser's role check.
CHANGES: dict[str, Callable[..., Event]] = {
    "impose": actions.imposition, "vary": actions.variation, "review": actions.review,
}
_DATES = ("start", "ends_on")


def _plain(fields: dict[str, Any]) -> dict[str, Any]:
    """A step's keywords as plain event data."""
    plain = {}
    for name, value in fields.items():
        if isinstance(value, ProtocolTerms):
            value = value.to_dict()
        elif isinstance(value, date):
            value = value.isoformat()
        plain[name] = value
    return plain


def _keywords(plain: dict[str, Any]) -> dict[str, Any]:
    """A proposal's plain data back as the step's keywords."""
    fields = dict(plain)
    if fields.get("terms") is not None:
        fields["terms"] = ProtocolTerms.from_dict(fields["terms"])
    for name in _DATES:
        if fields.get(name):
            fields[name] = date.fromisoformat(fields[name])
    return fields


def needs_approval(change: str, actor: Actor, profile: Profile, fields: dict[str, Any]) -> bool:
    """True if `actor` cannot make this change alone, so it must be proposed for approval."""
    if change == "review" and fields.get("outcome") != ReviewOutcome.VARY.value:
        return False
    return not can_impose(actor, profile)


def propose_change(state: ConductState, profile: Profile, actor: Actor, today: date, *, change: str,
                   now: datetime | None = None, **fields: Any) -> Event:
    """Ask for a protocol or new terms to be authorised: checked now, in force only once approved."""
    if change not in CHANGES:
        raise DomainError("That change cannot be proposed.")
    if not actor.is_staff:
        raise PermissionDenied("Only staff can propose a protocol.")
    if any(p.change == change for p in state.pending_proposals):
        raise DomainError("A proposal for this is already waiting for a decision.", field="terms")
    CHANGES[change](state, profile, actor, today, now=now, **fields)  # the same checks as the step itself
    return make_event(K.CHANGE_PROPOSED.value, actor, today, now, change=change,
                      role=profile.conduct.authoriser_role.value, fields=_plain(fields))


def _waiting(state: ConductState, number: int) -> Proposal:
    proposal = next((p for p in state.proposals if p.number == number), None)
    if proposal is None or not proposal.pending:
        raise DomainError("That proposal is not waiting for a decision.")
    return proposal


def approval_refusal(actor: Actor, proposal: Proposal, profile: Profile) -> str | None:
    """Why `actor` may not approve or refuse `proposal`, or None if they may."""
    return decider_refusal(actor, proposal.by.id, proposal.role, profile,
                           "You made this proposal, so someone else must decide it.")


def approve_proposal(state: ConductState, profile: Profile, actor: Actor, today: date, *, proposal: int,
                     now: datetime | None = None) -> Event:
    """Approve a waiting proposal: the change is made now, authorised by the approver."""
    waiting = _waiting(state, proposal)
    refusal = approval_refusal(actor, waiting, profile)
    if refusal:
        raise PermissionDenied(refusal)
    event = CHANGES[waiting.change](state, profile, actor, today, now=now, **_keywords(waiting.fields))
    return make_event(event.kind, actor, today, now, **event.data, proposal=waiting.number,
                      proposed_by=actor_data(waiting.by))


def refuse_proposal(state: ConductState, profile: Profile, actor: Actor, today: date, *, proposal: int,
                    reasons: str, now: datetime | None = None) -> Event:
    """Refuse a waiting proposal, saying why; nothing changes."""
    waiting = _waiting(state, proposal)
    refusal = approval_refusal(actor, waiting, profile)
    if refusal:
        raise PermissionDenied(refusal)
    reasons = (reasons or "").strip()
    if not reasons:
        raise DomainError("Say why the proposal is refused.", field="reasons")
    return make_event(K.PROPOSAL_REFUSED.value, actor, today, now, proposal=waiting.number, reasons=reasons)
