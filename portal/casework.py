"""Complaint use cases: check the rules (domain), keep the event (store), send the letter.

Every change to a complaint goes through `act` (or `open_complaint` for a new one), so
each is in the event history, each keeps the searchable metadata current, and every
step the policies say is "in writing" leaves a PDF letter with the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from portal import letters as letter_kit
from portal.data import get_profile, get_store
from portal.domain import complaints as c
from portal.domain.complaints.referral import referrals
from portal.domain.errors import DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile
from portal.domain.tenure import tsm_class
from portal.reports.facts import case_facts, to_row
from portal.store import ComplaintRecord, Conflict

Step = Callable[..., Event]


@dataclass(frozen=True)
class Case:
    """A stored complaint with its derived state."""

    record: ComplaintRecord
    state: c.ComplaintState
    profile: Profile

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def customer_id(self) -> str:
        return self.record.customer_id

    @property
    def version(self) -> int:
        return len(self.record.events)


def _case(record: ComplaintRecord) -> Case:
    profile = get_profile(record.landlord)
    return Case(record, c.fold([Event.from_dict(e) for e in record.events], profile), profile)


def load_case(case_id: str) -> Case | None:
    """The complaint with its derived state, or None."""
    record = get_store().complaints.get(case_id)
    return _case(record) if record else None


def customer_cases(customer_id: str) -> list[Case]:
    """A customer's complaints, newest first by the date each was made (a posted one is often logged late)."""
    cases = [_case(r) for r in get_store().complaints.for_customer(customer_id)]
    order = sorted(enumerate(cases), key=lambda item: (item[1].state.received_on or date.min, item[0]), reverse=True)
    return [case for _, case in order]


def all_cases(landlord: str, open_only: bool = False) -> list[Case]:
    """Every complaint of a landlord, for staff queues."""
    return [_case(r) for r in get_store().complaints.all(landlord=landlord, open_only=open_only)]


def search_cases(text: str, landlord: str) -> list[Case]:
    """Complaints whose reference, customer name or address matches."""
    return [_case(r) for r in get_store().complaints.search(text, landlord=landlord)]


def _customer_meta(customer: dict) -> dict[str, str]:
    """The customer's details that complaint search and the queues show."""
    return {"customer_name": customer.get("name", ""), "address": ", ".join(customer.get("address") or ()),
            "reference": customer.get("customer_ref", ""), "tenure": tsm_class(customer.get("tenure", ""))}


def _meta(state: c.ComplaintState, customer: dict | None) -> dict[str, Any]:
    meta = {"open": state.is_open or bool(state.outstanding_actions), "status": state.status.value}
    if customer:
        meta.update(_customer_meta(customer))
    facts = case_facts("", state, tsm_class((customer or {}).get("tenure", "")))
    meta["report"] = to_row(facts) if facts else None
    return meta


def refresh_customer_details(customer: dict) -> None:
    """After a customer record changes, keep the copy of their details on each complaint in step."""
    store = get_store()
    for record in store.complaints.for_customer(customer["id"]):
        store.complaints.set_meta(record.id, **_customer_meta(customer))


def open_complaint(step: Step, actor: Actor, customer_id: str, *, today: date, now: datetime,
                   profile: Profile | None = None, **fields: Any) -> Case:
    """Start a new complaint or service request with `step` (receive or log); letters follow."""
    profile = profile or get_profile()
    event = step((), profile, actor, today, now=now, **fields)
    state = c.fold([event], profile)
    store = get_store()
    customer = store.users.get(customer_id)
    case_id = store.complaints.create(landlord=profile.slug, customer_id=customer_id,
                                      events=[event.to_dict()], meta=_meta(state, customer))
    case = load_case(case_id)
    _send_letter(case, event, actor, today, customer)
    return case


def act(case_id: str, step: Step, actor: Actor, *, today: date, now: datetime,
        expected_version: int | None = None, **fields: Any) -> Case:
    """Apply one domain step to a complaint: one read, one durable write (event + metadata), any letter.

    Raises DomainError (a rule was broken, or someone else changed the case meanwhile).
    """
    case = load_case(case_id)
    if case is None:
        raise DomainError("There is no complaint with that reference.")
    event = step(case.state, case.profile, actor, today, now=now, **fields)
    if isinstance(event, c.InformationAdded):  # add_information says whether the points become a new complaint
        event = event.event
    state = c.fold((*case.state.events, event), case.profile)
    store = get_store()
    customer = store.users.get(case.customer_id)
    try:
        record = store.complaints.append(
            case_id, event.to_dict(), meta=_meta(state, customer),
            expected_version=case.version if expected_version is None else expected_version)
    except Conflict:
        raise DomainError("Someone else changed this complaint while you were working on it. "
                          "Check the latest history below, then try again.") from None
    updated = Case(record, state, case.profile)
    _send_letter(updated, event, actor, today, customer)
    return updated


# -- letters --------------------------------------------------------------------------------


def _letter_kind(event: Event) -> str | None:
    kind = c.EventKind(event.kind)
    stage = event.get("stage", 1)
    return {
        c.EventKind.ACKNOWLEDGED: f"stage{stage}_acknowledgement",
        c.EventKind.EXTENDED: "extension",
        c.EventKind.RESPONDED: f"stage{stage}_response",
        c.EventKind.ESCALATION_REFUSED: "escalation_refused",
        c.EventKind.EXCLUDED: "exclusion",
        c.EventKind.SERVICE_REQUEST_LOGGED: "service_request_redirect",
        c.EventKind.EX_GRATIA_DECIDED: "ex_gratia_decision",
    }.get(kind)


def _details(case: Case, event: Event, today: date) -> dict[str, Any]:
    """The kind-specific part of a letter's context, read from the event and the new state."""
    state, profile = case.state, case.profile
    kind = c.EventKind(event.kind)
    if kind is c.EventKind.ACKNOWLEDGED:
        view = state.stage_view(event.get("stage", state.stage))
        told = referrals(state)
        return {"acknowledgement": {"understanding": event.get("understanding", ""),
                                    "outcome_sought": event.get("outcome_sought", ""),
                                    "response_due": view.response_due,
                                    "referral": {"team": told[0].team_words, "on": told[0].on} if told else None}}
    if kind is c.EventKind.EXTENDED:
        return {"extension": {"reason": event.get("reason", ""), "new_due": event.date("new_due"),
                              "customer_agreed": bool(event.get("customer_agreed"))}}
    if kind is c.EventKind.RESPONDED:
        stage = event.get("stage", 1)
        return {"response": {
            "outcome": event.get("outcome"), "reasons": event.get("reasons", ""),
            "remedy": event.get("remedy", ""), "compensation_pence": event.get("compensation_pence", 0),
            "actions": [{"text": a["text"], "target": date.fromisoformat(a["target"]) if a.get("target") else None}
                        for a in event.get("actions", ())],
            "escalation_deadline": state.escalation_window_closes if stage == 1 else None,
        }}
    if kind is c.EventKind.ESCALATION_REFUSED:
        return {"escalation_refused": {"reason": event.get("reason", "")}}
    if kind is c.EventKind.EXCLUDED:
        exclusion = profile.complaints.exclusion(event.get("reason", ""))
        return {"exclusion": {"code": event.get("reason", ""), "reason_label": exclusion.label if exclusion else "",
                              "explanation": event.get("explanation", ""), "route": event.get("route", "")}}
    if kind is c.EventKind.SERVICE_REQUEST_LOGGED:
        return {"service_request": {
            "route": "We have passed your request to the team that deals with it, and they will contact you "
                     "about what happens next.",
            "due": state.service_request_due}}
    if kind is c.EventKind.EX_GRATIA_DECIDED:
        case_ = state.ex_gratia[-1]
        return {"ex_gratia": {"approved": bool(case_.approved), "amount_pence": case_.approved_pence or case_.amount_pence,
                              "debt_pence": case_.debt_pence,
                              "net_pence": case_.approved_net_pence if case_.approved_net_pence is not None else case_.net_pence,
                              "reason": event.get("reason", "")}}
    return {}


def base_context(profile: Profile, customer: dict | None, sender: Actor, today: date, reference: str,
                 representative: dict | None = None) -> dict[str, Any]:
    """What every letter carries: date, reference, addressee, representative and sender."""
    customer = customer or {}
    return {
        "letter_date": today,
        "reference": reference,
        "customer": {"name": customer.get("name", ""), "address": list(customer.get("address") or ()),
                     "email": customer.get("email", "")},
        "representative": representative,
        "sender": {"name": sender.name, "role": sender.role or profile.complaints.stage1.responder_role},
    }


def wants_large_print(customer: dict | None) -> bool:
    """True if the customer asked for large print as a reasonable adjustment."""
    return "large_print" in ((customer or {}).get("adjustments") or ())


def _letter_context(case: Case, event: Event, sender: Actor, today: date,
                    customer: dict | None) -> tuple[str, dict[str, Any]] | None:
    """The letter kind and context an event writes, or None when it writes no letter."""
    kind = _letter_kind(event)
    if kind is None or case.state.anonymous:
        return None
    rep = case.state.representative
    context = base_context(case.profile, customer, sender, today, case.id,
                           {"name": rep.name, "relationship": rep.relationship} if rep else None)
    context["case"] = {"received_on": case.state.received_on or today, "summary": case.state.summary,
                       "stage": event.get("stage", case.state.stage)}
    context.update(_details(case, event, today))
    return kind, context


def _send_letter(case: Case, event: Event, sender: Actor, today: date, customer: dict | None) -> str | None:
    letter = _letter_context(case, event, sender, today, customer)
    if letter is None:
        return None
    kind, context = letter
    return store_letter(kind, case.profile, context, case_id=case.id, customer_id=case.customer_id,
                        today=today, large_print=wants_large_print(customer))


def preview_letter(case_id: str, step: Step, actor: Actor, *, today: date, now: datetime,
                   **fields: Any) -> str | None:
    """The HTML of the letter `step` would send, from the same template, keeping nothing.

    Raises DomainError exactly as `act` would, so the preview is only ever of a step that would succeed.
    """
    case = load_case(case_id)
    if case is None:
        raise DomainError("There is no complaint with that reference.")
    event = step(case.state, case.profile, actor, today, now=now, **fields)
    if isinstance(event, c.InformationAdded):
        event = event.event
    after = Case(case.record, c.fold((*case.state.events, event), case.profile), case.profile)
    customer = get_store().users.get(case.customer_id)
    letter = _letter_context(after, event, actor, today, customer)
    if letter is None:
        return None
    kind, context = letter
    return letter_kit.render_letter_html(kind, profile=case.profile, context=context,
                                         large_print=wants_large_print(customer)).html


def store_letter(kind: str, profile: Profile, context: dict[str, Any], *, case_id: str, customer_id: str,
                 today: date, large_print: bool) -> str:
    """Render a letter to PDF and keep it with the case; returns the letter id."""
    rendered = letter_kit.render_letter(kind, profile=profile, context=context, large_print=large_print)
    return get_store().letters.add(case_id=case_id, customer_id=customer_id, kind=kind, title=rendered.title,
                                   pdf=rendered.pdf, created=today.isoformat(), large_print=large_print)
