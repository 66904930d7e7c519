"""Photos and documents for a complaint: the tenant's (or advocate's) upload page and the files."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import MultipleFileField

from portal.casework import attach_evidence
from portal.clock import now_utc, today
from portal.domain import complaints as c
from portal.domain.errors import DomainError, PermissionDenied
from portal.evidence_kit import allow_large_upload, checked_files, send_evidence
from portal.tenant.access import case_or_404
from portal.tenant.views import bp


class EvidenceForm(FlaskForm):
    files = MultipleFileField("Photos or documents")


@bp.route("/complaints/<case_id>/evidence", methods=["GET", "POST"])
def add_evidence(case_id: str):
    """Send photos or documents (JPEG, PNG, HEIC, PDF) for a complaint; a bad file is named beside the field."""
    allow_large_upload()
    case = case_or_404(case_id)
    form = EvidenceForm()
    if form.validate_on_submit():
        files, errors = checked_files()
        if not files and not errors:
            errors = ["Choose a file to send"]
        if errors:
            form.files.errors = errors
        else:
            try:
                attach_evidence(case.id, current_user.actor, files, today=today(), now=now_utc(),
                                max_files=current_app.config["EVIDENCE_MAX_FILES"], expected_version=case.version)
            except (DomainError, PermissionDenied) as error:
                form.files.errors = [error.args[0]]
            else:
                flash(f"We have added {len(files)} file{'s' if len(files) != 1 else ''} to complaint {case.id}.",
                      "success")
                return redirect(url_for("tenant.complaint", case_id=case.id) + "#evidence")
    return render_template("tenant/evidence.html", form=form, case=case, state=case.state,
                           files=c.evidence_on(case.state), limits=current_app.config), 400 if form.errors else 200


@bp.route("/complaints/<case_id>/evidence/<sha>")
def evidence_file(case_id: str, sha: str):
    """One file from a complaint this person may see."""
    return send_evidence(case_or_404(case_id), sha)
