"""A complaint's history in plain words, for the tenant or for staff.

The tenant's version leaves out internal notes, ex-gratia proposals, staff names and
other staff-only details (risk flags, learning, exclusion codes); staff see everything.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterable

from portal.domain.complaints.kinds import BEYOND_STANDARD, OMBUDSMAN_DECISIONS, OMBUDSMAN_FINDINGS, EventKind, Outcome
from portal.domain.complaints.wording import long_date, money
from portal.domain.events import Event
from portal.domain.profile import Profile
from portal.domain.roles import Role


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a complaint's history."""

    on: date
    kind: str
    title: str
    text: str
    by: str = ""  # who did it; blank in the tenant's version


CHANNEL_WORDS = {
    "in_person": "in person", "phone": "by phone", "letter": "by letter", "email": "by email",
    "online": "online", "social_media": "on social media",
}

_Entry = tuple[str, str]  # (title, text)
_Writer = Callable[[Event, Profile, bool, dict[str, str]], "_Entry | None"]


def _sentence(part: str) -> str:
    part = part.strip()
    return part if part[-1] in ".!?:)" else part + "."


def _capital(text: str) -> str:
    """Text starting with a capital letter, for a sentence made from a customer's phrase."""
    return text[:1].upper() + text[1:]


def _join(*parts: str) -> str:
    """Sentences joined with spaces, each ending in a full stop."""
    return " ".join(_sentence(p) for p in parts if p and p.strip())


def _received(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    title = "Complaint received" if e.kind == EventKind.RECEIVED else "Service request turned into a complaint"
    how = CHANNEL_WORDS.get(e.get("channel", ""), "")
    summary = e.get("summary", "")
    text = _join(f"Received {how}" + (f", about {summary}" if summary else "") if how else _capital(summary))
    if not tenant:
        rep = e.get("on_behalf_of") or e.get("representative")
        text = _join(
            text, "Made anonymously." if e.get("anonymous") else "",
            f"Made by {rep.get('name')} ({rep.get('relationship')})." if rep else "",
            "Flagged: risk of harm (health and safety or safeguarding)." if e.get("risk_of_harm") else "",
            _petition_line(e, p),
        )
    return title, text


def _petition_line(e: Event, p: Profile) -> str:
    """Staff see where a petition went straight to (Torus 3.19)."""
    if not e.get("petition"):
        return ""
    routed = [p.title(Role(r)) for r in e.get("routed_to") or ()]
    return "A petition or group letter" + (f": sent straight to the {' and the '.join(routed)}" if routed else "")


def _service_request(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "Service request logged", e.get("summary", "")


def _acknowledged(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    understanding = e.get("understanding", "")
    sought = e.get("outcome_sought", "")
    return f"Stage {e.get('stage', 1)} complaint acknowledged", _join(
        f"Our understanding of the complaint: {understanding}" if understanding else "",
        f"The outcome you want: {sought}" if sought else "",
    )


def _extended(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    text = _join(e.get("reason", ""), f"We will now reply by {long_date(e.date('new_due'))}.")
    agreed = e.get("customer_agreed")
    if not tenant and agreed is not None:
        text = _join(text, "The customer agreed." if agreed else "The customer did not agree.")
    if not tenant and e.get("beyond_standard"):
        approver = (e.get("approved_by") or {}).get("name", "")
        text = _join(text, f"{BEYOND_STANDARD}: {e.get('good_reason', '')}", f"Approved by {approver}")
    return f"More time needed at stage {e.get('stage', 1)}", text


def _responded(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    outcome = e.get("outcome")
    parts = [
        Outcome(outcome).label + "." if outcome in Outcome._value2member_map_ else "",
        e.get("reasons", ""),
        f"To put things right: {e.get('remedy')}" if e.get("remedy") else "",
        f"Compensation: {money(e.get('compensation_pence'))}." if e.get("compensation_pence") else "",
    ]
    for a in e.get("actions", ()):
        parts.append(f"Agreed action: {a['text']}"
                     + (f", by {long_date(date.fromisoformat(a['target']))}." if a.get("target") else "."))
    if not tenant and e.get("learning"):
        parts.append(f"Learning: {e.get('learning')}")
    return f"Stage {e.get('stage', 1)} reply sent", _join(*parts)


def _escalation_requested(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "Stage 2 asked for", _join(
        e.get("reason", ""), f"Why it was late: {e.get('late_reason')}" if e.get("late_reason") else "",
    )


def _escalated(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "Complaint moved to stage 2", ""


def _sent_to_stage2(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "Complaint moved straight to stage 2", e.get("reason", "")


def _escalation_refused(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "Stage 2 refused", e.get("reason", "")


def _excluded(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    text = _join(e.get("explanation", ""), e.get("route", ""))
    if not tenant:
        rule = p.complaints.exclusion(e.get("reason", ""))
        decision = e.get("decision")
        cited = (f"On the decision of {decision['decided_by']['name']} on {long_date(date.fromisoformat(decision['on']))}, "
                 f"presented by {decision['presented_by']['name']}") if decision else ""
        text = _join(f"Reason: {rule.label if rule else e.get('reason')}.", cited, text)
    return "Not taken on as a complaint", text


def _restricted(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    declined = e.get("restriction") == "decline_investigation"
    title = "Not investigated under your contact arrangements" if declined else "Closed under your contact arrangements"
    return title, e.get("reasons", "")


def _closed(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "Complaint closed", "" if tenant else e.get("note", "")


def _action_completed(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "Agreed action done", _join(actions.get(e.get("action_id", ""), ""), e.get("note", ""))


def _reopened(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return f"Complaint reopened at stage {e.get('stage')}", e.get("reason", "")


def _note(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry | None:
    if tenant and e.get("internal", True):
        return None
    return ("Internal note" if e.get("internal", True) else "Note"), e.get("text", "")


def _contact(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    how = CHANNEL_WORDS.get(e.get("channel", ""), "")
    title = f"We contacted you {how}" if e.get("direction") == "out" else f"You contacted us {how}"
    return title.strip(), "" if tenant else e.get("summary", "")


def _information(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return "More information added", _join(
        e.get("text", ""),
        "Our reply had already been sent, so this is dealt with as a new complaint." if e.get("new_complaint") else "",
    )


def _evidence(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    names = [f.get("name", "") for f in e.get("files") or ()]
    return ("File added" if len(names) == 1 else f"{len(names)} files added"), ", ".join(names)


_CONFIRMED = {"email": "Email address confirmed", "phone": "Details confirmed by phone",
              "account": "Added to an account"}


def _confirmed(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    how = e.get("how", "")
    if how == "account":
        return _CONFIRMED[how], ("This complaint is now in your account." if tenant
                                 else "The sender created an account with the confirmed email address.")
    return _CONFIRMED.get(how, "Details confirmed"), "" if tenant else e.get("summary", "")


def _ex_gratia_proposed(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry | None:
    if tenant:
        return None
    return "Ex-gratia payment proposed", _join(
        f"{money(e.get('amount_pence', 0))} for {e.get('basis', '')}.",
        f"Debt owed: {money(e.get('debt_pence', 0))}." if e.get("debt_pence") else "",
        "Hardship: debt not deducted." if e.get("hardship") else "",
        f"Net payment: {money(e.get('net_pence', 0))}.",
    )


def _ex_gratia_decided(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry | None:
    if tenant and not e.get("approved"):
        return None
    if not e.get("approved"):
        return "Ex-gratia payment refused", e.get("reason", "")
    gross, net = e.get("amount_pence", 0), e.get("net_pence", e.get("amount_pence", 0))
    text = f"A payment of {money(gross)} was approved."
    if net != gross:
        text = _join(text, f"After taking off money owed to us, we will pay {money(net)}.")
    return "Ex-gratia payment approved", text if tenant else _join(text, e.get("reason", ""))


def _referred(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    team = {"health_and_safety": "health and safety", "safeguarding": "safeguarding"}.get(e.get("team"), "")
    text = f"We told our {team} team about the risk you described on {long_date(e.date('told_on') or e.on)}."
    return f"Passed to our {team} team", text if tenant else _join(text, f"Told: {e.get('told', '')}")


def _assigned(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry | None:
    if tenant:
        return None
    owner = e.get("owner") or {}
    verb = {"take": "Taken by", "reassign": "Reassigned to", "assign": "Assigned to"}.get(e.get("how"), "Assigned to")
    return f"{verb} {owner.get('name', '')}", ""


def _extension_proposed(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry | None:
    if tenant:  # nothing changes for the customer until it is approved
        return None
    return (f"More time past the standard proposed, for approval by {p.title(Role(e.get('role')))} or above",
            _join(e.get("reason", ""), f"New date asked for: {long_date(e.date('new_due'))}.",
                  f"{BEYOND_STANDARD}: {e.get('good_reason', '')}"))


def _extension_refused(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry | None:
    return None if tenant else ("More time past the standard refused", e.get("reasons", ""))


def _ombudsman_referred(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    return f"Taken up by the {p.ombudsman.name}", _join(
        f"The {p.ombudsman.short_name} told us on {long_date(e.date('referred_on'))}",
        "" if tenant else e.get("note", ""))


def _ombudsman_decided(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    ordered = e.get("compensation_ordered_pence", 0)
    return f"{p.ombudsman.short_name}: {OMBUDSMAN_DECISIONS[e.get('decision')].lower()}", _join(
        f"Finding: {OMBUDSMAN_FINDINGS[e.get('finding')].lower()}" if e.get("finding") != "not_applicable" else "",
        e.get("details", ""), f"Compensation ordered: {money(ordered)}" if ordered else "")


def _letter_posted(e: Event, p: Profile, tenant: bool, actions: dict[str, str]) -> _Entry:
    counts = e.date("counts_from")
    return "Letter posted", _join(f"Posted on {long_date(e.date('posted_on'))}.",
                                  f"It counts as reaching {'you' if tenant else 'the customer'} on {long_date(counts)}."
                                  if counts else "")


_WRITERS: dict[str, _Writer] = {kind.value: writer for kind, writer in {
    EventKind.SERVICE_REQUEST_LOGGED: _service_request,
    EventKind.CONVERTED_TO_COMPLAINT: _received,
    EventKind.RECEIVED: _received,
    EventKind.ACKNOWLEDGED: _acknowledged,
    EventKind.EXTENDED: _extended,
    EventKind.RESPONDED: _responded,
    EventKind.ESCALATION_REQUESTED: _escalation_requested,
    EventKind.ESCALATED: _escalated,
    EventKind.ESCALATION_REFUSED: _escalation_refused,
    EventKind.SENT_TO_STAGE2: _sent_to_stage2,
    EventKind.EXCLUDED: _excluded,
    EventKind.RESTRICTED: _restricted,
    EventKind.CLOSED: _closed,
    EventKind.ACTION_COMPLETED: _action_completed,
    EventKind.REOPENED: _reopened,
    EventKind.NOTE: _note,
    EventKind.CONTACT_LOGGED: _contact,
    EventKind.INFORMATION_ADDED: _information,
    EventKind.EVIDENCE_ADDED: _evidence,
    EventKind.CONTACT_CONFIRMED: _confirmed,
    EventKind.EX_GRATIA_PROPOSED: _ex_gratia_proposed,
    EventKind.EX_GRATIA_DECIDED: _ex_gratia_decided,
    EventKind.REFERRED: _referred,
    EventKind.ASSIGNED: _assigned,
    EventKind.EXTENSION_PROPOSED: _extension_proposed,
    EventKind.EXTENSION_REFUSED: _extension_refused,


    EventKind.OMBUDSMAN_REFERRED: _ombudsman_referred,
    EventKind.OMBUDSMAN_DECIDED: _ombudsman_decided,
    EventKind.LETTER_POSTED: _letter_posted,
}.items()}


def _when(e: Event) -> date:
    """The business date: when it was received or asked for, else the day it happened."""
    return e.date("received_on") or e.date("requested_on") or e.on


def build_timeline(events: Iterable[Event], profile: Profile, for_tenant: bool) -> tuple[TimelineEntry, ...]:
    """Turn events into dated entries; `for_tenant` drops what only staff may see."""
    entries: list[TimelineEntry] = []
    actions: dict[str, str] = {}
    for e in events:
        for a in e.get("actions", ()) if e.kind == EventKind.RESPONDED else ():
            actions[a["id"]] = a["text"]
        written = _WRITERS[e.kind](e, profile, for_tenant, actions)
        if written is None:
            continue
        by = "" if for_tenant else f"{e.by_name} ({profile.title(e.by_role)})" if e.by_role else e.by_name
        entries.append(TimelineEntry(_when(e), getattr(e.kind, "value", e.kind), written[0], written[1], by))
    return tuple(sorted(entries, key=lambda entry: entry.on))
