"""Conduct pages: a customer's conduct file, the protocol review list and the no-personal-contact list."""

from __future__ import annotations

from dataclasses import replace

from flask import request
from flask_login import current_user

from portal import casework, conductwork
from portal.data import get_store
from portal.domain.conduct.fold import counted_incidents, on_no_personal_contact_list, protocol_in_force
from portal.domain.conduct.explain import explain_protocol
from portal.domain.conduct.police import reports_owed
from portal.domain.conduct.kinds import ConductEventKind
from portal.domain.events import Event
from portal.domain.profile import Profile
from portal.staff import context as ctx
from portal.staff import paging
from portal.staff.conduct.forms import APPEAL_LABELS, ASSESSMENT_LABELS, FACTOR_LABELS, REVIEW_LABELS, WARNING_LABELS
from portal.domain.conduct.permissions import appeal_hearer_role
from portal.staff.conduct.approval_views import CHANGE_WORDS
from portal.staff.customers import actor_of, adjustment_words, staff_members
from portal.staff.permissions import conduct_or_404, conduct_steps_open
from portal.staff.conduct.protocol_form import RESTRICTION_LABELS
from portal.staff.views import bp

_TITLES = {
    ConductEventKind.INCIDENT_RECORDED: "Incident recorded",
    ConductEventKind.WARNING_ISSUED: "Warning given",
    ConductEventKind.ASSESSMENT_COMPLETED: "Assessment completed",
    ConductEventKind.PROTOCOL_IMPOSED: "Communication protocol put in place",
    ConductEventKind.PROTOCOL_VARIED: "Protocol terms changed",
    ConductEventKind.APPEAL_LODGED: "Appeal received",
    ConductEventKind.APPEAL_DECIDED: "Appeal decided",
    ConductEventKind.REVIEW_COMPLETED: "Protocol reviewed",
    ConductEventKind.PROTOCOL_ENDED: "Protocol ended",
    ConductEventKind.VEXATIOUS_DECISION: "Vexatious complaint decision",
    ConductEventKind.ASSESSMENT_AGREED: "Assessment agreed",
    ConductEventKind.CHANGE_PROPOSED: "Proposed for authorising",
    ConductEventKind.PROPOSAL_REFUSED: "Proposal refused",
    ConductEventKind.POLICE_REPORTED: "Reported to the police",
}


def _who(event: Event, profile: Profile) -> str:
    return f"{event.by_name} ({profile.title(event.by_role)})" if event.by_role else event.by_name


def _lines(event: Event) -> list[str]:
    """The facts an event records, in short lines for the history."""
    kind, get = ConductEventKind(event.kind), event.get
    if kind is ConductEventKind.INCIDENT_RECORDED:
        lines = [f"Happened on {event.date('occurred_on'):%d %B %Y}, {get('channel', '').replace('_', ' ')}.",
                 get("description", "")]
        if get("immediate_action"):
            lines.append(f"Action at the time: {get('immediate_action')}")
        return lines
    if kind is ConductEventKind.WARNING_ISSUED:
        return [WARNING_LABELS.get(get("level"), get("level", "")) + ".", get("reasons", "")]
    if kind is ConductEventKind.ASSESSMENT_COMPLETED:
        outcome = next((label for o, label in ASSESSMENT_LABELS.items() if o.value == get("outcome")), "")
        lines = [f"Outcome: {outcome}.", f"Incidents counted: {get('instances', 0)}."]
        lines += [f"{FACTOR_LABELS.get(k, k)}: {v}" for k, v in (get("factors") or {}).items()]
        if get("agreed_by"):
            lines.append(f"Agreed by {get('agreed_by')['name']}.")
        return lines
    if kind in (ConductEventKind.PROTOCOL_IMPOSED, ConductEventKind.PROTOCOL_VARIED):
        codes = [RESTRICTION_LABELS.get(code, code) for code in (get("terms") or {}).get("reasons", {})]
        return [get("reasons", ""), "Restrictions: " + "; ".join(codes) + "." if codes else "",
                f"Needs considered: {get('adjustments_considered')}" if get("adjustments_considered") else "",
                f"Authorised by {get('authorised_by')['name']}." if get("authorised_by") else "",
                f"Proposed by {get('proposed_by')['name']}." if get("proposed_by") else ""]
    if kind is ConductEventKind.APPEAL_LODGED:
        return [get("grounds", "")]
    if kind is ConductEventKind.APPEAL_DECIDED:
        outcome = next((label for o, label in APPEAL_LABELS.items() if o.value == get("outcome")), "")
        return [outcome + ".", get("reasons", "")]
    if kind is ConductEventKind.REVIEW_COMPLETED:
        outcome = next((label for o, label in REVIEW_LABELS.items() if o.value == get("outcome")), "")
        return [outcome + ".", get("reasons", "")]
    if kind is ConductEventKind.PROTOCOL_ENDED:
        return [get("reason", "")]
    if kind is ConductEventKind.ASSESSMENT_AGREED:
        return [f"Assessment {get('assessment')} agreed."]
    if kind is ConductEventKind.CHANGE_PROPOSED:
        return [CHANGE_WORDS.get(get("change"), "") + ".", (get("fields") or {}).get("reasons", "")]
    if kind is ConductEventKind.PROPOSAL_REFUSED:
        return [get("reasons", "")]
    if kind is ConductEventKind.POLICE_REPORTED:
        return [f"Incident {get('incident')}, reported on {event.date('reported_on'):%d %B %Y} by "
                f"{(get('reported_by') or {}).get('name', '')}.", f"Police reference: {get('reference', '')}"]
    return [f"Complaint {get('complaint_id')}: {'vexatious' if get('vexatious') else 'not vexatious'}.",
            get("reasons", "")]


def conduct_history(events: tuple[Event, ...], profile: Profile) -> list[dict]:
    """The conduct file's events, newest first, as title, date, who and lines."""
    return [{"on": e.on, "title": _TITLES.get(ConductEventKind(e.kind), e.kind), "by": _who(e, profile),
             "lines": [line for line in _lines(e) if line]} for e in reversed(events)]


def open_complaints(customer_id: str, today) -> list[dict]:
    """The customer's open complaints with what is owed on each and how late it is."""
    return [{"case": case, "due": case.state.next_due(today)} for case in casework.customer_cases(customer_id)
            if case.state.is_open or case.state.outstanding_actions]


def appeal_facts(file, customer_id: str, today) -> dict:
    """What the person hearing an appeal needs: grounds, the decision appealed, its reasons, open complaints."""
    protocol = file.state.protocol
    staff = [actor_of(u) for u in staff_members(file.profile.slug)]
    return {"appeal": protocol.open_appeal if protocol else None, "protocol": protocol,
            "explanation": explain_protocol(file.state, file.profile, today),
            "complaints": open_complaints(customer_id, today),
            "hearer_role": appeal_hearer_role(staff, file.state, file.profile)
            if protocol and protocol.open_appeal else None}


@bp.route("/conduct/<customer_id>")
def conduct_file(customer_id: str):
    """A customer's conduct file: the protocol in force, open case, whole history and letters."""
    customer, file = conduct_or_404(customer_id)
    today = ctx.today()
    state = file.state
    return ctx.page(
        "staff/conduct_file.html", title=f"Conduct: {customer['name']}", customer=customer, file=file,
        state=state, explanation=explain_protocol(state, file.profile, today),
        in_force=protocol_in_force(state, today), no_contact=on_no_personal_contact_list(state, today),
        counted=counted_incidents(state, file.profile, today) if state.open_case else (),
        police_owed=reports_owed(state, file.profile),
        steps=conduct_steps_open(current_user.actor, file, today), history=conduct_history(file.events, file.profile),
        letters=list(reversed(get_store().letters.for_case(file.letter_case_id))),
        messages=[m for m in get_store().outbox.for_case(file.letter_case_id) if m.channel == "email"],
        adjustments=[adjustment_words(a) for a in customer.get("adjustments") or ()], warning_labels=WARNING_LABELS,
        facts=appeal_facts(file, customer_id, today), change_words=CHANGE_WORDS,
    )


@bp.route("/conduct/reviews")
def review_list():
    """Protocols whose review date is within the next two weeks, or past, a page at a time."""
    profile, today = ctx.profile(), ctx.today()
    users = get_store().users
    shown = paging.paginate(conductwork.review_list(profile.slug, today), request.args.get("page"))
    items = [{"row": row, "overdue": row.review_on < today, "customer": users.get(row.customer_id) or {}}
             for row in shown.rows]
    return ctx.page("staff/review_list.html", title="Protocol reviews", items=replace(shown, rows=tuple(items)))


@bp.route("/conduct/no-personal-contact")
def no_contact_list():
    """Customers who may only contact us in writing or through a third party today."""
    profile, today = ctx.profile(), ctx.today()
    users = get_store().users
    people = [{"customer": users.get(row.customer_id) or {}, "row": row}
              for row in conductwork.conduct_rows(profile.slug) if row.in_force(today) and row.no_personal_contact]
    people.sort(key=lambda p: p["customer"].get("name", ""))
    return ctx.page("staff/no_contact_list.html", title="No personal contact list", people=people,
                    kept=profile.conduct.no_personal_contact_list)
