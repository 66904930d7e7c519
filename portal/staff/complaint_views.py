"""Every step on a complaint: one page each, with the form, the rule's message beside the field.

Most steps share one view, made from a `CaseStep` row: which form, which domain step,
how the form becomes the step's keywords. The reply (several action rows) has its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from flask import flash, redirect, request, url_for
from flask_wtf import FlaskForm

from portal import casework
from portal.conductwork import vexatious_decision_for
from portal.data import get_store
from portal.domain import complaints as c
from portal.domain.complaints.answers import acknowledgement_draft
from portal.domain.errors import DomainError
from portal.staff import context as ctx
from portal.staff import forms as f
from portal.staff.form_errors import check_anyway, place_error
from portal.domain.complaints import extensions, ownership, referral
from portal.staff.customers import actor_of, chosen_staff, staff_members
from portal.staff.permissions import case_or_404, require_case_step
from portal.staff.views import bp

Fields = Callable[[Any, casework.Case, dict], dict]
EXTENSION_PROPOSED = ("The new date goes past the standard, so it is sent to someone a rank above you to approve: "
                      "nothing changes until they do.")


@dataclass(frozen=True)
class CaseStep:
    """One step on a case as a page: its URL, form, domain step and how the form maps to it."""

    name: str  # endpoint and permissions key
    path: str
    title: str
    form: Callable[[casework.Case], FlaskForm]
    step: Callable
    fields: Fields
    done: str
    button: str
    lead: str = ""
    template: str = "staff/case_step.html"
    prefill: Callable[[Any, casework.Case], None] | None = None  # what the form starts with on a GET


def _customer_adjustments(case: casework.Case) -> list[str]:
    return list((get_store().users.get(case.customer_id) or {}).get("adjustments") or ())


def _decide_fields(form: f.DecideExGratiaForm, case: casework.Case, args: dict) -> dict:
    if form.decision.data not in ("approve", "refuse"):
        raise DomainError("Choose whether to approve or refuse the payment.", field="decision")
    return {"approved": form.decision.data == "approve", "reason": form.reason.data,
            "amount_pence": form.amount_pence.data}


def _draft_acknowledgement(form: f.AcknowledgeForm, case: casework.Case) -> None:
    draft = acknowledgement_draft(case.state)
    form.understanding.data, form.outcome_sought.data = draft["understanding"], draft["outcome_sought"]


def _none_chosen():
    raise DomainError("Choose who owns the complaint.", field="owner")


def _assign_form(case: casework.Case) -> f.AssignForm:
    """Everyone who could take the case's next step; someone below a manager may only take it themselves."""
    form = f.AssignForm()
    actor = ctx.actor()
    people = [actor_of(p) for p in staff_members(case.profile.slug)]
    if not (actor.role and actor.role.at_least(ownership.ASSIGNER)):
        people = [p for p in people if p.id == actor.id]
    form.owner.choices = [(p.id, f"{p.name}, {case.profile.title(p.role)}") for p in people
                          if ownership.owner_refusal(p, case.state, case.profile) is None]
    return form


def add_information_event(*args: Any, **kwargs: Any):
    """`add_information` as a plain step: the event to keep (the view reads `new_complaint` from it)."""
    return c.add_information(*args, **kwargs).event


STEPS: tuple[CaseStep, ...] = (
    CaseStep("convert", "convert", "Turn the service request into a complaint",
             lambda case: f.ComplaintForm().for_profile(case.profile), c.convert_service_request,
             lambda form, case, a: form.fields(_customer_adjustments(case)),
             "The service request is now a complaint.", "Make it a complaint",
             template="staff/complaint_form.html"),
    CaseStep("acknowledge", "acknowledge", "Acknowledge the complaint", lambda case: f.AcknowledgeForm(),
             c.acknowledge_complaint,
             lambda form, case, a: {"understanding": form.understanding.data, "outcome_sought": form.outcome_sought.data},
             "Acknowledgement recorded and letter sent.", "Send the acknowledgement", prefill=_draft_acknowledgement,
             lead="Both boxes start from the customer's own words: put them in ours."),
    CaseStep("refer", "refer", "Refer the risk to health and safety or safeguarding", lambda case: f.ReferralForm(),
             referral.refer_complaint,
             lambda form, case, a: {"team": form.team.data or "", "told": form.told.data, "told_on": form.told_on.data},
             "Referral recorded.", "Record the referral",
             lead="Tell the team first, the same working day, then record here who you told."),
    CaseStep("assign", "assign", "Choose who owns this complaint", _assign_form, ownership.assign_complaint,
             lambda form, case, a: {"owner": chosen_staff(form.owner.data, case.profile.slug, "owner")
                                    or _none_chosen()},
             "Owner recorded.", "Save the owner"),
    CaseStep("extend", "extend", "Give more time to reply", lambda case: f.ExtendForm(), extensions.extend_or_propose,
             lambda form, case, a: {"reason": form.reason.data, "new_due": form.new_due.data,
                                    "customer_agreed": form.agreed(), "good_reason": form.good_reason.data},
             "New reply date recorded and letter sent.", "Set the new date"),
    CaseStep("request_escalation", "escalation-request", "Record a request for stage 2",
             lambda case: f.EscalationRequestForm(), c.request_escalation,
             lambda form, case, a: {"requested_on": form.requested_on.data, "reason": form.reason.data,
                                    "late_reason": form.late_reason.data},
             "Request for stage 2 recorded.", "Record the request"),
    CaseStep("escalate", "escalate", "Accept the request for stage 2", lambda case: f.NoteForm(),
             c.escalate_complaint, lambda form, case, a: {"note": form.note.data},
             "The complaint is now at stage 2.", "Move to stage 2"),
    CaseStep("refuse_escalation", "refuse-escalation", "Refuse the request for stage 2", lambda case: f.ReasonForm(),
             c.refuse_escalation, lambda form, case, a: {"reason": form.reason.data},
             "Stage 2 refused and letter sent.", "Refuse stage 2",
             lead="The customer gets a letter with the reason and the ombudsman's details."),
    CaseStep("send_to_stage2", "stage-2-now", "Send a complex complaint straight to stage 2",
             lambda case: f.ReasonForm(), c.send_to_stage2, lambda form, case, a: {"reason": form.reason.data},
             "The complaint is now at stage 2.", "Send to stage 2",
             lead="A complex complaint can go to stage 2 without a stage 1 reply. Say why: the customer is told."),
    CaseStep("exclude", "exclude", "Do not take the complaint on",
             lambda case: f.ExcludeForm().for_profile(case.profile), c.exclude_complaint,
             lambda form, case, a: {"reason": form.reason.data or "", "explanation": form.explanation.data,
                                    "vexatious_decision": vexatious_decision_for(case.customer_id, case.id,
                                                                                 case.profile)},
             "Recorded as not taken on, and letter sent.", "Refuse the complaint"),
    CaseStep("close", "close", "Close the complaint", lambda case: f.NoteForm(), c.close_complaint,
             lambda form, case, a: {"note": form.note.data}, "Complaint closed.", "Close the complaint"),
    CaseStep("complete_action", "actions/<action_id>/done", "Record an agreed action as done",
             lambda case: f.NoteForm(), c.complete_action,
             lambda form, case, a: {"action_id": a["action_id"], "note": form.note.data},
             "Action recorded as done.", "Record as done"),
    CaseStep("reopen", "reopen", "Reopen the complaint", lambda case: f.ReasonForm(), c.reopen_complaint,
             lambda form, case, a: {"reason": form.reason.data}, "Complaint reopened at the next stage.",
             "Reopen", lead="A complaint is reopened at the next stage when an agreed action was not delivered."),
    CaseStep("note", "note", "Add an internal note", lambda case: f.InternalNoteForm(), c.add_note,
             lambda form, case, a: {"text": form.text.data, "internal": True}, "Note added.", "Add the note"),
    CaseStep("contact", "contact", "Log a contact", lambda case: f.ContactForm(), c.log_contact,
             lambda form, case, a: {"channel": form.channel.data or "", "direction": form.direction.data or "",
                                    "summary": form.summary.data},
             "Contact logged.", "Log the contact"),
    CaseStep("confirm_contact", "confirm-by-phone", "Record the call that confirms who sent it",
             lambda case: f.ConfirmByPhoneForm(), c.confirm_contact,
             lambda form, case, a: {"how": "phone", "summary": form.summary.data},
             "Call recorded: the sender is confirmed.", "Record the call",
             lead="This complaint was sent online without an account, with a phone number but no email "
                  "address. Call the number to check who they are and what the complaint is about."),
    CaseStep("information", "information", "Add new information", lambda case: f.InformationForm(),
             add_information_event,
             lambda form, case, a: {"text": form.text.data, "from_customer": form.from_customer.data},
             "Information added.", "Add the information",
             lead="New points are added to the reply if it has not been sent. Once it has, they are a new "
                  "complaint: log one from the customer's page."),
    CaseStep("propose_ex_gratia", "ex-gratia/propose", "Propose an ex-gratia payment",
             lambda case: f.ProposeExGratiaForm(), c.propose_ex_gratia,
             lambda form, case, a: {"amount_pence": form.amount_pence.data, "basis": form.basis.data,
                                    "debt_pence": form.debt_pence.data or 0, "hardship": form.hardship.data,
                                    "substantiated": form.substantiated.data, "insured": form.insured.data,
                                    "excess_pence": form.excess_pence.data or 0,
                                    "rent_pence": form.rent_pence.data or 0,
                                    "housing_benefit_pence": form.housing_benefit_pence.data or 0},
             "Ex-gratia payment proposed: it waits for a decision.", "Propose the payment"),
    CaseStep("decide_ex_gratia", "ex-gratia/decide", "Decide the ex-gratia payment",
             lambda case: f.DecideExGratiaForm(), c.decide_ex_gratia, _decide_fields,
             "Ex-gratia decision recorded and letter sent.", "Record the decision"),
    CaseStep("ombudsman_referral", "ombudsman/referral", "Record that the ombudsman took the complaint up",
             lambda case: f.OmbudsmanReferralForm(), c.refer_to_ombudsman,
             lambda form, case, a: {"referred_on": form.referred_on.data, "note": form.note.data},
             "Ombudsman referral recorded.", "Record the referral"),
    CaseStep("ombudsman_decision", "ombudsman/decision", "Record the ombudsman's decision",
             lambda case: f.OmbudsmanDecisionForm(), c.record_ombudsman_decision,
             lambda form, case, a: {"decision": form.decision.data or "", "finding": form.finding.data or "",
                                    "decided_on": form.decided_on.data, "details": form.details.data,
                                    "compensation_ordered_pence": form.compensation_ordered_pence.data or 0},
             "Ombudsman's decision recorded.", "Record the decision",
             lead="A determination, an order or a complaint-handling failure order: the annual report counts it."),
)


# The steps that write to the customer: their pages can show the letter before it is sent.
LETTER_STEPS = frozenset({"acknowledge", "extend", "refuse_escalation", "exclude", "decide_ex_gratia", "respond"})


def _preview(case: casework.Case, step: Callable, fields: dict) -> str:
    """The letter the step would send, as HTML ('' if it sends none); DomainError as the step itself."""
    return casework.preview_letter(case.id, step, ctx.actor(), today=ctx.today(), now=ctx.now(), **fields) or ""


def _act(case: casework.Case, step: Callable, form: f.VersionedForm | FlaskForm, fields: dict) -> casework.Case:
    expected = form.expected_version() if isinstance(form, f.VersionedForm) else None
    return casework.act(case.id, step, ctx.actor(), today=ctx.today(), now=ctx.now(),
                        expected_version=expected, **fields)


def _view(spec: CaseStep):
    def view(case_id: str, **args: str):
        case = case_or_404(case_id)
        require_case_step(spec.name, case)
        form = spec.form(case)
        if request.method == "GET" and isinstance(form, f.VersionedForm):
            form.version.data = str(case.version)
        if request.method == "GET" and spec.prefill:
            spec.prefill(form, case)
        item = next((x for x in case.state.actions if x.id == args.get("action_id")), None)
        preview = updated = None
        if form.validate_on_submit():
            try:
                if request.form.get("preview") and spec.name in LETTER_STEPS:
                    preview = _preview(case, spec.step, spec.fields(form, case, args))
                else:
                    updated = _act(case, spec.step, form, spec.fields(form, case, args))
            except DomainError as error:
                place_error(form, error)
        elif form.is_submitted():
            check_anyway(form, lambda: spec.step(case.state, case.profile, ctx.actor(), ctx.today(),
                                                 **spec.fields(form, case, args)))
        if updated is not None:
            proposed = updated.state.events[-1].kind == c.EventKind.EXTENSION_PROPOSED.value
            flash(EXTENSION_PROPOSED if proposed else spec.done, "success")
            if updated.state.events[-1].get("new_complaint"):
                flash("The reply had already been sent, so these points are a new complaint: log it from "
                      "the customer's page.", "warning")
            return redirect(url_for("staff.case", case_id=case.id))
        return ctx.page(spec.template, title=spec.title, spec=spec, form=form, case=case, state=case.state,
                        preview=preview, previewable=spec.name in LETTER_STEPS,
                        action=request.path, item=item, landlord=case.profile, lead=spec.lead,
                        button_text=spec.button, customer=get_store().users.get(case.customer_id) or {})

    view.__name__ = spec.name
    view.__doc__ = spec.title
    return view


for _spec in STEPS:
    bp.add_url_rule(f"/cases/<case_id>/{_spec.path}", endpoint=_spec.name, view_func=_view(_spec),
                    methods=["GET", "POST"])

BLANK_ROWS = 3


def action_rows() -> list[dict[str, str]]:
    """The action rows as typed (text and target date), keeping blanks so the page redraws as it was."""
    texts = request.form.getlist("action_text")
    targets = request.form.getlist("action_target")
    rows = [{"text": t.strip(), "target": (targets[i] if i < len(targets) else "").strip()}
            for i, t in enumerate(texts)]
    return rows


@bp.route("/cases/<case_id>/respond", methods=["GET", "POST"])
def respond(case_id: str):
    """Send the written reply at the current stage, with any outstanding actions and their target dates."""
    case = case_or_404(case_id)
    require_case_step("respond", case)
    form = f.RespondForm().for_profile(case.profile)
    preview = None
    rows = [{"text": "", "target": ""} for _ in range(BLANK_ROWS)]
    if request.method == "GET":
        form.version.data = str(case.version)
    else:
        rows = action_rows() or rows
        if request.form.get("add_row"):
            form.validate_on_submit()
            form.form_errors.clear()
            for field in form:
                field.errors = []
            return ctx.page("staff/respond.html", title=f"Stage {case.state.stage} reply", form=form, case=case,
                            state=case.state, rows=[*rows, {"text": "", "target": ""}], landlord=case.profile)
        actions = [{"text": r["text"], "target": r["target"] or None} for r in rows if r["text"] or r["target"]]
        fields = {"outcome": form.outcome.data or "", "reasons": form.reasons.data, "remedy": form.remedy.data,
                  "compensation_pence": form.compensation_pence.data or 0, "actions": actions,
                  "learning": form.learning.data, "category": form.category.data or "",
                  "root_cause": form.root_cause.data}
        if not form.validate_on_submit():
            check_anyway(form, lambda: c.respond_to_complaint(case.state, case.profile, ctx.actor(), ctx.today(),
                                                              **fields))
        else:
            try:
                if request.form.get("preview"):
                    preview = _preview(case, c.respond_to_complaint, fields)
                else:
                    _act(case, c.respond_to_complaint, form, fields)
            except DomainError as error:
                place_error(form, error)
            else:
                if preview is None:
                    flash(f"Stage {case.state.stage} reply recorded and letter sent.", "success")
                    return redirect(url_for("staff.case", case_id=case.id))
    return ctx.page("staff/respond.html", title=f"Stage {case.state.stage} reply", form=form, case=case,
                    state=case.state, rows=rows, landlord=case.profile, preview=preview, previewable=True)
