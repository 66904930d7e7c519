"""The demo's Outbox: the `.eml` files written when no mail server is configured, for staff to read.

Only there when `MAIL_SERVER` is empty (the embedded default): with a real server the
emails are in their owners' inboxes and nowhere else.
"""

from __future__ import annotations

import re
from email import message_from_bytes, policy
from pathlib import Path

from flask import abort, current_app

from portal.mail import outbox_folder
from portal.staff import context as ctx
from portal.staff.views import bp

_NAME = re.compile(r"[0-9a-f]{32}\.eml")


def _folder() -> Path:
    if current_app.config["MAIL_SERVER"]:
        abort(404)
    return outbox_folder(current_app)


def _read(path: Path) -> dict:
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    body = message.get_body(preferencelist=("plain",))
    return {"name": path.name, "to": message["To"], "subject": message["Subject"], "date": message["Date"],
            "text": body.get_content() if body else ""}


@bp.route("/outbox")
def outbox():
    """Every email written so far, newest first."""
    folder = _folder()
    paths = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
    return ctx.page("staff/outbox.html", title="Outbox", messages=[_read(p) for p in paths[:200]])


@bp.route("/outbox/<name>")
def outbox_message(name: str):
    """One email as its reader would see the plain-text part."""
    path = _folder() / name
    if not _NAME.fullmatch(name) or not path.is_file():
        abort(404)
    message = _read(path)
    return ctx.page("staff/outbox_message.html", title=message["subject"], message=message)
