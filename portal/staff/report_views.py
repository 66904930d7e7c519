"""Staff report pages (manager and above): each report for a chosen period, a CSV of every
table, and the learning register.
"""

from __future__ import annotations

from pathlib import Path

from flask import Response, abort, current_app, redirect, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional

from portal import learning, reporting
from portal.choices import options
from portal.domain.errors import DomainError
from portal.domain.roles import Role
from portal.reporting import KINDS, offered
from portal.reports import document
from portal.reports.assemble import ANALYSIS_FIELDS
from portal.reports.periods import EXAMPLES, Period, PeriodError, of_day, parse_as
from portal.reports.tables import show, to_csv
from portal.staff import context as ctx
from portal.staff.permissions import refuse
from portal.staff.views import bp

def _manager() -> None:
    if not current_user.role.at_least(Role.MANAGER):
        refuse("Reports are for managers and more senior staff.")


def _period(kind: str) -> tuple[Period, str]:
    """The period asked for (or the current one of the report's kind), and any error about it."""
    wanted = KINDS[kind][1]
    default = reporting.default_period(kind, ctx.today())
    text = (request.args.get("period") or "").strip()[:20]
    if not text:
        return default, ""
    try:
        return parse_as(text, wanted), ""
    except PeriodError as exc:
        return default, str(exc)


def _report_or_404(kind: str):
    _manager()
    if kind not in offered(ctx.profile()):
        abort(404)
    period, error = _period(kind)
    return reporting.build(kind, period, ctx.today(), ctx.profile()), period, error


@bp.route("/reports")
def reports():
    """Every report this landlord makes, and the learning register."""
    _manager()
    return ctx.page("staff/reports.html", title="Reports", kinds=[(k, KINDS[k][0]) for k in offered(ctx.profile())])


@bp.route("/reports/<kind>")
def report(kind: str):
    """One report for the chosen period, each table with its chart and a CSV download."""
    built, period, error = _report_or_404(kind)
    return ctx.page("staff/report.html", 200 if not error else 400,
                    title=f"Error: {built.title}" if error else built.title, report=built,
                    kind=kind, period=period, error=error, charts=document.charts(built), show=show,
                    hint=" or ".join(f"a {k} ({EXAMPLES[k]})" for k in KINDS[kind][1]),
                    period_text=request.args.get("period", period.key))


@bp.route("/reports/<kind>/<table>.csv")
def report_csv(kind: str, table: str):
    """One table of a report as CSV."""
    built, period, error = _report_or_404(kind)
    if error:
        abort(400)
    try:
        found = built.table(table)
    except KeyError:
        abort(404)
    name = f"{document.file_stem(built)}-{found.key}.csv"
    return Response(to_csv(found), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


class ImprovementForm(FlaskForm):
    """A new improvement action for the learning register."""

    what = TextAreaField("What will be improved", validators=[DataRequired("Say what will be improved.")])
    owner = StringField("Who owns it", validators=[DataRequired("Name who owns the action.")])
    due = DateField("Due date", description="For example, 2026-10-31", validators=[
        DataRequired("Enter the due date as a date, for example 2026-10-31.")])
    complaints = StringField("Complaints that led to it", description="References, separated by commas",
                             validators=[Optional()])
    categories = StringField("Categories", description="Separated by commas, for example repairs, damp and mould",
                             validators=[Optional()])


class DoneForm(FlaskForm):
    """Mark an improvement action done (a button)."""


@bp.route("/reports/learning", methods=["GET", "POST"])
def learning_register():
    """The learning register: improvement actions, and a form to add one."""
    _manager()
    profile, form = ctx.profile(), ImprovementForm()
    if form.validate_on_submit():
        try:
            learning.add_improvement(
                ctx.actor(), profile.slug, what=form.what.data, owner=form.owner.data, due=form.due.data,
                complaints=(form.complaints.data or "").split(","),
                categories=[c.strip() for c in (form.categories.data or "").split(",")],
                today=ctx.today(), now=ctx.now())
            return redirect(url_for("staff.learning_register"))
        except DomainError as exc:
            getattr(form, exc.field or "what").errors.append(exc.message)
    period = of_day(ctx.today(), "year")
    return ctx.page("staff/learning.html", 400 if form.errors else 200, title="Learning register", form=form,
                    actions=learning.improvements(profile.slug), done_form=DoneForm(),
                    themes=reporting.themes_report(period, profile), show=show)


@bp.post("/reports/learning/<key>/done")
def improvement_done(key: str):
    """Record that an improvement action is done today."""
    _manager()
    if not DoneForm().validate_on_submit():
        abort(400)
    doc = next((d for d in learning.improvements(ctx.profile().slug) if d["key"] == key), None)
    if doc is None:
        abort(404)
    try:
        learning.complete_improvement(ctx.actor(), key, done_on=ctx.today(), version=doc["version"],
                                      today=ctx.today(), now=ctx.now())
    except DomainError as exc:
        refuse(exc.message)
    return redirect(url_for("staff.learning_register"))


def _annual_form(provisions: list[tuple], doc: dict):
    """A form with a comply/explain pair per provision and the written analysis."""

    class AnnualForm(FlaskForm):
        finalise = BooleanField("Finalise this version: keep it as the submitted self-assessment and publish "
                                "the report on the policy site")

    answers, analysis = doc.get("answers", {}), doc.get("analysis", {})
    data = {"finalise": False}
    for key, asks, evidence, *_ in provisions:
        setattr(AnnualForm, f"comply_{key}", RadioField(asks, description=f"Evidence: {evidence}.",
                                                          choices=options([("Comply", "Comply"), ("Explain", "Explain")]),
                                                          validators=[Optional()]))
        setattr(AnnualForm, f"explain_{key}", TextAreaField(f"What the figures cannot show, or why we do not comply: "
                                                            f"{asks.lower()}", validators=[Optional()]))
        data[f"comply_{key}"] = (answers.get(key) or {}).get("comply")
        data[f"explain_{key}"] = (answers.get(key) or {}).get("explain", "")
    for key, title in ANALYSIS_FIELDS.items():
        setattr(AnnualForm, f"analysis_{key}", TextAreaField(title, validators=[Optional()]))
        data[f"analysis_{key}"] = analysis.get(key, "")
    return AnnualForm(data=data if request.method == "GET" else None)


@bp.route("/reports/annual/written", methods=["GET", "POST"])
def annual_written():
    """Staff's part of the annual report: comply or explain for each provision, and the analysis."""
    _manager()
    profile = ctx.profile()
    if "annual" not in offered(profile):
        abort(404)
    period, error = _period("annual")
    if error:
        abort(400)
    year = period.start.year
    doc = reporting.annual_draft(profile.slug, year)
    provisions = reporting.annual_report(year, profile).table("self_assessment").rows
    form = _annual_form(provisions, doc)
    if form.validate_on_submit():
        answers = {key: {"comply": getattr(form, f"comply_{key}").data,
                         "explain": (getattr(form, f"explain_{key}").data or "").strip()}
                   for key, *_ in provisions if getattr(form, f"comply_{key}").data}
        analysis = {key: (getattr(form, f"analysis_{key}").data or "").strip() for key in ANALYSIS_FIELDS}
        try:
            reporting.save_annual_draft(ctx.actor(), profile.slug, year, answers=answers, analysis=analysis,
                                        finalise=form.finalise.data, version=doc.get("version", 0), now=ctx.now())
            if form.finalise.data:
                reporting.publish_annual(year, profile, Path(current_app.instance_path) / "published",
                                         Path(current_app.config["SITE_DIR"]))
            return redirect(url_for("staff.report", kind="annual", period=period.key))
        except DomainError as exc:
            getattr(form, exc.field or "finalise").errors.append(exc.message)
    return ctx.page("staff/simple_form.html", 400 if form.errors else 200,
                    title=f"Write the annual report, {period.label}", form=form,
                    caption=f"Version {doc.get('version', 0)}; submitted versions kept: {len(doc.get('versions', []))}",
                    lead="The figures and their evidence come from the year's cases. Say for each provision whether "
                         "we comply, explain what the figures cannot show, and write the analysis.",
                    button_text="Save")
