"""The learning register: improvement actions that complaints led to, who owns each, when it
is due and when it was done. The reports and the governing-body pack list them.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Iterable

from portal.data import get_store
from portal.domain.errors import DomainError
from portal.domain.events import Actor
from portal.domain.roles import Role
from portal.reports.periods import Period
from portal.reports.tables import Table, table
from portal.store import Conflict

KIND = "improvement_action"
_COMPLAINT = re.compile(r"C-\d{4}-\d{6,}")


def _note(actor: Actor, now: datetime, what: str) -> dict[str, str]:
    return {"at": now.isoformat(timespec="seconds"), "by": actor.id, "by_name": actor.name, "what": what}


def _day(value: date | str | None, field: str, message: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        raise DomainError(message, field=field) from None


def _complaints(refs: Iterable[str], landlord: str) -> list[str]:
    store, found = get_store(), []
    for ref in refs:
        ref = ref.strip().upper()
        if not ref:
            continue
        record = store.complaints.get(ref) if _COMPLAINT.fullmatch(ref) else None
        if record is None or record.landlord != landlord:
            raise DomainError(f"There is no complaint {ref}. Check the reference.", field="complaints")
        found.append(ref)
    return sorted(set(found))


def add_improvement(actor: Actor, landlord: str, *, what: str, owner: str, due: date | str,
                    complaints: Iterable[str] = (), categories: Iterable[str] = (),
                    today: date, now: datetime) -> dict:
    """Add an improvement action to the register (a manager or above)."""
    _check(actor)
    what, owner = (what or "").strip(), (owner or "").strip()
    if not what:
        raise DomainError("Say what will be improved.", field="what")
    if not owner:
        raise DomainError("Name who owns the action.", field="owner")
    due_on = _day(due, "due", "Enter the due date as a date.")
    if due_on < today:
        raise DomainError("The due date cannot be in the past.", field="due")
    doc = {"what": what, "owner": owner, "due": due_on.isoformat(), "done_on": None, "added_on": today.isoformat(),
           "complaints": _complaints(complaints, landlord), "categories": sorted({c for c in categories if c})}
    key = f"IA-{uuid.uuid4().hex[:8].upper()}"
    return get_store().registers.put(key, doc, kind=KIND, landlord=landlord,
                                     note=_note(actor, now, "Improvement action added"), expected_version=0)


def complete_improvement(actor: Actor, key: str, *, done_on: date | str, version: int, today: date,
                         now: datetime) -> dict:
    """Mark an improvement action done, on the day it was done."""
    _check(actor)
    store = get_store()
    doc = store.registers.get(key)
    if doc is None or doc["kind"] != KIND:
        raise DomainError("There is no improvement action with that reference.")
    if doc["done_on"]:
        raise DomainError("This action is already done.")
    day = _day(done_on, "done_on", "Enter the date it was done.")
    if day > today:
        raise DomainError("The date it was done cannot be in the future.", field="done_on")
    try:
        return store.registers.put(key, {**_fields(doc), "done_on": day.isoformat()}, kind=KIND,
                                   landlord=doc["landlord"], note=_note(actor, now, "Marked done"),
                                   expected_version=version)
    except Conflict:
        raise DomainError("Someone else changed this action while you were working on it. Check it and "
                          "try again.") from None


def _fields(doc: dict) -> dict:
    return {k: doc[k] for k in ("what", "owner", "due", "done_on", "added_on", "complaints", "categories")}


def _check(actor: Actor) -> None:
    if actor.role is None or not actor.role.at_least(Role.MANAGER):
        raise DomainError("Only a manager or someone more senior can change the learning register.")


def improvements(landlord: str) -> list[dict]:
    """Every improvement action of a landlord, oldest due first."""
    return sorted(get_store().registers.all(KIND, landlord), key=lambda d: (d["due"], d["key"]))


def actions_table(landlord: str, period: Period) -> Table:
    """Improvement actions open during the period or done in it, with their status at its end."""
    rows = []
    for d in improvements(landlord):
        added, due = date.fromisoformat(d["added_on"]), date.fromisoformat(d["due"])
        done = date.fromisoformat(d["done_on"]) if d["done_on"] else None
        if added > period.end or (done and done < period.start):
            continue
        status = "Done" if done and done <= period.end else "Overdue" if due < period.end else "Open"
        rows.append((d["key"], d["what"], d["owner"], d["due"], d["done_on"] or "", status,
                     ", ".join(d["complaints"]), ", ".join(d["categories"])))
    return table("improvements", "Improvement actions", (
        "Reference", "What", "Owner", "Due", "Done on", "Status", "Complaints", "Categories"), rows)
