"""The case page (everything about a complaint, alerts first), its letters, and third-party authority."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, url_for
from flask_login import current_user

from portal import casework, conductwork
from portal.data import get_store
from portal.domain import complaints as c
from portal.domain.conduct.explain import explain_protocol
from portal.domain.errors import DomainError
from portal.domain.complaints import extensions, ownership, referral
from portal.domain.complaints.answers import intake_answers
from portal.staff import context as ctx
from portal.staff.customers import adjustment_words, confirm_advocate, pending_advocate
from portal.staff.forms import ConfirmAdvocateForm
from portal.staff.permissions import case_or_404, case_steps_open, require_case_step
from portal.staff.views import bp


def submitted_by(case: casework.Case) -> str:
    """The user id of whoever recorded the complaint's first event."""
    events = case.record.events
    return events[0].get("by", "") if events else ""


@bp.route("/cases/<case_id>")
def case(case_id: str):
    """The whole case: alerts and due dates before the actions, then letters and the full history."""
    case = case_or_404(case_id)
    profile, today = case.profile, ctx.today()
    store = get_store()
    customer = store.users.get(case.customer_id) or {}
    file = conductwork.load_conduct(case.customer_id, profile)
    explanation = explain_protocol(file.state, profile, today)
    adjustments = list(dict.fromkeys([*(customer.get("adjustments") or ()), *case.state.adjustments]))
    advocate = pending_advocate(submitted_by(case), case.customer_id)
    form = ConfirmAdvocateForm(version=str(case.version))
    return ctx.page(
        "staff/case.html", title=f"Complaint {case.id}", case=case, state=case.state, customer=customer,
        explanation=explanation, adjustments=[adjustment_words(a) for a in adjustments],
        due=case.state.next_due(today), steps=case_steps_open(current_user.actor, case),
        letters=list(reversed(store.letters.for_case(case.id))), timeline=case.state.timeline(for_tenant=False),
        messages=[m for m in store.outbox.for_case(case.id) if m.channel == "email"],
        advocate=advocate, form=form, landlord=profile, no_cap=case.state.extension_left_days is None,
        answers=intake_answers(case.state), owner=ownership.owner_of(case.state),
        referrals=referral.referrals(case.state), referral_due=referral.referral_due(case.state, today),
        extension=(pending := extensions.pending_extension(case.state)),
        may_decide_extension=bool(pending) and extensions.decision_refusal(current_user.actor, pending,
                                                                           profile) is None,
        to_confirm=c.to_confirm(case.state),
    )


@bp.route("/cases/<case_id>/confirm-authority", methods=["POST"])
def confirm_authority(case_id: str):
    """Confirm that the third party who made this complaint may act for the customer, noted on the case."""
    case = case_or_404(case_id)
    require_case_step("note", case)
    form = ConfirmAdvocateForm()
    advocate = pending_advocate(submitted_by(case), case.customer_id)
    if advocate is None or not form.validate_on_submit():
        flash("There is no one waiting for their authority to be confirmed on this complaint.", "error")
        return redirect(url_for("staff.case", case_id=case.id))
    try:
        casework.act(case.id, c.add_note, ctx.actor(), today=ctx.today(), now=ctx.now(),
                     expected_version=form.expected_version(),
                     text=f"Authority confirmed: {advocate['name']} may act for the customer.", internal=True)
    except DomainError as error:
        flash(error.message, "error")
    else:
        confirm_advocate(advocate["id"], case.customer_id, by=ctx.actor().id)
        flash(f"{advocate['name']} can now act for the customer.", "success")
    return redirect(url_for("staff.case", case_id=case.id))


@bp.route("/letters/<letter_id>.pdf")
def letter(letter_id: str):
    """A letter's PDF, for staff of the landlord whose case or customer it belongs to."""
    store = get_store()
    meta = store.letters.get(letter_id)
    if meta is None:
        abort(404)
    case_id = meta["case_id"]
    if case_id.startswith("K-"):
        owner = (store.users.get(meta["customer_id"]) or {}).get("landlord")
    else:
        record = store.complaints.get(case_id)
        owner = record.landlord if record else None
    if owner != current_user.landlord:
        abort(404)
    return Response(store.letters.pdf_bytes(letter_id), mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{letter_id}.pdf"'})
