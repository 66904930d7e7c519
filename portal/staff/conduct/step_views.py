"""Every step of the unacceptable-behaviour process: one page each, built from a `ConductStep` row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from flask import flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal import casework, conductwork
from portal.conductwork import ConductFile
from portal.data import get_store
from portal.domain.conduct import actions as k
from portal.domain.conduct.approvals import needs_approval, propose_change
from portal.domain.conduct.wording import a_title
from portal.domain.conduct.kinds import AppealOutcome, ReviewOutcome
from portal.domain.conduct.permissions import SIGNOFF_ROLE
from portal.domain.conduct.police import record_police_report, reportable
from portal.staff.context import short_date
from portal.domain.errors import DomainError
from portal.domain.events import Actor
from portal.staff.conduct import forms as cf
from portal.staff import context as ctx
from portal.staff.customers import chosen_staff
from portal.staff.form_errors import check_anyway, place_error
from portal.staff.permissions import conduct_or_404, require_conduct_step
from portal.staff.conduct.views import appeal_facts
from portal.staff.conduct.protocol_form import TERM_FIELD_NAMES, TermsFields, fill_terms, sections, terms_from_form
from portal.staff.views import bp
from portal.choices import options


@dataclass(frozen=True)
class ConductStep:
    """One conduct step as a page: URL, form, domain step, and how the form maps to its keywords."""

    name: str
    path: str
    title: str
    form: Callable[[ConductFile], FlaskForm]
    step: Callable
    fields: Callable[[FlaskForm, ConductFile], dict]
    done: str
    button: str
    lead: str = ""
    prefill: Callable[[FlaskForm, ConductFile], None] | None = None
    proposes: str = ""  # the change to propose for approval when the person acting may not authorise it


def _person(user_id: str | None, file: ConductFile, field: str) -> Actor | None:
    """The chosen member of staff of this landlord as an Actor (None when none was chosen)."""
    return chosen_staff(user_id, file.profile.slug, field)


def _incident_form(file: ConductFile) -> FlaskForm:
    form = cf.IncidentForm()
    form.immediate_action_signed_off_by.choices = options(cf.people_choices(file.profile, SIGNOFF_ROLE,
                                                                     blank="Not signed off yet"))
    if file.profile.conduct.immediate_action != "director_signoff":
        del form.immediate_action_signed_off_by
    return form


def _incident_fields(form, file: ConductFile) -> dict:
    signer = form.immediate_action_signed_off_by.data if "immediate_action_signed_off_by" in form else None
    return {"kind": form.kind.data or "", "sub_kind": form.sub_kind.data or None, "occurred_on": form.occurred_on.data,
            "channel": form.channel.data or "", "description": form.description.data or "",
            "immediate_action": form.immediate_action.data or "",
            "immediate_action_signed_off_by": _person(signer, file, "immediate_action_signed_off_by"),
            "complaint_id": (form.complaint_id.data or "").strip()}


def _assessment_fields(form, file: ConductFile) -> dict:
    factors = {name: form[f"factors_{name}"].data or "" for name in file.profile.conduct.assessment_factors}
    return {"factors": factors, "outcome": form.outcome.data or ""}


def _protocol_fields(form, file: ConductFile) -> dict:
    return {"terms": terms_from_form(form, file.profile), "reasons": form.reasons.data or "",
            "adjustments_considered": form.adjustments_considered.data or "", "start": form.start.data,
            "ends_on": form.ends_on.data}


def _current_terms(form, file: ConductFile) -> None:
    if file.state.protocol is not None:
        fill_terms(form, file.state.protocol.terms)


def _appeal_decision_fields(form, file: ConductFile) -> dict:
    varied = form.outcome.data == AppealOutcome.VARIED.value
    return {"outcome": form.outcome.data or "", "reasons": form.reasons.data or "",
            "terms": terms_from_form(form, file.profile) if varied else None}


def _review_fields(form, file: ConductFile) -> dict:
    vary = form.outcome.data == ReviewOutcome.VARY.value
    return {"outcome": form.outcome.data or "", "reasons": form.reasons.data or "",
            "terms": terms_from_form(form, file.profile) if vary else None}


def _vexatious_form(file: ConductFile) -> FlaskForm:
    form = cf.VexatiousForm()
    form.complaint_id.choices = options([("", "Choose the complaint")] + [
        (case.id, f"{case.id}: {case.state.summary[:60]}") for case in casework.customer_cases(file.customer_id)])
    form.presented_by.choices = options(cf.people_choices(file.profile, None, blank="Choose who presented the case",
                                                  exclude=current_user.id))
    return form


def _vexatious_fields(form, file: ConductFile) -> dict:
    if form.vexatious.data not in ("yes", "no"):
        raise DomainError("Choose whether the complaint is vexatious.", field="vexatious")
    presenter = _person(form.presented_by.data, file, "presented_by")
    if presenter is None:
        raise DomainError("Choose the member of staff who presented the case.", field="presented_by")
    return {"complaint_id": form.complaint_id.data or "", "presented_by": presenter,
            "vexatious": form.vexatious.data == "yes", "reasons": form.reasons.data or ""}


def _police_form(file: ConductFile) -> FlaskForm:
    form = cf.PoliceReportForm()
    done = {r.incident for r in file.state.police_reports}
    form.incident.choices = options([("", "Choose the incident")] + [
        (str(i.number), f"{i.number}: {short_date(i.occurred_on)}, {i.description[:60]}")
        for i in file.state.incidents if reportable(i) and i.number not in done])
    form.reported_by.choices = options(cf.people_choices(file.profile, None, blank="Me"))
    return form


def _police_fields(form, file: ConductFile) -> dict:
    if not (form.incident.data or "").isdigit():
        raise DomainError("Choose the incident that was reported.", field="incident")
    if form.reported_on.data is None:
        raise DomainError("Enter the date it was reported.", field="reported_on")
    return {"incident": int(form.incident.data), "reported_on": form.reported_on.data,
            "reference": form.reference.data or "", "reported_by": _person(form.reported_by.data, file, "reported_by")}


STEPS: tuple[ConductStep, ...] = (
    ConductStep("incident", "incident", "Record an incident", _incident_form, k.record_incident, _incident_fields,
                "Incident recorded.", "Record the incident"),
    ConductStep("warning", "warning", "Give a warning", lambda file: cf.WarningForm().for_profile(file.profile),
                k.issue_warning,
                lambda form, file: {"level": form.level.data or "", "reasons": form.reasons.data or "",
                                    "complaint_id": (form.complaint_id.data or "").strip()},
                "Warning recorded and letter sent.", "Give the warning"),
    ConductStep("assessment", "assessment", "Unacceptable behaviour assessment",
                lambda file: cf.assessment_form(file.profile),
                k.complete_assessment, _assessment_fields, "Assessment recorded.", "Record the assessment"),
    ConductStep("agree", "assessment/agree", "Agree the assessment", lambda file: FlaskForm(), k.agree_assessment,
                lambda form, file: {}, "Assessment agreed.", "Agree the assessment",
                lead="You agree the assessment below, signed in as yourself. Someone else wrote it."),
    ConductStep("impose", "protocol", "Put a communication protocol in place", lambda file: cf.ProtocolForm(),
                k.impose_protocol, _protocol_fields, "Protocol in place and letter sent.", "Put the protocol in place",
                lead="Choose only what is needed. At least one way to contact us must always remain.",
                proposes="impose"),
    ConductStep("vary", "protocol/vary", "Change the protocol's terms", lambda file: cf.VaryForm(), k.vary_protocol,
                lambda form, file: {"terms": terms_from_form(form, file.profile), "reasons": form.reasons.data or "",
                                    "adjustments_considered": form.adjustments_considered.data or ""},
                "New terms recorded and letter sent.", "Change the terms", prefill=_current_terms, proposes="vary"),
    ConductStep("end", "protocol/end", "End the protocol", lambda file: cf.EndForm(), k.end_protocol,
                lambda form, file: {"reason": form.reason.data or ""}, "Protocol ended and letter sent.",
                "End the protocol"),
    ConductStep("appeal", "appeal", "Record an appeal", lambda file: cf.AppealForm(), k.lodge_appeal,
                lambda form, file: {"grounds": form.grounds.data or "", "lodged_on": form.lodged_on.data,
                                    "received_by_channel": form.received_by_channel.data or ""},
                "Appeal recorded.", "Record the appeal"),
    ConductStep("decide_appeal", "appeal/decide", "Decide the appeal", lambda file: cf.AppealDecisionForm(),
                k.decide_appeal, _appeal_decision_fields, "Appeal decided and letter sent.", "Record the decision",
                lead="New terms are only used if the protocol continues with new terms.", prefill=_current_terms),
    ConductStep("review", "review", "Review the protocol", lambda file: cf.ReviewForm(), k.complete_review,
                _review_fields, "Review recorded and letter sent.", "Record the review",
                lead="New terms are only used if the protocol continues with new terms.", prefill=_current_terms,
                proposes="review"),
    ConductStep("police", "police-report", "Record a report to the police", _police_form, record_police_report,
                _police_fields, "Police report recorded.", "Record the report",
                lead="Who reported the incident, when, and the police reference."),
    ConductStep("vexatious", "vexatious", "Decide whether a complaint is vexatious", _vexatious_form,
                k.decide_vexatious, _vexatious_fields, "Decision recorded and letter sent.", "Record the decision"),
)


def _view(spec: ConductStep):
    def view(customer_id: str):
        customer, file = conduct_or_404(customer_id)
        require_conduct_step(spec.name, file)
        form = spec.form(file)
        if request.method == "GET" and spec.prefill:
            spec.prefill(form, file)
        actor = ctx.actor()

        def step_and_fields():
            fields = spec.fields(form, file)
            proposing = bool(spec.proposes) and needs_approval(spec.proposes, actor, file.profile, fields)
            step, extra = (propose_change, {"change": spec.proposes}) if proposing else (spec.step, {})
            return step, proposing, {**extra, **fields}
        if form.validate_on_submit():
            try:
                step, proposing, fields = step_and_fields()
                conductwork.act_conduct(customer_id, step, actor, today=ctx.today(), now=ctx.now(), **fields)
            except DomainError as error:
                place_error(form, error)
            else:
                title = file.profile.title(file.profile.conduct.authoriser_role)
                flash(f"Sent to {a_title(title)} to authorise: nothing changes until they do." if proposing
                      else spec.done, "success")
                return redirect(url_for("staff.conduct_file", customer_id=customer_id))
        elif form.is_submitted():
            def check():
                step, _, fields = step_and_fields()
                step(file.state, file.profile, actor, ctx.today(), **fields)
            check_anyway(form, check)
        return ctx.page("staff/conduct_step.html", title=spec.title, spec=spec, form=form, customer=customer,
                        file=file, terms=isinstance(form, TermsFields), sections=sections(file.profile), term_names=TERM_FIELD_NAMES,
                        landlord=file.profile,
                        facts=appeal_facts(file, customer_id, ctx.today()) if spec.name == "decide_appeal" else None)

    view.__name__ = f"conduct_{spec.name}"
    view.__doc__ = spec.title
    return view


for _spec in STEPS:
    bp.add_url_rule(f"/conduct/<customer_id>/{_spec.path}", endpoint=f"conduct_{_spec.name}",
                    view_func=_view(_spec), methods=["GET", "POST"])
