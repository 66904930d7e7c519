"""Importing customers and their homes from a housing system's CSV export.

The whole file is checked before anything is stored: a dry run and the real run build
the same plan, and the real run stores nothing unless every row is good, so a file is
never half-imported. Rows are matched to records by the customer reference, so running
the same file again changes nothing. A blank cell leaves what the record holds, and
adjustments are only ever added (a tenant's own choices are never dropped by an import).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from email_validator import EmailNotValidError, validate_email

from portal.accounts import account_note
from portal.casework import refresh_customer_details
from portal.data import get_store
from portal.domain.tenure import TENURES, tenure_from
from portal.staff.customers import ADJUSTMENTS, FREE_TEXT_ADJUSTMENTS

# Each field and the headers housing systems use for it (compared in lower case, words only).
COLUMNS: dict[str, tuple[str, ...]] = {
    "customer_ref": ("reference", "customer reference", "customer ref", "tenant reference", "tenancy reference",
                     "person reference", "ref"),
    "name": ("name", "full name", "customer name", "tenant name"),
    "address": ("address", "address 1", "address 2", "address 3", "address 4", "address line 1",
                "address line 2", "address line 3", "address line 4", "street", "town"),
    "postcode": ("postcode", "post code", "postal code"),
    "phone": ("phone", "telephone", "phone number", "telephone number", "mobile", "tel"),
    "email": ("email", "email address", "e mail"),
    "tenure": ("tenure", "tenure type"),
    "adjustments": ("adjustments", "reasonable adjustments", "known adjustments", "needs"),
}
REQUIRED = ("customer_ref", "name", "postcode", "tenure")
FIELD_WORDS = {"customer_ref": "reference", "name": "name", "address": "address", "phone": "phone",
               "email": "email", "tenure": "tenure", "adjustments": "adjustments"}
_POSTCODE = re.compile(r"^(GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-HJKMNPR-Y]? ?[0-9][ABD-HJLNP-UW-Z]{2})$")
_PHONE = re.compile(r"^\+?[0-9 ()\-]{10,20}$")
_MAX_CELL = 500


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", header.lower()).strip()


_HEADER_FIELD = {_key(h): name for name, headers in COLUMNS.items() for h in headers}


@dataclass(frozen=True)
class PlannedRow:
    """One data row: what the import would do with it, and why."""
    line: int
    reference: str
    action: str  # "create", "update", "unchanged" or "refuse"
    reasons: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # the fields that change, in words
    customer_id: str = ""
    fields: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ImportPlan:
    """What a file would do: its rows, and any problem with the file as a whole."""
    rows: tuple[PlannedRow, ...]
    problems: tuple[str, ...] = ()
    ignored_columns: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the file may be imported: no problem with the file and no refused row."""
        return not self.problems and not any(r.action == "refuse" for r in self.rows)

    def count(self, action: str) -> int:
        """How many rows the import would `action` ("create", "update", "unchanged", "refuse")."""
        return sum(1 for r in self.rows if r.action == action)


def _postcode(text: str) -> str | None:
    compact = re.sub(r"\s+", "", text.upper())
    if not _POSTCODE.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"


def _adjustments(text: str) -> list[str]:
    """Adjustment codes from a cell ('Large print; Interpreter: Polish'), in the codes staff pages use."""
    words = {name: code for code, w in ADJUSTMENTS for name in (code, code.replace("_", " "), w.lower())}
    typed = {code: code for code, _ in FREE_TEXT_ADJUSTMENTS} | {
        "language": "another_language", "interpreter": "another_language", "contact times": "preferred_times"}
    codes = []
    for item in (part.strip() for part in re.split(r"[;|]", text)):
        if not item:
            continue
        kind, colon, detail = item.partition(":")
        if item.lower() in words:
            codes.append(words[item.lower()])
        elif colon and kind.strip().lower() in typed and detail.strip():
            codes.append(f"{typed[kind.strip().lower()]}:{detail.strip()}")
        else:
            codes.append(f"other:{item}")
    return codes


def _check_row(line: int, cells: Mapping[str, list[str]]) -> tuple[dict[str, Any], list[str]]:
    """One row's cells as record fields, and the reasons to refuse it (empty when it is good)."""
    reasons: list[str] = []
    value = {name: " ".join(v for v in cells.get(name, ()) if v).strip() for name in COLUMNS}
    for name, text in value.items():
        if len(text) > _MAX_CELL:
            reasons.append(f"The {FIELD_WORDS.get(name, name)} is longer than {_MAX_CELL} characters")
    for name in REQUIRED:
        if not value[name]:
            reasons.append(f"There is no {FIELD_WORDS.get(name, name)}")
    fields: dict[str, Any] = {"customer_ref": value["customer_ref"], "name": value["name"]}
    postcode = _postcode(value["postcode"]) if value["postcode"] else ""
    if postcode is None:
        reasons.append(f"'{value['postcode']}' is not a UK postcode")
    lines = [v.strip() for v in cells.get("address", ()) if v.strip()]
    if len(lines) == 1:
        lines = [part.strip() for part in lines[0].split(",") if part.strip()]
    fields["address"] = [*lines, postcode] if postcode else lines
    if value["phone"]:
        if not _PHONE.match(value["phone"]):
            reasons.append(f"'{value['phone']}' is not a phone number")
        fields["phone"] = value["phone"]
    if value["email"]:
        try:
            fields["email"] = validate_email(value["email"], check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            reasons.append(f"'{value['email']}' is not an email address")
    if value["tenure"]:
        tenure = tenure_from(value["tenure"])
        if tenure is None:
            known = ", ".join(t.words for t in TENURES)
            reasons.append(f"'{value['tenure']}' is not a tenure we know (use one of: {known})")
        else:
            fields["tenure"] = tenure.code
    fields["adjustments"] = _adjustments(value["adjustments"])
    return fields, reasons


def read_rows(text: str) -> tuple[list[tuple[int, dict[str, list[str]]]], list[str], list[str]]:
    """(line and cells by field of each row, problems with the file, columns ignored) from CSV text."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except StopIteration:
        return [], ["The file is empty"], []
    except csv.Error as error:
        return [], [f"The file is not CSV: {error}"], []
    mapped = [_HEADER_FIELD.get(_key(h)) for h in header]
    ignored = [h for h, m in zip(header, mapped) if m is None and h.strip()]
    problems = [f"There is no column for the {FIELD_WORDS.get(n, n)} (headed, for example, '{COLUMNS[n][0]}')"
                for n in REQUIRED if n not in mapped]
    for name in set(m for m in mapped if m and m not in ("address",)):
        if mapped.count(name) > 1:
            problems.append(f"Two columns give the {FIELD_WORDS.get(name, name)}")
    rows = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            by_field: dict[str, list[str]] = {}
            for name, cell in zip(mapped, cells):
                if name:
                    by_field.setdefault(name, []).append(cell.strip())
            if len(cells) > len(header):
                by_field["_extra"] = cells[len(header):]
            rows.append((reader.line_num, by_field))
    except csv.Error as error:
        problems.append(f"Line {reader.line_num} cannot be read: {error}")
    return rows, problems, ignored


def _differences(record: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """What the import would change on a stored record: non-blank fields that differ, adjustments added."""
    changes: dict[str, Any] = {}
    for name in ("name", "address", "phone", "tenure"):
        new = fields.get(name)
        if new and new != record.get(name):
            changes[name] = new
    have = list(record.get("adjustments") or ())
    added = [code for code in fields.get("adjustments", ()) if code not in have]
    if added:
        changes["adjustments"] = have + added
    return changes


def plan_import(text: str, landlord: str) -> ImportPlan:
    """Check every row of a CSV export against the file and the store: what importing it would do."""
    rows, problems, ignored = read_rows(text)
    if problems:
        return ImportPlan(rows=(), problems=tuple(problems), ignored_columns=tuple(ignored))
    if not rows:
        return ImportPlan(rows=(), problems=("The file has a header but no customers",), ignored_columns=tuple(ignored))
    everyone = get_store().users.all()
    by_ref: dict[str, list[dict]] = {}
    for user in everyone:
        if user.get("kind") == "tenant" and user.get("landlord") == landlord and user.get("customer_ref"):
            by_ref.setdefault(user["customer_ref"].strip().lower(), []).append(user)
    owner_of_email = {u["email"].lower(): u for u in everyone if u.get("email")}
    checked = [(line, *_check_row(line, cells), cells) for line, cells in rows]
    lines_of_ref: dict[str, list[int]] = {}
    lines_of_email: dict[str, list[int]] = {}
    for line, fields, _, _ in checked:
        if fields["customer_ref"]:
            lines_of_ref.setdefault(fields["customer_ref"].lower(), []).append(line)
        if fields.get("email"):
            lines_of_email.setdefault(fields["email"], []).append(line)
    planned = []
    for line, fields, reasons, cells in checked:
        reasons = list(reasons)
        if cells.get("_extra"):
            reasons.append("The row has more cells than the header has columns")
        ref = fields["customer_ref"]
        same_ref = lines_of_ref.get(ref.lower(), [])
        if ref and len(same_ref) > 1:
            reasons.append(f"The reference {ref} is on more than one line ({', '.join(map(str, same_ref))})")
        email = fields.get("email", "")
        if email and len(lines_of_email[email]) > 1:
            reasons.append(f"The email {email} is on more than one line ({', '.join(map(str, lines_of_email[email]))})")
        matches = by_ref.get(ref.lower(), []) if ref else []
        if len(matches) > 1:
            reasons.append(f"{len(matches)} records already have the reference {ref} "
                           f"({', '.join(u['id'] for u in matches)}): merge them first")
        record = matches[0] if len(matches) == 1 else None
        owner = owner_of_email.get(email) if email else None
        if owner and (record is None or owner["id"] != record["id"]):
            reasons.append(f"The email {email} belongs to another record ({owner['id']})")
        if record and email and (record.get("email") or "") not in ("", email):
            reasons.append(f"The record {record['id']} has a different email ({record['email']}); "
                           "change it on the customer page")
        if reasons:
            planned.append(PlannedRow(line, ref, "refuse", tuple(reasons), fields=fields))
        elif record is None:
            planned.append(PlannedRow(line, ref, "create", fields=fields))
        else:
            changes = _differences(record, fields)
            if email and not record.get("email"):
                changes["email"] = email
            words = tuple(FIELD_WORDS[name] for name in FIELD_WORDS if name in changes)
            planned.append(PlannedRow(line, ref, "update" if changes else "unchanged", changes=words,
                                      customer_id=record["id"], fields=changes))
    return ImportPlan(rows=tuple(planned), ignored_columns=tuple(ignored))


def apply_import(plan: ImportPlan, *, landlord: str, by: str, source: str) -> ImportPlan:
    """Store a good plan: new records in one write per shard, changed ones the same, each change noted.

    Refuses (ValueError) a plan that is not ok, so nothing is ever half-imported.
    """
    if not plan.ok:
        raise ValueError("the file has refused rows; nothing was imported")
    store = get_store()
    creates = [r for r in plan.rows if r.action == "create"]
    new = [{
        "kind": "tenant", "landlord": landlord, "name": r.fields["name"], "address": list(r.fields["address"]),
        "phone": r.fields.get("phone", ""), "email": r.fields.get("email", ""),
        "customer_ref": r.fields["customer_ref"], "tenure": r.fields.get("tenure", ""),
        "adjustments": list(r.fields.get("adjustments", ())), "vulnerability": "",
        "password_hash": "", "session_version": 0, "disabled": False, "advocates": [], "created_by": by,
        "history": [account_note(by, f"Customer record imported from {source} (line {r.line})")],
    } for r in creates]
    ids = store.users.create_many(new) if new else []
    updates = [r for r in plan.rows if r.action == "update"]
    notes = {r.customer_id: account_note(by, f"Record changed by an import from {source} (line {r.line}): "
                                         + ", ".join(r.changes)) for r in updates}
    batch = {r.customer_id: dict(r.fields) for r in updates if "email" not in r.fields}
    if batch:
        store.users.update_many(batch, notes)
    for r in updates:  # a new email is checked for uniqueness under the store's lock, one record at a time
        if "email" in r.fields:
            store.users.update(r.customer_id, note=notes[r.customer_id], **r.fields)
    for r in updates:
        if {"name", "address"} & set(r.fields):
            refresh_customer_details(store.users.get(r.customer_id) or {})
    created = iter(ids)
    rows = tuple(PlannedRow(r.line, r.reference, r.action, r.reasons, r.changes,
                            next(created) if r.action == "create" else r.customer_id, r.fields) for r in plan.rows)
    return ImportPlan(rows=rows, ignored_columns=plan.ignored_columns)


def describe(plan: ImportPlan) -> Iterable[str]:
    """The plan as lines of text: totals, then every row that is not unchanged."""
    if plan.problems:
        yield "The file cannot be imported:"
        yield from (f"  {p}" for p in plan.problems)
        return
    yield (f"{plan.count('create')} to create, {plan.count('update')} to update, "
           f"{plan.count('unchanged')} unchanged, {plan.count('refuse')} refused")
    if plan.ignored_columns:
        yield "Columns not used: " + ", ".join(plan.ignored_columns)
    for row in plan.rows:
        if row.action == "refuse":
            yield f"  line {row.line} ({row.reference or 'no reference'}): refused: " + "; ".join(row.reasons)
        elif row.action == "update":
            yield f"  line {row.line} ({row.reference}): update {row.customer_id}: " + ", ".join(row.changes)
        elif row.action == "create":
            yield f"  line {row.line} ({row.reference}): create{' ' + row.customer_id if row.customer_id else ''}"
