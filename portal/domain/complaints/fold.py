"""The fold: replay a complaint's events, in order, into a ComplaintState.

Each event kind has one small handler in a table; the due dates are then counted once
from the profile and the nation's calendar. The fold trusts the events (the transitions
checked them), so it never refuses a history, except an unknown kind of event.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Callable, Iterable

from portal.domain.calendar import WorkingCalendar, add_months, calendar_for
from portal.domain.complaints.groups import group_member
from portal.domain.complaints.kinds import EventKind, Status
from portal.domain.complaints.state import (
    ActionItem, ComplaintState, ExGratiaCase, Representative, Responder, StageView,
)
from portal.domain.complaints.wording import status_text
from portal.domain.events import Event
from portal.domain.profile import Profile
from portal.domain.roles import Role

History = ComplaintState | Iterable[Event]


@dataclass
class _StageDraft:
    number: int
    started_on: date
    acknowledged_on: date | None = None
    new_dues: list[date] = field(default_factory=list)
    responded_on: date | None = None
    outcome: str | None = None


@dataclass
class _Draft:
    profile: Profile
    status: Status = Status.NEW
    stage: int = 1
    received: dict[str, Any] = field(default_factory=dict)
    received_on: date | None = None
    stages: dict[int, _StageDraft] = field(default_factory=dict)
    responders: list[Responder] = field(default_factory=list)
    actions: dict[str, ActionItem] = field(default_factory=dict)
    escalation_requested_on: date | None = None
    escalation_late: bool = False
    exclusion_code: str | None = None
    ex_gratia: list[ExGratiaCase] = field(default_factory=list)
    final_reply_sent: bool = False
    n: int = 0  # the number of the event being folded (1 = the first)
    reply_events: dict[int, int] = field(default_factory=dict)  # stage -> number of the event that replied
    counts_from: dict[int, date] = field(default_factory=dict)  # event number -> when its posted letter counts

    def start_stage(self, number: int, on: date) -> None:
        self.stages[number] = _StageDraft(number, on)
        self.stage = number
        stage = self.profile.complaints.stage(number)
        anonymous = bool(self.received.get("anonymous"))
        self.status = Status.AWAITING_ACKNOWLEDGEMENT if stage.acknowledges and not anonymous else Status.INVESTIGATING


def _service_request(d: _Draft, e: Event) -> None:
    d.status, d.received_on = Status.SERVICE_REQUEST, e.date("received_on") or e.on
    d.received = dict(e.data)


def _received(d: _Draft, e: Event) -> None:
    d.received = dict(e.data)
    d.received_on = e.date("received_on") or e.on
    d.start_stage(1, d.received_on)


def _acknowledged(d: _Draft, e: Event) -> None:
    number = e.get("stage", d.stage)
    d.stages[number].acknowledged_on = e.on
    if number == d.stage and d.status is Status.AWAITING_ACKNOWLEDGEMENT:
        d.status = Status.INVESTIGATING


def _extended(d: _Draft, e: Event) -> None:
    d.stages[e.get("stage", d.stage)].new_dues.append(e.date("new_due"))


def _responded(d: _Draft, e: Event) -> None:
    number = e.get("stage", d.stage)
    draft = d.stages[number]
    draft.responded_on, draft.outcome = e.on, e.get("outcome")
    d.responders.append(Responder(number, e.by, e.by_name, e.by_role, e.on))
    d.reply_events[number] = d.n
    for raw in e.get("actions", ()):
        target = date.fromisoformat(raw["target"]) if raw.get("target") else None
        d.actions[raw["id"]] = ActionItem(raw["id"], raw["text"], target, number, e.on)
    final = d.profile.complaints.stage(number).final
    d.final_reply_sent = final
    d.status = Status.CLOSED if final else Status.RESPONDED


def _escalation_requested(d: _Draft, e: Event) -> None:
    d.escalation_requested_on = e.date("requested_on") or e.on
    d.escalation_late = bool(e.get("late"))
    d.stages[2] = _StageDraft(2, d.escalation_requested_on)  # the stage 2 clock runs from the request
    d.status = Status.ESCALATION_REQUESTED


def _escalated(d: _Draft, e: Event) -> None:
    d.start_stage(2, d.escalation_requested_on or e.on)


def _escalation_refused(d: _Draft, e: Event) -> None:
    d.stages.pop(2, None)
    d.status = Status.CLOSED


def _sent_to_stage2(d: _Draft, e: Event) -> None:
    d.start_stage(2, e.on)


def _excluded(d: _Draft, e: Event) -> None:
    d.status, d.exclusion_code = Status.EXCLUDED, e.get("reason")


def _restricted(d: _Draft, e: Event) -> None:
    declined = e.get("restriction") == "decline_investigation"
    d.status = Status.EXCLUDED if declined else Status.CLOSED
    d.exclusion_code = e.get("restriction") if declined else d.exclusion_code


def _closed(d: _Draft, e: Event) -> None:
    d.status = Status.CLOSED


def _action_completed(d: _Draft, e: Event) -> None:
    action = d.actions.get(e.get("action_id"))
    if action:
        d.actions[action.id] = ActionItem(**{**action.__dict__, "done_on": e.on})


def _reopened(d: _Draft, e: Event) -> None:
    d.final_reply_sent = False
    d.start_stage(e.get("stage", d.stage), e.on)


def _ex_gratia_proposed(d: _Draft, e: Event) -> None:
    d.ex_gratia.append(ExGratiaCase(
        proposed_on=e.on, amount_pence=e.get("amount_pence", 0), basis=e.get("basis", ""),
        debt_pence=e.get("debt_pence", 0), hardship=bool(e.get("hardship")),
        net_pence=e.get("net_pence", e.get("amount_pence", 0)), proposed_by=e.by,
    ))


def _ex_gratia_decided(d: _Draft, e: Event) -> None:
    if d.ex_gratia and d.ex_gratia[-1].pending:
        case = d.ex_gratia[-1]
        d.ex_gratia[-1] = ExGratiaCase(**{
            **case.__dict__, "decided_on": e.on, "approved": bool(e.get("approved")),
            "approved_pence": e.get("amount_pence"), "approved_net_pence": e.get("net_pence"),
            "decided_by": e.by,
        })


def _letter_posted(d: _Draft, e: Event) -> None:
    if e.get("counts_from"):  # the profile deems a posted letter received some working days later
        d.counts_from[e.get("letter_event")] = date.fromisoformat(e.get("counts_from"))


def _nothing(d: _Draft, e: Event) -> None:
    """Notes, contacts, added information and ombudsman news change no dates or status."""


_HANDLERS: dict[EventKind, Callable[[_Draft, Event], None]] = {
    EventKind.SERVICE_REQUEST_LOGGED: _service_request,
    EventKind.CONVERTED_TO_COMPLAINT: _received,
    EventKind.RECEIVED: _received,
    EventKind.ACKNOWLEDGED: _acknowledged,
    EventKind.EXTENDED: _extended,
    EventKind.RESPONDED: _responded,
    EventKind.ESCALATION_REQUESTED: _escalation_requested,
    EventKind.ESCALATED: _escalated,
    EventKind.ESCALATION_REFUSED: _escalation_refused,
    EventKind.SENT_TO_STAGE2: _sent_to_stage2,
    EventKind.EXCLUDED: _excluded,
    EventKind.RESTRICTED: _restricted,
    EventKind.CLOSED: _closed,
    EventKind.ACTION_COMPLETED: _action_completed,
    EventKind.REOPENED: _reopened,
    EventKind.NOTE: _nothing,
    EventKind.CONTACT_LOGGED: _nothing,
    EventKind.INFORMATION_ADDED: _nothing,
    EventKind.EVIDENCE_ADDED: _nothing,
    EventKind.CONTACT_CONFIRMED: _nothing,
    EventKind.EX_GRATIA_PROPOSED: _ex_gratia_proposed,
    EventKind.EX_GRATIA_DECIDED: _ex_gratia_decided,
    EventKind.REFERRED: lambda d, e: None,  # read from the events by complaints.referral
    EventKind.ASSIGNED: lambda d, e: None,  # read from the events by complaints.ownership
    EventKind.EXTENSION_PROPOSED: lambda d, e: None,  # read from the events by complaints.extensions
    EventKind.EXTENSION_REFUSED: lambda d, e: None,
    EventKind.OMBUDSMAN_REFERRED: _nothing,
    EventKind.OMBUDSMAN_DECIDED: _nothing,
    EventKind.LETTER_POSTED: _letter_posted,
}
_APPLY = {kind.value: handler for kind, handler in _HANDLERS.items()}  # events hold plain strings


def _stage_view(draft: _StageDraft, profile: Profile, cal: WorkingCalendar, anonymous: bool) -> StageView:
    rules = profile.complaints.stage(draft.number)
    ack_due = None
    if rules.acknowledges and not anonymous:
        ack_due = cal.add_working_days(draft.started_on, rules.acknowledge_working_days)
    original, provisional = None, False
    if not anonymous:
        if rules.respond_from == "receipt":
            original = cal.add_working_days(draft.started_on, rules.respond_working_days)
        else:
            provisional = draft.acknowledged_on is None
            original = cal.add_working_days(draft.acknowledged_on or ack_due, rules.respond_working_days)
    due, used = original, 0
    if draft.new_dues and original:
        due = draft.new_dues[-1]
        used = max(0, cal.working_days_between(original, due))
        provisional = False
    left = {"none": 0, "capped": rules.extension_working_days - used, "good_reason": None}[rules.extension]
    beyond = rules.extension == "capped" and used > rules.extension_working_days
    return StageView(
        number=draft.number, started_on=draft.started_on, day_zero=cal.day_zero(draft.started_on),
        acknowledgement_due=ack_due, acknowledged_on=draft.acknowledged_on,
        response_due=due, response_due_is_provisional=provisional, original_response_due=original,
        responded_on=draft.responded_on, outcome=draft.outcome, extensions=len(draft.new_dues),
        extension_used_days=used, extension_left_days=None if left is None else max(0, left),
        beyond_standard=beyond,
    )


def _window_closes(profile: Profile, replied_on: date | None, known_on: date | None) -> date | None:
    """The last day to ask for stage 2: days after the reply (or after a posted reply counts as
    received), or (SPSO model) the later of months after knowing of the problem and months after it."""
    rules = profile.complaints.stage1
    if replied_on is None:
        return None
    if rules.escalation_window_calendar_days:
        return replied_on + timedelta(days=rules.escalation_window_calendar_days)
    if rules.escalation_window_months_after_reply:
        closes = add_months(replied_on, rules.escalation_window_months_after_reply)
        if known_on and rules.escalation_window_months_after_knowing:
            closes = max(closes, add_months(known_on, rules.escalation_window_months_after_knowing))
        return closes
    return None


def _service_request_due(d: _Draft, profile: Profile, cal: WorkingCalendar) -> date | None:
    """When an open service request should be resolved: the profile's hours as whole working days
    from receipt (48 hours is 2 working days), or None where the policy sets no target."""
    hours = profile.complaints.service_request_hours
    if d.status is not Status.SERVICE_REQUEST or not hours or d.received_on is None:
        return None
    return cal.add_working_days(d.received_on, -(-hours // 24))


def fold(events: Iterable[Event], profile: Profile) -> ComplaintState:
    """Derive a complaint's standing from its events; transitions have already checked them."""
    events = tuple(events)
    d = _Draft(profile)
    for d.n, event in enumerate(events, 1):
        if event.kind not in _APPLY:
            raise ValueError(f"unknown complaint event kind {event.kind!r}")
        _APPLY[event.kind](d, event)
    cal = calendar_for(profile.nation)
    rec = d.received
    anonymous = bool(rec.get("anonymous"))
    views = {n: _stage_view(s, profile, cal, anonymous) for n, s in d.stages.items()}
    actions = tuple(d.actions.values())
    status = d.status
    if status is Status.CLOSED and profile.complaints.closure_monitoring and any(not a.done for a in actions):
        status = Status.WITH_CUSTOMER
    s1 = views.get(1)
    known_on = date.fromisoformat(rec["known_on"]) if rec.get("known_on") else None
    reply_reached = d.counts_from.get(d.reply_events.get(1, 0)) or (s1.responded_on if s1 else None)
    closes = _window_closes(profile, reply_reached, known_on)
    current = views.get(d.stage)
    rep = rec.get("on_behalf_of") or rec.get("representative")
    return ComplaintState(
        profile=profile, events=events, status=status, stage=d.stage,
        status_text=status_text(
            status, d.stage, profile, anonymous=anonymous,
            acknowledgement_due=current.acknowledgement_due if current else None,
            response_due=current.response_due if current else None,
            escalation_window_closes=closes, final_reply=d.final_reply_sent,
        ),
        received_on=d.received_on,
        day_zero=cal.day_zero(d.received_on) if d.received_on else None,
        channel=rec.get("channel", ""), summary=rec.get("summary", ""),
        anonymous=anonymous, risk_of_harm=bool(rec.get("risk_of_harm")),
        issue_date=date.fromisoformat(rec["issue_date"]) if rec.get("issue_date") else None,
        known_on=known_on, out_of_time=bool(rec.get("out_of_time")),
        adjustments=tuple(rec.get("adjustments") or ()),
        group_members=tuple(group_member(m)["name"] for m in rec.get("group_members") or ()),
        group_contacts=tuple(group_member(m) for m in rec.get("group_members") or ()),
        petition=bool(rec.get("petition")), routed_to=tuple(Role(r) for r in rec.get("routed_to") or ()),
        representative=Representative(rep.get("name", ""), rep.get("relationship", "")) if rep else None,
        contact_preference=rec.get("contact_preference", ""),
        stage1=s1, stage2=views.get(2), responders=tuple(d.responders), actions=actions,
        escalation_requested_on=d.escalation_requested_on, escalation_late=d.escalation_late,
        escalation_window_closes=closes, exclusion_code=d.exclusion_code,
        ex_gratia=tuple(d.ex_gratia), final_reply_sent=d.final_reply_sent,
        service_request_due=_service_request_due(d, profile, cal),
    )


def as_state(state_or_events: History, profile: Profile) -> ComplaintState:
    """Accept either a folded state or the raw events, so callers need not fold first."""
    if isinstance(state_or_events, ComplaintState):
        return state_or_events
    return fold(state_or_events, profile)
