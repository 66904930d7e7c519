"""Contact arrangements: any communication protocol in plain words, its letters, and an appeal."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from portal.clock import now_utc, today
from portal.conductwork import act_conduct
from portal.data import get_store
from portal.domain.conduct.actions import lodge_appeal
from portal.domain.conduct.explain import explain_protocol
from portal.domain.conduct.permissions import appeal_refusal, can_lodge_appeal
from portal.domain.conduct.wording import a_title, spoken_date
from portal.domain.errors import DomainError, PermissionDenied
from portal.tenant import arrangements
from portal.tenant.access import customer_or_404, is_advocate, profile_for
from portal.tenant.forms import AppealForm
from portal.tenant.views import bp, fail, with_pages


def _whose(customer_id: str | None) -> dict:
    """The customer the page is about: yourself, or (advocates) someone you act for."""
    if customer_id is None:
        if is_advocate():
            return {}
        customer_id = current_user.id
    return customer_or_404(customer_id)


def _arrangements(customer: dict):
    """The customer's profile, conduct file, today, and the protocol explained in plain words."""
    profile = profile_for(customer)
    file = arrangements.conduct_for(customer["id"], profile)
    day = today()
    return profile, file, day, explain_protocol(file.state, profile, day)


def _links(customer: dict) -> dict[str, str]:
    own = customer["id"] == current_user.id
    return {
        "page": url_for("tenant.contact_arrangements") if own
        else url_for("tenant.contact_arrangements", customer_id=customer["id"]),
        "appeal": url_for("tenant.appeal") if own else url_for("tenant.appeal", customer_id=customer["id"]),
    }


@bp.route("/contact-arrangements", defaults={"customer_id": None})
@bp.route("/people/<customer_id>/contact-arrangements")
def contact_arrangements(customer_id: str | None):
    """What a protocol means for how and when you contact us, who deals with you, and how to appeal."""
    customer = _whose(customer_id)
    if not customer:
        return redirect(url_for("tenant.people"))
    profile, file, day, explanation = _arrangements(customer)
    protocol = file.state.protocol if explanation.in_place else None
    letters = with_pages(get_store().letters.for_case(file.letter_case_id))
    return render_template("tenant/contact_arrangements.html", explanation=explanation, protocol=protocol,
                           customer=customer, own=customer["id"] == current_user.id, profile=profile,
                           letters=letters, links=_links(customer),
                           can_appeal=bool(protocol) and can_lodge_appeal(file.state, profile),
                           starts_later=bool(protocol and protocol.start > day))


@bp.route("/contact-arrangements/appeal", defaults={"customer_id": None}, methods=["GET", "POST"])
@bp.route("/people/<customer_id>/contact-arrangements/appeal", methods=["GET", "POST"])
def appeal(customer_id: str | None):
    """Appeal against a protocol: say why you disagree; someone not involved decides."""
    customer = _whose(customer_id)
    if not customer:
        return redirect(url_for("tenant.people"))
    profile, file, day, explanation = _arrangements(customer)
    links = _links(customer)
    if not explanation.in_place or not can_lodge_appeal(file.state, profile):
        flash("There is nothing to appeal against at the moment." if not explanation.in_place
              else "We already have your appeal. We will write to you with the decision."
              if file.state.protocol.open_appeal else appeal_refusal(file.state, profile), "info")
        return redirect(links["page"])
    form = AppealForm()
    if form.validate_on_submit():
        try:
            act_conduct(customer["id"], lodge_appeal, current_user.actor, today=day, now=now_utc(),
                        grounds=form.grounds.data)
        except (DomainError, PermissionDenied) as error:
            fail(form, error)
        else:
            who = a_title(explanation.appeal_heard_by or "senior manager")
            decided_by = _arrangements(customer)[3].appeal_decided_by
            flash(f"We have your appeal. {who[:1].upper()}{who[1:]}, or someone more senior, who was not involved "
                  f"in the decision will decide by {spoken_date(decided_by)} and write to you.", "success")
            return redirect(links["page"])
    return render_template("tenant/appeal.html", form=form, explanation=explanation, customer=customer,
                           own=customer["id"] == current_user.id, profile=profile, links=links), \
        400 if form.errors else 200
