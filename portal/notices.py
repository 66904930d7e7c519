"""Who is told what after a step: the effects (letter, emails) each event owes.

Pure choices over the event, the new state and the people involved; `portal/effects.py`
turns them into outbox items. The customer's side hears of letters and dates; staff hear
of new work. Whether an email can actually go (address confirmed, opted out, post only) is
decided when it is composed, and shown on the case when it cannot.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from portal import effects
from portal.data import get_store
from portal.domain import complaints as c
from portal.domain.conduct.kinds import ConductEventKind as K
from portal.domain.events import Actor, Event, awaits
from portal.domain.profile import Profile
from portal.domain.roles import Role

_PROTOCOL_CHANGES = {K.PROTOCOL_IMPOSED: "put in place", K.PROTOCOL_VARIED: "changed",
                     K.REVIEW_COMPLETED: "reviewed", K.PROTOCOL_ENDED: "ended"}
# What a proposal is called in the email to whoever decides it (any other kind: named from the kind).
_PROPOSALS = {K.CHANGE_PROPOSED.value: "A change to a contact arrangement to authorise",
              c.EventKind.EX_GRATIA_PROPOSED.value: f"An ex-gratia payment on complaint {effects.CASE} to decide"}


def customer_side(customer: dict | None) -> list[str]:
    """The people told about a customer's cases: the customer (unless they asked for contact
    through someone acting for them) and every advocate they have named."""
    if not customer:
        return []
    store = get_store()
    advocates = [u["id"] for u in store.users.all(kind="advocate") if customer["id"] in (u.get("acting_for") or ())]
    via_rep = "via_representative" in (customer.get("adjustments") or ())
    return advocates if via_rep and advocates else [customer["id"], *advocates]


def staff_with(landlord: str, *roles: Role) -> list[str]:
    """Active staff of a landlord holding one of `roles`."""
    wanted = {r.value for r in roles}
    return [u["id"] for u in get_store().users.all(kind="staff")
            if u.get("landlord") == landlord and u.get("role") in wanted and not u.get("disabled")]


def deciders(landlord: str, role: Role, proposer: str) -> list[str]:
    """Who decides a proposal: staff holding the role it names (if none, anyone more senior), never its proposer."""
    holders = [u for u in staff_with(landlord, role) if u != proposer]
    return holders or [u for u in staff_with(landlord, *(r for r in Role if r.rank > role.rank)) if u != proposer]


def approvals(n: int, event: Event, landlord: str, endpoint: str, values: dict, about: str = "") -> list[dict[str, Any]]:
    """A proposal waiting for a more senior role: an email to each person who may decide it (`about`: where)."""
    role = awaits(event)
    if role is None:
        return []
    noun = event.kind.removesuffix("_proposed").replace("_", " ")
    what = _PROPOSALS.get(event.kind, f"A proposed {noun}{about} to decide")
    return [effects.email(n, "staff_waiting", who, endpoint=endpoint, values=values, what=what)
            for who in deciders(landlord, role, event.by)]


def for_complaint(n: int, event: Event, state: c.ComplaintState, profile: Profile,
                  customer: dict | None, sender: Actor, today: date, *, letter: bool) -> list[dict[str, Any]]:
    """The effects of event `n` of a complaint: its letter, news for the customer's side, work for staff."""
    kind = c.EventKind(event.kind)
    out: list[dict[str, Any]] = [effects.letter(n, sender, today)] if letter else []
    # Nobody is told of a complaint sent without an account until its email address is confirmed.
    told = [] if state.anonymous or c.to_confirm(state) == "email" else customer_side(customer)
    page = {"endpoint": "tenant.complaint", "values": {"case_id": effects.CASE}}
    if kind is c.EventKind.RECEIVED:
        out += [effects.email(n, "complaint_received", who, **page) for who in told]
        out += [effects.email(n, "staff_new_complaint", who, endpoint="staff.case", values={"case_id": effects.CASE})
                for who in staff_with(profile.slug, Role.COMPLAINTS_OFFICER)]
    if letter:
        out += [effects.email(n, "letter_issued", who, **page) for who in told]
    if kind is c.EventKind.EXTENDED:
        out += [effects.email(n, "reply_date_changed", who, **page) for who in told]
    case_page = {"endpoint": "staff.case", "values": {"case_id": effects.CASE}}
    owner = (event.get("owner") or {}).get("id") if kind is c.EventKind.ASSIGNED else None
    if owner and owner != event.by:  # given to someone: they hear of it (taking a case tells nobody)
        out.append(effects.email(n, "staff_assigned", owner, **case_page))
    return out + approvals(n, event, profile.slug, **case_page, about=f" on complaint {effects.CASE}")


def for_conduct(customer_id: str, n: int, event: Event, profile: Profile, sender: Actor, today: date,
                *, letter: bool) -> list[dict[str, Any]]:
    """The effects of event `n` of a conduct file: its letter, news of a protocol, an appeal for staff."""
    kind = K(event.kind)
    out: list[dict[str, Any]] = [effects.letter(n, sender, today)] if letter else []
    if kind in _PROTOCOL_CHANGES:
        customer = get_store().users.get(customer_id)
        out += [effects.email(n, "protocol_changed", who, endpoint="tenant.contact_arrangements",
                              values={} if who == customer_id else {"customer_id": customer_id},
                              change=_PROTOCOL_CHANGES[kind]) for who in customer_side(customer)]
    if kind is K.APPEAL_LODGED:
        out += [effects.email(n, "staff_waiting", who, endpoint="staff.conduct_file",
                              values={"customer_id": customer_id}, what="An appeal against a contact arrangement")
                for who in staff_with(profile.slug, profile.conduct.appeal_role)]
    return out + approvals(n, event, profile.slug, "staff.conduct_file", {"customer_id": customer_id})
