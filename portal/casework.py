"""Complaint use cases: check the rules (domain), keep the event (store), send the letter.

Every change to a complaint goes through `act` (or `open_complaint` for a new one), so
each is in the event history, each keeps the case's summary row (the read model) current, and every
step the policies say is "in writing" leaves a PDF letter with the case.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable

from portal import effects, notices
from portal import letters as letter_kit
from portal.data import fresh_store, get_profile, get_store, row_version
from portal.domain import complaints as c
from portal.domain.complaints.referral import referrals
from portal.domain.complaints.decisions import RESTRICTIONS_ON_COMPLAINTS
from portal.domain.errors import DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile
from portal.projections import case_summary
from portal.store import CaseSummary, ComplaintRecord, Conflict, Found

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


def case_of(record: ComplaintRecord) -> Case:
    """The stored complaint with its derived state (its events folded)."""
    profile = get_profile(record.landlord)
    return Case(record, c.fold([Event.from_dict(e) for e in record.events], profile), profile)


def load_case(case_id: str) -> Case | None:
    """The complaint with its derived state, or None."""
    record = get_store().complaints.get(case_id)
    return case_of(record) if record else None


def customer_cases(customer_id: str) -> list[Case]:
    """A customer's complaints, newest first by the date each was made (a posted one is often logged late)."""
    cases = [case_of(r) for r in get_store().complaints.for_customer(customer_id)]
    order = sorted(enumerate(cases), key=lambda item: (item[1].state.received_on or date.min, item[0]), reverse=True)
    return [case for _, case in order]


def search_cases(text: str, landlord: str, *, offset: int = 0, limit: int = 50) -> Found:
    """One page of the summary rows of complaints whose search text matches (nothing is folded)."""
    return fresh_store(landlord).summaries.search(landlord, text, offset=offset, limit=limit)


def _summary(case_id: str, landlord: str, customer_id: str, state: c.ComplaintState,
             customer: dict | None) -> CaseSummary:
    """The case's summary row, written with each event (see `portal/projections.py`)."""
    return case_summary(state, case_id=case_id, landlord=landlord, customer_id=customer_id,
                        customer=customer, version=row_version(landlord))


def refresh_customer_details(customer: dict) -> None:
    """After a customer record changes, recompute the summary row of each of their complaints."""
    store = get_store()
    for record in store.complaints.for_customer(customer["id"]):
        case = case_of(record)
        row = _summary(case.id, record.landlord, record.customer_id, case.state, customer)
        try:
            store.complaints.put_summary(record.id, row, expected_version=record.version)
        except Conflict:
            pass  # a step written meanwhile has already put a row with the new details


def open_complaint(step: Step, actor: Actor, customer_id: str, *, today: date, now: datetime,
                   profile: Profile | None = None, **fields: Any) -> Case:
    """Start a new complaint or service request with `step` (receive or log); letters follow."""
    profile = profile or get_profile()
    event = step((), profile, actor, today, now=now, **fields)
    state = c.fold([event], profile)
    store = get_store()
    customer = store.users.get(customer_id)
    owed = notices.for_complaint(1, event, state, profile, customer, actor, today, letter=_has_letter(event, state))
    case_id = store.complaints.create(landlord=profile.slug, customer_id=customer_id, events=[event.to_dict()],
                                      summary=_summary("", profile.slug, customer_id, state, customer), effects=owed)
    effects.record("complaint", customer_id, case_id, owed, profile.slug)
    return load_case(case_id)


def act(case_id: str, step: Step, actor: Actor, *, today: date, now: datetime,
        expected_version: int | None = None, **fields: Any) -> Case:
    """Apply one domain step to a complaint: one read, one durable write (event + summary row), any letter.

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
    row = _summary(case_id, case.record.landlord, case.customer_id, state, customer)
    owed = notices.for_complaint(case.version + 1, event, state, case.profile, customer, actor, today,
                                 letter=_has_letter(event, state))
    try:
        record = store.complaints.append(
            case_id, event.to_dict(), summary=row, effects=owed,
            expected_version=case.version if expected_version is None else expected_version)
    except Conflict:
        raise DomainError("Someone else changed this complaint while you were working on it. "
                          "Check the latest history below, then try again.") from None
    effects.record("complaint", case.customer_id, case_id, owed, case.profile.slug)
    return Case(record, state, case.profile)


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
        c.EventKind.RESTRICTED: "exclusion",
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
    if kind is c.EventKind.RESTRICTED:
        return {"exclusion": {"code": event.get("restriction", ""), "explanation": event.get("reasons", ""),
                              "reason_label": RESTRICTIONS_ON_COMPLAINTS.get(event.get("restriction", ""), ""),
                              "route": ""}}
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
                     "email": customer.get("email", "") or customer.get("contact_email", ""),
                     "phone": customer.get("phone", ""), "contact_preference": customer.get("contact_preference", ""),
                     "phone_calls": customer.get("contact_preference") == "phone"
                     or "phone_calls" in (customer.get("adjustments") or ())},
        "representative": representative,
        "sender": {"name": sender.name, "role": sender.role or profile.complaints.stage1.responder_role},
    }


def keep_evidence_files(files: list) -> list[dict[str, Any]]:
    """Keep checked files by their hash; the entries an event lists them by."""
    store = get_store()
    return [{"sha256": store.evidence.put(f.data), "name": f.name, "content_type": f.content_type,
             "size": len(f.data)} for f in files]


def attach_evidence(case_id: str, actor: Actor, files: list, *, today: date, now: datetime,
                    max_files: int, expected_version: int | None = None) -> Case:
    """Keep each checked file by its hash, then record them on the complaint (the one `act` write)."""
    entries = keep_evidence_files(files)
    return act(case_id, c.add_evidence, actor, today=today, now=now, expected_version=expected_version,
               files=entries, max_files=max_files)


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


def _has_letter(event: Event, state: c.ComplaintState) -> bool:
    return _letter_kind(event) is not None and not state.anonymous


def _render_recorded_letter(case_id: str, _customer_id: str, n: int, sender: Actor, today: date,
                            key: str) -> str | None:
    """Render the letter of event `n` as the case stood then (the outbox's letter handler)."""
    store = get_store()
    record = store.complaints.get(case_id)
    profile = get_profile(record.landlord)
    events = [Event.from_dict(e) for e in record.events[:n]]
    case = Case(record, c.fold(events, profile), profile)
    return _send_letter(case, events[-1], sender, today, store.users.get(record.customer_id), key=key)


effects.RENDERERS["complaint"] = _render_recorded_letter


def _send_letter(case: Case, event: Event, sender: Actor, today: date, customer: dict | None,
                 key: str = "") -> str | None:
    letter = _letter_context(case, event, sender, today, customer)
    if letter is None:
        return None
    kind, context = letter
    letter_id = store_letter(kind, case.profile, context, case_id=case.id, customer_id=case.customer_id,
                             today=today, large_print=wants_large_print(customer),
                             easy_read=letter_kit.wants_easy_read(customer), key=key,
                             by_post=effects.wants_post(customer))
    if c.EventKind(event.kind) is c.EventKind.RESPONDED and case.profile.complaints.group == "reply_to_all_named":
        for n, member in enumerate(case.state.group_contacts, start=1):  # Connect 2.7: a reply to every named member
            store_letter(kind, case.profile, {**context, "customer": member}, case_id=case.id,
                         customer_id=member_letter_owner(case.customer_id, n), today=today, large_print=False,
                         key=key and f"{key}/member{n}", by_post=True)
    return letter_id


def member_letter_owner(customer_id: str, n: int) -> str:
    """Whose a group member's copy is: not the lead customer's, so it is never listed or shown to them."""
    return f"{customer_id}~member{n}"


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
                 today: date, large_print: bool, easy_read: bool = False, key: str = "",
                 by_post: bool = False) -> str:
    """Render a letter to PDF and keep it with the case (once per `key`); returns the letter id.

    A customer who asked for Easy Read also gets the Easy Read version, kept beside it (key + "/easy")."""
    store = get_store()
    done = store.letters.by_key(case_id, key) if key else None
    if done:
        letter_id = done["id"]
    else:
        rendered = letter_kit.render_letter(kind, profile=profile, context=context, large_print=large_print)
        store.letter_pages.put(hashlib.sha256(rendered.pdf).hexdigest(), rendered.html)  # before the record
        letter_id = store.letters.add(case_id=case_id, customer_id=customer_id, kind=kind, title=rendered.title,
                                      pdf=rendered.pdf, created=today.isoformat(), large_print=large_print,
                                      key=key, by_post=by_post)
    easy_key = key and f"{key}/easy"
    if easy_read and letter_kit.has_easy_read(kind, profile) and not (easy_key and store.letters.by_key(case_id, easy_key)):
        easy = letter_kit.render_easy_letter(kind, profile=profile, context=context)
        store.letter_pages.put(hashlib.sha256(easy.pdf).hexdigest(), easy.html)
        store.letters.add(case_id=case_id, customer_id=customer_id, kind=kind, title=f"{easy.title} (Easy Read)",
                          pdf=easy.pdf, created=today.isoformat(), easy_read=True, key=easy_key, by_post=by_post)
    return letter_id
