"""Complaining without an account: the visitor's own steps of the shared complaint form.

The form itself is the one signed-in tenants use (intake.py); this module adds what is
different for someone who is not signed in: the "about you" answers and the emailed
link, the limits per client address and per email, sending, and the pages only they see
(the confirmation, and their complaint through the link we emailed them).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, session, url_for

from portal import visitor_complaints as visiting
from portal.casework import load_case, open_complaint
from portal.clock import now_utc, today
from portal.domain import complaints as c
from portal.domain.errors import DomainError
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.tenant import intake_steps as steps
from portal.tenant.access import is_visitor
from portal.tenant.draft import discard_draft, load_draft, resume_draft, save_draft
from portal.tenant.views import bp
from portal.tenant.wording import next_date, provisional_note, received_details

SENT_KEY = "visitor_sent"  # the complaint this browser has just sent, for its confirmation page


@bp.after_request
def never_cached(response):
    """A visitor's pages hold their answers (or, through the link, their complaint): never kept in a cache."""
    if is_visitor():
        response.headers["Cache-Control"] = "no-store"
    return response


def _when(moment: datetime) -> str:
    return f"{moment:%H:%M} on {c.long_date(moment.date())}"


def address_refusal() -> str:
    """Why no more complaints can be sent from this client address for now ('' when they can)."""
    until = visiting.limit_reached("address", request.remote_addr or "unknown", now_utc())
    if until is None:
        return ""
    return ("We have had a lot of complaints from this internet connection today, so to protect the service "
            f"we cannot take another online until {_when(until)}. You can still phone us, write to us, or "
            "sign in to your account to complain.")


def about_answered(form, draft: dict[str, Any], profile: Profile) -> bool:
    """Check the 'about you' page (an email or a phone is needed) and email the link for a new address."""
    email, phone = (form.email.data or "").strip().lower(), (form.phone.data or "").strip()
    if not email and not phone:
        form.email.errors = [*form.email.errors, "Enter an email address or a phone number, so we can reply to you"]
        return False
    if not email or (email == draft.get("link_email") and draft.get("link")):
        if not email and draft.get("link"):
            visiting.forget_link(draft.pop("link"))
            draft.pop("link_email", None)
            draft.pop("email_confirmed", None)
        return True
    now = now_utc()
    until = visiting.limit_reached("email", email, now)
    if until is not None:
        form.email.errors = [*form.email.errors, "We have already sent several links to this email address today. "
                             f"Use one of them, or try again after {_when(until)}."]
        return False
    if draft.get("link"):
        visiting.forget_link(draft["link"])
    draft.pop("email_confirmed", None)  # a new address is confirmed by its own link
    draft["link"] = visiting.send_link(draft["key"], email, form.name.data or "", profile, now)
    draft["link_email"] = email
    visiting.count_use("email", email, now)
    flash(f"We have sent a link to {email}. Use it to confirm your email address. It also brings you back to "
          "this complaint, on any device, for 24 hours.", "info")
    return True


def send(draft: dict[str, Any], situation: steps.Situation, profile: Profile):
    """Send a visitor's complaint: received today, kept on their record, the sender still to be confirmed."""
    refused = address_refusal()
    if refused:
        raise DomainError(refused)
    answers, now, day = draft["answers"], now_utc(), today()
    about = answers.get("about") or {}
    email, phone = (about.get("email") or "").strip().lower(), (about.get("phone") or "").strip()
    fields = steps.complaint_fields(answers, None)
    if situation.anonymous:
        fields.update(anonymous=True, contact_preference="")
    else:
        fields.update(confirm_by="email" if email else "phone",
                      contact_preference=f"By email: {email}" if email else f"By phone: {phone}")
    c.receive_complaint((), profile, Actor("visitor", about.get("name") or "Anonymous"), day, now=now, **fields)
    customer_id = visiting.customer_for(about, profile, anonymous=situation.anonymous,
                                        adjustments=fields["adjustments"])
    actor = Actor(customer_id, about.get("name") or "Anonymous")
    case = open_complaint(c.receive_complaint, actor, customer_id, today=day, now=now, profile=profile, **fields)
    visiting.count_use("address", request.remote_addr or "unknown", now)
    if email and draft.get("link"):
        visiting.link_sent(draft["link"], case.id, now)
        if draft.get("email_confirmed"):
            visiting.confirm_by_link({"case_id": case.id, "email": email}, now)
    discard_draft()
    session[SENT_KEY] = {"case_id": case.id, "email": bool(email), "phone": bool(phone) and not email}
    return redirect(url_for("tenant.visitor_sent"))


@bp.route("/complaints/new/sent")
def visitor_sent():
    """The confirmation a visitor sees once, in the browser that sent the complaint."""
    sent = session.get(SENT_KEY) or {}
    case = load_case(sent.get("case_id") or "") if sent else None
    if case is None:
        return redirect(url_for("tenant.new_complaint"))
    return render_template("tenant/visitor_sent.html", case=case, state=case.state, profile=case.profile,
                           provisional=provisional_note(case.state, case.profile), by_email=sent.get("email"),
                           by_phone=sent.get("phone"), risk=case.state.risk_of_harm)


@bp.route("/complaints/link/<token>")
def visitor_link(token: str):
    """The emailed link: it confirms the address, then brings back the draft or shows the complaint."""
    now = now_utc()
    data = visiting.open_link(token, now)
    if data is None:
        return render_template("tenant/visitor_link_gone.html"), 404
    if not data.get("case_id"):
        draft = load_draft() if resume_draft(data["draft"]) else None
        if draft is None:  # sent, expired, or opened while signed in to an account
            return render_template("tenant/visitor_link_gone.html"), 404
        draft["email_confirmed"] = True
        save_draft(draft)
        flash("Thank you: your email address is confirmed. Carry on with your complaint.", "success")
        return redirect(url_for("tenant.check_answers"))
    visiting.confirm_by_link(data, now)
    case = load_case(data["case_id"])
    if case is None:
        abort(404)
    state, day = case.state, today()
    page = render_template("tenant/visitor_complaint.html", case=case, state=state, profile=case.profile,
                           details=received_details(state), next=next_date(state, day),
                           files=c.evidence_on(state), timeline=state.timeline(for_tenant=True))
    return page, 200, {"Referrer-Policy": "no-referrer"}
