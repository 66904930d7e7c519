"""Subject access requests: track the one-month deadline, review redactions, and export everything held.

A request is a register document (kind "subject_access") with its own history, so every
step (received, redactions chosen, released) is recorded with who and when. The export
is built afresh from the store each time, with the chosen names redacted, as a ZIP: an
index PDF, the customer record and its history, every complaint's events and letters,
the conduct file and its letters, and the access log.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any, Iterable

import orjson
from flask import render_template

from portal.accounts import account_note
from portal.data import get_store
from portal.domain.calendar import calendar_for
from portal.domain.complaints.wording import long_date
from portal.domain.profile import Profile
from portal.domain.subject_access import due_on, redactor
from portal.retention import evidence_refs
from portal.staff.access_log import page_words
from portal.store import NotFound

KIND = "subject_access"
_PRIVATE = ("password_hash", "session_version")


@dataclass(frozen=True)
class Person:
    """Someone other than the customer named in their records: staff or a third party."""
    name: str
    who: str  # "staff" or "third party"
    ids: tuple[str, ...] = ()


def request_key(customer_id: str, received_on: date) -> str:
    """The register key of a customer's request received on a date (one request a day per customer)."""
    return f"SAR-{customer_id}-{received_on.isoformat()}"


def open_request(customer: dict, received_on: date, *, by: str, profile: Profile) -> dict:
    """Record a new request and its deadline; the store refuses a second one the same day (Conflict)."""
    due = due_on(received_on, calendar_for(profile.nation))
    return get_store().registers.put(
        request_key(customer["id"], received_on),
        {"customer_id": customer["id"], "received_on": received_on.isoformat(), "due_on": due.isoformat(),
         "status": "open", "redactions": [], "released_on": ""},
        kind=KIND, landlord=profile.slug, expected_version=0,
        note=account_note(by, f"Subject access request received on {received_on.isoformat()}"))


def requests(landlord: str, *, open_only: bool = True) -> list[dict]:
    """A landlord's requests (the open ones by default), soonest due first."""
    found = [r for r in get_store().registers.all(KIND, landlord) if not open_only or r["status"] == "open"]
    return sorted(found, key=lambda r: (r["due_on"], r["key"]))


def for_customer(customer_id: str, landlord: str) -> list[dict]:
    """Every request a customer has made, newest first."""
    return sorted((r for r in get_store().registers.all(KIND, landlord) if r["customer_id"] == customer_id),
                  key=lambda r: r["received_on"], reverse=True)


def choose_redactions(request: dict, names: Iterable[str], *, by: str) -> dict:
    """Keep the names to redact; Conflict if a colleague changed the request meanwhile."""
    names = sorted(set(names))
    return get_store().registers.put(
        request["key"], {**_fields(request), "redactions": names}, kind=KIND, landlord=request["landlord"],
        expected_version=request["version"],
        note=account_note(by, f"Redactions reviewed: {len(names)} name{'' if len(names) == 1 else 's'} to remove"))


def mark_released(request: dict, on: date, *, by: str) -> dict:
    """Close the request: the export was sent to the customer on `on`."""
    return get_store().registers.put(
        request["key"], {**_fields(request), "status": "released", "released_on": on.isoformat()},
        kind=KIND, landlord=request["landlord"], expected_version=request["version"],
        note=account_note(by, f"Export released to the customer on {on.isoformat()}"))


def _fields(request: dict) -> dict:
    return {k: request[k] for k in ("customer_id", "received_on", "due_on", "status", "redactions", "released_on")}


def _people_in(value: Any, found: dict[str, Person], customer_id: str) -> None:
    """Collect named people in event data: dicts with a name (staff when they carry a role)."""
    if isinstance(value, dict):
        name = value.get("name") if isinstance(value.get("name"), str) else ""
        if name and value.get("id") != customer_id:
            who = "staff" if value.get("role") else "third party"
            ids = (value["id"],) if isinstance(value.get("id"), str) and value["id"] else ()
            _add(found, Person(name, who, ids))
        for inner in value.values():
            _people_in(inner, found, customer_id)
    elif isinstance(value, list):
        for inner in value:
            _people_in(inner, found, customer_id)


def _add(found: dict[str, Person], person: Person) -> None:
    key = person.name.strip().lower()
    if not key:
        return
    old = found.get(key)
    ids = tuple(sorted(set((old.ids if old else ()) + person.ids)))
    found[key] = Person(old.name if old else person.name.strip(), "staff" if "staff" in (person.who, old and old.who)
                        else person.who, ids)


def held_about(customer_id: str) -> dict[str, Any]:
    """Everything the store holds about a customer, as plain data (letters as their metadata)."""
    store = get_store()
    customer = {k: v for k, v in (store.users.get(customer_id) or {}).items() if k not in _PRIVATE}
    complaints = []
    for record in store.complaints.for_customer(customer_id):
        complaints.append({"id": record.id, "events": list(record.events),
                           "letters": store.letters.for_case(record.id)})
    conduct = store.conduct.get(customer_id)
    advocates = [{"id": u["id"], "name": u.get("name", "")} for u in store.users.all(kind="advocate")
                 if customer_id in (u.get("acting_for") or ()) or customer_id in (u.get("pending_for") or ())]
    addresses = {a for a in (customer.get("email"), customer_id) if a}
    case_ids = [c["id"] for c in complaints] + [f"K-{customer_id}"]
    messages = {m.key: m for case_id in case_ids for m in store.outbox.for_case(case_id)}
    messages.update({m.key: m for m in store.outbox.all() if m.to in addresses})
    return {
        "customer": customer, "complaints": complaints, "advocates": advocates,
        "messages": [m.to_dict() for m in sorted(messages.values(), key=lambda m: (m.created, m.key))],
        "conduct": {"events": list(conduct.events) if conduct else [],
                    "letters": store.letters.for_case(f"K-{customer_id}")},
        "access_log": store.access.for_customer(customer_id),
    }


def people_named(held: dict[str, Any]) -> list[Person]:
    """Staff and third parties named in what is held, for the redaction review (staff first, by name)."""
    store = get_store()
    customer_id = held["customer"].get("id", "")
    found: dict[str, Person] = {}
    events = [e for c in held["complaints"] for e in c["events"]] + list(held["conduct"]["events"])
    for event in events:
        if event.get("by_name") and event.get("by") != customer_id:
            _add(found, Person(event["by_name"], "staff" if event.get("by_role") else "third party",
                               (event["by"],) if event.get("by") else ()))
        _people_in(event.get("data", {}), found, customer_id)
    for person in held["advocates"]:
        _add(found, Person(person["name"], "third party", (person["id"],)))
    staff_ids = {line["by"] for line in held["access_log"]} | {
        line.get("by", "") for line in held["customer"].get("history", ())}
    for staff_id in sorted(i for i in staff_ids if i and i != customer_id):
        user = store.users.get(staff_id)
        if user and user.get("kind") == "staff":
            _add(found, Person(user.get("name", ""), "staff", (staff_id,)))
    return sorted(found.values(), key=lambda p: (p.who != "staff", p.name.lower()))


def _json(value: Any) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)


def build_export(request: dict, profile: Profile, *, made_on: date) -> bytes:
    """The ZIP for a request, with its chosen names (and those people's ids) redacted."""
    from portal.documents.pdf import render_pdf

    store = get_store()
    held = held_about(request["customer_id"])
    chosen = {n.lower() for n in request["redactions"]}
    people = people_named(held)
    redact = redactor([*request["redactions"], *(i for p in people if p.name.lower() in chosen for i in p.ids)])
    safe = redact(held)
    files: list[tuple[str, bytes, str]] = [
        ("customer.json", _json({k: v for k, v in safe["customer"].items() if k != "history"}),
         "Your record: name, contact details, tenure and reasonable adjustments"),
        ("account-history.json", _json(safe["customer"].get("history", [])),
         "Every change made to your record, with when and by whom"),
        ("access-log.json", _json([{**v, "what": page_words(v["what"])} for v in safe["access_log"]]),
         "Every time a member of staff looked at your records"),
    ]
    if safe["messages"]:
        files.append(("messages.json", _json(safe["messages"]),
                      "Every email and letter we sent or planned to send you, with when and whether it went"))
    if safe["advocates"]:
        files.append(("people-acting-for-you.json", _json(safe["advocates"]), "People who act for you"))
    for complaint, original in zip(safe["complaints"], held["complaints"]):
        base = f"complaints/{original['id']}"
        files.append((f"{base}/events.json", _json(complaint["events"]),
                      f"Complaint {original['id']}: everything recorded on it, in order"))
        for letter in original["letters"]:
            if letter.get("erased"):
                continue
            files.append((f"{base}/letters/{letter['id']}.pdf", store.letters.pdf_bytes(letter["id"]),
                          f"Letter: {letter.get('title', letter['kind'])} (a copy of what was sent to you)"))
        for number, ref in enumerate(evidence_refs(original["events"]), start=1):
            try:
                data = store.evidence.get(ref["sha256"])
            except NotFound:
                continue  # removed under the retention policy
            name = re.sub(r"[^A-Za-z0-9._-]+", "-", ref.get("name") or "file").strip("-") or "file"
            files.append((f"{base}/evidence/{number:02d}-{name}", data,
                          f"A photo or document sent with the complaint ({ref.get('name') or 'no name'})"))
    if held["conduct"]["events"]:
        files.append(("conduct/events.json", _json(safe["conduct"]["events"]),
                      "Your customer conduct file: incidents, warnings, decisions and appeals"))
    for letter in held["conduct"]["letters"]:
        if letter.get("erased"):
            continue
        files.append((f"conduct/letters/{letter['id']}.pdf", store.letters.pdf_bytes(letter["id"]),
                      f"Letter: {letter.get('title', letter['kind'])} (a copy of what was sent to you)"))
    index_html = render_template("staff/subject_access_index.html", landlord=profile, request=request,
                                 customer=safe["customer"], files=files, made_on=made_on,
                                 redacted=len(request["redactions"]), long_date=long_date, from_iso=date.fromisoformat)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.pdf", render_pdf(index_html, base_url=None, allowed_roots=[]))
        for name, data, _ in files:
            archive.writestr(name, data)
    return buffer.getvalue()
