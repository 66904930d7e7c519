"""Complaint transitions within a stage: acknowledge, extend, reply, close, follow up.

Each function checks the landlord's rules and returns the one new Event to append, or
raises DomainError / PermissionDenied with a plain message and the form field to blame.
None of them stores anything or reads the clock: `today` (and optionally `now`, the
recording timestamp) come from the caller.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Mapping, Sequence

from portal.domain.calendar import calendar_for
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.guards import (
    check_allowed, new_event, pence, require_staff, require_text, to_date,
)
from portal.domain.complaints.kinds import CONTACT_DIRECTIONS, EventKind, Outcome, Status
from portal.domain.complaints.permissions import respond_refusal
from portal.domain.complaints.state import ComplaintState
from portal.domain.complaints.wording import long_date
from portal.domain.errors import Collect, DomainError, PermissionDenied
from portal.domain.events import Actor, Event, actor_data
from portal.domain.profile import CHANNELS, Profile, Stage


def _not_before_stage(state: ComplaintState, today: date) -> None:
    if state.current and today < state.current.started_on:
        raise DomainError("This cannot be recorded before the stage began.")


def acknowledge_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                          understanding: str = "", outcome_sought: str = "",
                          now: datetime | None = None) -> Event:
    """Record the acknowledgement of the current stage, sent today."""
    require_staff(actor, "acknowledge a complaint")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.ACKNOWLEDGED)
    _not_before_stage(state, today)
    if profile.complaints.stage(state.stage).acknowledge_states_understanding:
        checks = Collect()  # both boxes are checked together: every error shows at once
        understanding = checks.check(require_text, understanding, "understanding",
                                     "Say what we understand the complaint to be: the acknowledgement must state it.")
        outcome_sought = checks.check(require_text, outcome_sought, "outcome_sought",
                                      f"Say what outcome the {profile.customer_word} wants: the acknowledgement must state it.")
        checks.done()
    understanding = (understanding or "").strip()
    if not understanding:  # the letter's "what we understand" section is never left empty
        understanding = f"You told us your complaint is about \u201c{state.summary.strip().rstrip('.')}\u201d."
    return new_event(EventKind.ACKNOWLEDGED, actor, today, now, stage=state.stage,
                     understanding=understanding, outcome_sought=(outcome_sought or "").strip())


def _beyond_standard(profile: Profile, rules: Stage, actor: Actor, latest: date, good_reason: str,
                     approved_by: Actor | None, proposing: bool = False) -> dict[str, Any]:
    """Check an extension past the standard: a recorded good reason and an approver a rank above the handler."""
    number = rules.number
    if not rules.extension_beyond_standard:
        raise DomainError(f"Stage {number} can have up to {rules.extension_working_days} more working "
                          f"days: the latest reply date is {long_date(latest)}.", field="new_due")
    good_reason = require_text(
        good_reason, "good_reason",
        f"The standard is up to {rules.extension_working_days} more working days (latest {long_date(latest)}). "
        f"Going past it needs a good reason: record it.")
    if proposing:  # the approver comes later (`extensions.approve_extension`)
        return {"beyond_standard": True, "good_reason": good_reason}
    if approved_by is None or approved_by.role is None:
        raise PermissionDenied("Going past the standard extension needs approval by someone a rank above "
                               "the person handling the complaint. Say who approved it.", field="approved_by")
    if approved_by.id == actor.id:
        raise PermissionDenied("Someone else must approve this: the handler cannot approve their own extension.",
                               field="approved_by")
    if approved_by.role.rank <= actor.role.rank:
        raise PermissionDenied(f"The approver must be at least a rank above the handler "
                               f"({profile.title(actor.role)}).", field="approved_by")
    return {"beyond_standard": True, "good_reason": good_reason, "approved_by": actor_data(approved_by)}


def extend_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                     reason: str, new_due: date | str, customer_agreed: bool | None = None,
                     good_reason: str = "", approved_by: Actor | None = None, proposing: bool = False,
                     now: datetime | None = None) -> Event:
    """Give the current stage more time, within the profile's limits, with a reason and a new date.

    Past a capped standard (where the profile allows it) the extension needs a recorded good
    reason and an approver at least a rank above the handler, and is flagged on the case.
    `proposing`: the approver is not known yet (see `extensions.extend_or_propose`).
    """
    require_staff(actor, "extend a complaint")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.EXTENDED)
    view, rules = state.current, profile.complaints.stage(state.stage)
    if view.response_due is None:
        raise DomainError("No reply is owed on an anonymous complaint, so there is no date to extend.")
    if rules.extension == "none":
        raise DomainError(f"Stage {state.stage} cannot be extended under {profile.name}'s policy: "
                          f"if more time is needed, the complaint goes to stage 2.")
    checks = Collect()  # the reason, the date and the agreement are checked together: every error shows at once
    with checks:
        if rules.extension == "good_reason":
            reason = require_text(reason, "reason", f"{profile.name} only gives more time at stage {state.stage} "
                                  f"for a clear good reason, such as a complex case. Give the reason.")
        reason = require_text(reason, "reason",
                              f"Explain why more time is needed: the {profile.customer_word} is told in writing.")
    cal = calendar_for(profile.nation)
    beyond: dict[str, Any] = {}
    with checks:
        new_due = to_date(new_due, "new_due", "Enter the new reply date.")
        if not cal.is_working_day(new_due):
            raise DomainError(f"{long_date(new_due)} is not a working day. Choose a working day.", field="new_due")
        if new_due <= view.response_due:
            raise DomainError(f"The new date must be after the current reply date, "
                              f"{long_date(view.response_due)}.", field="new_due")
        if rules.extension == "capped":
            latest = cal.add_working_days(view.original_response_due, rules.extension_working_days)
            if new_due > latest:
                beyond = _beyond_standard(profile, rules, actor, latest, good_reason, approved_by, proposing)
    with checks:
        if rules.extension_needs_agreement and customer_agreed is not True:
            omb = profile.ombudsman
            raise DomainError(
                f"More time needs the {profile.customer_word}'s agreement. If they do not agree, give them the "
                f"{omb.name}'s details ({omb.phone}, {omb.website}) and carry on: the reply is still due by "
                f"{long_date(view.response_due)}.", field="customer_agreed")
    checks.done()
    return new_event(EventKind.EXTENDED, actor, today, now, stage=state.stage, reason=reason,
                     new_due=new_due.isoformat(), customer_agreed=customer_agreed, **beyond)


def _actions(raw: Sequence[Mapping[str, Any]], state: ComplaintState, today: date) -> list[dict[str, str | None]]:
    """Check promised actions: every reply gives each one a target date, so the customer knows when."""
    taken = {a.id for a in state.actions}
    checked = []
    for i, item in enumerate(raw, start=1):
        text = require_text(item.get("text"), "actions", "Describe each action we agreed to take.")
        target = item.get("target")
        if target:
            target = to_date(target, "actions", "Enter each action's target date as a date.")
            if target < today:
                raise DomainError("An action's target date cannot be in the past.", field="actions")
        else:
            raise DomainError(f"Give each action a target date: the stage {state.stage} reply must say when it "
                              f"will be done.", field="actions")
        action_id = str(item.get("id") or f"{state.stage}.{len(taken) + 1}")
        if action_id in taken:
            raise DomainError(f"Two actions share the reference {action_id}.", field="actions")
        taken.add(action_id)
        checked.append({"id": action_id, "text": text, "target": target.isoformat() if target else None})
    return checked


def respond_to_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                         outcome: str, reasons: str, remedy: str = "", compensation_pence: int = 0,
                         actions: Sequence[Mapping[str, Any]] = (), learning: str = "", category: str = "",
                         root_cause: str = "", now: datetime | None = None) -> Event:
    """Record the written reply at the current stage; a final-stage reply closes the complaint.

    Every reply names the complaint's category (from the profile's list) and its root cause,
    so the reports can say what complaints were about and why things went wrong.
    """
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.RESPONDED)
    refusal = respond_refusal(actor, state, profile, state.stage)
    if refusal:
        raise PermissionDenied(refusal)
    _not_before_stage(state, today)
    checks = Collect()  # every box of the reply is checked together: every error shows at once
    with checks:
        if outcome not in Outcome._value2member_map_:
            raise DomainError("Choose the outcome: upheld, partly upheld, not upheld or resolved.", field="outcome")
    with checks:
        if profile.complaints.categories and category not in profile.complaints.categories:
            raise DomainError("Choose what the complaint was about.", field="category")
    root_cause = checks.check(require_text, root_cause, "root_cause",
                              "Say what caused the problem: the reports count causes.")
    reasons = checks.check(require_text, reasons, "reasons",
                           "Give the reasons for the decision: every reply must explain them.")
    compensation = checks.check(pence, compensation_pence, "compensation_pence", "compensation")
    promised = checks.check(_actions, actions, state, today)
    checks.done()
    return new_event(
        EventKind.RESPONDED, actor, today, now, stage=state.stage, outcome=outcome, reasons=reasons,
        remedy=(remedy or "").strip(), compensation_pence=compensation, actions=promised,
        learning=(learning or "").strip(), category=category, root_cause=root_cause,
    )


def close_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                    note: str = "", now: datetime | None = None) -> Event:
    """Close a resolved service request, or a complaint after its stage 1 reply."""
    require_staff(actor, "close a complaint")
    check_allowed(as_state(state_or_events, profile), EventKind.CLOSED)
    return new_event(EventKind.CLOSED, actor, today, now, note=(note or "").strip())


def complete_action(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                    action_id: str, note: str = "", now: datetime | None = None) -> Event:
    """Record that an action promised in a reply has been done."""
    require_staff(actor, "record an action as done")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.ACTION_COMPLETED)
    if action_id not in {a.id for a in state.outstanding_actions}:
        raise DomainError("That action is not waiting to be done.", field="action_id")
    return new_event(EventKind.ACTION_COMPLETED, actor, today, now, action_id=action_id, note=(note or "").strip())


def reopen_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                     reason: str, stage: int | None = None, now: datetime | None = None) -> Event:
    """Reopen at the next stage because an agreed action was not delivered."""
    require_staff(actor, "reopen a complaint")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.REOPENED)
    if not state.outstanding_actions:
        raise DomainError("Every agreed action has been done. A new problem is a new complaint.")
    next_stage = min(state.stage + 1, 2)
    if stage is not None and stage != next_stage:
        raise DomainError(f"A complaint is reopened at the next stage: stage {next_stage}.", field="stage")
    return new_event(EventKind.REOPENED, actor, today, now, stage=next_stage,
                     reason=require_text(reason, "reason", "Say which agreed action was not delivered."))


def add_note(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
             text: str, internal: bool = True, now: datetime | None = None) -> Event:
    """Add a note to the case; internal notes are never shown to the tenant."""
    require_staff(actor, "add a note")
    check_allowed(as_state(state_or_events, profile), EventKind.NOTE)
    return new_event(EventKind.NOTE, actor, today, now, text=require_text(text, "text", "Write the note."),
                     internal=bool(internal))


def log_contact(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                channel: str, direction: str, summary: str, now: datetime | None = None) -> Event:
    """Record a call, visit, letter or message to or from the customer."""
    require_staff(actor, "log contact")
    check_allowed(as_state(state_or_events, profile), EventKind.CONTACT_LOGGED)
    checks = Collect()
    with checks:
        if channel not in CHANNELS:
            raise DomainError("Choose how the contact was made.", field="channel")
    with checks:
        if direction not in CONTACT_DIRECTIONS:
            raise DomainError("Say whether we contacted them or they contacted us.", field="direction")
    summary = checks.check(require_text, summary, "summary", "Summarise the contact.")
    checks.done()
    return new_event(EventKind.CONTACT_LOGGED, actor, today, now, channel=channel, direction=direction,
                     summary=summary)


@dataclass(frozen=True)
class InformationAdded:
    """The event to append, and whether the rules say to log the points as a new complaint."""

    event: Event
    new_complaint: bool


# Per profile setting `new_points`: given the complaint, must new points become a new complaint?
_NEW_POINTS: dict[str, Callable[[ComplaintState], bool]] = {
    "add_if_not_sent": lambda state: state.status not in (
        Status.SERVICE_REQUEST, Status.AWAITING_ACKNOWLEDGEMENT, Status.INVESTIGATING),
}


def add_information(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                    text: str, from_customer: bool = True, now: datetime | None = None) -> InformationAdded:
    """Add new points; once the reply has been sent they must be logged as a new complaint."""
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.INFORMATION_ADDED)
    new_complaint = _NEW_POINTS[profile.complaints.new_points](state)
    event = new_event(EventKind.INFORMATION_ADDED, actor, today, now,
                      text=require_text(text, "text", "Write the new information."),
                      from_customer=bool(from_customer) or not actor.is_staff, new_complaint=new_complaint)
    return InformationAdded(event, new_complaint)
