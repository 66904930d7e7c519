"""More time past the standard: proposed by the handler, made only when someone a rank above approves it.

The same mechanism as conduct approvals (`portal/domain/conduct/approvals.py`): the proposal is
checked now and kept as an event (`extension_proposed`, naming the role that decides it); the
change is the ordinary `extended` event, made when a person holding that role approves it signed
in as themselves (every rule checked again then), carrying `proposal` and `proposed_by`; a
refusal is `extension_refused`. Nobody approves or refuses their own proposal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from portal.domain.approval import decider_refusal
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.guards import check_allowed, new_event, require_text
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.state import ComplaintState
from portal.domain.complaints.steps import extend_complaint
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.events import Actor, Event, actor_data
from portal.domain.profile import Profile
from portal.domain.roles import Role

_FIELDS = ("reason", "new_due", "customer_agreed", "good_reason")


@dataclass(frozen=True)
class ExtensionProposal:
    """A longer extension waiting for approval: who asked, when, the role that decides, what was asked."""

    number: int  # the proposal's place in the history (1 = the first event)
    by: Actor
    on: date
    role: Role
    stage: int
    fields: dict[str, Any]

    @property
    def new_due(self) -> date:
        """The reply date asked for."""
        return date.fromisoformat(self.fields["new_due"])


def approver_role(actor: Actor) -> Role | None:
    """The role one rank above `actor`: the least senior that may approve their longer extension."""
    above = [r for r in Role if actor.role and r.rank > actor.role.rank]
    return min(above, key=lambda r: r.rank) if above else None


def pending_extension(state: ComplaintState) -> ExtensionProposal | None:
    """The proposal waiting for a decision, or None (an answered one, or one of an earlier stage, is not)."""
    answered = {e.get("proposal") for e in state.events
                if e.kind in (EventKind.EXTENDED.value, EventKind.EXTENSION_REFUSED.value)}
    waiting = None
    for number, e in enumerate(state.events, start=1):
        if e.kind == EventKind.EXTENSION_PROPOSED.value and number not in answered:
            waiting = ExtensionProposal(number, Actor(e.by, e.by_name, e.by_role), e.on, Role(e.get("role")),
                                        e.get("stage", 1), {name: e.get(name) for name in _FIELDS})
    return waiting if waiting and waiting.stage == state.stage else None


def extend_or_propose(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                      now: datetime | None = None, **fields: Any) -> Event:
    """Within the standard, the extension itself; past it, a proposal waiting for someone a rank above."""
    state = as_state(state_or_events, profile)
    event = extend_complaint(state, profile, actor, today, now=now, proposing=True, **fields)
    if not event.get("beyond_standard"):
        return event
    if pending_extension(state):
        raise DomainError("A longer extension is already waiting for approval.", field="new_due")
    role = approver_role(actor)
    if role is None:
        raise PermissionDenied("Nobody ranks above you to approve more time past the standard.", field="new_due")
    check_allowed(state, EventKind.EXTENSION_PROPOSED)
    return new_event(EventKind.EXTENSION_PROPOSED, actor, today, now, role=role.value,
                     **{name: event.get(name) for name in ("stage", *_FIELDS)})


def decision_refusal(actor: Actor, proposal: ExtensionProposal, profile: Profile) -> str | None:
    """Why `actor` may not approve or refuse the proposal, or None if they may."""
    return decider_refusal(actor, proposal.by.id, proposal.role, profile,
                           "You asked for this extension, so someone else must decide it.")


def _waiting(state: ComplaintState, actor: Actor, profile: Profile, proposal: int) -> ExtensionProposal:
    waiting = pending_extension(state)
    if waiting is None or waiting.number != proposal:
        raise DomainError("That extension is not waiting for a decision.")
    refusal = decision_refusal(actor, waiting, profile)
    if refusal:
        raise PermissionDenied(refusal)
    return waiting


def approve_extension(state_or_events: History, profile: Profile, actor: Actor, today: date, *, proposal: int,
                      now: datetime | None = None) -> Event:
    """Approve the waiting proposal: the extension is made now, approved by the person signed in."""
    state = as_state(state_or_events, profile)
    waiting = _waiting(state, actor, profile, proposal)
    fields = {**waiting.fields, "new_due": waiting.new_due}
    event = extend_complaint(state, profile, waiting.by, today, now=now, approved_by=actor, **fields)
    return new_event(EventKind.EXTENDED, actor, today, now, **event.data, proposal=waiting.number,
                     proposed_by=actor_data(waiting.by))


def refuse_extension(state_or_events: History, profile: Profile, actor: Actor, today: date, *, proposal: int,
                     reasons: str, now: datetime | None = None) -> Event:
    """Refuse the waiting proposal, saying why: the reply date stays as it was."""
    state = as_state(state_or_events, profile)
    waiting = _waiting(state, actor, profile, proposal)
    check_allowed(state, EventKind.EXTENSION_REFUSED)
    return new_event(EventKind.EXTENSION_REFUSED, actor, today, now, proposal=waiting.number,
                     reasons=require_text(reasons, "reasons", "Say why more time is refused."))
