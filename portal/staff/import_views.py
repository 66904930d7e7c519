"""Managers import customers from the housing system: upload, read the dry run, then import.

The uploaded file waits in the instance folder under its content hash between the dry
run and the import, and is deleted once imported; the import plans the file afresh, so
what is stored is checked against the store as it is at that moment.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from flask import current_app, flash, redirect, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import HiddenField

from portal.domain.roles import Role, holds_rank
from portal.staff import context as ctx
from portal.staff.imports import apply_import, plan_import
from portal.staff.permissions import refuse
from portal.staff.views import bp

MAX_BYTES = 20 * 1024 * 1024
_FILE_ID = re.compile(r"[0-9a-f]{64}")


class UploadForm(FlaskForm):
    """The CSV export to check."""
    csv_file = FileField("CSV file from the housing system",
                         description="Saved as CSV (UTF-8), with a header row. We show what it would do first.")


class ConfirmForm(FlaskForm):
    """Import the file checked on the page before."""
    file_id = HiddenField()


def _folder() -> Path:
    folder = Path(current_app.instance_path) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _managers_only() -> None:
    if not holds_rank(ctx.actor().role, Role.MANAGER):
        refuse(f"Only a {ctx.profile().title(Role.MANAGER)} or above can import customers.")


def _read(upload) -> tuple[str | None, str]:
    """(text, "") of a good upload, or (None, the reason it cannot be read)."""
    if upload is None or not getattr(upload, "filename", ""):
        return None, "Choose the CSV file to import"
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return None, f"The file is larger than {MAX_BYTES // (1024 * 1024)} MB: split it into smaller files"
    if not raw.strip():
        return None, "The file is empty"
    try:
        return raw.decode("utf-8-sig"), ""
    except UnicodeDecodeError:
        return None, "The file is not UTF-8 text: save it from the housing system as CSV (UTF-8)"


@bp.route("/customers/import", methods=["GET", "POST"])
def import_customers():
    """Upload a CSV export and see, row by row, what importing it would create, update and refuse."""
    _managers_only()
    form, plan, confirm = UploadForm(), None, None
    if form.validate_on_submit():
        text, problem = _read(form.csv_file.data)
        if text is None:
            form.csv_file.errors = [problem]
        else:
            file_id = hashlib.sha256(text.encode("utf-8")).hexdigest()
            (_folder() / f"{file_id}.csv").write_text(text, encoding="utf-8")
            plan = plan_import(text, ctx.profile().slug)
            if plan.problems:
                form.csv_file.errors = list(plan.problems)
                plan = None
            else:
                confirm = ConfirmForm(data={"file_id": file_id})
    status = 400 if form.errors else 200
    return ctx.page("staff/import_customers.html", status, title="Import customers", form=form, plan=plan,
                    confirm=confirm, file_name=getattr(form.csv_file.data, "filename", ""))


@bp.route("/customers/import/confirm", methods=["POST"])
def confirm_import():
    """Import the checked file, if every row is still good; back to the check page if not."""
    _managers_only()
    form = ConfirmForm()
    file_id = form.file_id.data or ""
    path = _folder() / f"{file_id}.csv"
    if not form.validate_on_submit() or not _FILE_ID.fullmatch(file_id) or not path.exists():
        flash("That file is no longer waiting to be imported: upload it again.", "error")
        return redirect(url_for("staff.import_customers"))
    plan = plan_import(path.read_text(encoding="utf-8"), ctx.profile().slug)
    if not plan.ok:
        flash("Some rows can no longer be imported (the records changed since the check): upload it again.", "error")
        return redirect(url_for("staff.import_customers"))
    done = apply_import(plan, landlord=ctx.profile().slug, by=ctx.actor().id, source="a staff upload")
    path.unlink(missing_ok=True)
    flash(f"Imported: {done.count('create')} created, {done.count('update')} updated, "
          f"{done.count('unchanged')} unchanged.", "success")
    return redirect(url_for("staff.customers"))
