"""Complaints made without an account: who sent them is confirmed after they arrive.

A complaint sent online by someone who is not signed in is received (and its dates
counted) the day it is sent: we have it then. Its received event says how the sender is
still to be confirmed: "email" (they follow the link we emailed) or "phone" (staff call
them). A `contact_confirmed` event records that it was done, and "account" records that
the complaint joined the account they made later with the confirmed address.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.guards import check_allowed, new_event, require_staff, require_text
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.state import ComplaintState
from portal.domain.errors import DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile

HOW = ("email", "phone", "account")


def to_confirm(state: ComplaintState) -> str:
    """How the sender is still to be confirmed ("email" or "phone"), or "" when nothing is owed."""
    received = next((e for e in state.events if e.kind == EventKind.RECEIVED.value), None)
    how = received.get("confirm_by", "") if received is not None else ""
    if not how:
        return ""
    done = any(e.kind == EventKind.CONTACT_CONFIRMED.value and e.get("how") in (how, "account") for e in state.events)
    return "" if done else how


def confirm_contact(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                    how: str, summary: str = "", now: datetime | None = None) -> Event:
    """Record that the sender was confirmed: by the emailed link, a staff call, or a new account."""
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.CONTACT_CONFIRMED)
    if how not in HOW:
        raise DomainError("Say how the details were confirmed.", field="how")
    owed = to_confirm(state)
    if how == "phone":
        require_staff(actor, "record the call that confirms who sent a complaint")
        if owed != "phone":
            raise DomainError("This complaint does not need confirming by phone.")
        summary = require_text(summary, "summary", "Say what was confirmed on the call.")
    elif how == "email" and owed != "email":
        raise DomainError("This complaint's email address is already confirmed.")
    return new_event(EventKind.CONTACT_CONFIRMED, actor, today, now, how=how, summary=summary.strip())
