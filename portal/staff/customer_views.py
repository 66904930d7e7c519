"""Customers and intake: find or create the customer, then log their complaint or service request."""

from __future__ import annotations

from flask import flash, redirect, request, url_for

from portal import casework, conductwork, store
from portal.domain import complaints as c
from portal.domain.errors import DomainError
from portal.domain.roles import Role, holds_rank
from portal.staff import context as ctx
from portal.staff import subject_access as sar
from portal.staff.access_log import access_log_for
from portal.staff import paging
from portal.staff.customers import (
    EditConflict, adjustment_words, advocates_for, change_customer, create_customer, customer_answers,
    find_customers, record_version,
)
from portal.staff.form_errors import check_anyway, place_error
from portal.staff.forms import ComplaintForm, CustomerForm, ServiceRequestForm
from portal.staff.permissions import customer_or_404
from portal.staff.views import bp

EMAIL_TAKEN = "Another person's record already uses this email address"


@bp.route("/customers")
def customers():
    """Who is the complaint from? Search customers by name, reference, email or address, a page at a time."""
    text = (request.args.get("q") or "").strip()[:200]
    slug = ctx.profile().slug
    found = paging.fetch_page(lambda offset, limit: find_customers(text, slug, offset=offset, limit=limit),
                              request.args.get("page")) if text else paging.paginate([])
    return ctx.page("staff/customers.html", title="Find a customer", text=text, found=found,
                    can_import=holds_rank(ctx.actor().role, Role.MANAGER))


@bp.route("/customers/new", methods=["GET", "POST"])
def new_customer():
    """Create a customer record for someone who has no account (they cannot sign in)."""
    form = CustomerForm()
    if request.method == "GET" and request.args.get("name"):
        form.name.data = request.args["name"][:200]
    if form.validate_on_submit():
        try:
            customer_id = create_customer(landlord=ctx.profile().slug, by=ctx.actor().id, **form.record_fields())
        except store.Duplicate:
            form.email.errors.append(EMAIL_TAKEN)
        else:
            flash(f"Customer record created for {form.name.data.strip()}.", "success")
            return redirect(url_for("staff.customer", customer_id=customer_id))
    return ctx.page("staff/customer_form.html", title="Add a customer", form=form, button_text="Add the customer",
                    lead="For someone who contacted us by phone, letter or in person and has no account. "
                         "They cannot sign in until they register.")


@bp.route("/customers/<customer_id>/edit", methods=["GET", "POST"])
def edit_customer(customer_id: str):
    """Change a customer's details; the record history notes which fields changed and who changed them."""
    record = customer_or_404(customer_id)
    form = CustomerForm(data=None if request.method == "POST" else {**customer_answers(record),
                                                                    "version": record_version(record)})
    conflict = None
    if form.validate_on_submit():
        fields = form.record_fields()
        try:
            changed = change_customer(record, fields, by=ctx.actor().id, expected_version=_version(form))
        except EditConflict as error:
            conflict = error.fields
            form.version.data = str(error.version)  # saving again now keeps what this page shows
            form.form_errors.append("Someone else changed this record while you were editing it. Check each "
                                    "value below, then save again.")
        except store.Duplicate:
            form.email.errors.append(EMAIL_TAKEN)
        except DomainError as error:
            place_error(form, error)
        else:
            if changed:
                flash(f"{fields['name']}'s record changed: {', '.join(changed)}.", "success")
            else:
                flash("Nothing was changed.", "info")
            return redirect(url_for("staff.customer", customer_id=customer_id))
    lead = ("They sign in with their email address: if you change it, they are signed out everywhere and sign in "
            "with the new one." if record.get("password_hash") else None)
    return ctx.page("staff/customer_form.html", title=f"Change {record['name']}'s details", form=form,
                    customer=record, caption=f"Customer {customer_id}", lead=lead, button_text="Save the changes",
                    conflict=conflict,
                    cancel=url_for("staff.customer", customer_id=customer_id))


def _version(form: CustomerForm) -> int | None:
    value = (form.version.data or "").strip()
    return int(value) if value.isdigit() else None


@bp.route("/customers/<customer_id>")
def customer(customer_id: str):
    """A customer: contact details, adjustments, alerts, who acts for them, complaints and conduct."""
    record = customer_or_404(customer_id)
    confirmed, pending = advocates_for(customer_id)
    cases = casework.customer_cases(customer_id)
    submitted = {}
    for case in cases:
        first = case.record.events[0] if case.record.events else {}
        submitted.setdefault(first.get("by", ""), case.id)
    file = conductwork.load_conduct(customer_id, ctx.profile())
    manager = holds_rank(ctx.actor().role, Role.MANAGER)
    return ctx.page("staff/customer.html", title=record["name"], customer=record, cases=cases,
                    confirmed=confirmed, pending=pending, submitted=submitted, file=file,
                    adjustments=[adjustment_words(a) for a in record.get("adjustments") or ()],
                    email=record.get("email") or "",
                    access=access_log_for(customer_id) if manager else None,
                    subject_access=sar.for_customer(customer_id, ctx.profile().slug) if manager else [])


def _logged(case: casework.Case, what: str):
    flash(f"{what} logged as {case.id}.", "success")
    return redirect(url_for("staff.case", case_id=case.id))


@bp.route("/customers/<customer_id>/complaints/new", methods=["GET", "POST"])
def log_complaint(customer_id: str):
    """Log a complaint received by phone, letter, email, in person or social media."""
    record = customer_or_404(customer_id)
    profile = ctx.profile()
    form = ComplaintForm().for_profile(profile)
    if form.validate_on_submit():
        try:
            case = casework.open_complaint(
                c.receive_complaint, ctx.actor(), customer_id, today=ctx.today(), now=ctx.now(), profile=profile,
                **form.fields(list(record.get("adjustments") or ())))
        except DomainError as error:
            place_error(form, error)
        else:
            return _logged(case, "Complaint")
    elif form.is_submitted():
        check_anyway(form, lambda: c.receive_complaint((), profile, ctx.actor(), ctx.today(),
                                                       **form.fields(list(record.get("adjustments") or ()))))
    return ctx.page("staff/complaint_form.html", title="Log a complaint", form=form, customer=record,
                    action=url_for("staff.log_complaint", customer_id=customer_id), button_text="Log the complaint")


@bp.route("/customers/<customer_id>/service-requests/new", methods=["GET", "POST"])
def log_service_request(customer_id: str):
    """Log a first request for a service: not a complaint, but it can become one."""
    record = customer_or_404(customer_id)
    form = ServiceRequestForm()
    if form.validate_on_submit():
        try:
            case = casework.open_complaint(
                c.log_service_request, ctx.actor(), customer_id, today=ctx.today(), now=ctx.now(),
                profile=ctx.profile(), channel=form.channel.data or "", received_on=form.received_on.data,
                summary=form.summary.data or "")
        except DomainError as error:
            place_error(form, error)
        else:
            return _logged(case, "Service request")
    return ctx.page("staff/simple_form.html", title="Log a service request", form=form, customer=record,
                    caption=record["name"], button_text="Log the request",
                    lead="A first request for a service is not a complaint. If the customer is unhappy with how "
                         "it is dealt with, turn it into a complaint from its page.")
