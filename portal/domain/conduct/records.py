"""The records a conduct file folds into: incidents, warnings, assessments, protocols, cases."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from portal.domain.conduct.kinds import AbuseKind, AppealOutcome, AssessmentOutcome, IncidentKind, ReviewOutcome
from portal.domain.events import Actor, actor_data, actor_from  # noqa: F401 (re-exported)
from portal.domain.conduct.protocol import ProtocolTerms
from portal.domain.roles import Role


@dataclass(frozen=True)
class Incident:
    """Recorded behaviour: the facts of words and actions, and any action taken at the time."""

    number: int
    case: int
    kind: IncidentKind
    sub_kind: AbuseKind | None
    occurred_on: date
    recorded_on: date
    channel: str
    description: str
    immediate_action: str
    signed_off_by: Actor | None
    recorded_by: Actor


@dataclass(frozen=True)
class WarningGiven:
    """A warning at one of the profile's levels, perhaps given inside a complaint reply."""

    case: int
    level: str
    on: date
    by: Actor
    reasons: str
    complaint_id: str


@dataclass(frozen=True)
class Assessment:
    """A manager's assessment: notes on each factor, the incidents counted, the outcome."""

    number: int
    case: int
    on: date
    by: Actor
    outcome: AssessmentOutcome
    factors: dict[str, str]
    incidents_counted: tuple[int, ...]
    agreed_by: Actor | None
    needs_agreement: bool = False  # the profile asks for it to be agreed, and nobody has yet

    @property
    def awaiting_agreement(self) -> bool:
        """True while the assessment waits for someone else to agree it."""
        return self.needs_agreement and self.agreed_by is None


@dataclass(frozen=True)
class Appeal:
    """The customer's appeal against a protocol, and its decision once made."""

    lodged_on: date
    grounds: str
    by: Actor
    decided_on: date | None = None
    outcome: AppealOutcome | None = None
    reasons: str = ""
    decided_by: Actor | None = None


@dataclass(frozen=True)
class Review:
    """A review of a protocol and what it decided."""

    on: date
    by: Actor
    outcome: ReviewOutcome
    reasons: str


@dataclass(frozen=True)
class Protocol:
    """One communication protocol, from imposition to its end."""

    number: int
    case: int
    terms: ProtocolTerms
    start: date
    review_on: date
    ends_on: date | None  # the last day it applies, when a length was set
    reasons: str
    adjustments_considered: str
    imposed_on: date
    imposed_by: Actor
    authorised_by: Actor
    involved: frozenset[str]  # ids of everyone who assessed, agreed, authorised, varied or reviewed
    assessment: int | None = None  # the assessment it rests on
    appeals: tuple[Appeal, ...] = ()
    reviews: tuple[Review, ...] = ()
    ended_on: date | None = None
    ended_reason: str = ""

    @property
    def open_appeal(self) -> Appeal | None:
        """The appeal waiting for a decision, if any."""
        last = self.appeals[-1] if self.appeals else None
        return last if last and last.outcome is None else None

    def live_on(self, today: date) -> bool:
        """Imposed, not ended and not past its end date (it may start later)."""
        return self.ended_on is None and (self.ends_on is None or today <= self.ends_on)


@dataclass(frozen=True)
class Case:
    """A run of behaviour from a first incident until it is closed (no action, or protocol ended)."""

    number: int
    opened_on: date
    closed_on: date | None = None


@dataclass(frozen=True)
class VexatiousDecision:
    """A decision, on a case presented by staff, whether a complaint is vexatious."""

    on: date
    complaint_id: str
    vexatious: bool
    reasons: str
    presented_by: Actor | None
    decided_by: Actor


@dataclass(frozen=True)
class Proposal:
    """A change someone without the authority asked for (a protocol, new terms): it waits for `role`."""

    number: int
    change: str  # the step it would take: impose, vary or review
    on: date
    by: Actor
    role: Role
    fields: dict  # the step's keywords as plain data
    decided_on: date | None = None
    approved: bool | None = None
    decided_by: Actor | None = None
    reasons: str = ""

    @property
    def pending(self) -> bool:
        """True until someone holding the role approves or refuses it."""
        return self.decided_on is None


@dataclass(frozen=True)
class PoliceReport:
    """An incident reported to the police: who reported it, when, and the police reference."""

    incident: int
    reported_on: date
    reported_by: Actor
    reference: str


@dataclass(frozen=True)
class ConductState:
    """Everything known about one customer's conduct, derived from the events."""

    incidents: tuple[Incident, ...] = ()
    warnings: tuple[WarningGiven, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    protocols: tuple[Protocol, ...] = ()
    cases: tuple[Case, ...] = ()
    vexatious: tuple[VexatiousDecision, ...] = ()
    police_reports: tuple[PoliceReport, ...] = ()
    proposals: tuple[Proposal, ...] = ()

    @property
    def pending_proposals(self) -> tuple[Proposal, ...]:
        """Proposed changes still waiting for an approver."""
        return tuple(p for p in self.proposals if p.pending)

    @property
    def open_case(self) -> Case | None:
        """The case still open (behaviour being managed), if any."""
        last = self.cases[-1] if self.cases else None
        return last if last and last.closed_on is None else None

    @property
    def protocol(self) -> Protocol | None:
        """The latest protocol, ended or not."""
        return self.protocols[-1] if self.protocols else None

    def in_case(self, items: Iterable, case: Case | None) -> tuple:
        """The items (incidents, warnings, assessments) belonging to `case`."""
        return tuple(i for i in items if case is not None and i.case == case.number)
