"""Conduct use cases: check the rules (domain), keep the event (store), send the letter.

A customer's conduct file is keyed by their customer id. Every change goes through
`act_conduct`, so it is in the event history and every written step leaves a PDF letter.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, Callable

from portal import effects, notices
from portal import casework
from portal.casework import base_context, store_letter, wants_large_print
from portal.data import fresh_store, get_profile, get_store, row_version
from portal.domain import complaints as c
from portal.domain.conduct.fold import fold_conduct, protocol_in_force
from portal.domain.conduct.restrictions import complaints_named, review_prompt
from portal.domain.conduct.explain import explain_protocol
from portal.domain.conduct.kinds import AppealOutcome, ConductEventKind as K
from portal.domain.conduct.records import ConductState
from portal.domain.conduct.references import check_complaint_references
from portal.domain.errors import DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile
from portal.letters import wants_easy_read
from portal.projections import conduct_summary
from portal.store import ConductSummary, Conflict

Step = Callable[..., Event]

# The letters speak of an appeal as upheld (it succeeds), partly upheld (terms changed) or not upheld.
_APPEAL_WORDS = {AppealOutcome.UPHELD: "upheld", AppealOutcome.VARIED: "partly_upheld",
                 AppealOutcome.DISMISSED: "not_upheld"}


@dataclass(frozen=True)
class ConductFile:
    """A customer's conduct file with its derived state."""

    customer_id: str
    events: tuple[Event, ...]
    state: ConductState
    profile: Profile

    @property
    def version(self) -> int:
        return len(self.events)

    @property
    def letter_case_id(self) -> str:
        """Letters about conduct are kept under this case id."""
        return f"K-{self.customer_id}"


def load_conduct(customer_id: str, profile: Profile | None = None) -> ConductFile:
    """A customer's conduct file (empty if nothing has been recorded)."""
    store = get_store()
    record = store.conduct.get(customer_id)
    if record:
        profile = get_profile(record.landlord)
    elif profile is None:  # a new file belongs to the customer's landlord, not the configured default
        profile = get_profile((store.users.get(customer_id) or {}).get("landlord") or None)
    events = tuple(Event.from_dict(e) for e in record.events) if record else ()
    return ConductFile(customer_id, events, fold_conduct(events, profile), profile)


def landlord_files(landlord: str) -> list[ConductFile]:
    """Every conduct file of a landlord, folded, from one read of the store (not one read a file)."""
    profile = get_profile(landlord)
    files = []
    for record in get_store().conduct.all(landlord):
        events = tuple(Event.from_dict(e) for e in record.events)
        files.append(ConductFile(record.customer_id, events, fold_conduct(events, profile), profile))
    return files


def vexatious_decision_for(customer_id: str, complaint_id: str, profile: Profile):
    """The latest recorded decision on whether this complaint is vexatious, from the customer's conduct file."""
    decisions = [d for d in load_conduct(customer_id, profile).state.vexatious if d.complaint_id == complaint_id]
    return decisions[-1] if decisions else None


def conduct_rows(landlord: str) -> list[ConductSummary]:
    """The summary row of every conduct file of a landlord (files are few: one per customer managed)."""
    return fresh_store(landlord).conduct_summaries.every(landlord)


def act_conduct(customer_id: str, step: Step, actor: Actor, *, today: date, now: datetime,
                **fields: Any) -> ConductFile:
    """Apply one domain step to a conduct file: one read, one durable write, any letter."""
    file = load_conduct(customer_id)
    store = get_store()
    check_complaint_references(fields, {r.id for r in store.complaints.for_customer(customer_id)})
    event = step(file.state, file.profile, actor, today, now=now, **fields)
    events = (*file.events, event)
    updated = ConductFile(customer_id, events, fold_conduct(events, file.profile), file.profile)
    row = conduct_summary(updated.state, customer_id=customer_id, landlord=file.profile.slug,
                          version_count=updated.version, customer=store.users.get(customer_id),
                          version=row_version(file.profile.slug))
    owed = notices.for_conduct(customer_id, len(events), event, file.profile, actor, today,
                               letter=_letter(updated, event, today) is not None)
    try:
        store.conduct.append(customer_id, event.to_dict(), landlord=file.profile.slug, summary=row,
                             expected_version=file.version, effects=owed)
    except Conflict:
        raise DomainError("Someone else changed this file while you were working on it. "
                          "Check the latest history, then try again.") from None
    effects.record("conduct", customer_id, updated.letter_case_id, owed, file.profile.slug)
    _act_on_named_complaints(updated, actor, today, now)
    return updated


def _act_on_named_complaints(file: ConductFile, actor: Actor, today: date, now: datetime) -> None:
    """Close or refuse each open complaint of this customer that the protocol's terms name, through the
    complaint's own step (event, history, letter); a complaint already closed is left as it is."""
    protocol = file.state.protocol
    for case_id, restriction in complaints_named(file.state).items():
        case = casework.load_case(case_id)
        if case is None or case.customer_id != file.customer_id:
            continue
        if case.state.status not in c.ALLOWED[c.EventKind.RESTRICTED]:
            continue
        casework.act(case_id, c.apply_restriction, actor, today=today, now=now, restriction=restriction,
                     reasons=protocol.terms.reasons.get(restriction) or protocol.reasons)


def refresh_conduct_details(customer: dict) -> None:
    """After a customer record changes, recompute their conduct file's row (it shows their name)."""
    record = get_store().conduct.get(customer["id"])
    if record is None:
        return
    file = load_conduct(customer["id"])
    row = conduct_summary(file.state, customer_id=file.customer_id, landlord=file.profile.slug,
                          version_count=file.version, customer=customer, version=row_version(file.profile.slug))
    try:
        get_store().conduct.put_summary(file.customer_id, row, expected_version=file.version)
    except Conflict:
        pass  # a step written meanwhile has already put a row with the new details


def _protocol_context(file: ConductFile, today: date) -> dict[str, Any] | None:
    protocol = protocol_in_force(file.state, today) or file.state.protocol
    if protocol is None:
        return None
    explanation = explain_protocol(file.state, file.profile, today)
    sections = {s.heading: s.lines for s in explanation.sections}
    terms = [*sections.get("How you can contact us", ()), *sections.get("What we can deal with", ())]
    return {
        "reasons": protocol.reasons,
        "terms": terms or [explanation.summary],
        "start": protocol.start,
        "review_date": protocol.review_on,
        "named_contact": protocol.terms.named_contact or "",
        "always_allowed": list(sections.get("You can always contact us about", ())),
        "appeal_role_title": file.profile.title(file.profile.conduct.appeal_role),
        "appeal_deadline": None,
    }


def _letter(file: ConductFile, event: Event, today: date) -> tuple[str, dict[str, Any]] | None:
    """The letter kind and its details for a conduct event, or None if none is written."""
    kind = K(event.kind)
    state = file.state
    if kind is K.WARNING_ISSUED:
        case = state.open_case
        incidents = state.in_case(state.incidents, case) if case else state.incidents
        letter = "formal_warning" if event.get("level") == "formal" else "initial_warning"
        return letter, {"warning": {
            "incidents": [{"occurred_on": i.occurred_on, "description": i.description} for i in incidents[-5:]],
            "behaviour_expected": event.get("reasons", ""),
            "consequences": "If this continues, we may limit how you can contact us. We would write to explain "
                            "any change, and how to appeal against it."}}
    if kind is K.PROTOCOL_IMPOSED:
        return "protocol_imposed", {"protocol": _protocol_context(file, today)}
    if kind in (K.PROTOCOL_VARIED, K.PROTOCOL_ENDED):
        ended = kind is K.PROTOCOL_ENDED
        details: dict[str, Any] = {"review": {
            "decision": "end" if ended else "vary", "reasons": event.get("reason" if ended else "reasons", ""),
            "next_review": state.protocol.review_on}}
        if not ended:
            details["protocol"] = _protocol_context(file, today)
        return "protocol_changed", details
    if kind is K.REVIEW_COMPLETED:
        outcome = event.get("outcome")
        details = {"review": {"decision": outcome, "reasons": event.get("reasons", ""),
                              "next_review": state.protocol.review_on}}
        if outcome != "end":
            details["protocol"] = _protocol_context(file, today)
        return "review_outcome", details
    if kind is K.APPEAL_DECIDED:
        outcome = AppealOutcome(event.get("outcome"))
        details = {"appeal": {"decision": _APPEAL_WORDS[outcome], "reasons": event.get("reasons", "")}}
        if outcome is not AppealOutcome.UPHELD:
            details["protocol"] = _protocol_context(file, today)
        return "appeal_outcome", details
    if kind is K.VEXATIOUS_DECISION:
        case = casework.load_case(event.get("complaint_id", ""))  # always the customer's own (checked before the step)
        return "vexatious_decision", {
            "vexatious": {"decision": "vexatious" if event.get("vexatious") else "not_vexatious",
                          "reasons": event.get("reasons", "")},
            "case": {"received_on": case.state.received_on if case else today,
                     "summary": case.state.summary if case else event.get("complaint_id", ""),
                     "stage": case.state.stage if case else 1}}
    return None


def _render_recorded_letter(case_id: str, customer_id: str, n: int, sender: Actor, today: date,
                            key: str) -> str | None:
    """Render the letter of event `n` as the file stood then (the outbox's letter handler)."""
    store = get_store()
    record = store.conduct.get(customer_id)
    profile = get_profile(record.landlord)
    events = tuple(Event.from_dict(e) for e in record.events[:n])
    file = ConductFile(customer_id, events, fold_conduct(events, profile), profile)
    return _send_letter(file, events[-1], sender, today, key=key)


effects.RENDERERS["conduct"] = _render_recorded_letter


def _send_letter(file: ConductFile, event: Event, sender: Actor, today: date, key: str = "") -> str | None:
    letter = _letter(file, event, today)
    if letter is None:
        return None
    kind, details = letter
    customer = get_store().users.get(file.customer_id)
    context = base_context(file.profile, customer, sender, today, file.letter_case_id)
    context.update(details)
    return store_letter(kind, file.profile, context, case_id=file.letter_case_id, customer_id=file.customer_id,
                        today=today, large_print=wants_large_print(customer), easy_read=wants_easy_read(customer),
                        key=key, by_post=effects.wants_post(customer))


def review_list(landlord: str, today: date, within_days: int = 14) -> list[ConductSummary]:
    """Live protocols whose review date is near or past, soonest first (summary rows); a new complaint
    made under a protocol brings its review forward to the day it came in (Torus 3.28)."""
    due_by = today + timedelta(days=within_days)
    found = []
    for row in fresh_store(landlord).conduct_summaries.reviews(landlord, today=today, due_by=date.max):
        prompted = _new_issue_on(row.customer_id)
        if prompted and row.review_on:
            found.append(replace(row, review_on=min(row.review_on, prompted)))
        elif row.review_on and row.review_on <= due_by:
            found.append(row)
    return sorted(found, key=lambda row: row.review_on)


def _new_issue_on(customer_id: str) -> date | None:
    """The day a new complaint came in under the customer's protocol, if one has since its start or last review."""
    file = load_conduct(customer_id)
    received = ((case.id, case.state.received_on) for case in casework.customer_cases(customer_id)
                if case.state.received_on)
    prompt = review_prompt(file.state, file.profile, received)
    return prompt[1] if prompt else None
