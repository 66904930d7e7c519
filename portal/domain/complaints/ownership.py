"""Who owns a complaint: a named member of staff allowed to take its next step.

New complaints start unassigned (the intake list). Taking an unassigned case is open to
any member of staff who may do its next step; giving it to someone else, or taking it
from its owner, is a manager's decision. Each change is an `assigned` event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.guards import check_allowed, new_event, require_staff
from portal.domain.complaints.kinds import EventKind, Status
from portal.domain.complaints.permissions import respond_refusal
from portal.domain.complaints.state import ComplaintState
from portal.domain.errors import PermissionDenied
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile
from portal.domain.roles import Role

ASSIGNER = Role.MANAGER  # who may give a case to someone else, or take it from its owner


@dataclass(frozen=True)
class Owner:
    """The member of staff a complaint is with."""

    id: str
    name: str
    role: Role | None
    since: date


def owner_of(state: ComplaintState) -> Owner | None:
    """The complaint's owner now, or None while it is unassigned."""
    for e in reversed(state.events):
        if e.kind == EventKind.ASSIGNED.value:
            owner = e.get("owner") or {}
            return Owner(owner.get("id", ""), owner.get("name", ""),
                         Role(owner["role"]) if owner.get("role") else None, e.on)
    return None


def owner_refusal(person: Actor, state: ComplaintState, profile: Profile) -> str | None:
    """Why `person` cannot own the complaint (they could not take its next step), or None."""
    if person.role is None:
        return "Only a member of staff can own a complaint."
    if state.status in (Status.AWAITING_ACKNOWLEDGEMENT, Status.INVESTIGATING):
        return respond_refusal(person, state, profile, state.stage)
    if state.status is Status.ESCALATION_REQUESTED:
        return respond_refusal(person, state, profile, 2)
    return None


def assign_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *, owner: Actor,
                     now: datetime | None = None) -> Event:
    """Give the complaint to `owner` (assign), take it yourself (take), or move it on (reassign)."""
    require_staff(actor, "assign a complaint")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.ASSIGNED)
    current = owner_of(state)
    if current and current.id == owner.id:
        raise PermissionDenied(f"The complaint is already with {owner.name}.", field="owner")
    if (owner.id != actor.id or current is not None) and not (actor.role and actor.role.at_least(ASSIGNER)):
        raise PermissionDenied(f"Only a {profile.title(ASSIGNER)} or someone more senior can give a complaint to "
                               f"someone else or take it from its owner.", field="owner")
    refusal = owner_refusal(owner, state, profile)
    if refusal:
        raise PermissionDenied(f"{owner.name} cannot own it: {refusal[0].lower()}{refusal[1:]}", field="owner")
    how = "reassign" if current else "take" if owner.id == actor.id else "assign"
    return new_event(EventKind.ASSIGNED, actor, today, now, how=how, previous=current.id if current else "",
                     owner={"id": owner.id, "name": owner.name, "role": owner.role.value if owner.role else None})
