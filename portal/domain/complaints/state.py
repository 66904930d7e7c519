"""A complaint's standing: the frozen records `fold` derives from the events.

Nothing here is stored: stage, status, every due date and flag is worked out again from
the append-only event list, the profile's timescales and the nation's calendar (see
complaints.fold), so it can never be out of date or disagree with the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from portal.domain.calendar import WorkingCalendar, calendar_for
from portal.domain.complaints.kinds import (
    OWED_ACKNOWLEDGEMENT, OWED_ACTION, OWED_REPLY, OWED_SERVICE_REQUEST, Status,
)
from portal.domain.complaints.timeline import TimelineEntry, build_timeline
from portal.domain.events import Event
from portal.domain.profile import Profile
from portal.domain.roles import Role


@dataclass(frozen=True)
class Responder:
    """Who sent a written reply at a stage (the separation-of-duty checks read this)."""

    stage: int
    actor_id: str
    name: str
    role: Role | None
    on: date


@dataclass(frozen=True)
class ActionItem:
    """Something a reply promised to do, with its target date and when it was done."""

    id: str
    text: str
    target: date | None
    stage: int
    agreed_on: date
    done_on: date | None = None

    @property
    def done(self) -> bool:
        """True once the action has been recorded as done."""
        return self.done_on is not None


@dataclass(frozen=True)
class ExGratiaCase:
    """One ex-gratia proposal and, once made, its decision (amounts in pence)."""

    proposed_on: date
    amount_pence: int
    basis: str
    debt_pence: int
    hardship: bool
    net_pence: int
    decided_on: date | None = None
    approved: bool | None = None
    approved_pence: int | None = None
    approved_net_pence: int | None = None
    decided_by: str = ""
    proposed_by: str = ""  # the id of who proposed it: never the person who decides it

    @property
    def pending(self) -> bool:
        """True until someone with authority decides."""
        return self.decided_on is None


@dataclass(frozen=True)
class StageView:
    """The clock of one stage: when it started, what was owed by when, and what was done."""

    number: int
    started_on: date
    day_zero: date
    acknowledgement_due: date | None
    acknowledged_on: date | None
    response_due: date | None
    response_due_is_provisional: bool
    original_response_due: date | None
    responded_on: date | None
    outcome: str | None
    extensions: int
    extension_used_days: int
    extension_left_days: int | None  # None: no fixed cap (extension only with good reason)
    beyond_standard: bool = False  # extended past the standard, with a good reason and approval

    @property
    def replied_on_time(self) -> bool | None:
        """True/False once replied and a reply was owed; None before then."""
        if self.responded_on is None or self.response_due is None:
            return None
        return self.responded_on <= self.response_due


@dataclass(frozen=True)
class Due:
    """What the landlord owes next, by when, and how late it is."""

    what: str
    on: date
    overdue: bool
    working_days_late: int


@dataclass(frozen=True)
class Representative:
    """Someone making the complaint for the customer (an advocate, relative, MP...)."""

    name: str
    relationship: str


@dataclass(frozen=True)
class ComplaintState:
    """Everything known about a complaint at the end of its events."""

    profile: Profile = field(repr=False, compare=False)
    events: tuple[Event, ...] = field(repr=False)
    status: Status
    stage: int
    status_text: str
    received_on: date | None
    day_zero: date | None
    channel: str
    summary: str
    anonymous: bool
    risk_of_harm: bool
    issue_date: date | None
    known_on: date | None  # when the customer first knew of the problem (SPSO model time limits)
    out_of_time: bool  # made after the profile's time limit and taken on at discretion
    adjustments: tuple[str, ...]
    group_members: tuple[str, ...]
    group_contacts: tuple[dict, ...]  # each named member with the email or address the reply goes to
    petition: bool  # a petition or a letter from a collective organisation such as a residents' association
    routed_to: tuple[Role, ...]  # the roles a petition went straight to (Torus 3.19)
    representative: Representative | None
    contact_preference: str
    stage1: StageView | None
    stage2: StageView | None
    responders: tuple[Responder, ...]
    actions: tuple[ActionItem, ...]
    escalation_requested_on: date | None
    escalation_late: bool
    escalation_window_closes: date | None
    exclusion_code: str | None
    ex_gratia: tuple[ExGratiaCase, ...]
    final_reply_sent: bool
    service_request_due: date | None = None  # Torus 3.1 and 3.5: a service enquiry is resolved within 48 hours

    # -- per-stage views and the current stage's shortcuts -----------------------------

    def stage_view(self, number: int) -> StageView | None:
        """The clock of stage 1 or 2, or None if that stage has not started."""
        return self.stage1 if number == 1 else self.stage2

    @property
    def current(self) -> StageView | None:
        """The clock of the stage the complaint is at now."""
        return self.stage_view(self.stage)

    @property
    def acknowledgement_due(self) -> date | None:
        """When the current stage's acknowledgement is due (None: none is owed)."""
        return self.current.acknowledgement_due if self.current else None

    @property
    def acknowledged_on(self) -> date | None:
        """When the current stage was acknowledged, if it has been."""
        return self.current.acknowledged_on if self.current else None

    @property
    def response_due(self) -> date | None:
        """When the current stage's reply is due, after any extension (None: none is owed)."""
        return self.current.response_due if self.current else None

    @property
    def response_due_is_provisional(self) -> bool:
        """True while the reply date is counted from the acknowledgement deadline, not the day it was sent."""
        return bool(self.current and self.current.response_due_is_provisional)

    @property
    def extension_used_days(self) -> int:
        """Working days of extension taken at the current stage."""
        return self.current.extension_used_days if self.current else 0

    @property
    def extension_left_days(self) -> int | None:
        """Working days of extension still allowed at the current stage (None: no fixed cap)."""
        return self.current.extension_left_days if self.current else 0

    @property
    def beyond_standard(self) -> bool:
        """True if any stage was extended past the standard (flagged "beyond the Code's standard")."""
        return any(v is not None and v.beyond_standard for v in (self.stage1, self.stage2))

    @property
    def is_open(self) -> bool:
        """True while something is still owed on the complaint itself."""
        return self.status.is_open

    @property
    def outstanding_actions(self) -> tuple[ActionItem, ...]:
        """Agreed actions not yet done."""
        return tuple(a for a in self.actions if not a.done)

    @property
    def calendar(self) -> WorkingCalendar:
        """The working-day calendar of the landlord's nation."""
        return calendar_for(self.profile.nation)

    def responders_at(self, stage: int) -> tuple[Responder, ...]:
        """Everyone who replied at `stage`."""
        return tuple(r for r in self.responders if r.stage == stage)

    # -- questions that need today's date -------------------------------------------------

    def next_due(self, today: date) -> Due | None:
        """The earliest thing still owed to the customer, or None if nothing is owed."""
        owed: list[tuple[str, date]] = []
        view = self.stage2 if self.status is Status.ESCALATION_REQUESTED else self.current
        number = 2 if self.status is Status.ESCALATION_REQUESTED else self.stage
        if view and self.status in (Status.AWAITING_ACKNOWLEDGEMENT, Status.ESCALATION_REQUESTED):
            if view.acknowledgement_due and view.acknowledged_on is None:
                owed.append((OWED_ACKNOWLEDGEMENT[number], view.acknowledgement_due))
        if view and self.status in (
            Status.AWAITING_ACKNOWLEDGEMENT, Status.INVESTIGATING, Status.ESCALATION_REQUESTED,
        ) and view.response_due:
            owed.append((OWED_REPLY[number], view.response_due))
        if self.status is Status.SERVICE_REQUEST and self.service_request_due:
            owed.append((OWED_SERVICE_REQUEST, self.service_request_due))
        if self.status.is_open or self.status is Status.WITH_CUSTOMER:
            owed += [(OWED_ACTION, a.target) for a in self.outstanding_actions if a.target]
        if not owed:
            return None
        what, on = min(owed, key=lambda item: item[1])
        late = self.calendar.working_days_between(on, today) if today > on else 0
        return Due(what=what, on=on, overdue=today > on, working_days_late=late)

    def overdue(self, today: date) -> bool:
        """True if anything owed to the customer is past its date."""
        due = self.next_due(today)
        return bool(due and due.overdue)

    def escalation_open(self, today: date) -> bool:
        """True if the customer may still ask for stage 2 without a late reason."""
        if self.stage != 1 or self.anonymous or self.stage1 is None or self.stage1.responded_on is None:
            return False
        if self.status not in (Status.RESPONDED, Status.CLOSED, Status.WITH_CUSTOMER):
            return False
        if self.escalation_window_closes is not None:
            return today <= self.escalation_window_closes
        return self.status is Status.RESPONDED  # no window: open until the complaint is closed

    def timeline(self, for_tenant: bool) -> tuple[TimelineEntry, ...]:
        """The history in date order; a tenant sees no internal notes or staff-only details."""
        return build_timeline(self.events, self.profile, for_tenant)
