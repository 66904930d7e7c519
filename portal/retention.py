"""Retention runs: anonymise what has been kept long enough, and record each run.

A closed complaint or conduct file whose last event is older than the profile's
retention period is anonymised in place (`portal/domain/retention.py` says what is kept),
its summary row recomputed from the anonymised events in the same write, and its letters'
PDFs removed. A customer is anonymised once nothing of theirs is still kept and their
account has been unused as long: name, contact details and free text go, tenure stays.
Its evidence files are deleted (unless another of the customer's complaints still has them). A legal hold on a case (a register document, with its history) stops all of this for the
case and its customer. This is a batch for cron, not a request: it reads every closed case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Iterable

from portal.accounts import account_note
from portal.data import get_profile, get_store, row_version
from portal.domain import complaints as c
from portal.domain.conduct.fold import fold_conduct, protocol_in_force
from portal.domain.events import Event
from portal.domain.profile import Profile
from portal.domain.retention import ANONYMOUS_NAME, cutoff, scrub_event
from portal.projections import case_summary, conduct_summary
from portal.store import Conflict

HOLD = "legal_hold"
RUN = "retention_run"
_REMOVED = "Removed under the retention policy"


@dataclass(frozen=True)
class RetentionPlan:
    """What falls due: (id, closed on) of complaints and conduct files, and customer ids."""
    cut_off: date
    complaints: tuple[tuple[str, date], ...] = ()
    conduct_files: tuple[tuple[str, date], ...] = ()
    customers: tuple[str, ...] = ()
    held: tuple[str, ...] = field(default=())  # complaints a legal hold keeps


def holds(landlord: str) -> dict[str, dict]:
    """The cases under a legal hold now, with the hold's document."""
    return {doc["key"].removeprefix("HOLD-"): doc for doc in get_store().registers.all(HOLD, landlord)
            if doc.get("on")}


def set_hold(case_id: str, *, on: bool, reason: str, by: str, landlord: str) -> dict:
    """Place (or lift) a legal hold on a case, noting who and why; the store keeps every change."""
    if get_store().complaints.get(case_id) is None:
        raise ValueError(f"there is no complaint {case_id}")
    key = f"HOLD-{case_id}"
    old = get_store().registers.get(key)
    what = f"Legal hold {'placed' if on else 'lifted'}: {reason}"
    return get_store().registers.put(key, {"on": on, "reason": reason}, kind=HOLD, landlord=landlord,
                                     expected_version=old["version"] if old else 0, note=account_note(by, what))


def _last_on(events: Iterable[dict]) -> date | None:
    days = [date.fromisoformat(e["on"]) for e in events if e.get("on")]
    return max(days) if days else None


def plan_retention(landlord: str, today: date) -> RetentionPlan:
    """What a run would anonymise for a landlord today (nothing is changed)."""
    store, profile = get_store(), get_profile(landlord)
    cut = cutoff(today, profile.retention_years)
    held = holds(landlord)
    due_cases, kept_customers, held_cases = [], set(), []
    for row in store.summaries.every(landlord):
        record = store.complaints.get(row.id)
        if record is None:
            continue
        last = _last_on(record.events)
        if row.id in held:
            held_cases.append(row.id)
            kept_customers.add(record.customer_id)
        elif row.open or last is None or last > cut:
            kept_customers.add(record.customer_id)
        elif [scrub_event(e) for e in record.events] != list(record.events):
            due_cases.append((row.id, last))
    due_files = []
    for record in store.conduct.all(landlord):
        last = _last_on(record.events)
        state = fold_conduct([Event.from_dict(e) for e in record.events], profile)
        if (state.open_case is not None or protocol_in_force(state, today) is not None or last is None
                or last > cut or record.customer_id in kept_customers):
            kept_customers.add(record.customer_id)
        elif [scrub_event(e) for e in record.events] != list(record.events):
            due_files.append((record.customer_id, last))
    customers = []
    for user in store.users.all(kind="tenant"):
        if user.get("landlord") != landlord or user["id"] in kept_customers or user.get("name") == ANONYMOUS_NAME:
            continue
        used = [date.fromisoformat(n["at"][:10]) for n in user.get("history", ()) if n.get("at")]
        if used and max(used) > cut:
            continue  # the record or account was used within the period
        customers.append(user["id"])
    return RetentionPlan(cut, tuple(due_cases), tuple(due_files), tuple(customers), tuple(held_cases))


def evidence_refs(events: Iterable[dict]) -> list[dict]:
    """The files attached in stored events ({sha256, name, content_type, size}), at intake and later."""
    return [ref for e in events for key in ("evidence", "files") for ref in (e.get("data") or {}).get(key) or ()
            if isinstance(ref, dict) and ref.get("sha256")]


def _erase_case(case_id: str, profile: Profile) -> None:
    store = get_store()
    record = store.complaints.get(case_id)
    files = {ref["sha256"] for ref in evidence_refs(record.events)}
    events = [scrub_event(e) for e in record.events]
    state = c.fold([Event.from_dict(e) for e in events], profile)
    row = case_summary(state, case_id=case_id, landlord=record.landlord, customer_id=record.customer_id,
                       customer=None, version=row_version(record.landlord))
    store.complaints.erase(case_id, events, row, expected_version=record.version)
    still_used = {ref["sha256"] for other in store.complaints.for_customer(record.customer_id) if other.id != case_id
                  for ref in evidence_refs(other.events)}  # the same photo sent with another complaint of theirs
    for sha in files - still_used:
        store.evidence.delete(sha)
    for letter in store.letters.for_case(case_id):
        if not letter.get("erased"):
            store.letters.erase(letter["id"], _REMOVED)


def _erase_conduct(customer_id: str, profile: Profile) -> None:
    store = get_store()
    record = store.conduct.get(customer_id)
    events = [scrub_event(e) for e in record.events]
    state = fold_conduct([Event.from_dict(e) for e in events], profile)
    row = conduct_summary(state, customer_id=customer_id, landlord=record.landlord, version_count=record.version,
                          customer=None, version=row_version(record.landlord))
    store.conduct.erase(customer_id, events, row, expected_version=record.version)
    for letter in store.letters.for_case(f"K-{customer_id}"):
        if not letter.get("erased"):
            store.letters.erase(letter["id"], _REMOVED)


def _erase_customer(customer_id: str, by: str) -> None:
    store = get_store()
    user = store.users.get(customer_id)
    history = [{**note, "what": _REMOVED} for note in user.get("history", ())]
    if user.get("email"):
        store.users.update(customer_id, email="")
    store.users.update(customer_id, name=ANONYMOUS_NAME, address=[], phone="", customer_ref="", adjustments=[],
                       vulnerability="", password_hash="", disabled=True,
                       session_version=user.get("session_version", 0) + 1)
    store.users.replace_history(customer_id, [*history, account_note(by, "Anonymised under the retention policy")])


def run_retention(landlord: str, today: date, now: datetime, *, by: str) -> RetentionPlan:
    """Anonymise everything due, then record the run (what, when, by whom) as a register document."""
    profile = get_profile(landlord)
    plan = plan_retention(landlord, today)
    done_cases, done_files = [], []
    for case_id, closed in plan.complaints:
        try:
            _erase_case(case_id, profile)
        except Conflict:
            continue  # someone acted on it since the plan: it waits for the next run
        done_cases.append((case_id, closed))
    for customer_id, closed in plan.conduct_files:
        try:
            _erase_conduct(customer_id, profile)
        except Conflict:
            continue
        done_files.append((customer_id, closed))
    for customer_id in plan.customers:
        _erase_customer(customer_id, by)
    done = RetentionPlan(plan.cut_off, tuple(done_cases), tuple(done_files), plan.customers, plan.held)
    get_store().registers.put(
        f"RUN-{now.isoformat(timespec='seconds')}",
        {"ran_on": today.isoformat(), "cut_off": plan.cut_off.isoformat(),
         "complaints": [i for i, _ in done.complaints], "conduct_files": [i for i, _ in done.conduct_files],
         "customers": list(done.customers), "held": list(done.held)},
        kind=RUN, landlord=landlord, expected_version=0,
        note=account_note(by, f"Retention run: {len(done.complaints)} complaint(s), {len(done.conduct_files)} "
                              f"conduct file(s) and {len(done.customers)} customer(s) anonymised"))
    return done


def runs(landlord: str) -> list[dict]:
    """Every retention run recorded for a landlord, newest first."""
    return sorted(get_store().registers.all(RUN, landlord), key=lambda d: d["key"], reverse=True)
