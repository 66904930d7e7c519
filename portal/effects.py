"""What a step owes people besides its event: its letter, and the emails it causes.

A step's effects are written on the case's record *in the same durable write as its
event* (`effects=` on `complaints.append` / `conduct.append`), then copied into the outbox
and delivered. Each effect's key is the case id plus its place (`C-2025-000001/3/letter`),
so copying it twice, or rendering a letter twice, changes nothing. A crash after the write
loses nothing: `sweep()` (at start-up and in `flask send-mail`) copies whatever the outbox
lacks, and the sender renders it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable

from flask import current_app

from portal import dispatch, mail
from portal.clock import now_utc
from portal.data import get_profile, get_store
from portal.domain.events import Actor
from portal.domain.roles import Role
from portal.store import OutboxItem
from portal.store.outbox import SKIPPED

#: Renders the letter of event `n` of an aggregate: (case id, owner id, n, sender, today, key) -> letter id.
LetterRenderer = Callable[[str, str, int, Actor, date, str], str | None]

#: Stands for the case's own id in a link's values (a new case has no id until it is written).
CASE = "{case}"
RENDERERS: dict[str, LetterRenderer] = {}


def letter(n: int, sender: Actor, today: date) -> dict[str, Any]:
    """The effect "render the letter of event n" (sender and date as the step had them)."""
    return {"rel": f"{n}/letter", "channel": "letter", "event": n, "today": today.isoformat(),
            "sender": {"id": sender.id, "name": sender.name, "role": sender.role.value if sender.role else None}}


def email(n: int | str, kind: str, user_id: str, *, endpoint: str = "", values: dict | None = None,
          **params: Any) -> dict[str, Any]:
    """The effect "email `user_id` a message of `kind`", linking to `endpoint` in the portal."""
    return {"rel": f"{n}/{kind}/{user_id}", "channel": "email", "kind": kind, "user": user_id,
            "endpoint": endpoint, "values": values or {}, "params": params}


def record(aggregate: str, owner_id: str, case_id: str, effects: Iterable[dict], landlord: str) -> list[str]:
    """Copy a step's effects into the outbox and render its letter now; returns the outbox keys."""
    items = [materialise(aggregate, owner_id, case_id, effect, landlord) for effect in effects]
    get_store().outbox.add(items, now_utc())
    for item in items:
        if item.channel == "letter":
            dispatch.deliver_one(item.key)  # the letter is there when the page comes back
    if any(item.channel == "email" and item.state != SKIPPED for item in items):
        current_app.extensions["mail_wake"].set()
    return [item.key for item in items]


def materialise(aggregate: str, owner_id: str, case_id: str, effect: dict, landlord: str) -> OutboxItem:
    """The outbox item for one recorded effect: a letter to render, or an email composed now."""
    key = f"{case_id}/{effect['rel']}"
    if effect["channel"] == "letter":
        return OutboxItem(key=key, channel="letter", case_id=case_id, to=owner_id, subject="Letter",
                          payload={**effect, "aggregate": aggregate, "owner": owner_id})
    user = get_store().users.get(effect["user"]) or {}
    profile = get_profile(landlord)
    reason = why_not_emailed(user, effect["kind"])
    if reason:
        return OutboxItem(key=key, channel="email", case_id=case_id, to=user.get("email") or "",
                          subject=effect["kind"], state=SKIPPED, error=reason, payload={"kind": effect["kind"]})
    values = {name: case_id if value == CASE else value for name, value in effect["values"].items()}
    link = mail.external_url(effect["endpoint"], **values) if effect["endpoint"] else ""
    params = {name: value.replace(CASE, case_id) if isinstance(value, str) else value
              for name, value in effect["params"].items()}
    return mail.compose(effect["kind"], to=user["email"], key=key, case_id=case_id, name=user.get("name", ""),
                        link=link, profile=profile, **params)


def why_not_emailed(user: dict, kind: str) -> str:
    """Why this person gets no email of this kind ("" if they do)."""
    from portal.mail.kinds import KINDS

    if not user.get("email"):
        return "No email address: letters go by post"
    if not email_confirmed(user):
        return "Email address not confirmed yet"
    if "post_only" in (user.get("adjustments") or ()):
        return "Asked for post only"
    if user.get("notifications") == "required" and not KINDS[kind].required:
        return "Opted out of news"
    return ""


def email_confirmed(user: dict) -> bool:
    """True once the address is confirmed; accounts made with a password by an operator count as confirmed."""
    return bool(user.get("email_confirmed", bool(user.get("password_hash"))))


def wants_post(user: dict | None) -> bool:
    """True if letters to this customer go in the print queue: they asked for post, or cannot be emailed."""
    user = user or {}
    return "post_only" in (user.get("adjustments") or ()) or not (user.get("email") and email_confirmed(user))


def deliver_letter(item: OutboxItem) -> None:
    """Render a recorded letter (the outbox's "letter" channel); a second call finds it made."""
    spec = item.payload
    sender = spec["sender"]
    actor = Actor(id=sender["id"], name=sender["name"], role=Role(sender["role"]) if sender["role"] else None)
    RENDERERS[spec["aggregate"]](item.case_id, spec["owner"], spec["event"], actor,
                                 date.fromisoformat(spec["today"]), item.key)


def sweep() -> int:
    """Copy into the outbox every recorded effect it lacks (after a crash); returns how many."""
    store = get_store()
    known = store.outbox.keys()
    found = []
    for record in map(store.complaints.get, store.complaints.ids()):
        found += [("complaint", record.customer_id, record.id, e, record.landlord) for e in record.effects
                  if f"{record.id}/{e['rel']}" not in known]
    for conduct in store.conduct.all():
        case_id = f"K-{conduct.customer_id}"
        found += [("conduct", conduct.customer_id, case_id, e, conduct.landlord) for e in conduct.effects
                  if f"{case_id}/{e['rel']}" not in known]
    if found:
        store.outbox.add([materialise(*args) for args in found], now_utc())
    return len(found)


dispatch.HANDLERS["letter"] = deliver_letter
dispatch.SWEEPS.append(sweep)
