"""Deciding a proposed protocol or new terms: the approver reads the proposal and approves or refuses it."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField, TextAreaField

from portal import conductwork
from portal.choices import options
from portal.domain.conduct.approvals import approval_refusal, approve_proposal, refuse_proposal
from portal.domain.conduct.protocol import RESTRICTION_LABELS
from portal.domain.conduct.records import Proposal
from portal.domain.errors import DomainError
from portal.staff import context as ctx
from portal.staff.fields import LONG
from portal.staff.form_errors import place_error
from portal.staff.permissions import conduct_or_404, refuse
from portal.staff.views import bp

CHANGE_WORDS = {"impose": "Put a communication protocol in place", "vary": "Change the protocol's terms",
                "review": "Continue the protocol with new terms after a review"}


class ProposalDecisionForm(FlaskForm):
    decision = RadioField("Your decision", validate_choice=False, choices=options([
        ("approve", "Approve: it takes effect now, authorised by me"), ("refuse", "Refuse: nothing changes")]))
    reasons = TextAreaField("Reasons (needed to refuse)", validators=LONG)


def proposal_lines(proposal: Proposal) -> list[tuple[str, str]]:
    """What a proposal asks for, as (heading, text) pairs for the page."""
    fields = proposal.fields
    lines = [("Reasons", fields.get("reasons", ""))]
    for code, why in ((fields.get("terms") or {}).get("reasons") or {}).items():
        lines.append((RESTRICTION_LABELS.get(code, code), why))
    if fields.get("adjustments_considered"):
        lines.append(("Needs considered", fields["adjustments_considered"]))
    return [(heading, text) for heading, text in lines if text]


@bp.route("/conduct/<customer_id>/proposals/<int:number>", methods=["GET", "POST"])
def conduct_proposal(customer_id: str, number: int):
    """A proposal waiting for someone with the authority to approve it, signed in as themselves."""
    customer, file = conduct_or_404(customer_id)
    proposal = next((p for p in file.state.proposals if p.number == number), None)
    if proposal is None:
        abort(404)
    reason = approval_refusal(ctx.actor(), proposal, file.profile) if proposal.pending else None
    if reason:
        refuse(reason)
    form = ProposalDecisionForm()
    if proposal.pending and form.validate_on_submit():
        try:
            if form.decision.data == "approve":
                conductwork.act_conduct(customer_id, approve_proposal, ctx.actor(), today=ctx.today(),
                                        now=ctx.now(), proposal=number)
            elif form.decision.data == "refuse":
                conductwork.act_conduct(customer_id, refuse_proposal, ctx.actor(), today=ctx.today(),
                                        now=ctx.now(), proposal=number, reasons=form.reasons.data or "")
            else:
                raise DomainError("Choose whether to approve or refuse it.", field="decision")
        except DomainError as error:
            place_error(form, error)
        else:
            flash("Approved: the change is made and the letter sent." if form.decision.data == "approve"
                  else "Refused: nothing has changed.", "success")
            return redirect(url_for("staff.conduct_file", customer_id=customer_id))
    return ctx.page("staff/conduct_proposal.html", title=CHANGE_WORDS.get(proposal.change, "A proposal"),
                    customer=customer, proposal=proposal, lines=proposal_lines(proposal), form=form,
                    landlord=file.profile)
