"""The print queue: letters for customers who get them by post, printed as one batch and marked posted."""

from __future__ import annotations

from flask import Response, flash, redirect, request, url_for
from flask_wtf import FlaskForm
from wtforms import RadioField
from wtforms.validators import InputRequired

from portal import posting
from portal.choices import options
from portal.data import get_store
from portal.domain.errors import DomainError
from portal.letters.post import ENVELOPES, PostedLetter, batch_pdf
from portal.staff import context as ctx
from portal.staff.fields import DayField
from portal.staff.form_errors import place_error
from portal.staff.views import bp


class PostedForm(FlaskForm):
    posted_on = DayField("Date posted", description="Leave blank for today.")


class BatchForm(FlaskForm):
    envelope = RadioField("Envelope", choices=options([(k, e.name) for k, e in ENVELOPES.items()]), default="DL",
                          validators=[InputRequired("Choose the envelope")])


def _queue() -> list[tuple[dict, dict]]:
    """(letter, customer) for every queued letter of this landlord's customers, oldest first."""
    store, slug = get_store(), ctx.profile().slug
    pairs = [(letter, store.users.get(letter["customer_id"]) or {}) for letter in store.letters.print_queue()]
    return [(letter, customer) for letter, customer in pairs if customer.get("landlord") == slug]


@bp.route("/post")
def print_queue():
    """Letters waiting to be printed and posted."""
    return ctx.page("staff/print_queue.html", title="Letters to post", queue=_queue(),
                    posted=PostedForm(), batch=BatchForm())


@bp.route("/post/batch.pdf")
def print_batch():
    """Every queued letter in one PDF, each behind a cover sheet for the chosen windowed envelope."""
    envelope = request.args.get("envelope", "DL")
    if envelope not in ENVELOPES:
        envelope = "DL"
    store = get_store()
    letters = [PostedLetter(letter["id"], letter["title"], customer.get("name", ""),
                            tuple(customer.get("address") or ()), store.letters.pdf_bytes(letter["id"]))
               for letter, customer in _queue()]
    pdf = batch_pdf(letters, ctx.profile(), envelope)
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="letters-{ctx.today().isoformat()}.pdf"'})


@bp.route("/post/posted", methods=["POST"])
def mark_posted():
    """The ticked letters went in the post on the date given (a complaint's case records it too)."""
    form = PostedForm()
    queued = {letter["id"] for letter, _ in _queue()}
    chosen = [i for i in request.form.getlist("letter") if i in queued]
    if form.validate_on_submit():
        on = form.posted_on.data or ctx.today()
        try:
            for letter_id in chosen:
                posting.mark_posted(letter_id, on, ctx.actor(), ctx.profile(), today=ctx.today(), now=ctx.now())
        except DomainError as error:
            place_error(form, error)
        else:
            flash(f"{len(chosen)} letter(s) marked as posted." if chosen else "Tick the letters that were posted.",
                  "success" if chosen else "info")
            return redirect(url_for("staff.print_queue"))
    return ctx.page("staff/print_queue.html", status=400, title="Letters to post", queue=_queue(),
                    posted=form, batch=BatchForm(), ticked=set(chosen))
