"""Subject access pages: record a request on a customer, work the queue by due date, review and release."""

from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, request, url_for
from flask_wtf import FlaskForm
from wtforms import ValidationError
from wtforms.validators import InputRequired

from portal.choices import MultiCheckboxField, options
from portal.domain.roles import Role, holds_rank
from portal.staff import context as ctx
from portal.staff import subject_access as sar
from portal.staff.fields import DayField
from portal.staff.permissions import customer_or_404, refuse
from portal.staff.views import bp
from portal.store import Conflict

CHANGED = "A colleague changed this request while you were looking: check it and try again"


class NewRequestForm(FlaskForm):
    """When the request arrived (the deadline counts from here)."""
    received_on = DayField("Date the request arrived", validators=[InputRequired("Enter the date the request arrived")],
                           description="The one-month deadline counts from this date.")

    def validate_received_on(self, field) -> None:
        """A request cannot arrive in the future."""
        if field.data and field.data > ctx.today():
            raise ValidationError("The date the request arrived cannot be in the future")


class RedactionForm(FlaskForm):
    """The names to remove before release."""
    names = MultiCheckboxField("Names to remove from the export", choices=[], validate_choice=False)


class ReleaseForm(FlaskForm):
    """Close the request once the export has gone to the customer."""


def _managers_only() -> None:
    if not holds_rank(ctx.actor().role, Role.MANAGER):
        refuse(f"Only a {ctx.profile().title(Role.MANAGER)} or above can answer a subject access request.")


def _request_or_404(customer_id: str, received_on: str) -> tuple[dict, dict]:
    customer = customer_or_404(customer_id)
    try:
        key = sar.request_key(customer_id, date.fromisoformat(received_on))
    except ValueError:
        abort(404)
    found = next((r for r in sar.for_customer(customer_id, ctx.profile().slug) if r["key"] == key), None)
    if found is None:
        abort(404)
    return customer, found


@bp.route("/subject-access")
def subject_access_queue():
    """Open subject access requests, soonest due first, with how late any is."""
    _managers_only()
    rows = [{"request": r, "late": ctx.today().isoformat() > r["due_on"]} for r in sar.requests(ctx.profile().slug)]
    return ctx.page("staff/subject_access_queue.html", title="Subject access requests", rows=rows)


@bp.route("/customers/<customer_id>/subject-access/new", methods=["GET", "POST"])
def new_subject_access(customer_id: str):
    """Record that a customer asked for a copy of their personal information."""
    _managers_only()
    customer = customer_or_404(customer_id)
    form = NewRequestForm()
    if request.method == "GET":
        form.received_on.data = ctx.today()
    if form.validate_on_submit():
        try:
            made = sar.open_request(customer, form.received_on.data, by=ctx.actor().id, profile=ctx.profile())
        except Conflict:
            form.received_on.errors.append("A request from this customer that arrived on that date is already recorded")
        else:
            flash(f"Request recorded. The answer is due by {ctx.short_date(made['due_on'])}.", "success")
            return redirect(url_for("staff.subject_access", customer_id=customer_id, received_on=made["received_on"]))
    return ctx.page("staff/simple_form.html", 400 if form.errors else 200, title="Record a subject access request",
                    caption=customer["name"], form=form, button_text="Record the request",
                    lead="A customer may ask for a copy of all the personal information we hold about them. "
                         "We must answer within one calendar month.")


@bp.route("/customers/<customer_id>/subject-access/<received_on>", methods=["GET", "POST"])
def subject_access(customer_id: str, received_on: str):
    """Review the names to redact, download the export, and mark it released."""
    _managers_only()
    customer, found = _request_or_404(customer_id, received_on)
    people = sar.people_named(sar.held_about(customer_id))
    form = RedactionForm(data={"names": found["redactions"]} if request.method == "GET" else None)
    form.names.choices = options((p.name, f"{p.name} ({p.who})") for p in people)
    if form.validate_on_submit() and found["status"] == "open":
        try:
            sar.choose_redactions(found, form.names.data or (), by=ctx.actor().id)
        except Conflict:
            flash(CHANGED, "error")
        else:
            flash("Redactions saved. Download the export to check it before you send it.", "success")
        return redirect(url_for("staff.subject_access", customer_id=customer_id, received_on=received_on))
    return ctx.page("staff/subject_access.html", title="Subject access request", customer=customer,
                    request_doc=found, form=form, release=ReleaseForm(), people=people,
                    late=ctx.today().isoformat() > found["due_on"])


@bp.route("/customers/<customer_id>/subject-access/<received_on>/export.zip")
def subject_access_export(customer_id: str, received_on: str):
    """The export as a ZIP, with the chosen names redacted."""
    _managers_only()
    _, found = _request_or_404(customer_id, received_on)
    data = sar.build_export(found, ctx.profile(), made_on=ctx.today())
    return Response(data, mimetype="application/zip",
                    headers={"Content-Disposition": f'attachment; filename="{found["key"]}.zip"'})


@bp.route("/customers/<customer_id>/subject-access/<received_on>/release", methods=["POST"])
def release_subject_access(customer_id: str, received_on: str):
    """Close the request: the export has been sent to the customer today."""
    _managers_only()
    _, found = _request_or_404(customer_id, received_on)
    if ReleaseForm().validate_on_submit() and found["status"] == "open":
        try:
            sar.mark_released(found, ctx.today(), by=ctx.actor().id)
        except Conflict:
            flash(CHANGED, "error")
        else:
            flash("Request closed: the export was sent.", "success")
    return redirect(url_for("staff.subject_access", customer_id=customer_id, received_on=received_on))
