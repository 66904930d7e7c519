"""People who sign in: tenants, advocates and staff, with safe sessions.

Closes the known Flask-Login gaps: the login id carries a per-user session version,
bumped on sign-out, password change and disabling, so a copied session or remember
cookie stops working at once. Passwords use argon2id (OWASP ASVS 5.0).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, current_app
from flask_login import LoginManager

from portal.clock import now_utc
from portal.data import get_store
from portal.domain.events import Actor
from portal.domain.roles import Role

_hasher = PasswordHasher()  # argon2id, t=3, m=64 MiB, p=4: above the ASVS 5.0 floor
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))

login_manager = LoginManager()
login_manager.login_view = "auth.sign_in"
login_manager.login_message = "Sign in to see that page."
login_manager.login_message_category = "info"
login_manager.session_protection = "basic"


@dataclass(frozen=True)
class User:
    """A signed-in person, read fresh from the store on every request."""

    id: str
    kind: str  # "tenant", "advocate" or "staff"
    email: str
    name: str
    session_version: int
    landlord: str
    role: Role | None = None
    disabled: bool = False
    record: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    # Flask-Login protocol
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return not self.disabled

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    @property
    def actor(self) -> Actor:
        """This person as the domain's Actor."""
        return Actor(id=self.id, name=self.name, role=self.role)

    @property
    def acting_for(self) -> tuple[str, ...]:
        """Customer ids this person may act for: themselves (tenants) and those who named them."""
        own = (self.id,) if self.kind == "tenant" else ()
        return own + tuple(self.record.get("acting_for", ()))

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> "User":
        return cls(
            id=record["id"], kind=record["kind"], email=record["email"], name=record["name"],
            session_version=record.get("session_version", 0), landlord=record.get("landlord", ""),
            role=Role(record["role"]) if record.get("role") else None,
            disabled=record.get("disabled", False), record=record,
        )


@login_manager.user_loader
def load_user(login_id: str) -> User | None:
    """Load the user only if the session version in the cookie is still current."""
    user_id, _, version = login_id.rpartition(":")
    record = get_store().users.get(user_id) if user_id else None
    if not record or str(record.get("session_version", 0)) != version or record.get("disabled"):
        return None
    return User.from_record(record)


def hash_password(password: str) -> str:
    """An argon2id hash of the password."""
    return _hasher.hash(password)


def check_password(record: dict[str, Any] | None, password: str) -> bool:
    """True if the password matches; spends the same time when there is no such user."""
    try:
        return _hasher.verify(record["password_hash"] if record else _DUMMY_HASH, password) and bool(record)
    except (VerificationError, InvalidHashError):
        return False


def account_note(by: str, what: str) -> dict[str, str]:
    """A line for an account's history: who changed it, when, and what."""
    return {"at": now_utc().isoformat(timespec="seconds"), "by": by, "what": what}


def create_user(*, kind: str, email: str, name: str, password: str, landlord: str, by: str = "",
                **fields: Any) -> str:
    """Store a new user with a hashed password; raises store.Duplicate for a used email."""
    return get_store().users.create({
        "kind": kind, "email": email.strip().lower(), "name": name.strip(),
        "password_hash": hash_password(password), "session_version": 0,
        "landlord": landlord, "disabled": False, **fields,
        "history": [account_note(by or "self", f"Account created ({kind})")],
    })


def end_sessions(user_id: str) -> None:
    """Invalidate every session and remember cookie this user has (sign-out, password change, disabling)."""
    store = get_store()
    record = store.users.get(user_id)
    if record:
        store.users.update(user_id, session_version=record.get("session_version", 0) + 1)


def change_password(user_id: str, password: str, how: str = "Password changed") -> None:
    """Set a new password, note it on the account, and end all existing sessions."""
    get_store().users.update(user_id, password_hash=hash_password(password), note=account_note(user_id, how))
    end_sessions(user_id)


def new_reset_token(user_id: str, now: datetime) -> str:
    """A single-use password reset token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["RESET_TOKEN_MINUTES"]
    get_store().tokens.put(
        _token_key(token), {"user_id": user_id, "purpose": "reset"},
        expires=(now + timedelta(minutes=minutes)).isoformat(),
    )
    return token


def use_reset_token(token: str, now: datetime) -> str | None:
    """The user id for a valid reset token, consuming it; None if unknown or expired."""
    store = get_store()
    key = _token_key(token)
    data = store.tokens.get(key)
    if not data:
        return None
    store.tokens.delete(key)
    if data.get("purpose") != "reset" or datetime.fromisoformat(data["expires"]) < now:
        return None
    return data["user_id"]


def peek_reset_token(token: str, now: datetime) -> bool:
    """True if the token is valid (without using it)."""
    data = get_store().tokens.get(_token_key(token))
    return bool(data) and datetime.fromisoformat(data["expires"]) >= now


def _token_key(token: str) -> str:
    return "reset:" + hashlib.sha256(token.encode()).hexdigest()


def init_app(app: Flask) -> None:
    """Wire Flask-Login into the app."""
    login_manager.init_app(app)
    days = app.config["REMEMBER_COOKIE_DAYS"]
    app.config.update(
        REMEMBER_COOKIE_DURATION=timedelta(days=days),
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=app.config["SESSION_COOKIE_SECURE"],
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
    )
