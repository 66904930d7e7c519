"""Who may enter the staff area, whose records they may see, and which steps they may start.

The rules themselves are the domain's predicates (`respond_refusal`, `can_impose`, ...);
this module only asks them at the route, so a page or button is refused with the same
reason the step itself would give. Every POST is checked again by the domain step.
"""

from __future__ import annotations

from datetime import date
from typing import Callable, NoReturn

from flask import abort, current_app, make_response, render_template
from flask_login import current_user

from portal.casework import Case, load_case
from portal.conductwork import ConductFile, load_conduct
from portal.data import get_profile, get_store
from portal.domain import complaints as c
from portal.domain.complaints import ownership, referral
from portal.domain.conduct import permissions as cp
from portal.domain.conduct.actions import protocol_basis
from portal.domain.errors import DomainError
from portal.domain.conduct.police import reportable
from portal.domain.conduct.wording import a_title
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.domain.roles import holds_rank


def guard():
    """Before every staff request: sign-in for strangers, 403 for tenants and advocates."""
    if not current_user.is_authenticated:
        return current_app.login_manager.unauthorized()
    if not current_user.is_staff or current_user.role is None:
        abort(403)
    return None


def refuse(reason: str) -> NoReturn:
    """Stop with a 403 page that says why, in the landlord's words."""
    abort(make_response(render_template("staff/refused.html", title="You cannot do this", reason=reason,
                                         landlord=get_profile(current_user.landlord)), 403))


def case_or_404(case_id: str) -> Case:
    """The complaint, if it belongs to the signed-in member of staff's landlord."""
    case = load_case(case_id)
    if case is None or case.record.landlord != current_user.landlord:
        abort(404)
    return case


def customer_or_404(customer_id: str) -> dict:
    """A customer (tenant record) of the signed-in member of staff's landlord."""
    record = get_store().users.get(customer_id)
    if not record or record.get("kind") != "tenant" or record.get("landlord") != current_user.landlord:
        abort(404)
    return record


def conduct_or_404(customer_id: str) -> tuple[dict, ConductFile]:
    """A customer and their conduct file, if the customer is one of this landlord's."""
    customer = customer_or_404(customer_id)
    return customer, load_conduct(customer_id, get_profile(current_user.landlord))


# -- complaint steps ------------------------------------------------------------------------

CaseRule = Callable[[Actor, Case], "str | None"]


def _anyone(actor: Actor, case: Case) -> str | None:
    return None if actor.is_staff else "Only staff can do this."


def _assigner(actor: Actor, case: Case) -> str | None:
    """Anyone who could do the next step may take an unassigned case; a manager gives or moves it."""
    if not actor.is_staff:
        return "Only staff can do this."
    manager = actor.role.at_least(ownership.ASSIGNER)
    if ownership.owner_of(case.state) is not None and not manager:
        return (f"This complaint already has an owner: only a {case.profile.title(ownership.ASSIGNER)} or someone "
                f"more senior can move it.")
    if not manager and ownership.owner_refusal(actor, case.state, case.profile):
        return ownership.owner_refusal(actor, case.state, case.profile)
    return None


def _ex_gratia_scheme(actor: Actor, case: Case) -> str | None:
    if case.profile.ex_gratia is None:
        return f"{case.profile.name}'s policy has no ex-gratia payments."
    return _anyone(actor, case)


def _ex_gratia_approver(actor: Actor, case: Case) -> str | None:
    scheme = case.profile.ex_gratia
    if scheme is None:
        return f"{case.profile.name}'s policy has no ex-gratia payments."
    if any(x.pending and x.proposed_by == actor.id for x in case.state.ex_gratia):
        return "You proposed this payment, so someone else must decide it."
    if not holds_rank(actor.role, scheme.approver_role):
        return (f"Ex-gratia payments are approved by {a_title(case.profile.title(scheme.approver_role))} "
                f"(up to the limit) or the {case.profile.title(scheme.above_limit_role)}.")
    return None


CASE_STEPS: dict[str, tuple[c.EventKind, CaseRule]] = {
    "convert": (c.EventKind.CONVERTED_TO_COMPLAINT, _anyone),
    "acknowledge": (c.EventKind.ACKNOWLEDGED, _anyone),
    "extend": (c.EventKind.EXTENDED, _anyone),
    "respond": (c.EventKind.RESPONDED,
                lambda a, case: c.respond_refusal(a, case.state, case.profile, case.state.stage)),
    "request_escalation": (c.EventKind.ESCALATION_REQUESTED, _anyone),
    "escalate": (c.EventKind.ESCALATED, lambda a, case: c.escalation_decision_refusal(
        a, case.profile, late=case.state.escalation_late, refusing=False)),
    "refuse_escalation": (c.EventKind.ESCALATION_REFUSED, lambda a, case: c.escalation_decision_refusal(
        a, case.profile, late=case.state.escalation_late, refusing=True)),
    "send_to_stage2": (c.EventKind.SENT_TO_STAGE2, lambda a, case: (
        f"{case.profile.name}'s policy has every complaint answered at stage 1 first."
        if not case.profile.complaints.stage1.direct_to_stage2 else c.direct_stage2_refusal(a, case.profile))),
    "exclude": (c.EventKind.EXCLUDED, _anyone),
    "close": (c.EventKind.CLOSED, _anyone),
    "complete_action": (c.EventKind.ACTION_COMPLETED, _anyone),
    "reopen": (c.EventKind.REOPENED, _anyone),
    "note": (c.EventKind.NOTE, _anyone),
    "contact": (c.EventKind.CONTACT_LOGGED, _anyone),
    "confirm_contact": (c.EventKind.CONTACT_CONFIRMED, lambda a, case: None if c.to_confirm(case.state) == "phone"
                        else "This complaint does not need confirming by phone."),
    "information": (c.EventKind.INFORMATION_ADDED, _anyone),
    "refer": (c.EventKind.REFERRED, _anyone),
    "assign": (c.EventKind.ASSIGNED, _assigner),
    "propose_ex_gratia": (c.EventKind.EX_GRATIA_PROPOSED, _ex_gratia_scheme),
    "decide_ex_gratia": (c.EventKind.EX_GRATIA_DECIDED, _ex_gratia_approver),
    "ombudsman_referral": (c.EventKind.OMBUDSMAN_REFERRED, lambda a, case: c.ombudsman_refusal(a)),
    "ombudsman_decision": (c.EventKind.OMBUDSMAN_DECIDED, lambda a, case: c.ombudsman_refusal(a)),
}


def case_refusal(step: str, actor: Actor, case: Case) -> str | None:
    """Why `actor` may not take `step` on this case at all (the role, not the details), or None."""
    return CASE_STEPS[step][1](actor, case)


def require_case_step(step: str, case: Case) -> None:
    """Refuse the page (403 with the reason) when the signed-in role may not take the step."""
    reason = case_refusal(step, current_user.actor, case)
    if reason:
        refuse(reason)


def case_steps_open(actor: Actor, case: Case) -> set[str]:
    """The steps to offer on the case page: allowed now by the status and to this role."""
    status = case.state.status
    offered = set()
    for step, (kind, _rule) in CASE_STEPS.items():
        if status in c.ALLOWED[kind] and case_refusal(step, actor, case) is None:
            offered.add(step)
    if not case.state.outstanding_actions:
        offered -= {"complete_action", "reopen"}
    if not any(x.pending for x in case.state.ex_gratia):
        offered.discard("decide_ex_gratia")
    else:
        offered.discard("propose_ex_gratia")
    if c.escalation_request_refusal(case.state, case.profile):
        offered -= {"request_escalation"}
    if case.state.response_due is None:
        offered.discard("extend")  # no reply is owed (anonymous), so there is no date to move
    if case.profile.complaints.stage(case.state.stage).extension == "none":
        offered.discard("extend")  # the policy sends it to the next stage instead
    return offered


# -- conduct steps --------------------------------------------------------------------------

ConductRule = Callable[[Actor, ConductFile], "str | None"]


def _title(profile: Profile, role) -> str:
    return a_title(profile.title(role))


def _conduct_staff(actor: Actor, file: ConductFile) -> str | None:
    return None if actor.is_staff else "Only staff can do this."


def _assessor(actor: Actor, file: ConductFile) -> str | None:
    if cp.can_assess(actor, file.profile):
        return None
    return f"An assessment is completed by {_title(file.profile, file.profile.conduct.assessor_role)} or more senior."


def _authoriser(actor: Actor, file: ConductFile) -> str | None:
    if cp.can_impose(actor, file.profile):
        return None
    return f"A protocol is authorised by {_title(file.profile, file.profile.conduct.authoriser_role)} or more senior."


def _authoriser_or_proposer(actor: Actor, file: ConductFile) -> str | None:
    """Someone who may authorise, or (as the assessor role or above) propose it for authorising."""
    return _authoriser(actor, file) if not cp.can_review(actor, file.profile) else None


def _agreer(actor: Actor, file: ConductFile) -> str | None:
    role = file.profile.conduct.assessment_agreed_by
    if role is None:
        return f"{file.profile.name}'s policy does not ask for the assessment to be agreed."
    if not cp.can_agree_assessment(actor, file.profile):
        return f"The assessment must be agreed by {_title(file.profile, role)}."
    latest = file.state.assessments[-1] if file.state.assessments else None
    if latest is not None and latest.by.id == actor.id:
        return "You wrote this assessment, so someone else must agree it."
    return None


def _reviewer(actor: Actor, file: ConductFile) -> str | None:
    if cp.can_review(actor, file.profile):
        return None
    return (f"Reviews and endings are for {_title(file.profile, file.profile.conduct.assessor_role)} "
            f"or more senior.")


def _appeal_hearer(actor: Actor, file: ConductFile) -> str | None:
    if cp.took_part(actor, file.state):
        return "You took part in this decision, so someone else must hear the appeal."
    if not cp.can_hear_appeal(actor, file.state, file.profile):
        return f"Appeals are heard by {_title(file.profile, file.profile.conduct.appeal_role)} or more senior."
    return None


def _vexatious(actor: Actor, file: ConductFile) -> str | None:
    if cp.can_decide_vexatious(actor, file.profile):
        return None
    return (f"Only {_title(file.profile, file.profile.conduct.vexatious_decider)} or more senior decides that "
            f"a complaint is vexatious.")


CONDUCT_STEPS: dict[str, ConductRule] = {
    "incident": _conduct_staff,
    "warning": _conduct_staff,
    "assessment": _assessor,
    "agree": _agreer,
    "impose": _authoriser_or_proposer,
    "vary": _authoriser_or_proposer,
    "appeal": _conduct_staff,
    "decide_appeal": _appeal_hearer,
    "review": _reviewer,
    "end": _reviewer,
    "vexatious": _vexatious,
    "police": _conduct_staff,
}


def conduct_refusal(step: str, actor: Actor, file: ConductFile) -> str | None:
    """Why `actor` may not take a conduct step at all (the role or a conflict of interest), or None."""
    return CONDUCT_STEPS[step](actor, file)


def require_conduct_step(step: str, file: ConductFile) -> None:
    """Refuse the page (403 with the reason) when the signed-in person may not take the step."""
    reason = conduct_refusal(step, current_user.actor, file)
    if reason:
        refuse(reason)


def _may(check: Callable[[], object]) -> bool:
    """True if the domain check passes (it raises DomainError when the step cannot be taken now)."""
    try:
        check()
    except DomainError:
        return False
    return True


def _proposed(state, change: str) -> bool:
    return any(p.change == change for p in state.pending_proposals)


def conduct_steps_open(actor: Actor, file: ConductFile, today: date) -> set[str]:
    """The conduct steps to offer: those this person may take that the file's state allows now."""
    state = file.state
    live = state.protocol is not None and state.protocol.live_on(today)
    offered = {"incident", "vexatious"}
    if any(reportable(i) and i.number not in {r.incident for r in state.police_reports} for i in state.incidents):
        offered.add("police")
    if state.open_case is not None:
        offered |= {"warning", "assessment"}
        latest = state.in_case(state.assessments, state.open_case)
        if latest and latest[-1].awaiting_agreement:
            offered.add("agree")
        if not live and _may(lambda: protocol_basis(state, file.profile, today)) and not _proposed(state, "impose"):
            offered.add("impose")
    if live:
        offered |= {"review", "end"}
        if state.protocol.open_appeal is None and not _proposed(state, "vary"):
            offered.add("vary")
        if state.protocol.open_appeal:
            offered.add("decide_appeal")
        elif cp.can_lodge_appeal(state, file.profile):
            offered.add("appeal")
    return {step for step in offered if conduct_refusal(step, actor, file) is None}
