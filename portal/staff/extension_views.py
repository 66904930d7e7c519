"""Deciding a longer extension: the person a rank above the handler approves or refuses it, signed in."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for

from portal import casework
from portal.data import get_store
from portal.domain.complaints import extensions
from portal.domain.errors import DomainError
from portal.staff import context as ctx
from portal.staff import forms as f
from portal.staff.form_errors import place_error
from portal.staff.permissions import case_or_404, refuse
from portal.staff.views import bp


@bp.route("/cases/<case_id>/extension/<int:number>", methods=["GET", "POST"])
def decide_extension(case_id: str, number: int):
    """Approve or refuse more time past the standard; nobody decides their own request."""
    case = case_or_404(case_id)
    proposal = extensions.pending_extension(case.state)
    if proposal is None or proposal.number != number:
        abort(404)
    reason = extensions.decision_refusal(ctx.actor(), proposal, case.profile)
    if reason:
        refuse(reason)
    form = f.DecideExtensionForm()
    if request.method == "GET":
        form.version.data = str(case.version)
    if form.validate_on_submit():
        approving = form.decision.data == "approve"
        try:
            if form.decision.data not in ("approve", "refuse"):
                raise DomainError("Choose whether to approve or refuse the new date.", field="decision")
            step = extensions.approve_extension if approving else extensions.refuse_extension
            fields = {"proposal": number} if approving else {"proposal": number, "reasons": form.reasons.data}
            casework.act(case.id, step, ctx.actor(), today=ctx.today(), now=ctx.now(),
                         expected_version=form.expected_version(), **fields)
        except DomainError as error:
            place_error(form, error)
        else:
            flash("Approved: the new reply date is set and the letter sent." if approving
                  else "Refused: the reply date stays as it was.", "success")
            return redirect(url_for("staff.case", case_id=case.id))
    return ctx.page("staff/extension_decision.html", title="Decide the longer extension", form=form, case=case,
                    state=case.state, proposal=proposal, landlord=case.profile,
                    customer=get_store().users.get(case.customer_id) or {})
