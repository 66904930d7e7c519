"""The read model's rows, computed from the fold: what queues, search and lists read instead of events.

`act` and `act_conduct` write a fresh row with every event (one durable write); `rebuild`
recomputes every row from the events. A row names the profile and calendar version it
was computed with, and `require_fresh` refuses to serve a landlord's rows computed with
another, naming the command that mends them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Callable, Mapping

import holidays

from portal.domain import complaints as c
from portal.domain.complaints.kinds import OWED_ACKNOWLEDGEMENT, OWED_REPLY, EventKind, Status
from portal.domain.complaints.extensions import pending_extension
from portal.domain.complaints.ownership import owner_of
from portal.domain.complaints.answers import latest_category
from portal.domain.complaints.referral import risk_level
from portal.domain.complaints.state import ComplaintState
from portal.domain.conduct.fold import fold_conduct
from portal.domain.conduct.kinds import AssessmentOutcome
from portal.domain.conduct.records import ConductState
from portal.domain.events import Event
from portal.domain.profile import Profile
from portal.domain.tenure import tsm_class
from portal.reports.facts import case_facts, to_row
from portal.store import CaseSummary, ConductSummary, Conflict, Store, StoreError

#: Bump when the rows' fields or how they are computed change: every row is then stale.
ROW_FORMAT = 5
REBUILD = "flask --app portal store rebuild"


class StaleProjections(StoreError):
    """Rows computed with another profile or calendar: staff pages would show wrong dates."""


def projection_version(profile: Profile) -> str:
    """A short hash of the profile file, the bank-holiday data and the row format."""
    digest = hashlib.sha256()
    digest.update(Path(profile.source).read_bytes() if profile.source else repr(profile).encode())
    digest.update(f"|{profile.nation}|holidays {holidays.__version__}|rows {ROW_FORMAT}".encode())
    return digest.hexdigest()[:16]


def _address(customer: Mapping | None) -> str:
    return ", ".join((customer or {}).get("address") or ())


def _searchable(texts) -> str:
    return " ".join(" ".join(t for t in texts if t).lower().split())


def case_summary(state: ComplaintState, *, case_id: str, landlord: str, customer_id: str,
                 customer: Mapping | None, version: str) -> CaseSummary:
    """The summary row of a complaint from its folded state and its customer's details."""
    customer = customer or {}
    due = {"ack1": None, "reply1": None, "ack2": None, "reply2": None, "actions": None}
    main = replace(state, actions=()).next_due(state.received_on or date.min)
    if main is not None:
        key = {OWED_ACKNOWLEDGEMENT[1]: "ack1", OWED_REPLY[1]: "reply1",
               OWED_ACKNOWLEDGEMENT[2]: "ack2", OWED_REPLY[2]: "reply2"}.get(main.what)
        if key:
            due[key] = main.on
    if state.status.is_open or state.status is Status.WITH_CUSTOMER:
        due["actions"] = min((a.target for a in state.outstanding_actions if a.target), default=None)
    tenure = tsm_class(customer.get("tenure", ""))
    extension = pending_extension(state)
    payment = next((x for x in state.ex_gratia if x.pending), None)
    facts = case_facts("", state, tenure)
    own_words = [e.get("what_went_wrong", "") for e in state.events if e.kind == EventKind.RECEIVED.value]
    known = _searchable([customer.get("name", ""), customer.get("customer_ref", ""), _address(customer),
                         customer.get("phone", ""), state.summary])
    words = _searchable(own_words)
    search_text = f"{known} {words}" if known and words else known or words
    return CaseSummary(
        id=case_id, landlord=landlord, customer_id=customer_id, version=len(state.events),
        computed_with=version,
        stage=2 if state.status is Status.ESCALATION_REQUESTED else state.stage,
        status=state.status.value, open=state.is_open or bool(state.outstanding_actions),
        received_on=state.received_on, channel=state.channel,
        ack1_due=due["ack1"], reply1_due=due["reply1"], ack2_due=due["ack2"], reply2_due=due["reply2"],
        actions_due=due["actions"],
        request_due=state.service_request_due if state.status is Status.SERVICE_REQUEST else None,
        risk_of_harm=state.risk_of_harm, tenure=tenure, report=to_row(facts) if facts else None,
        risk=risk_level(state), owner=owner.id if (owner := owner_of(state)) else "", category=latest_category(state),
        adjustments="\n".join(dict.fromkeys([*(customer.get("adjustments") or ()), *state.adjustments])),
        customer_name=customer.get("name", ""), address=_address(customer), summary=state.summary,
        search_text=search_text, phone=customer.get("phone", ""), words_from=len(search_text) - len(words),
        approval_number=extension.number if extension else 0,
        approval_role=extension.role.value if extension else "", approval_by=extension.by.id if extension else "",
        approval_on=extension.on if extension else None,
        ex_gratia_pence=payment.amount_pence if payment else 0, ex_gratia_by=payment.proposed_by if payment else "",
        ex_gratia_on=payment.proposed_on if payment else None,
        to_confirm=c.to_confirm(state),
    )


def conduct_summary(state: ConductState, *, customer_id: str, landlord: str, version_count: int,
                    customer: Mapping | None, version: str) -> ConductSummary:
    """The summary row of a conduct file from its folded state."""
    protocol = state.protocol
    case = state.open_case
    latest = state.in_case(state.assessments, case)[-1:] if case else ()
    waiting = bool(latest and latest[0].outcome is AssessmentOutcome.PROTOCOL_RECOMMENDED
                   and (protocol is None or protocol.assessment != latest[0].number))
    return ConductSummary(
        customer_id=customer_id, landlord=landlord, version=version_count, computed_with=version,
        customer_name=(customer or {}).get("name", ""),
        protocol=protocol.number if protocol else 0,
        protocol_start=protocol.start if protocol else None,
        protocol_ends_on=protocol.ends_on if protocol else None,
        protocol_ended=bool(protocol and protocol.ended_on is not None),
        review_on=protocol.review_on if protocol else None,
        no_personal_contact=bool(protocol and protocol.terms.no_personal_contact),
        appeal_waiting=bool(protocol and protocol.open_appeal),
        approval_waiting=waiting, open_case=case is not None,
    )


@dataclass(frozen=True)
class Rebuilt:
    """What a rebuild did."""

    complaints: int
    conduct_files: int


def rebuild(store: Store, profiles: Mapping[str, Profile],
            versions: Callable[[str], str] = lambda slug: "") -> Rebuilt:
    """Recompute every row from the events (safe beside a running server: a moved-on case keeps its own)."""
    cases = files = 0
    for record, fresh in _fresh_case_rows(store, profiles, versions):
        try:
            store.complaints.put_summary(record.id, fresh, expected_version=record.version)
        except Conflict:
            continue  # its own write already put a fresh row
        cases += 1
    for record, fresh in _fresh_conduct_rows(store, profiles, versions):
        try:
            store.conduct.put_summary(record.customer_id, fresh, expected_version=record.version)
        except Conflict:
            continue
        files += 1
    return Rebuilt(cases, files)


def check_rows(store: Store, profiles: Mapping[str, Profile], versions: Callable[[str], str]) -> list[str]:
    """Every summary row that differs from a fresh fold of its events (or is missing), one line each."""
    problems = []
    for record, fresh in _fresh_case_rows(store, profiles, versions):
        if record.summary != fresh:
            problems.append(f"complaint {record.id}: {_difference(record.summary, fresh)}")
    for record, fresh in _fresh_conduct_rows(store, profiles, versions):
        stored = store.conduct_summaries.get(record.customer_id)
        if stored != fresh:
            problems.append(f"conduct file of {record.customer_id}: {_difference(stored, fresh)}")
    if problems:
        problems.append(f"Run `{REBUILD}` to recompute the summary rows from the events.")
    return problems


def _difference(stored, fresh) -> str:
    if stored is None:
        return "has no summary row"
    fields = [name for name, value in fresh.to_dict().items() if stored.to_dict().get(name) != value]
    return f"summary row differs from a fresh fold in {', '.join(fields)}"


def _fresh_case_rows(store: Store, profiles: Mapping[str, Profile], versions: Callable[[str], str]):
    for case_id in store.complaints.ids():
        record = store.complaints.get(case_id)
        if record is None:
            continue
        state = c.fold([Event.from_dict(e) for e in record.events], profiles[record.landlord])
        yield record, case_summary(state, case_id=record.id, landlord=record.landlord,
                                   customer_id=record.customer_id, customer=store.users.get(record.customer_id),
                                   version=versions(record.landlord))


def _fresh_conduct_rows(store: Store, profiles: Mapping[str, Profile], versions: Callable[[str], str]):
    for record in store.conduct.all():
        state = fold_conduct([Event.from_dict(e) for e in record.events], profiles[record.landlord])
        yield record, conduct_summary(state, customer_id=record.customer_id, landlord=record.landlord,
                                      version_count=record.version, customer=store.users.get(record.customer_id),
                                      version=versions(record.landlord))


def require_fresh(store: Store, landlord: str, version: str) -> None:
    """Raise StaleProjections when any of a landlord's rows was computed with another version."""
    stale = store.summaries.stale(landlord, version) + store.conduct_summaries.stale(landlord, version)
    if stale:
        raise StaleProjections(
            f"The work queues and search are out of date: {stale} summary row(s) were computed with a "
            f"different landlord profile or calendar. Run `{REBUILD}` to bring them up to date.")
