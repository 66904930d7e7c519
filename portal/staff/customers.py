"""Customer records as staff keep them: find, create, change, and confirm who may act for a customer.

A customer logged by staff is a tenant record with no password (they cannot sign in
until they register). Advocates who submitted a complaint for someone wait in that
person's `pending_for` list until staff confirm their authority to act.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from portal.accounts import account_note, ask_to_confirm_email, end_sessions
from portal.clock import now_utc
from portal.casework import refresh_customer_details
from portal.conductwork import refresh_conduct_details
from portal.data import get_store
from portal.domain.errors import DomainError
from portal.domain.events import Actor
from portal.domain.roles import Role, holds_rank
from portal.store import Found
from portal.domain.tenure import TENURES, tenure_from

# Adjustments staff can tick; free-text ones are stored as "<code>:<text>".
ADJUSTMENTS = (
    ("large_print", "Large print letters"),
    ("easy_read", "Easy Read versions"),
    ("coloured_paper", "Letters on coloured paper"),
    ("via_representative", "Contact through their representative"),
    ("interpreter", "An interpreter for calls and visits"),
    ("bsl", "A British Sign Language interpreter"),
    ("phone_calls", "Phone calls rather than letters"),
)
_ADJUSTMENT_WORDS = dict(ADJUSTMENTS)
# Adjustments typed in words: (stored code, the customer form's field for the words).
FREE_TEXT_ADJUSTMENTS = (("another_language", "language"), ("preferred_times", "preferred_times"),
                         ("contact_instead", "contact_instead"), ("other", "other_adjustment"))
# The fields of a customer record staff keep, in the words the record history uses.
RECORD_FIELDS = (("name", "name"), ("address", "address"), ("phone", "phone"), ("email", "email"),
                 ("customer_ref", "customer reference"), ("adjustments", "reasonable adjustments"),
                 ("vulnerability", "vulnerability note"), ("tenure", "tenure"))
# The tenures staff choose from (portal/domain/tenure.py), and "not known".
TENURE_CHOICES = (*((t.code, t.words) for t in TENURES), ("", "Not known"))


def adjustment_words(code: str) -> str:
    """An adjustment code in words: 'another_language:Polish' -> 'Letters in Polish'."""
    kind, _, detail = code.partition(":")
    if kind == "another_language":
        return f"Information in {detail}" if detail else "Information in another language"
    if kind == "preferred_times":
        return f"Preferred contact times: {detail}"
    if kind == "contact_instead":
        return f"Contact someone else instead: {detail}"
    if kind == "other":
        return detail
    return _ADJUSTMENT_WORDS.get(code, code.replace("_", " ").capitalize())


def adjustment_answers(codes: Iterable[str]) -> dict[str, Any]:
    """Stored adjustment codes as the customer form's answers: the ticked codes and the typed ones.

    Two typed adjustments of one kind (staff's and the tenant's own) share the field, joined by '; '.
    """
    ticked, typed = [], {name: [] for _, name in FREE_TEXT_ADJUSTMENTS}
    kinds = dict(FREE_TEXT_ADJUSTMENTS)
    for code in codes:
        kind, colon, detail = code.partition(":")
        if colon and kind in kinds:
            if detail.strip():
                typed[kinds[kind]].append(detail.strip())
        elif code in _ADJUSTMENT_WORDS:
            ticked.append(code)
        else:
            typed["other_adjustment"].append(adjustment_words(code))
    return {"adjustments": ticked, **{name: "; ".join(texts) for name, texts in typed.items()}}


def adjustment_codes(answers: Mapping[str, Any]) -> list[str]:
    """The customer form's answers as stored codes: the ticked ones, then 'code:words' for each typed one."""
    codes = list(answers.get("adjustments") or ())
    for code, name in FREE_TEXT_ADJUSTMENTS:
        words = (answers.get(name) or "").strip()
        if words:
            codes.append(f"{code}:{words}")
    return codes


def customer_answers(record: Mapping[str, Any]) -> dict[str, Any]:
    """A stored customer as the customer form's answers, to pre-fill the page that changes them."""
    return {"name": record.get("name", ""), "address": list(record.get("address") or ()),
            "phone": record.get("phone", ""), "email": record.get("email") or "",
            "customer_ref": record.get("customer_ref", ""), "vulnerability": record.get("vulnerability", ""),
            "tenure": record.get("tenure", ""), **adjustment_answers(record.get("adjustments") or ())}


def find_customers(text: str, landlord: str, *, offset: int = 0, limit: int = 50) -> Found:
    """One page of a landlord's customers whose name, reference, email, address or id matches `text`."""
    return get_store().users.find(text, kind="tenant", landlord=landlord, offset=offset, limit=limit)


def clean_fields(*, name: str, address: Iterable[str], phone: str = "", email: str = "", customer_ref: str = "",
                 adjustments: Iterable[str] = (), vulnerability: str = "", tenure: str = "") -> dict[str, Any]:
    """A customer's details as the record keeps them: trimmed, blank address lines dropped, email in lower case."""
    return {"name": name.strip(), "address": [a.strip() for a in address if a.strip()], "phone": phone.strip(),
            "email": email.strip().lower(), "customer_ref": customer_ref.strip(), "adjustments": list(adjustments),
            "vulnerability": vulnerability.strip(), "tenure": found.code if (found := tenure_from(tenure)) else ""}


def create_customer(*, landlord: str, name: str, address: Iterable[str], phone: str = "", email: str = "",
                    customer_ref: str = "", adjustments: Iterable[str] = (), vulnerability: str = "",
                    tenure: str = "", by: str = "staff") -> str:
    """Keep a new customer record (no password, so no sign-in; the email may be blank); returns the user id.

    Raises store.Duplicate when the email already belongs to someone.
    """
    fields: dict[str, Any] = {
        "kind": "tenant", **clean_fields(name=name, address=address, phone=phone, email=email,
                                         customer_ref=customer_ref, adjustments=adjustments,
                                         vulnerability=vulnerability, tenure=tenure),
        "landlord": landlord, "password_hash": "", "session_version": 0, "disabled": False,
        "advocates": [], "created_by": by,
        "history": [account_note(by, "Customer record made by staff")],
    }
    customer_id = get_store().users.create(fields)
    if fields.get("email"):
        ask_to_confirm_email(get_store().users.get(customer_id), now_utc())
    return customer_id


def _same(name: str, old: Any, new: Any) -> bool:
    if name == "adjustments":  # compared as the form shows them, in any order
        return sorted(adjustment_codes(adjustment_answers(old or ()))) == sorted(new)
    if name == "address":
        return list(old or ()) == list(new)
    return (old or "") == new


def customer_changes(record: Mapping[str, Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    """The cleaned `fields` whose value differs from the stored record's, in RECORD_FIELDS order."""
    return {name: fields[name] for name, _ in RECORD_FIELDS
            if name in fields and not _same(name, record.get(name), fields[name])}


def record_version(record: Mapping[str, Any]) -> int:
    """A customer record's version: every change to it adds one note to its history."""
    return len(record.get("history") or ())


def _shown(name: str, value: Any) -> str:
    if name == "address":
        return ", ".join(value or ())
    if name == "adjustments":
        return "; ".join(adjustment_words(code) for code in value or ()) or "none"
    return str(value or "") or "(blank)"


class EditConflict(Exception):
    """Someone else saved the record after this editor opened it: each differing field with both values."""

    def __init__(self, fields: list[tuple[str, str, str]], version: int):
        super().__init__("the customer record changed meanwhile")
        self.fields = fields  # (field in words, the value saved now, the value this editor entered)
        self.version = version


def change_customer(record: Mapping[str, Any], fields: Mapping[str, Any], by: str,
                    expected_version: int | None = None) -> list[str]:
    """Save what staff changed on a customer record in one noted write; the changed fields in words.

    With `expected_version` (the version the editor opened), an edit made meanwhile by someone
    else is never overwritten: EditConflict lists both values instead. A customer who signs in
    loses every session when their email changes, and may not lose the email itself
    (DomainError). Raises store.Duplicate when the new email belongs to someone else.
    """
    if expected_version is not None:
        record = get_store().users.get(record["id"]) or record
        differ = customer_changes(record, fields)
        if record_version(record) != expected_version and differ:
            raise EditConflict([(word, _shown(name, record.get(name)), _shown(name, differ[name]))
                                for name, word in RECORD_FIELDS if name in differ], record_version(record))
    changes = customer_changes(record, fields)
    if not changes:
        return []
    has_account = bool(record.get("password_hash"))
    if "email" in changes and has_account and not changes["email"]:
        raise DomainError("They sign in with their email address, so it cannot be removed", field="email")
    words = [word for name, word in RECORD_FIELDS if name in changes]
    if changes.get("email"):
        changes = {**changes, "email_confirmed": False}  # no news goes to it until its owner confirms it
    store = get_store()
    updated = store.users.update(record["id"], note=account_note(by, "Record changed: " + ", ".join(words)),
                                 **changes)
    if changes.get("email"):
        ask_to_confirm_email(updated, now_utc())
    if "email" in changes and has_account:
        end_sessions(record["id"])
    if changes.keys() & {"name", "address", "customer_ref", "phone", "tenure"}:
        refresh_customer_details(updated)
        refresh_conduct_details(updated)
    return words


def advocates_for(customer_id: str) -> tuple[list[dict], list[dict]]:
    """(confirmed, waiting for confirmation): the advocates who act or asked to act for a customer."""
    confirmed, pending = [], []
    for user in get_store().users.all(kind="advocate"):
        if customer_id in (user.get("acting_for") or ()):
            confirmed.append(user)
        elif customer_id in (user.get("pending_for") or ()):
            pending.append(user)
    return confirmed, pending


def pending_advocate(user_id: str, customer_id: str) -> dict | None:
    """The advocate `user_id` if their authority to act for the customer awaits confirmation."""
    user = get_store().users.get(user_id) if user_id else None
    if user and user.get("kind") == "advocate" and customer_id in (user.get("pending_for") or ()):
        return user
    return None


def confirm_advocate(advocate_id: str, customer_id: str, by: str = "staff") -> dict:
    """Move the customer from the advocate's pending list to the people they act for."""
    store = get_store()
    advocate = store.users.get(advocate_id) or {}
    pending = [c for c in advocate.get("pending_for") or () if c != customer_id]
    acting = list(advocate.get("acting_for") or ())
    if customer_id not in acting:
        acting.append(customer_id)
    updated = store.users.update(advocate_id, pending_for=pending, acting_for=acting,
                                 note=account_note(by, f"Authority to act for {customer_id} confirmed by staff"))
    customer = store.users.get(customer_id) or {}
    named = list(customer.get("advocates") or ())
    if advocate_id not in named:
        store.users.update(customer_id, advocates=[*named, advocate_id],
                           note=account_note(by, f"Staff confirmed {advocate_id} may act for them"))
    return updated


def staff_members(landlord: str, minimum: Role | None = None, *, exclude: str = "") -> list[dict]:
    """The landlord's staff (at least `minimum` in rank), for 'agreed by' and 'authorised by' lists."""
    people = []
    for user in get_store().users.all(kind="staff"):
        if user.get("landlord") != landlord or user.get("disabled") or user["id"] == exclude:
            continue
        role = Role(user["role"]) if user.get("role") else None
        if minimum is None or holds_rank(role, minimum):
            people.append(user)
    return people


def chosen_staff(user_id: str | None, landlord: str, field: str) -> Actor | None:
    """The member of staff chosen from a list, as an Actor (None when none was chosen)."""
    if not user_id:
        return None
    user = get_store().users.get(user_id)
    if not user or user.get("kind") != "staff" or user.get("landlord") != landlord:
        raise DomainError("Choose someone from the list.", field=field)
    return actor_of(user)


def actor_of(user: dict) -> Actor:
    """A stored member of staff as the domain's Actor."""
    return Actor(id=user["id"], name=user["name"], role=Role(user["role"]) if user.get("role") else None)
