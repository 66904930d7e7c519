"""Making a complaint: a start page, one question per page, check your answers, confirmation.

Each page validates on the server and keeps its answers in the draft; nothing reaches
the domain until the tenant confirms on the check page.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from portal.accounts import account_note, change_details
from portal.auth.forms import EmptyForm
from portal.casework import keep_evidence_files, open_complaint
from portal.clock import now_utc, today
from portal.data import get_store
from portal.domain import complaints as c
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.profile import Profile
from portal.evidence_kit import allow_large_upload, checked_files
from portal.tenant import arrangements
from portal.tenant import intake_steps as steps
from portal.tenant import visitors
from portal.tenant.access import (
    is_advocate, is_visitor, may_act_for, pending_people, people, profile_for, submitted_case_or_404,
)
from portal.tenant.draft import discard_draft, load_draft, save_draft, start_draft
from portal.tenant.views import bp
from portal.tenant.wording import next_date, provisional_note

FIELD_STEPS = {"summary": "what", "what_went_wrong": "what", "issue_date": "when", "when_it_happened": "when",
               "outcome_wanted": "outcome", "on_behalf_of": "who", "adjustments": "adjustments",
               "contact_preference": "contact", "risk_of_harm": "risk"}


def _customer_id(answers: dict[str, Any]) -> str | None:
    """Who the complaint is for: the tenant, or the person an advocate chose ('new': not yet created).

    None for a signed-out visitor: their record is found or made when the complaint is sent.
    """
    if is_visitor():
        return None
    if not is_advocate():
        return current_user.id
    return (answers.get("who") or {}).get("person")


def _choosable() -> list[tuple[str, str]]:
    """The people an advocate may complain for, then 'someone else'."""
    return ([(p["id"], p.get("name", "")) for p in people()]
            + [(p["id"], f"{p.get('name', '')} (awaiting confirmation)") for p in pending_people()]
            + [("new", "Someone else")])


def _profile(answers: dict[str, Any]) -> Profile:
    customer_id = _customer_id(answers)
    if customer_id in (None, "new"):
        return profile_for(current_user.record if current_user.is_authenticated else None)
    return profile_for(get_store().users.get(customer_id))


def _situation(draft: dict[str, Any]) -> steps.Situation:
    answers = draft["answers"]
    if is_advocate() and "who" in answers and answers["who"].get("person") not in dict(_choosable()):
        answers.pop("who")  # no longer someone they may act for: ask again
    customer_id = _customer_id(answers)
    protocol = False
    if customer_id and customer_id != "new":
        file = arrangements.conduct_for(customer_id, _profile(answers))
        protocol = arrangements.in_force(file, today()) is not None
    return steps.Situation(is_advocate(), answers, protocol, visitor=is_visitor())


def _form(step: steps.Step, draft: dict[str, Any], profile: Profile, post: bool):
    kwargs: dict[str, Any] = {} if post else {"formdata": None, "data": draft["answers"].get(step.name, {})}
    if step.form is steps.f.WhenForm:
        kwargs["today"] = today()
    form = step.form(**kwargs)
    if step.name == "topic" and not _has_complaints(draft["answers"]):
        form.topic.choices = [c for c in form.topic.choices if c.value != "existing_case"]
    if step.name == "who":
        form.person.choices = steps.f.options(_choosable())
        form.relationship.choices = steps.f.options(steps.relationship_choices(profile))
    return form


def _person_field(answers: dict[str, Any], key: str) -> str:
    """A detail ('name', 'phone') of the person the complaint is for, as we hold it ('' when none)."""
    chosen = _customer_id(answers)
    if chosen == "new":
        return (answers.get("person") or {}).get(key, "")
    record = get_store().users.get(chosen) if chosen else None
    return (record or {}).get(key, "")


def _keep_evidence(draft: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    """Check the chosen files and keep them by hash now; the draft lists them until the complaint is sent."""
    earlier = list((draft["answers"].get("evidence") or {}).get("files") or ())
    files, errors = checked_files()
    limit = current_app.config["EVIDENCE_MAX_FILES"]
    if not errors and len(earlier) + len(files) > limit:
        errors = [f"A complaint can have up to {limit} files."]
    if errors:
        return earlier, errors
    return earlier + keep_evidence_files(files), []


def _known_phone(answers: dict[str, Any]) -> str:
    """The phone number we already hold for the person the complaint is for."""
    return _person_field(answers, "phone")


def _contact_reachable(answer: dict[str, Any], answers: dict[str, Any]) -> bool:
    """'By phone' needs a number: typed here, or one we already hold."""
    return answer.get("contact") != "phone" or bool(answer.get("detail")) or bool(_known_phone(answers))


def _person_name(answers: dict[str, Any]) -> str:
    """The name of the person an advocate is complaining for, once chosen or given."""
    return _person_field(answers, "name")


def _has_complaints(answers: dict[str, Any]) -> bool:
    """True if the person the complaint is for has made one before (so 'one you already made' applies)."""
    customer_id = _customer_id(answers)
    return customer_id not in (None, "new") and bool(get_store().complaints.for_customer(customer_id))


def _no_draft():
    flash("Start your complaint here. If you had started one, it was not kept.", "info")
    return redirect(url_for("tenant.new_complaint"))


@bp.route("/complaints/new", methods=["GET", "POST"])
def new_complaint():
    """The start page: what we will ask, what to do in an emergency, and anonymous reports."""
    form, profile = EmptyForm(), _profile({})
    refused = visitors.address_refusal() if is_visitor() else ""
    if form.validate_on_submit() and not refused:
        draft = start_draft()
        if is_visitor():
            anonymous = request.form.get("way") == "anonymous" and profile.complaints.anonymous == "investigate"
            draft["answers"]["visitor"] = {"anonymous": anonymous}
            save_draft(draft)
        return redirect(url_for("tenant.complaint_step", step=steps.first_missing(_situation(draft)).name))
    return render_template("tenant/new_start.html", form=form, profile=profile, advocate=is_advocate(),
                           visitor=is_visitor(), refused=refused), 429 if refused else 200


@bp.route("/complaints/new/<step>", methods=["GET", "POST"])
def complaint_step(step: str):
    """One page of the complaint form."""
    draft = load_draft()
    if draft is None:
        return _no_draft()
    page = steps.BY_NAME.get(step)
    situation = _situation(draft)
    if page is None or not page.applies(situation):
        return redirect(url_for("tenant.check_answers"))
    profile = _profile(draft["answers"])
    if page.name == "evidence":
        allow_large_upload()
    form = _form(page, draft, profile, post=request.method == "POST")
    decision = None
    if request.method == "POST" and page.name == "evidence" and form.validate():
        kept, errors = _keep_evidence(draft)
        if errors:
            form.files.errors = errors
            return _render_step(page, form, draft, situation, profile, decision), 400
        draft["answers"]["evidence"] = {"files": kept}
        save_draft(draft)
        missing = steps.first_missing(_situation(draft))
        return redirect(url_for("tenant.complaint_step", step=missing.name) if missing
                        else url_for("tenant.check_answers"))
    if request.method == "POST" and form.validate():
        answer = {name: fld.data for name, fld in form._fields.items() if name != "csrf_token"}
        if page.name == "topic":
            decision = _topic_decision(answer["topic"], draft)
            if not decision.allowed or answer["topic"] == "existing_case":
                return _render_step(page, form, draft, situation, profile, decision), 200
            answer["handling"] = decision.message
        if page.name == "about" and not visitors.about_answered(form, draft, profile):
            return _render_step(page, form, draft, situation, profile, decision), 400
        if page.name == "contact" and not _contact_reachable(answer, draft["answers"]):
            form.detail.errors = [*form.detail.errors, "Enter the phone number we should call"]
            return _render_step(page, form, draft, situation, profile, decision), 400
        if page.name == "contact" and answer["contact"] == "phone" and not answer.get("detail"):
            answer["detail"] = _known_phone(draft["answers"])
        if page.name == "triage" and answer["triage"] != "complaint":
            draft["answers"]["triage"] = answer
            save_draft(draft)
            return redirect(url_for("tenant.first_request"))
        if page.name == "who" and answer["person"] != (draft["answers"].get("who") or {}).get("person"):
            draft["answers"].pop("topic", None)  # the protocol question depends on who it is for
        draft["answers"][page.name] = answer
        save_draft(draft)
        situation = _situation(draft)
        following = steps.after(page, situation)
        if request.args.get("change") or following is None:
            missing = steps.first_missing(situation)
            return redirect(url_for("tenant.complaint_step", step=missing.name) if missing
                            else url_for("tenant.check_answers"))
        return redirect(url_for("tenant.complaint_step", step=following.name))
    return _render_step(page, form, draft, situation, profile, decision), 400 if form.errors else 200


def _topic_decision(topic: str, draft: dict[str, Any]):
    customer_id = _customer_id(draft["answers"])
    file = arrangements.conduct_for(customer_id, _profile(draft["answers"]))
    return arrangements.handling(file, topic=topic, now=now_utc(), by_representative=is_advocate())


def _render_step(page: steps.Step, form, draft: dict[str, Any], situation: steps.Situation, profile: Profile,
                 decision=None):
    back = steps.before(page, situation)
    template = "tenant/step_when.html" if page.name == "when" else "tenant/step.html"
    if is_advocate():
        steps.name_the_person(page.name, form, _person_name(draft["answers"]))
    return render_template(template, step=page, form=form, profile=profile, decision=decision,
                           question=steps.question(page, form),
                           heading_field=page.name in steps.LABEL_IS_HEADING,
                           back=url_for("tenant.complaint_step", step=back.name) if back
                           else url_for("tenant.new_complaint"),
                           risk=(draft["answers"].get("risk") or {}).get("risk") == "yes",
                           topic=(draft["answers"].get("topic") or {}).get("topic"),
                           emergency_open=back is not None and back.name in ("risk", "topic"),
                           draft_files=(draft["answers"].get("evidence") or {}).get("files") or (),
                           change=bool(request.args.get("change")))


@bp.route("/complaints/new/first-request", methods=["GET", "POST"])
def first_request():
    """A first request for a service: the right route, and still the choice to complain."""
    draft = load_draft()
    if draft is None:
        return _no_draft()
    triage = (draft["answers"].get("triage") or {}).get("triage")
    if triage in (None, "complaint"):
        return redirect(url_for("tenant.complaint_step", step="triage"))
    form = EmptyForm()
    if form.validate_on_submit():
        draft["answers"]["triage"] = {"triage": triage, "anyway": True}
        save_draft(draft)
        missing = steps.first_missing(_situation(draft))
        return redirect(url_for("tenant.complaint_step", step=missing.name) if missing
                        else url_for("tenant.check_answers"))
    return render_template("tenant/first_request.html", form=form, triage=triage, profile=_profile(draft["answers"]))


@bp.route("/complaints/new/check", methods=["GET", "POST"])
def check_answers():
    """Check your answers, change any of them, then send the complaint."""
    draft = load_draft()
    if draft is None:
        return _no_draft()
    situation = _situation(draft)
    missing = steps.first_missing(situation)
    if missing is not None:
        return redirect(url_for("tenant.complaint_step", step=missing.name))
    profile = _profile(draft["answers"])
    form = EmptyForm()
    errors: list[tuple[str, str]] = []
    if form.validate_on_submit():
        try:
            return _send(draft, situation, profile)
        except (DomainError, PermissionDenied) as error:
            errors = [(each.message, FIELD_STEPS.get(each.field or "", "")) for each in error.each]
    who = _person_name(draft["answers"]) if is_advocate() else ""
    relationship = dict(steps.relationship_choices(profile)).get(situation.answer("who", "relationship"), "")
    rows = steps.check_rows(situation, who, relationship)
    return render_template("tenant/check.html", form=form, rows=rows, errors=errors, profile=profile,
                           handling=situation.answer("topic", "handling", "") if situation.protocol else "",
                           risk=situation.answer("risk", "risk") == "yes",
                           topic=situation.answer("topic", "topic")), 200 if not errors else 400


def _send(draft: dict[str, Any], situation: steps.Situation, profile: Profile):
    """Check with the domain, create the person if an advocate named someone new, then send."""
    if is_visitor():
        return visitors.send(draft, situation, profile)
    answers = draft["answers"]
    representative = None
    if is_advocate():
        representative = {"name": current_user.name, "relationship": situation.answer("who", "relationship")}
    fields = steps.complaint_fields(answers, representative)
    actor, when, day = current_user.actor, now_utc(), today()
    c.receive_complaint((), profile, actor, day, now=when, **fields)  # every rule checked before anything is kept
    handling = ""
    customer_id = _customer_id(answers)
    if situation.protocol:
        topic = situation.answer("topic", "topic")
        decision = arrangements.handling(arrangements.conduct_for(customer_id, profile), topic=topic, now=when,
                                         by_representative=is_advocate())
        if not decision.allowed or topic == "existing_case":
            raise DomainError(decision.message)
        handling = decision.message
    if customer_id == "new":
        customer_id = _new_customer(answers.get("person") or {}, profile)
    _remember_adjustments(customer_id, fields["adjustments"])
    _remember_contact(customer_id, answers.get("contact") or {})
    case = open_complaint(c.receive_complaint, actor, customer_id, today=day, now=when, profile=profile, **fields)
    discard_draft()
    if handling:
        flash(f"How we will handle this: {handling}", "info")
    return redirect(url_for("tenant.submitted", case_id=case.id))


def _new_customer(person: dict[str, Any], profile: Profile) -> str:
    """A customer record (no account, cannot sign in) for someone an advocate complains for."""
    store = get_store()
    record = {"kind": "tenant", "name": person.get("name", ""), "password_hash": "", "session_version": 0,
              "landlord": profile.slug, "disabled": False, "created_by": current_user.id,
              "address": [line.strip() for line in (person.get("address") or "").splitlines() if line.strip()],
              "phone": person.get("phone") or "", "contact_email": person.get("email") or "",
              "customer_ref": "", "adjustments": []}
    customer_id = store.users.create({**record, "email": "",  # no account: not in the email index
                                      "history": [account_note(current_user.id, "Customer record made by an advocate")]})
    pending = list(current_user.record.get("pending_for", ()))
    store.users.update(current_user.id, pending_for=[*pending, customer_id],
                       note=account_note(current_user.id, f"Asked to act for {customer_id}; awaiting confirmation"))
    return customer_id


def _remember_contact(customer_id: str, page: dict[str, Any]) -> None:
    """Keep how the person wants to hear from us (and a phone number given for it) on their record."""
    record = get_store().users.get(customer_id) or {}
    choice, detail = page.get("contact", ""), (page.get("detail") or "").strip()
    fields: dict[str, Any] = {"contact_preference": choice} if choice else {}
    if choice == "phone" and detail and not record.get("phone"):
        fields["phone"] = detail
    if fields:
        change_details(customer_id, current_user.id, **fields)


def _remember_adjustments(customer_id: str, codes: list[str]) -> None:
    """Keep the adjustments on the customer's record too, so every letter honours them."""
    if not codes:
        return
    store = get_store()
    record = store.users.get(customer_id) or {}
    have = list(record.get("adjustments") or ())
    merged = have + [code for code in codes if code not in have]
    if merged != have:
        store.users.update(customer_id, adjustments=merged,
                           note=account_note(current_user.id, "Reasonable adjustments added: " + ", ".join(merged)))


@bp.route("/complaints/<case_id>/submitted")
def submitted(case_id: str):
    """Confirmation: the reference and the dates we owe, counted by the domain."""
    case = submitted_case_or_404(case_id)
    return render_template("tenant/submitted.html", case=case, state=case.state, profile=case.profile,
                           next=next_date(case.state, today()), provisional=provisional_note(case.state, case.profile),
                           risk=case.state.risk_of_harm, pending=not may_act_for(case.customer_id))


@bp.route("/complaints/anonymous")
def anonymous():
    """Reporting without a name: what this landlord's policy does with it, and the route (no sign-in needed)."""
    profile = _profile({}) if current_user.is_authenticated else profile_for(None)
    return render_template("tenant/anonymous.html", profile=profile, signed_in=current_user.is_authenticated)
