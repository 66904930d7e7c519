"""The tenant portal: your complaints, one complaint, its letters, stage 2 and new information.

Thin views: check who may see it, call the use cases, render. The pages for making a
complaint (intake), contact arrangements (contact) and advocates (people) add their
routes to this blueprint from their own modules.
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user

from portal.casework import Case, act, customer_cases, open_complaint
from portal.clock import now_utc, today
from portal.data import get_profile, get_store
from portal.documents.site import policy_index
from portal.domain import complaints as c
from portal.domain.conduct.contact import ContactDecision, Handling
from portal.domain.errors import DomainError, PermissionDenied
from portal.rendered import kept_page
from portal.tenant import arrangements
from portal.tenant.access import (
    case_or_404, guard_customer_side, is_advocate, pending_people, people, profile_for, record_or_404,
    shown_in_account, shown_or_404,
)
from portal.tenant.forms import AddInformationForm, Stage2Form
from portal.tenant.wording import (
    adjustment_text,
    next_date,
    ombudsman_step,
    provisional_note,
    received_details,
    reply_date,
    stage_label,
    status_tag,
    status_words,
)

bp = Blueprint("tenant", __name__)
bp.before_request(guard_customer_side)


def fail(form, error: DomainError) -> None:
    """Show a domain error beside the field it names, or at the top of the form."""
    name = getattr(error, "field", None)
    target = form._fields.get(name) if name else None
    if target is not None:
        target.errors = [*target.errors, error.args[0]]
    else:
        form.form_errors.append(error.args[0])


def rows(cases: list[Case]) -> list[dict]:
    """What the list of complaints shows for each case (not one sent without an account until confirmed)."""
    day = today()
    return [{"case": case, "state": case.state, "stage": stage_label(case.state),
             "words": status_words(case.state, day),
             "tag": status_tag(case.state, day), "next": next_date(case.state, day)}
            for case in cases if shown_in_account(case)]


def _made_waiting() -> list[tuple[dict, Case]]:
    """Complaints this advocate made for someone we have not yet confirmed they act for (reference only)."""
    return [(person, case) for person in pending_people() for case in customer_cases(person["id"])
            if case.state.events and case.state.events[0].by == current_user.id]


def panels(customers: list[dict]) -> list[dict]:
    """The protocols in force for these customers, for a prominent panel on the list."""
    found = []
    for customer in customers:
        file = arrangements.conduct_for(customer["id"], profile_for(customer))
        if arrangements.in_force(file, today()):
            found.append(customer)
    return found


@bp.route("/complaints")
def complaints():
    """Your complaints (or, for an advocate, those of each person you act for)."""
    if is_advocate():
        groups = [(person, rows(customer_cases(person["id"]))) for person in people()]
        return render_template("tenant/complaints.html", groups=groups, advocate=True, waiting=_made_waiting(),
                               protocols=panels([p for p, _ in groups]))
    me = current_user.record
    return render_template("tenant/complaints.html", groups=[(me, rows(customer_cases(current_user.id)))],
                           advocate=False, protocols=panels([me]))


@bp.route("/complaints/<case_id>")
def complaint(case_id: str):
    """One complaint: where it stands, what we owe, its history, letters and what you can do next."""
    record = record_or_404(case_id)
    store, day, customer = get_store(), today(), _customer_name(record.customer_id)
    letters = with_pages([x for x in store.letters.for_case(record.id) if x["customer_id"] == record.customer_id])
    answered = store.surveys.get(record.id) is not None
    profile = get_profile(record.landlord)
    return kept_page(  # the events unchanged: the page is as it was, and was shown to this person
        ("tenant complaint", current_user.id, record.id), (record.events, profile, day, customer, letters, answered),
        "tenant/complaint.html", lambda: _complaint_page(shown_or_404(record), day, customer, letters, answered))


def _complaint_page(case: Case, day: date, customer: str, letters: list[dict], answered: bool) -> dict:
    """What the complaint page is rendered from: the case, today, and the letters and survey beside it."""
    state = case.state
    return dict(
        case=case, state=state, profile=case.profile, details=received_details(state),
        next=next_date(state, day), provisional=provisional_note(state, case.profile), stage=stage_label(state),
        reply_on=reply_date(state, day), omb_step=ombudsman_step(state, case.profile),
        tag=status_tag(state, day), words=status_words(state, day), letters=letters,
        timeline=state.timeline(for_tenant=True),
        can_escalate=_may_ask_stage2(state), escalation_open=state.escalation_open(day),
        can_add=state.status is not c.Status.NEW, customer=customer, today_date=day,
        files=c.evidence_on(state), survey_open=_survey_open(state, answered))


def _survey_open(state: c.ComplaintState, answered: bool) -> bool:
    """The satisfaction survey is offered once the complaint is closed, until it is answered."""
    return state.status in (c.Status.CLOSED, c.Status.WITH_CUSTOMER) and not state.anonymous and not answered


def _customer_name(customer_id: str) -> str:
    """The customer's name, shown to an advocate acting for them ('' for the customer themselves)."""
    if not is_advocate():
        return ""
    record = get_store().users.get(customer_id) or {}
    return record.get("name", "")


def _may_ask_stage2(state: c.ComplaintState) -> bool:
    """Stage 2 can be asked for once a stage 1 reply has been sent (late requests need a reason)."""
    return (state.stage == 1 and not state.anonymous and state.stage1 is not None
            and state.stage1.responded_on is not None
            and state.status in (c.Status.RESPONDED, c.Status.CLOSED, c.Status.WITH_CUSTOMER))


def with_pages(letters: list[dict]) -> list[dict]:
    """Letters marked with whether each has a web page (those kept before pages existed have only a PDF)."""
    pages = get_store().letter_pages
    return [{**letter, "page": pages.has(letter["sha256"])} for letter in letters]


def _own_letter(letter_id: str) -> dict:
    """The letter's record, only for the customer or someone acting for them."""
    record = get_store().letters.get(letter_id) if isinstance(letter_id, str) and len(letter_id) < 40 else None
    if record is None or record["customer_id"] not in current_user.acting_for:
        abort(404)
    return record


# The letter page carries its own stylesheet inline (the same one its PDF was made with).
LETTER_PAGE_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; "
                   "form-action 'none'; frame-ancestors 'none'")


@bp.route("/letters/<letter_id>/page")
def letter_page(letter_id: str):
    """A letter as an accessible web page (headings, lists, links), beside its PDF; never cached."""
    record = _own_letter(letter_id)
    html = get_store().letter_pages.get(record["sha256"])
    if html is None:
        abort(404)
    response = Response(html, mimetype="text/html")
    response.headers["Content-Security-Policy"] = LETTER_PAGE_CSP
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/letters/<letter_id>")
def letter(letter_id: str):
    """A letter as a PDF, only to the customer or someone acting for them; never cached."""
    store = get_store()
    record = _own_letter(letter_id)
    response = Response(store.letters.pdf_bytes(letter_id), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'inline; filename="{record["id"]}-{record["kind"]}.pdf"'
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/complaints/<case_id>/stage-2", methods=["GET", "POST"])
def stage2(case_id: str):
    """Ask for stage 2: no reason needed in the window; after it, a reason for staff to decide."""
    case = case_or_404(case_id)
    state, day = case.state, today()
    if not _may_ask_stage2(state):
        flash("You cannot ask for stage 2 on this complaint. The page below explains where it stands.", "info")
        return redirect(url_for("tenant.complaint", case_id=case.id))
    late = not state.escalation_open(day)
    rules = case.profile.complaints.stage1
    form = Stage2Form()
    if rules.escalation_asks_unresolved:
        form.reason.label.text = "Which parts of your complaint are still not resolved? (optional)"
    if form.validate_on_submit():
        try:
            act(case.id, c.request_escalation, current_user.actor, today=day, now=now_utc(),
                expected_version=case.version, reason=form.reason.data or "",
                late_reason=(form.late_reason.data or "") if late else "")
        except (DomainError, PermissionDenied) as error:
            fail(form, error)
        else:
            flash("You have asked for stage 2. We will write to confirm we have your request.", "success")
            return redirect(url_for("tenant.complaint", case_id=case.id))
    return render_template("tenant/stage2.html", form=form, case=case, state=state, profile=case.profile,
                           late=late, closes=state.escalation_window_closes), 400 if form.errors else 200


@bp.route("/complaints/<case_id>/add-information", methods=["GET", "POST"])
def add_information(case_id: str):
    """Add to a complaint: to the current stage, or logged as a new complaint once the reply is sent."""
    case = case_or_404(case_id)
    file = arrangements.conduct_for(case.customer_id, case.profile)
    when = now_utc()
    decision = arrangements.handling(file, topic="existing_case", now=when, case_id=case.id,
                                     by_representative=is_advocate())
    form = AddInformationForm()
    if form.validate_on_submit():
        if not decision.allowed:
            form.form_errors.append(decision.message)
        else:
            try:
                return _add(case, form.text.data, decision)
            except (DomainError, PermissionDenied) as error:
                fail(form, error)
    return render_template("tenant/add_information.html", form=form, case=case, state=case.state,
                           decision=decision, protocol=arrangements.in_force(file, today()) is not None), \
        400 if form.errors else 200


def _add(case: Case, text: str, decision: ContactDecision) -> Response:
    day, when, actor = today(), now_utc(), current_user.actor
    updated = act(case.id, c.add_information, actor, today=day, now=when, expected_version=case.version, text=text)
    as_new = bool(updated.state.events[-1].get("new_complaint"))
    if decision.handling is Handling.READ_AND_FILE:  # a closed case under the protocol: filed, never a new one
        flash(f"We have added this to complaint {case.id}. {decision.message}", "success")
        return redirect(url_for("tenant.complaint", case_id=case.id))
    if not as_new:
        flash(f"We have added this to complaint {case.id}. We will take it into account in our reply.", "success")
        return redirect(url_for("tenant.complaint", case_id=case.id))
    new = open_complaint(c.receive_complaint, actor, case.customer_id, today=day, now=when, profile=case.profile,
                         channel="online", summary=f"New points about complaint {case.id}", what_went_wrong=text,
                         on_behalf_of=_representative(case))
    flash(f"We had already replied to complaint {case.id}, so we have logged what you sent as a new "
          f"complaint, {new.id}. This page shows its dates.", "success")
    return redirect(url_for("tenant.complaint", case_id=new.id))


def _representative(case: Case) -> dict | None:
    if not is_advocate():
        return None
    rep = case.state.representative
    accepted = case.profile.complaints.third_parties
    relationship = rep.relationship if rep else (accepted[0] if accepted else "")
    return {"name": current_user.name, "relationship": relationship} if relationship else None


@bp.app_template_filter("tenant_date")
def tenant_date(day) -> str:
    """A date in words: 'Friday 5 December 2025'."""
    return c.long_date(day) if day else ""


@bp.app_template_filter("tenant_adjustment")
def tenant_adjustment(code: str) -> str:
    """An adjustment code in words."""
    return adjustment_text(code)


@bp.app_template_filter("tenant_iso_date")
def tenant_iso_date(text: str) -> str:
    """An ISO date string in words, or the text as it is when it is not one."""
    try:
        return c.long_date(date.fromisoformat(text))
    except (TypeError, ValueError):
        return text or ""


@lru_cache(maxsize=16)
def _policy_links(content_dir: str, slug: str, base: str) -> tuple:
    return tuple(policy_index(content_dir, slug, base=base))


@bp.context_processor
def tenant_globals() -> dict:
    """The landlord's policy pages (standard and Easy Read), for every tenant page."""
    def policy_links(profile) -> tuple:
        """Each policy's standard and Easy Read addresses in the built site."""
        base = url_for("site_file", path="x")[:-1]
        try:
            return _policy_links(current_app.config["CONTENT_DIR"], profile.slug, base)
        except (OSError, ValueError):
            return ()
    return {"policy_links": policy_links}
