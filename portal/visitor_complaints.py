"""Complaints from people who are not signed in: their record, the emailed link, limits, joining an account.

The complaint is received, and its dates counted, the day it is sent: we have it then,
whoever turns out to have sent it, and that is the date a landlord can defend to the
ombudsman. The sender is confirmed afterwards: by the link we email (which also brings
an unsent draft back on any device, and later shows the complaint), or, with only a
phone number, by a member of staff calling them. Registering later with the confirmed
address turns their customer record into their account, with its complaints.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from flask import current_app

from portal import mail
from portal.accounts import account_note
from portal.casework import act, load_case
from portal.clock import today
from portal.data import get_store
from portal.domain import complaints as c
from portal.domain.events import Actor
from portal.domain.profile import Profile

DRAFT_HOURS = 24  # a draft is kept this long (portal/tenant/draft.py), and so is the link before it is sent


# -- limits -------------------------------------------------------------------------------


def _limit(kind: str) -> int:
    return current_app.config["VISITOR_ADDRESS_COMPLAINTS" if kind == "address" else "VISITOR_EMAIL_LINKS"]


def _window() -> timedelta:
    return timedelta(seconds=current_app.config["VISITOR_WINDOW_SECONDS"])


def limit_reached(kind: str, value: str, now: datetime) -> datetime | None:
    """When `value` (a client address, or an email) may be used again, if it has reached its limit; else None."""
    attempts = get_store().limits.get(f"visitor-{kind}:{value.lower()}", now, _window())
    if attempts.failures < _limit(kind):
        return None
    return datetime.fromisoformat(attempts.since) + _window()


def count_use(kind: str, value: str, now: datetime) -> None:
    """Count one complaint sent from an address, or one link sent to an email (the sign-in limits' store)."""
    get_store().limits.failed(f"visitor-{kind}:{value.lower()}", now, _window(), lambda n: timedelta(0))


# -- the emailed link ---------------------------------------------------------------------


def _link_key(token: str) -> str:
    return "visitor-link:" + hashlib.sha256(token.encode()).hexdigest()


def send_link(draft_key: str, email: str, name: str, profile: Profile, now: datetime) -> str:
    """Email a link that confirms the address and holds the draft; returns the stored key (never the token)."""
    token = secrets.token_urlsafe(32)
    key = _link_key(token)
    expires = (now + timedelta(hours=DRAFT_HOURS)).isoformat()
    get_store().tokens.put(key, {"purpose": "visitor", "draft": draft_key, "email": email}, expires, now=now)
    mail.queue("visitor_confirm", to=email, key=key[:40], secret=True, name=name, profile=profile,
               hours=DRAFT_HOURS, link=mail.external_url("tenant.visitor_link", token=token))
    return key


def forget_link(key: str) -> None:
    """Stop an earlier link working (the visitor gave another address)."""
    get_store().tokens.delete(key)


def link_sent(key: str, case_id: str, now: datetime) -> None:
    """The draft was sent: the link now shows the complaint, for the configured number of days."""
    store = get_store()
    data = store.tokens.get(key, now=now)
    if data:
        data.pop("expires", None)
        until = (now + timedelta(days=current_app.config["VISITOR_LINK_DAYS"])).isoformat()
        store.tokens.put(key, {**data, "case_id": case_id}, until, now=now)


def open_link(token: str, now: datetime) -> dict[str, Any] | None:
    """What a link holds (the draft's key, the email, the complaint once sent); None if unknown or expired."""
    data = get_store().tokens.get(_link_key(token), now=now) if isinstance(token, str) and len(token) < 100 else None
    return data if data and data.get("purpose") == "visitor" else None


def confirm_by_link(data: dict[str, Any], now: datetime) -> None:
    """The link was followed: the email address is confirmed, on the record and the complaint."""
    case = load_case(data["case_id"])
    if case is None or c.to_confirm(case.state) != "email":
        return
    store = get_store()
    record = store.users.get(case.customer_id) or {}
    if (record.get("email") or "").lower() == data["email"].lower() and not record.get("email_confirmed"):
        store.users.update(record["id"], email_confirmed=True,
                           note=account_note(record["id"], f"Email address confirmed with the link sent for "
                                                           f"complaint {case.id}"))
    elif record.get("password_hash"):
        store.users.update(record["id"], note=account_note(
            record["id"], f"Complaint {case.id}, sent without signing in, confirmed from this email address: "
                          "it is now in the account"))
    actor = Actor(case.customer_id, record.get("name", ""))
    act(case.id, c.confirm_contact, actor, today=today(), now=now, how="email")


# -- the customer record ------------------------------------------------------------------


def customer_for(about: dict[str, Any], profile: Profile, *, anonymous: bool, adjustments: list[str] = ()) -> str:
    """The record the complaint is kept on: the one that has this email, or a new one (no account)
    that keeps the adjustments asked for, so its letters honour them."""
    store = get_store()
    email = (about.get("email") or "").strip().lower()
    given = {"name": (about.get("name") or "").strip(), "phone": (about.get("phone") or "").strip(),
             "address": [line.strip() for line in (about.get("address") or "").splitlines() if line.strip()]}
    existing = store.users.by_email(email) if email else None
    if existing and existing.get("kind") == "tenant":
        shown = "; ".join(x for x in (given["name"], given["phone"], ", ".join(given["address"])) if x)
        store.users.update(existing["id"], note=account_note(
            existing["id"], f"A complaint was sent without signing in, from this email address, giving: {shown}"))
        return existing["id"]
    if anonymous:
        given = {"name": "Anonymous", "phone": "", "address": []}
    record = {"kind": "tenant", **given, "email": "" if existing else email, "contact_email": email if existing else "",
              "email_confirmed": False, "password_hash": "", "session_version": 0, "landlord": profile.slug,
              "disabled": False, "created_by": "visitor", "customer_ref": "", "adjustments": list(adjustments), "advocates": [],
              "contact_preference": "email" if email else ("phone" if given["phone"] else ""),
              "anonymous": anonymous}
    return store.users.create({**record, "history": [account_note(
        "visitor", "Customer record made from a complaint sent without an account")]})


def join_account(customer_id: str, now: datetime) -> list[str]:
    """After an account is made from the record: each complaint sent without one, whose address was
    confirmed by its link, notes that it joined it (an unconfirmed one joins when its link is used)."""
    joined = []
    record = get_store().users.get(customer_id) or {}
    for complaint in get_store().complaints.for_customer(customer_id):
        case = load_case(complaint.id)
        received = case.state.events[0] if case and case.state.events else None
        if (received is None or received.get("confirm_by") != "email" or c.to_confirm(case.state)
                or case.state.status not in c.ALLOWED[c.EventKind.CONTACT_CONFIRMED]
                or any(e.get("how") == "account" for e in case.state.events)):
            continue
        act(case.id, c.confirm_contact, Actor(customer_id, record.get("name", "")), today=today(), now=now,
            how="account")
        joined.append(case.id)
    return joined
