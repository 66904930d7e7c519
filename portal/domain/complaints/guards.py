"""The checks every complaint transition shares: which step is allowed from which
status (one table, not a nest of ifs), and plain-language input checks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from portal.domain.complaints.kinds import EventKind, Status
from portal.domain.complaints.state import ComplaintState
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.events import Actor, Event, make_event

S = Status
_CASE = frozenset(Status) - {S.NEW}
_REPLIED = frozenset({S.RESPONDED, S.CLOSED, S.WITH_CUSTOMER})

# Which statuses each step may start from.
ALLOWED: dict[EventKind, frozenset[Status]] = {
    EventKind.SERVICE_REQUEST_LOGGED: frozenset({S.NEW}),
    EventKind.CONVERTED_TO_COMPLAINT: frozenset({S.SERVICE_REQUEST}),
    EventKind.RECEIVED: frozenset({S.NEW}),
    EventKind.ACKNOWLEDGED: frozenset({S.AWAITING_ACKNOWLEDGEMENT}),
    EventKind.EXTENDED: frozenset({S.INVESTIGATING}),
    EventKind.RESPONDED: frozenset({S.INVESTIGATING}),
    EventKind.ESCALATION_REQUESTED: _REPLIED,
    EventKind.ESCALATED: frozenset({S.ESCALATION_REQUESTED}),
    EventKind.ESCALATION_REFUSED: frozenset({S.ESCALATION_REQUESTED}),
    EventKind.SENT_TO_STAGE2: frozenset({S.AWAITING_ACKNOWLEDGEMENT, S.INVESTIGATING}),
    EventKind.EXCLUDED: frozenset({S.AWAITING_ACKNOWLEDGEMENT, S.INVESTIGATING}),
    EventKind.RESTRICTED: frozenset({S.AWAITING_ACKNOWLEDGEMENT, S.INVESTIGATING, S.RESPONDED,
                                     S.ESCALATION_REQUESTED}),
    EventKind.CLOSED: frozenset({S.SERVICE_REQUEST, S.RESPONDED}),
    EventKind.ACTION_COMPLETED: _CASE - {S.SERVICE_REQUEST, S.EXCLUDED},
    EventKind.REOPENED: _REPLIED,
    EventKind.NOTE: _CASE,
    EventKind.CONTACT_LOGGED: _CASE,
    EventKind.INFORMATION_ADDED: _CASE,
    EventKind.EVIDENCE_ADDED: _CASE,
    EventKind.CONTACT_CONFIRMED: _CASE,
    EventKind.EX_GRATIA_PROPOSED: _CASE - {S.SERVICE_REQUEST, S.EXCLUDED},
    EventKind.EX_GRATIA_DECIDED: _CASE - {S.SERVICE_REQUEST, S.EXCLUDED},
    EventKind.REFERRED: _CASE - {S.SERVICE_REQUEST},
    EventKind.ASSIGNED: frozenset(s for s in Status if s.is_open),
    EventKind.EXTENSION_PROPOSED: frozenset({S.INVESTIGATING}),
    EventKind.EXTENSION_REFUSED: frozenset({S.INVESTIGATING}),
    EventKind.OMBUDSMAN_REFERRED: _CASE - {S.SERVICE_REQUEST},
    EventKind.OMBUDSMAN_DECIDED: _CASE - {S.SERVICE_REQUEST},
    EventKind.LETTER_POSTED: _CASE,
}

# Why a step is refused from a status, where a specific reason helps more than the default.
_WHY_NOT: dict[tuple[EventKind, Status], str] = {
    (EventKind.RECEIVED, S.SERVICE_REQUEST): "This is logged as a service request. Turn it into a complaint instead.",
    (EventKind.ACKNOWLEDGED, S.INVESTIGATING): "This stage has already been acknowledged, or needs no acknowledgement.",
    (EventKind.EXTENDED, S.AWAITING_ACKNOWLEDGEMENT): "Send the acknowledgement before changing the reply date.",
    (EventKind.RESPONDED, S.AWAITING_ACKNOWLEDGEMENT): "Send the acknowledgement first: the policy needs it before the reply.",
    (EventKind.ESCALATION_REQUESTED, S.AWAITING_ACKNOWLEDGEMENT): "Stage 2 can only be asked for after the stage 1 reply has been sent.",
    (EventKind.ESCALATION_REQUESTED, S.INVESTIGATING): "Stage 2 can only be asked for after the stage 1 reply has been sent.",
    (EventKind.ESCALATION_REQUESTED, S.ESCALATION_REQUESTED): "Stage 2 has already been asked for.",
    (EventKind.ESCALATION_REQUESTED, S.EXCLUDED): "This complaint was not taken on, so it cannot go to stage 2.",
    (EventKind.CLOSED, S.AWAITING_ACKNOWLEDGEMENT): "A complaint closes when its written reply is sent. To stop early, record why it is not being taken on.",
    (EventKind.CLOSED, S.INVESTIGATING): "A complaint closes when its written reply is sent. To stop early, record why it is not being taken on.",
}
_DEFAULT_WHY_NOT: dict[EventKind, str] = {
    EventKind.RECEIVED: "This complaint has already been received.",
    EventKind.SERVICE_REQUEST_LOGGED: "This case has already been logged.",
    EventKind.CONVERTED_TO_COMPLAINT: "Only a service request can be turned into a complaint.",
    EventKind.ACKNOWLEDGED: "There is nothing waiting to be acknowledged.",
    EventKind.EXTENDED: "Only a complaint being investigated can be given more time.",
    EventKind.RESPONDED: "There is no open stage to reply to.",
    EventKind.ESCALATED: "There is no request for stage 2 waiting for a decision.",
    EventKind.ESCALATION_REFUSED: "There is no request for stage 2 waiting for a decision.",
    EventKind.SENT_TO_STAGE2: "Only a stage 1 complaint not yet replied to can go straight to stage 2.",
    EventKind.EXCLUDED: "A complaint can only be refused before its reply is sent.",
    EventKind.RESTRICTED: "This complaint is no longer open, so a restriction cannot close it.",
    EventKind.CLOSED: "This complaint is already closed.",
    EventKind.REOPENED: "Only a complaint whose reply has been sent can be reopened.",
}


def check_allowed(state: ComplaintState, kind: EventKind) -> None:
    """Raise a plain DomainError if `kind` may not happen in the complaint's status."""
    if state.status in ALLOWED[kind]:
        return
    message = _WHY_NOT.get((kind, state.status)) or _DEFAULT_WHY_NOT.get(kind)
    if state.status is S.NEW:
        message = "There is no complaint here yet."
    raise DomainError(message or f"This cannot be done while the complaint is '{state.status.label.lower()}'.")


def require_staff(actor: Actor, doing: str) -> None:
    """Raise PermissionDenied unless a member of staff is acting."""
    if actor.role is None:
        raise PermissionDenied(f"Only a member of staff can {doing}.")


def require_text(value: Any, field: str, message: str) -> str:
    """The trimmed text, or a DomainError blaming `field` if it is blank."""
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise DomainError(message, field=field)
    return text


def to_date(value: date | str | None, field: str, message: str) -> date:
    """A date from a date or ISO string, or a DomainError blaming `field`."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise DomainError(message, field=field)


def not_after_today(day: date, today: date, field: str, what: str) -> date:
    """Reject a date in the future: facts are recorded after they happen."""
    if day > today:
        raise DomainError(f"The date {what} cannot be in the future.", field=field)
    return day


def pence(value: Any, field: str, what: str, positive: bool = False) -> int:
    """A whole number of pence, not negative (above 0 if `positive`)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0 or (positive and value == 0):
        raise DomainError(f"Enter {what} as a whole amount{' above £0' if positive else ''}.", field=field)
    return value


def new_event(kind: EventKind, actor: Actor, today: date, now: datetime | None, **data: Any) -> Event:
    """The event for a checked step, with the kind stored as a plain string."""
    return make_event(kind.value, actor, today, now=now, **data)
