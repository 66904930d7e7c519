"""After a complaint closes: two questions on how satisfied the tenant is, one answer per complaint.

Answers go to `store.surveys` (see portal/store/surveys.py), where the reports read them.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from portal.clock import now_utc
from portal.data import get_store
from portal.domain import complaints as c
from portal.store import Duplicate
from portal.tenant.access import case_or_404
from portal.tenant.forms import answer, radios
from portal.tenant.views import bp

SATISFACTION = [("5", "Very satisfied"), ("4", "Satisfied"), ("3", "Neither satisfied nor dissatisfied"),
                ("2", "Dissatisfied"), ("1", "Very dissatisfied")]
CLOSED = (c.Status.CLOSED, c.Status.WITH_CUSTOMER)


class SurveyForm(FlaskForm):
    score = radios("How satisfied are you with how we handled your complaint?",
                   "Select how satisfied you are with how we handled your complaint", SATISFACTION)
    why = answer("Why did you give that answer? (optional)", None, 2000)


def may_answer(case) -> bool:
    """Only once the complaint is closed, never for one made without a name."""
    return case.state.status in CLOSED and not case.state.anonymous


@bp.route("/complaints/<case_id>/satisfaction", methods=["GET", "POST"])
def satisfaction(case_id: str):
    """The two-question survey; a second answer for the same complaint is refused kindly."""
    case = case_or_404(case_id)
    if not may_answer(case):
        flash("You can tell us how we did once the complaint is closed.", "info")
        return redirect(url_for("tenant.complaint", case_id=case.id))
    store = get_store()
    if store.surveys.get(case.id) is not None:
        flash("Thank you: we already have your answer about this complaint.", "info")
        return redirect(url_for("tenant.complaint", case_id=case.id))
    form = SurveyForm()
    if form.validate_on_submit():
        try:
            store.surveys.answer(case.id, landlord=case.record.landlord, customer_id=case.customer_id,
                                 stage=case.state.stage, score=int(form.score.data), why=form.why.data or "",
                                 at=now_utc().isoformat(timespec="seconds"))
        except Duplicate:
            flash("Thank you: we already have your answer about this complaint.", "info")
        else:
            flash("Thank you for telling us how we did. We use every answer to improve how we handle complaints.",
                  "success")
        return redirect(url_for("tenant.complaint", case_id=case.id))
    return render_template("tenant/survey.html", form=form, case=case), 400 if form.errors else 200
