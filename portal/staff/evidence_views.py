"""Evidence on the staff side: attach a scan or photo to a complaint (a posted complaint's letter), and read files."""

from __future__ import annotations

from flask import current_app, flash, redirect, url_for
from flask_wtf import FlaskForm
from wtforms import MultipleFileField

from portal import casework
from portal.domain import complaints as c
from portal.domain.errors import DomainError, PermissionDenied
from portal.evidence_kit import allow_large_upload, checked_files, send_evidence
from portal.staff import context as ctx
from portal.staff.permissions import case_or_404, require_case_step
from portal.staff.views import bp


class StaffEvidenceForm(FlaskForm):
    files = MultipleFileField("Scans, photos or documents")


@bp.route("/cases/<case_id>/evidence", methods=["GET", "POST"])
def case_evidence(case_id: str):
    """Attach files to a complaint (anyone who may add a note to it); a bad file is named beside the field."""
    allow_large_upload()
    case = case_or_404(case_id)
    require_case_step("note", case)
    form = StaffEvidenceForm()
    if form.validate_on_submit():
        files, errors = checked_files()
        if errors or not files:
            form.files.errors = errors or ["Choose a file to attach"]
        else:
            try:
                casework.attach_evidence(case.id, ctx.actor(), files, today=ctx.today(), now=ctx.now(),
                                         max_files=current_app.config["EVIDENCE_MAX_FILES"],
                                         expected_version=case.version)
            except (DomainError, PermissionDenied) as error:
                form.files.errors = [error.args[0]]
            else:
                flash(f"Attached {len(files)} file{'s' if len(files) != 1 else ''} to {case.id}.", "success")
                return redirect(url_for("staff.case", case_id=case.id) + "#evidence")
    return ctx.page("staff/evidence.html", status=400 if form.errors else 200, title=f"Attach files to {case.id}",
                    case=case, form=form, files=c.evidence_on(case.state), limits=current_app.config,
                    landlord=case.profile)


@bp.route("/cases/<case_id>/evidence/<sha>")
def case_evidence_file(case_id: str, sha: str):
    """One file of a complaint of this member of staff's landlord."""
    return send_evidence(case_or_404(case_id), sha)
