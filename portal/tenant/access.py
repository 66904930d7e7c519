"""Who may see what on the tenant side: a customer's own things, or those of people they act for.

Anything that is not theirs is answered with 404, never 403, so ids cannot be probed.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, request, url_for
from flask_login import current_user

from portal.casework import Case, case_of, load_case
from portal.data import all_profiles, get_profile, get_store
from portal.domain import complaints as c
from portal.domain.profile import Profile
from portal.store import ComplaintRecord

CUSTOMER_KINDS = ("tenant", "advocate")
# Pages anyone may use without signing in: they show nothing about anyone but the visitor's own
# draft (its key is in their session) and, through the link we emailed them, their own complaint.
PUBLIC_ENDPOINTS = frozenset({"tenant.anonymous", "tenant.new_complaint", "tenant.complaint_step",
                              "tenant.first_request", "tenant.check_answers", "tenant.visitor_sent",
                              "tenant.visitor_link"})


def guard_customer_side():
    """Before every tenant route: sign in first (public pages aside); staff use the staff area instead."""
    user = current_user._get_current_object()  # once: each use of the proxy looks the person up again
    if request.endpoint in PUBLIC_ENDPOINTS and not user.is_authenticated:
        return None
    if not user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    if user.kind not in CUSTOMER_KINDS:
        abort(403)
    return None


def is_advocate() -> bool:
    """True when the signed-in person acts for others."""
    user = current_user._get_current_object()
    return user.is_authenticated and user.kind == "advocate"


def is_visitor() -> bool:
    """True for someone making a complaint without signing in."""
    return not current_user.is_authenticated


def may_act_for(customer_id: str | None) -> bool:
    """True if the signed-in person is this customer or a confirmed advocate for them."""
    return bool(customer_id) and customer_id in current_user.acting_for


def customer_or_404(customer_id: str) -> dict[str, Any]:
    """The customer's record, if the signed-in person may act for them."""
    record = get_store().users.get(customer_id) if may_act_for(customer_id) else None
    if record is None:
        abort(404)
    return record


def case_or_404(case_id: str) -> Case:
    """The complaint, if it belongs to someone the signed-in person may act for (one read, one fold)."""
    return shown_or_404(record_or_404(case_id))


def record_or_404(case_id: str) -> ComplaintRecord:
    """The stored complaint, unfolded, if it is of someone the signed-in person may act for."""
    record = get_store().complaints.get(case_id) if isinstance(case_id, str) and len(case_id) < 40 else None
    if record is None or not may_act_for(record.customer_id):
        abort(404)
    return record


def shown_or_404(record: ComplaintRecord) -> Case:
    """The complaint folded, unless it is one not yet shown in the account."""
    case = case_of(record)
    if not shown_in_account(case):
        abort(404)
    return case


def shown_in_account(case: Case) -> bool:
    """False for a complaint sent without signing in whose email address is not yet confirmed."""
    return c.to_confirm(case.state) != "email"


def profile_for(customer: dict[str, Any] | None) -> Profile:
    """The profile of the customer's landlord (the configured one if unknown)."""
    slug = (customer or {}).get("landlord")
    return get_profile(slug) if slug in all_profiles() else get_profile()


def people() -> list[dict[str, Any]]:
    """The confirmed customers an advocate acts for, by name."""
    store = get_store()
    found = [store.users.get(cid) for cid in current_user.record.get("acting_for", ())]
    return sorted((p for p in found if p), key=lambda p: p.get("name", "").lower())


def pending_people() -> list[dict[str, Any]]:
    """Customers an advocate has complained for, awaiting staff confirmation."""
    store = get_store()
    confirmed = set(current_user.record.get("acting_for", ()))
    found = [store.users.get(cid) for cid in current_user.record.get("pending_for", ()) if cid not in confirmed]
    return [p for p in found if p]


def submitted_case_or_404(case_id: str) -> Case:
    """A complaint the signed-in advocate sent for someone not yet confirmed, or one they may see anyway."""
    case = load_case(case_id) if isinstance(case_id, str) and len(case_id) < 40 else None
    if case is None:
        abort(404)
    if may_act_for(case.customer_id):
        return case
    pending = case.customer_id in current_user.record.get("pending_for", ())
    if not (pending and case.state.events and case.state.events[0].by == current_user.id):
        abort(404)
    return case
