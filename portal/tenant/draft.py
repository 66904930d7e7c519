"""A complaint being written, kept on the server for 24 hours, as the start page promises.

The answers live in the store's tokens collection for a day, so long answers never bloat
(or leak through) the cookie. The session holds the draft's random key, and a second
token (`draft-of:<user id>`) points at it, so the same person finds their draft again
after signing in anew or on another device; a key copied into another account's
session is refused. A signed-out visitor's draft has no owner: its key is in their
session, and in the link we email them, which brings it back on any device.
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


def _owner_key(user_id: str) -> str:
    return f"draft-of:{user_id}"


def _owner() -> str | None:
    """Who the draft belongs to: the signed-in person's id, or None for a signed-out visitor."""
    return current_user.id if current_user.is_authenticated else None


def start_draft() -> dict[str, Any]:
    """A new, empty draft for the signed-in person (any earlier one is dropped)."""
    discard_draft()
    draft = {"key": "draft:" + secrets.token_urlsafe(24), "user_id": _owner(), "answers": {}}
    session[SESSION_KEY] = draft["key"]
    save_draft(draft)
    return draft


def load_draft() -> dict[str, Any] | None:
    """The signed-in person's draft, or None if there is none (or it expired)."""
    key = session.get(SESSION_KEY)
    if (not isinstance(key, str) or not key.startswith("draft:")) and _owner():
        pointer = get_store().tokens.get(_owner_key(current_user.id), now=now_utc()) or {}
        key = pointer.get("key")
    if not isinstance(key, str) or not key.startswith("draft:"):
        return None
    data = get_store().tokens.get(key, now=now_utc())
    if not data or data.get("user_id") != _owner():
        return None
    session[SESSION_KEY] = key
    data.pop("expires", None)
    return data


def save_draft(draft: dict[str, Any]) -> None:
    """Keep the draft (and its owner's pointer to it) for another day from now."""
    now, store = now_utc(), get_store()
    until = (now + KEEP_FOR).isoformat()
    store.tokens.put(draft["key"], draft, until, now=now)
    if draft["user_id"]:
        store.tokens.put(_owner_key(draft["user_id"]), {"key": draft["key"]}, until, now=now)


def discard_draft() -> None:
    """Forget the draft once it is sent (or replaced)."""
    key = session.pop(SESSION_KEY, None)
    store, owner = get_store(), _owner()
    pointer = (store.tokens.get(_owner_key(owner), now=now_utc()) or {}) if owner else {}
    for old in {key, pointer.get("key")}:
        if isinstance(old, str) and old.startswith("draft:"):
            store.tokens.delete(old)
    if owner:
        store.tokens.delete(_owner_key(owner))


def resume_draft(key: str) -> bool:
    """Bring a signed-out visitor's draft into this browser (from the emailed link); False if it is gone."""
    data = get_store().tokens.get(key, now=now_utc()) if key.startswith("draft:") else None
    if not data or data.get("user_id") is not None:
        return False
    session[SESSION_KEY] = key
    return True
