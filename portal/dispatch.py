"""Deliver what the outbox holds: emails through `portal.mail`, letters through the use cases.

Run after each step (the step's own effects), by a background thread in the server, and by
`flask --app portal send-mail`. Each item is claimed under a lease first, so the thread and
the command never deliver one item twice; a failure waits longer after each try.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Callable

from flask import Flask, current_app

from portal import mail
from portal.clock import now_utc
from portal.data import get_store
from portal.store import OutboxItem

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)

#: Delivers one item of a channel, raising if it could not; use cases add "letter" (see casework).
HANDLERS: dict[str, Callable[[OutboxItem], None]] = {"email": mail.deliver}


def backoff(attempts: int) -> timedelta:
    """The wait after the n-th failed try: 1, 2, 4 ... minutes, at most 6 hours."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 360))


def deliver_one(key: str, now: datetime | None = None) -> str:
    """Claim and deliver one item; returns its state afterwards ("" if it was not claimable)."""
    store = get_store()
    now = now or now_utc()
    item = store.outbox.claim(key, now, LEASE)
    if item is None:
        return ""
    try:
        HANDLERS[item.channel](item)
    except Exception as exc:  # any failure is kept on the item and tried again later
        last = item.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]
        reason = f"{type(exc).__name__}: {exc}"[:300]
        store.outbox.failed(key, reason, retry_at=None if last else now + backoff(item.attempts), now=now)
        log.warning("Outbox item %s failed (try %d): %s", key, item.attempts, reason)
        return "failed" if last else "waiting"
    store.outbox.sent(key, now_utc(), forget_body=bool(item.payload.get("secret")))
    return "sent"


def send_due(now: datetime | None = None) -> dict[str, int]:
    """Deliver everything whose time has come; returns how many ended in each state."""
    counts: dict[str, int] = {}
    for item in get_store().outbox.due(now or now_utc()):
        state = deliver_one(item.key, now)
        if state:
            counts[state] = counts.get(state, 0) + 1
    return counts


#: Recovery sweeps run before each `run_outbox` (the use cases add one that finds unrecorded effects).
SWEEPS: list[Callable[[], int]] = []


def run_outbox(now: datetime | None = None) -> dict[str, int]:
    """The sweeps, then everything due: what `flask send-mail` and the background sender do."""
    recovered = sum(sweep() for sweep in SWEEPS)
    counts = send_due(now)
    if recovered:
        counts["recovered"] = recovered
    return counts


def start_background_sender(app: Flask) -> threading.Thread | None:
    """A daemon thread that sends due items when woken, and every MAIL_SENDER_SECONDS anyway."""
    seconds = app.config["MAIL_SENDER_SECONDS"]
    if seconds <= 0 or app.extensions.get("mail_thread"):
        return None
    wake: threading.Event = app.extensions["mail_wake"]

    def run() -> None:
        while True:
            wake.wait(seconds)
            wake.clear()
            if app.extensions.get("mail_thread") is not thread:
                return  # stopped (see stop_background_sender)
            try:
                with app.app_context():
                    send_due()
            except Exception:  # keep the thread alive; the next round tries again
                log.exception("The background sender failed a round")

    thread = threading.Thread(target=run, name="portal-mail-sender", daemon=True)
    app.extensions["mail_thread"] = thread
    thread.start()
    return thread


def stop_background_sender(app: Flask) -> None:
    """Let the background sender finish its round and end."""
    if app.extensions.pop("mail_thread", None):
        app.extensions["mail_wake"].set()
