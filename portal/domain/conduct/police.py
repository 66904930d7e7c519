"""Reporting violence or threats to the police: a recorded step on the conduct file.

Thenue Customer Behaviour 4.2 says such incidents *will* be reported; Housing Solutions
6.3.1 that they normally are, and always where violence is used or threatened; Torus 3.16
that they *may* be. The profile's `conduct.police_report` says which, and where a report is
required the process does not move on (no protocol) until it is recorded.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.domain.conduct.kinds import AbuseKind, ConductEventKind, IncidentKind
from portal.domain.conduct.records import ConductState, Incident
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.events import Actor, Event, actor_data, make_event
from portal.domain.profile import Profile

_VIOLENCE = frozenset({AbuseKind.PHYSICAL, AbuseKind.THREATS})
_ABUSE = _VIOLENCE | {AbuseKind.VERBAL}


def reportable(incident: Incident) -> bool:
    """Violence, threats, verbal abuse or harassment towards staff: the incidents the policies name."""
    return incident.kind is IncidentKind.HARASSMENT or (
        incident.kind is IncidentKind.AGGRESSIVE_ABUSIVE and incident.sub_kind in _ABUSE)


def report_required(incident: Incident, profile: Profile) -> bool:
    """True where the profile says this incident *will* be reported."""
    mode = profile.conduct.police_report
    if mode == "will":
        return reportable(incident)
    if mode == "will_if_violence":
        return incident.kind is IncidentKind.AGGRESSIVE_ABUSIVE and incident.sub_kind in _VIOLENCE
    return False


def reports_owed(state: ConductState, profile: Profile) -> tuple[Incident, ...]:
    """Incidents the profile says will be reported that have no police report recorded yet."""
    done = {r.incident for r in state.police_reports}
    return tuple(i for i in state.incidents if report_required(i, profile) and i.number not in done)


def record_police_report(state: ConductState, profile: Profile, actor: Actor, today: date, *, incident: int,
                         reported_on: date, reference: str, reported_by: Actor | None = None,
                         now: datetime | None = None) -> Event:
    """Record that an incident was reported to the police: who reported it, when, and the reference."""
    if not actor.is_staff:
        raise PermissionDenied("Only staff can record a police report.")
    found = next((i for i in state.incidents if i.number == incident), None)
    if found is None or not reportable(found):
        raise DomainError("Choose an incident of violence, threats, abuse or harassment.", field="incident")
    if incident in {r.incident for r in state.police_reports}:
        raise DomainError("That incident's police report is already recorded.", field="incident")
    if reported_on > today or reported_on < found.occurred_on:
        raise DomainError("The report date must be between the incident and today.", field="reported_on")
    reference = (reference or "").strip()
    if not reference:
        raise DomainError("Enter the police reference (the crime or incident number).", field="reference")
    who = reported_by or actor
    return make_event(ConductEventKind.POLICE_REPORTED.value, actor, today, now, incident=incident,
                      reported_on=reported_on.isoformat(), reference=reference, reported_by=actor_data(who))
