"""A customer's conduct file: unacceptable-behaviour events folded into a state.

The file is an append-only list of events (incident, warning, assessment, protocol,
appeal, review, ending). Everything else (the protocol in force, its review date, who
took part in the decision, which incidents still count) is derived here by folding
those events with the landlord profile, so it is never stored twice.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Callable, Iterable

from portal.domain.conduct.kinds import (
    AbuseKind, AppealOutcome, AssessmentOutcome, ConductEventKind, IncidentKind, ReviewOutcome,
)
from portal.domain.conduct.records import (
    Appeal, Assessment, Case, ConductState, Incident, PoliceReport, Proposal, Protocol, Review, VexatiousDecision,
    WarningGiven, actor_from,
)
from portal.domain.calendar import add_months  # noqa: F401 (re-exported)
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile
from portal.domain.roles import Role
from portal.domain.conduct.protocol import ProtocolTerms


def _by(event: Event) -> Actor:
    return Actor(id=event.by, name=event.by_name, role=event.by_role)


Fold = Callable[[ConductState, Event, Profile], ConductState]


def _close_case(state: ConductState, on: date) -> ConductState:
    case = state.open_case
    if case is None:
        return state
    return replace(state, cases=state.cases[:-1] + (replace(case, closed_on=on),))


def _with_protocol(state: ConductState, protocol: Protocol) -> ConductState:
    return replace(state, protocols=state.protocols[:-1] + (protocol,))


def _end(state: ConductState, on: date, reason: str) -> ConductState:
    protocol = state.protocol
    if protocol is None or protocol.ended_on is not None:
        return state
    return _close_case(_with_protocol(state, replace(protocol, ended_on=on, ended_reason=reason)), on)


def _incident(state: ConductState, e: Event, profile: Profile) -> ConductState:
    if state.open_case is None:
        state = replace(state, cases=state.cases + (Case(len(state.cases) + 1, e.on),))
    sub = e.get("sub_kind")
    incident = Incident(
        number=len(state.incidents) + 1, case=state.open_case.number, kind=IncidentKind(e.get("behaviour")),
        sub_kind=AbuseKind(sub) if sub else None, occurred_on=e.date("occurred_on") or e.on,
        recorded_on=e.on, channel=e.get("channel", ""), description=e.get("description", ""),
        immediate_action=e.get("immediate_action", ""),
        signed_off_by=actor_from(e.get("immediate_action_signed_off_by")), recorded_by=_by(e),
    )
    return replace(state, incidents=state.incidents + (incident,))


def _warning(state: ConductState, e: Event, profile: Profile) -> ConductState:
    case = state.open_case
    warning = WarningGiven(case.number if case else 0, e.get("level"), e.on, _by(e), e.get("reasons", ""),
                           e.get("complaint_id") or "")
    return replace(state, warnings=state.warnings + (warning,))


def _assessment(state: ConductState, e: Event, profile: Profile) -> ConductState:
    case = state.open_case
    assessment = Assessment(
        number=len(state.assessments) + 1, case=case.number if case else 0, on=e.on, by=_by(e),
        outcome=AssessmentOutcome(e.get("outcome")), factors=dict(e.get("factors", {})),
        incidents_counted=tuple(e.get("incidents_counted", ())), agreed_by=actor_from(e.get("agreed_by")),
        needs_agreement=profile.conduct.assessment_agreed_by is not None,
    )
    state = replace(state, assessments=state.assessments + (assessment,))
    return _close_case(state, e.on) if assessment.outcome is AssessmentOutcome.NO_ACTION else state


def _imposed(state: ConductState, e: Event, profile: Profile) -> ConductState:
    start = e.date("start") or e.on
    authoriser = actor_from(e.get("authorised_by")) or _by(e)
    basis = next((a for a in state.assessments if a.number == e.get("assessment")), None)
    involved = {e.by, authoriser.id} | _proposer(e)
    if basis is not None:
        involved |= {basis.by.id} | ({basis.agreed_by.id} if basis.agreed_by else set())
    case = state.open_case
    protocol = Protocol(
        number=len(state.protocols) + 1, case=case.number if case else 0,
        terms=ProtocolTerms.from_dict(e.get("terms", {})), start=start,
        review_on=add_months(start, profile.conduct.review_months), ends_on=e.date("ends_on"),
        reasons=e.get("reasons", ""), adjustments_considered=e.get("adjustments_considered", ""),
        imposed_on=e.on, imposed_by=_by(e), authorised_by=authoriser, involved=frozenset(involved),
        assessment=basis.number if basis else None,
    )
    return replace(state, protocols=state.protocols + (protocol,))


def _proposer(e: Event) -> set[str]:
    """The id of whoever proposed the change an approver made, as a set (empty if none)."""
    proposer = actor_from(e.get("proposed_by"))
    return {proposer.id} if proposer else set()


def _new_terms(protocol: Protocol, e: Event) -> Protocol:
    """A protocol with the event's new terms (if any), and its author(s) now involved."""
    authoriser = actor_from(e.get("authorised_by"))
    involved = protocol.involved | {e.by} | ({authoriser.id} if authoriser else set()) | _proposer(e)
    terms = ProtocolTerms.from_dict(e.get("terms")) if e.get("terms") else protocol.terms
    adjustments = e.get("adjustments_considered") or protocol.adjustments_considered
    return replace(protocol, terms=terms, involved=involved, adjustments_considered=adjustments)


def _varied(state: ConductState, e: Event, profile: Profile) -> ConductState:
    return _with_protocol(state, _new_terms(state.protocol, e)) if state.protocol else state


def _appeal_lodged(state: ConductState, e: Event, profile: Profile) -> ConductState:
    protocol = state.protocol
    if protocol is None:
        return state
    appeal = Appeal(lodged_on=e.date("lodged_on") or e.on, grounds=e.get("grounds", ""), by=_by(e))
    return _with_protocol(state, replace(protocol, appeals=protocol.appeals + (appeal,)))


def _appeal_decided(state: ConductState, e: Event, profile: Profile) -> ConductState:
    protocol = state.protocol
    if protocol is None or protocol.open_appeal is None:
        return state
    outcome = AppealOutcome(e.get("outcome"))
    decided = replace(protocol.open_appeal, decided_on=e.on, outcome=outcome,
                      reasons=e.get("reasons", ""), decided_by=_by(e))
    # Whoever decided an appeal took part in the decision a later appeal is against.
    protocol = _new_terms(replace(protocol, appeals=protocol.appeals[:-1] + (decided,)), e)
    state = _with_protocol(state, protocol)
    return _end(state, e.on, f"Appeal upheld: {decided.reasons}") if outcome is AppealOutcome.UPHELD else state


def _reviewed(state: ConductState, e: Event, profile: Profile) -> ConductState:
    protocol = state.protocol
    if protocol is None:
        return state
    outcome = ReviewOutcome(e.get("outcome"))
    review = Review(on=e.on, by=_by(e), outcome=outcome, reasons=e.get("reasons", ""))
    protocol = replace(_new_terms(protocol, e), reviews=protocol.reviews + (review,))
    # The next review is a full review period after this one.
    protocol = replace(protocol, review_on=add_months(e.on, profile.conduct.review_months))
    state = _with_protocol(state, protocol)
    return _end(state, e.on, f"Ended at review: {review.reasons}") if outcome is ReviewOutcome.END else state


def _ended(state: ConductState, e: Event, profile: Profile) -> ConductState:
    return _end(state, e.on, e.get("reason", ""))


def _vexatious(state: ConductState, e: Event, profile: Profile) -> ConductState:
    decision = VexatiousDecision(
        on=e.on, complaint_id=e.get("complaint_id", ""), vexatious=bool(e.get("vexatious")),
        reasons=e.get("reasons", ""), presented_by=actor_from(e.get("presented_by")), decided_by=_by(e),
    )
    return replace(state, vexatious=state.vexatious + (decision,))


def _assessment_agreed(state: ConductState, e: Event, profile: Profile) -> ConductState:
    agreed = tuple(replace(a, agreed_by=_by(e)) if a.number == e.get("assessment") else a for a in state.assessments)
    return replace(state, assessments=agreed)


def _proposed(state: ConductState, e: Event, profile: Profile) -> ConductState:
    proposal = Proposal(number=len(state.proposals) + 1, change=e.get("change", ""), on=e.on, by=_by(e),
                        role=Role(e.get("role")), fields=dict(e.get("fields") or {}))
    return replace(state, proposals=state.proposals + (proposal,))


def _decide_proposal(state: ConductState, e: Event, approved: bool) -> ConductState:
    number = e.get("proposal")
    if not number:
        return state
    decided = tuple(replace(p, decided_on=e.on, approved=approved, decided_by=_by(e),
                            reasons="" if approved else e.get("reasons", ""))
                    if p.number == number else p for p in state.proposals)
    return replace(state, proposals=decided)


def _refused(state: ConductState, e: Event, profile: Profile) -> ConductState:
    return _decide_proposal(state, e, approved=False)


def _police(state: ConductState, e: Event, profile: Profile) -> ConductState:
    report = PoliceReport(incident=e.get("incident"), reported_on=e.date("reported_on") or e.on,
                          reported_by=actor_from(e.get("reported_by")) or _by(e), reference=e.get("reference", ""))
    return replace(state, police_reports=state.police_reports + (report,))


_FOLDS: dict[str, Fold] = {
    ConductEventKind.INCIDENT_RECORDED.value: _incident,
    ConductEventKind.WARNING_ISSUED.value: _warning,
    ConductEventKind.ASSESSMENT_COMPLETED.value: _assessment,
    ConductEventKind.PROTOCOL_IMPOSED.value: _imposed,
    ConductEventKind.PROTOCOL_VARIED.value: _varied,
    ConductEventKind.APPEAL_LODGED.value: _appeal_lodged,
    ConductEventKind.APPEAL_DECIDED.value: _appeal_decided,
    ConductEventKind.REVIEW_COMPLETED.value: _reviewed,
    ConductEventKind.PROTOCOL_ENDED.value: _ended,
    ConductEventKind.VEXATIOUS_DECISION.value: _vexatious,
    ConductEventKind.ASSESSMENT_AGREED.value: _assessment_agreed,
    ConductEventKind.CHANGE_PROPOSED.value: _proposed,
    ConductEventKind.PROPOSAL_REFUSED.value: _refused,
    ConductEventKind.POLICE_REPORTED.value: _police,
}


def fold_conduct(events: Iterable[Event], profile: Profile) -> ConductState:
    """Derive a conduct file's state from its events, oldest first; other kinds are ignored."""
    state = ConductState()
    for event in events:
        step = _FOLDS.get(event.kind)
        if step is not None:
            state = step(state, event, profile)
            if event.get("proposed_by"):  # an approver made a proposed change
                state = _decide_proposal(state, event, approved=True)
    return state


# Queries -------------------------------------------------------------------------


def protocol_in_force(state: ConductState, today: date) -> Protocol | None:
    """The protocol that restricts contact today, or None."""
    protocol = state.protocol
    if protocol is not None and protocol.live_on(today) and protocol.start <= today:
        return protocol
    return None


@dataclass(frozen=True)
class ReviewDue:
    """A protocol review falling due soon, or overdue."""

    protocol: int
    review_on: date
    overdue: bool


def reviews_due(state: ConductState, today: date, within_days: int = 14) -> tuple[ReviewDue, ...]:
    """The live protocol's review, if it falls due within `within_days` (or is overdue)."""
    protocol = state.protocol
    if protocol is None or not protocol.live_on(today):
        return ()
    if protocol.review_on > today + timedelta(days=within_days):
        return ()
    return (ReviewDue(protocol.number, protocol.review_on, protocol.review_on < today),)


def on_no_personal_contact_list(state: ConductState, today: date) -> bool:
    """True if the customer may only contact us in writing or through a third party today."""
    protocol = protocol_in_force(state, today)
    return bool(protocol and protocol.terms.no_personal_contact)


def case_closed_on(state: ConductState, case: Case, today: date) -> date | None:
    """When a case closed: by an event, or on the last day of a protocol that has run out."""
    if case.closed_on is not None:
        return case.closed_on
    protocol = state.protocol
    if protocol and protocol.case == case.number and protocol.ended_on is None:
        if protocol.ends_on is not None and protocol.ends_on < today:
            return protocol.ends_on
    return None


def counted_incidents(state: ConductState, profile: Profile, today: date) -> tuple[Incident, ...]:
    """Incidents an assessment counts: not those in cases closed the profile's months ago or more."""
    months = profile.conduct.closed_cases_ignored_after_months
    ignored = set()
    for case in state.cases:
        closed = case_closed_on(state, case, today)
        if closed is not None and months and add_months(closed, months) <= today:
            ignored.add(case.number)
    return tuple(i for i in state.incidents if i.case not in ignored)
