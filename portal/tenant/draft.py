"""A complaint being written, kept on the server between the pages of the form.

The session cookie holds only a random key; the answers live in the store's tokens
collection for a day, so long answers never bloat (or leak through) the cookie, and a
key copied into another account's session is refused.
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from flask import session
from flask_login import current_user

from portal.clock import now_utc
from portal.data import get_store

SESSION_KEY = "complaint_draft"
KEEP_FOR = timedelta(hours=24)


def start_draft() -> dict[str, Any]:
    """A new, empty draft for the signed-in person (any earlier one is dropped)."""
    discard_draft()
    draft = {"key": "draft:" + secrets.token_urlsafe(24), "user_id": current_user.id, "answers": {}}
    session[SESSION_KEY] = draft["key"]
    save_draft(draft)
    return draft


def load_draft() -> dict[str, Any] | None:
    """The signed-in person's draft, or None if there is none (or it expired)."""
    key = session.get(SESSION_KEY)
    if not isinstance(key, str) or not key.startswith("draft:"):
        return None
    data = get_store().tokens.get(key, now=now_utc())
    if not data or data.get("user_id") != current_user.id:
        return None
    data.pop("expires", None)
    return data


def save_draft(draft: dict[str, Any]) -> None:
    """Keep the draft for another day from now."""
    now = now_utc()
    get_store().tokens.put(draft["key"], draft, (now + KEEP_FOR).isoformat(), now=now)


def discard_draft() -> None:
    """Forget the draft once it is sent (or replaced)."""
    key = session.pop(SESSION_KEY, None)
    if isinstance(key, str) and key.startswith("draft:"):
        get_store().tokens.delete(key)
