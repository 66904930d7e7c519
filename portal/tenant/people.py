"""Advocates: a tenant names (or removes) someone to act for them; an advocate sees who they act for.

Naming writes both records, as the user-record conventions say: the tenant's
`advocates` list and the advocate's `acting_for`. People an advocate complained for
without being named wait in `pending_for` until staff confirm them.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.accounts import account_note
from portal.auth.forms import EmptyForm
from portal.casework import customer_cases
from portal.data import get_store
from portal.tenant.access import customer_or_404, is_advocate, pending_people, people
from portal.tenant.forms import NameAdvocateForm
from portal.tenant.views import bp, panels, rows

NOT_FOUND = ("We could not find an account for someone who acts for others with that email address. Ask them to "
             "create an account and choose 'I act for a tenant', then try again.")


def _advocates(record: dict) -> list[dict]:
    store = get_store()
    found = [store.users.get(uid) for uid in record.get("advocates", ())]
    return [a for a in found if a and current_user.id in a.get("acting_for", ())]


@bp.route("/advocates", methods=["GET", "POST"])
def advocates():
    """Name someone (an adviser, relative, MP's office) who may act for you, or see who does."""
    if is_advocate():
        return redirect(url_for("tenant.people"))
    form = NameAdvocateForm()
    store = get_store()
    if form.validate_on_submit():
        found = store.users.by_email(form.email.data)
        if not found or found.get("kind") != "advocate" or found.get("disabled"):
            form.email.errors.append(NOT_FOUND)
        elif found["id"] in current_user.record.get("advocates", ()):
            form.email.errors.append(f"{found['name']} can already act for you.")
        else:
            named = list(current_user.record.get("advocates", ()))
            store.users.update(current_user.id, advocates=[*named, found["id"]],
                               note=account_note(current_user.id, f"Named {found['name']} ({found['id']}) to act for them"))
            acting = list(found.get("acting_for", ()))
            if current_user.id not in acting:
                store.users.update(found["id"], acting_for=[*acting, current_user.id],
                                   note=account_note(current_user.id, f"Named by {current_user.id} to act for them"))
            flash(f"{found['name']} can now act for you. They can see your complaints, letters and contact "
                  "arrangements, and make complaints for you.", "success")
            return redirect(url_for("tenant.advocates"))
    return render_template("tenant/advocates.html", form=form, advocates=_advocates(current_user.record),
                           remove=EmptyForm()), 400 if form.errors else 200


@bp.route("/advocates/<advocate_id>/remove", methods=["POST"])
def remove_advocate(advocate_id: str):
    """Stop someone acting for you: they lose access at once."""
    if is_advocate() or advocate_id not in current_user.record.get("advocates", ()):
        abort(404)
    if EmptyForm().validate_on_submit():
        store = get_store()
        store.users.update(current_user.id, advocates=[a for a in current_user.record.get("advocates", ())
                                                       if a != advocate_id],
                           note=account_note(current_user.id, f"Stopped {advocate_id} acting for them"))
        record = store.users.get(advocate_id)
        if record:
            store.users.update(advocate_id, acting_for=[c for c in record.get("acting_for", ())
                                                        if c != current_user.id],
                               note=account_note(current_user.id, f"No longer acts for {current_user.id}"))
            flash(f"{record.get('name', 'They')} can no longer act for you.", "success")
    return redirect(url_for("tenant.advocates"))


@bp.route("/people", endpoint="people")
def people_list():
    """An advocate's people: those confirmed, and those awaiting staff confirmation."""
    if not is_advocate():
        return redirect(url_for("tenant.advocates"))
    confirmed = people()
    waiting = [(person, [case for case in customer_cases(person["id"])
                         if case.state.events and case.state.events[0].by == current_user.id])
               for person in pending_people()]
    return render_template("tenant/people.html", people=confirmed, waiting=waiting,
                           protocols={p["id"] for p in panels(confirmed)})


@bp.route("/people/<customer_id>")
def person(customer_id: str):
    """One person's complaints, for an advocate acting for them."""
    if not is_advocate():
        if customer_id == current_user.id:
            return redirect(url_for("tenant.complaints"))
        abort(404)
    customer = customer_or_404(customer_id)
    return render_template("tenant/complaints.html", groups=[(customer, rows(customer_cases(customer_id)))],
                           advocate=True, protocols=panels([customer]), single=True)
