"""Email: composed from the kinds in `kinds.py`, kept in the store's outbox, sent by Flask-Mailman.

`queue(...)` is how anything sends an email: it renders the plain-text and HTML parts now,
keeps them in the outbox under an idempotency key, and wakes the sender. Nothing calls
SMTP directly, so a mail server that is down loses nothing and a retry never sends twice.
With no `MAIL_SERVER` configured, messages become `.eml` files under `instance/outbox/`.
"""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import Any, Iterable

from flask import Flask, current_app, has_request_context, render_template, url_for
from flask_mailman import EmailMultiAlternatives, Mail

from portal.clock import now_utc
from portal.data import get_profile, get_store
from portal.domain.profile import Profile
from portal.mail.eml import KEY_HEADER
from portal.mail.kinds import KINDS
from portal.store import OutboxItem

mailman = Mail()


def outbox_folder(app: Flask) -> Path:
    """Where `.eml` files go when no mail server is configured."""
    return Path(app.instance_path) / "outbox"


def init_app(app: Flask) -> None:
    """Point Flask-Mailman at the SMTP server, or at `.eml` files when there is none."""
    cfg = app.config
    if cfg["MAIL_SERVER"]:
        cfg["MAIL_BACKEND"] = "smtp"
    else:
        cfg["MAIL_BACKEND"] = "portal.mail.eml.EmailBackend"
        cfg["MAIL_FILE_PATH"] = str(outbox_folder(app))
    mailman.init_app(app)
    app.extensions["mail_wake"] = threading.Event()


def external_url(endpoint: str, **values: Any) -> str:
    """A full link for an email: from BASE_URL when set (never from a request's Host header)."""
    base = current_app.config["BASE_URL"]
    if base or not has_request_context():
        with current_app.test_request_context(base_url=base or "http://localhost"):
            return url_for(endpoint, _external=True, **values)
    return url_for(endpoint, _external=True, **values)


def compose(kind: str, *, to: str, key: str, case_id: str = "", name: str = "", link: str = "",
            lines: Iterable[str] = (), profile: Profile | None = None, secret: bool = False,
            **params: Any) -> OutboxItem:
    """An email of `kind` to `to`, both parts rendered, ready for the outbox.

    `secret` (a reset or confirmation link): the store forgets the body once it is sent.
    """
    profile = profile or get_profile()
    spec = KINDS[kind]
    values = {"landlord": profile.name, "case_id": case_id, **params}
    context = {"profile": profile, "name": name, "link": link, "link_text": spec.link_text,
               "paragraphs": [p.format(**values) for p in spec.paragraphs], "lines": list(lines)}
    return OutboxItem(
        key=key, channel="email", case_id=case_id, to=to, subject=spec.subject.format(**values),
        payload={"kind": kind, "text": render_template("mail/message.txt", **context),
                 "html": render_template("mail/message.html", **context),
                 "sender": _sender(profile), "secret": secret})


def queue(kind: str, *, to: str, key: str, **params: Any) -> bool:
    """Compose an email and keep it in the outbox; True if new (the key was not used before)."""
    return queue_items([compose(kind, to=to, key=key, **params)])


def queue_items(items: Iterable[OutboxItem]) -> bool:
    """Keep composed items in the outbox and wake the sender; True if any was new."""
    added = get_store().outbox.add(list(items), now_utc())
    if added:
        current_app.extensions["mail_wake"].set()
    return bool(added)


def deliver(item: OutboxItem) -> None:
    """Send one email now through the configured backend; raises if it could not be sent."""
    message = EmailMultiAlternatives(
        subject=item.subject, body=item.payload["text"], to=[item.to],
        from_email=current_app.config["MAIL_DEFAULT_SENDER"] or item.payload.get("sender"),
        headers={"Message-ID": message_id(item.key), KEY_HEADER: item.key})
    message.attach_alternative(item.payload["html"], "text/html")
    connection = mailman.get_connection(fail_silently=False, timeout=current_app.config["MAIL_TIMEOUT"])
    if connection.send_messages([message]) != 1:
        raise OSError("the mail server did not accept the message")


def message_id(key: str) -> str:
    """The same Message-ID for every try of one message, so a receiver can drop a repeat."""
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@portal.invalid>"


def _sender(profile: Profile) -> str:
    return f'"{profile.name}" <{profile.contact.email}>' if profile.contact.email else profile.name
