"""Customer records as staff keep them: find, create, and confirm who may act for a customer.

A customer logged by staff is a tenant record with no password (they cannot sign in
until they register). Advocates who submitted a complaint for someone wait in that
person's `pending_for` list until staff confirm their authority to act.
"""

from __future__ import annotations

from typing import Any, Iterable

from portal.accounts import account_note
from portal.data import get_store
from portal.domain.events import Actor
from portal.domain.roles import Role, holds_rank

# Adjustments staff can tick; free-text ones are stored as "<code>:<text>".
ADJUSTMENTS = (
    ("large_print", "Large print letters"),
    ("easy_read", "Easy Read versions"),
    ("coloured_paper", "Letters on coloured paper"),
    ("via_representative", "Contact through their representative"),
    ("interpreter", "An interpreter for calls and visits"),
)
_ADJUSTMENT_WORDS = dict(ADJUSTMENTS)


def adjustment_words(code: str) -> str:
    """An adjustment code in words: 'another_language:Polish' -> 'Letters in Polish'."""
    kind, _, detail = code.partition(":")
    if kind == "another_language":
        return f"Information in {detail}" if detail else "Information in another language"
    if kind == "preferred_times":
        return f"Preferred contact times: {detail}"
    if kind == "other":
        return detail
    return _ADJUSTMENT_WORDS.get(code, code.replace("_", " ").capitalize())


def _haystack(record: dict) -> str:
    parts = [record.get("id", ""), record.get("name", ""), record.get("customer_ref", ""),
             record.get("email") or "", " ".join(record.get("address") or ())]
    return " ".join(parts).lower()


def find_customers(text: str, landlord: str, limit: int = 50) -> list[dict]:
    """Customers of a landlord whose name, reference, email, address or id contains `text`."""
    needle = text.strip().lower()
    if not needle:
        return []
    found = [u for u in get_store().users.all(kind="tenant")
             if u.get("landlord") == landlord and needle in _haystack(u)]
    return found[:limit]


def create_customer(*, landlord: str, name: str, address: Iterable[str], phone: str = "", email: str = "",
                    customer_ref: str = "", adjustments: Iterable[str] = (), vulnerability: str = "",
                    by: str = "staff") -> str:
    """Keep a new customer record (no password, so no sign-in; the email may be blank); returns the user id.

    Raises store.Duplicate when the email already belongs to someone.
    """
    fields: dict[str, Any] = {
        "kind": "tenant", "name": name.strip(), "address": [a.strip() for a in address if a.strip()],
        "phone": phone.strip(), "email": email.strip().lower(), "customer_ref": customer_ref.strip(),
        "adjustments": list(adjustments), "vulnerability": vulnerability.strip(),
        "landlord": landlord, "password_hash": "", "session_version": 0, "disabled": False,
        "advocates": [], "created_by": by,
        "history": [account_note(by, "Customer record made by staff")],
    }
    return get_store().users.create(fields)


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


def actor_of(user: dict) -> Actor:
    """A stored member of staff as the domain's Actor."""
    return Actor(id=user["id"], name=user["name"], role=Role(user["role"]) if user.get("role") else None)
