"""What the tenant and staff evidence pages share: read the uploaded files, check each, send one back.

Thin helpers between the blueprints and the use case (`casework.attach_evidence`), so
both sides refuse the same files with the same words and serve files the same way.
"""

from __future__ import annotations

from flask import Response, abort, current_app, request

from portal.data import get_store
from portal.domain import complaints as c
from portal.domain.errors import DomainError
from portal.uploads import CheckedFile, check_upload


def allow_large_upload() -> None:
    """Lift this request's size cap to what the evidence limits allow (other pages keep the small one)."""
    cfg = current_app.config
    request.max_content_length = cfg["EVIDENCE_MAX_BYTES"] * cfg["EVIDENCE_MAX_FILES"] + 256 * 1024


def checked_files(field: str = "files") -> tuple[list[CheckedFile], list[str]]:
    """Every file chosen in `field`, made safe; and a message for each that failed (none kept then)."""
    good, errors = [], []
    for upload in request.files.getlist(field):
        if not upload or not upload.filename:
            continue
        try:
            good.append(check_upload(upload.filename, upload.read(), max_bytes=current_app.config["EVIDENCE_MAX_BYTES"],
                                     field=field))
        except DomainError as error:
            errors.append(error.args[0])
    return good, errors


def send_evidence(case, sha: str) -> Response:
    """One file of a complaint, only if the complaint's record names it; never cached."""
    found = next((f for f in c.evidence_on(case.state) if f.sha256 == sha), None)
    if found is None:
        abort(404)
    response = Response(get_store().evidence.get(sha), mimetype=found.content_type)
    disposition = "inline" if found.content_type != "application/pdf" else "attachment"
    safe = "".join(ch for ch in found.name if ch.isalnum() or ch in " ._-")[:100] or "file"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{safe}"'
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
