"""Your details: phone, address, how we contact you and the help you need, with every change recorded.

The help a tenant asks for is kept as reasonable adjustments on their record, the same
codes staff see on the customer page and the letters read (large print, contact route).
"""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts import DETAIL_WORDS, change_details
from portal.data import get_store
from portal.tenant.details_form import HELP_CHOICES, DetailsForm, details_answers
from portal.tenant.forms import CONTACT_CHOICES
from portal.tenant.views import bp
from portal.tenant.wording import adjustment_text

# Adjustments this page manages; any others on the record (set by staff, or at intake) are kept as they are.
_MANAGED = {code for code, _ in HELP_CHOICES} | {"another_language"}


def _history(record: dict) -> list[dict]:
    """The record's history lines about these details, newest first."""
    words = tuple(f"Changed {w}" for w in DETAIL_WORDS.values()) + ("Reasonable adjustments added",)
    return [line for line in reversed(record.get("history") or ()) if line.get("what", "").startswith(words)]


@bp.route("/your-details")
def details():
    """What we hold about how to reach you and the help you need, and each change to it."""
    record = get_store().users.get(current_user.id) or {}
    return render_template("tenant/details.html", record=record, history=_history(record),
                           contact_words=dict(CONTACT_CHOICES).get(record.get("contact_preference", ""), ""),
                           help=[adjustment_text(code) for code in record.get("adjustments") or ()])


@bp.route("/your-details/change", methods=["GET", "POST"])
def change_your_details():
    """Change your details on one page; 'By phone' with no number asks for the number here."""
    record = get_store().users.get(current_user.id) or {}
    form = DetailsForm() if current_user.kind == "tenant" else None
    if form is None:
        return redirect(url_for("tenant.complaints"))
    if not form.is_submitted():
        form.process(data=details_answers(record))
    elif form.validate():
        kept = [code for code in record.get("adjustments") or () if code.partition(":")[0] not in _MANAGED]
        changed = change_details(
            current_user.id, current_user.id, phone=form.phone.data or "",
            address=[line.strip() for line in (form.address.data or "").splitlines() if line.strip()],
            contact_preference=form.contact.data, adjustments=kept + form.adjustments())
        flash("We have saved your details." if changed else "Nothing had changed.", "success")
        return redirect(url_for("tenant.details"))
    return render_template("tenant/details_change.html", form=form), 400 if form.errors else 200
