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


def create_user(*, kind: str, email: str, name: str, password: str = "", landlord: str, by: str = "",
                password_hash: str = "", **fields: Any) -> str:
    """Store a new user with a hashed password; raises store.Duplicate for a used email."""
    return get_store().users.create({
        "kind": kind, "email": email.strip().lower(), "name": name.strip(),
        "password_hash": password_hash or hash_password(password), "session_version": 0,
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
    cancel_reset_tokens(user_id)


def _account_delay(failures: int) -> timedelta:
    """No wait for the first few failures, then 1, 2, 4 ... minutes, at most an hour."""
    allowed = current_app.config["SIGNIN_ATTEMPTS"]
    return timedelta(0) if failures < allowed else timedelta(minutes=min(2 ** (failures - allowed), 60))


def _address_delay(failures: int) -> timedelta:
    """An address (perhaps a whole office) waits 15 minutes only after many failures."""
    return timedelta(0) if failures < current_app.config["SIGNIN_ADDRESS_ATTEMPTS"] else timedelta(minutes=15)


def _signin_keys(email: str, address: str | None) -> tuple[str, str]:
    return f"account:{email.strip().lower()}", f"address:{address or 'unknown'}"


def signin_wait(email: str, address: str | None, now: datetime) -> datetime | None:
    """Until when sign-in to this account from this address is refused, or None if it is allowed."""
    limits, window = get_store().limits, timedelta(seconds=current_app.config["SIGNIN_WINDOW_SECONDS"])
    until = [datetime.fromisoformat(a.locked_until) for a in (limits.get(k, now, window)
                                                               for k in _signin_keys(email, address))
             if a.locked_at(now)]
    return max(until) if until else None


def signin_failed(email: str, address: str | None, now: datetime, record: dict[str, Any] | None) -> None:
    """Count a failed sign-in; the first time an account locks, its holder is told by email."""
    from portal import mail

    limits, window = get_store().limits, timedelta(seconds=current_app.config["SIGNIN_WINDOW_SECONDS"])
    account_key, address_key = _signin_keys(email, address)
    account = limits.failed(account_key, now, window, _account_delay)
    limits.failed(address_key, now, window, _address_delay)
    if record and account.failures == current_app.config["SIGNIN_ATTEMPTS"]:
        until = datetime.fromisoformat(account.locked_until)
        mail.queue("account_locked", to=record["email"], key=f"locked:{record['id']}:{account.since}",
                   name=record.get("name", ""), profile=_profile_of(record), failures=account.failures,
                   until=until.strftime("%H:%M UTC on %d %B %Y"), link=mail.external_url("auth.reset_request"))


def signin_succeeded(email: str) -> None:
    """A right password clears the account's count (the address's stays: it is shared)."""
    get_store().limits.clear(_signin_keys(email, None)[0])


def _profile_of(record: dict[str, Any]):
    from portal.data import get_profile

    return get_profile(record.get("landlord") or None)


def new_reset_token(user_id: str, now: datetime) -> str:
    """A password reset token, the only one the user holds: any older one stops working.

    Only the token's hash is stored; a pointer from the user to their current token
    makes a newer request, a use, or a password change cancel every other token.
    """
    store = get_store()
    cancel_reset_tokens(user_id)
    token = secrets.token_urlsafe(32)
    key = _token_key("reset", token)
    expires = (now + timedelta(minutes=current_app.config["RESET_TOKEN_MINUTES"])).isoformat()
    store.tokens.put(key, {"user_id": user_id, "purpose": "reset"}, expires, now=now)
    store.tokens.put(_reset_pointer(user_id), {"key": key}, expires, now=now)
    return token


def peek_reset_token(token: str, now: datetime) -> str | None:
    """The user id a reset token is for, if it is still valid (without using it)."""
    store = get_store()
    key = _token_key("reset", token)
    data = store.tokens.get(key, now=now)
    if not data or data.get("purpose") != "reset":
        return None
    pointer = store.tokens.get(_reset_pointer(data["user_id"]), now=now)
    return data["user_id"] if pointer and pointer.get("key") == key else None


def use_reset_token(token: str, now: datetime) -> str | None:
    """The user id for a valid reset token, cancelling it (and any other); None if not valid."""
    user_id = peek_reset_token(token, now)
    if user_id:
        cancel_reset_tokens(user_id)
    return user_id


def cancel_reset_tokens(user_id: str) -> None:
    """Make every reset token of this user stop working."""
    store = get_store()
    pointer = store.tokens.get(_reset_pointer(user_id))
    if pointer:
        store.tokens.delete(pointer["key"])
        store.tokens.delete(_reset_pointer(user_id))


def new_registration(fields: dict[str, Any], now: datetime) -> str:
    """Keep a registration until its email address is confirmed; returns the link's token.

    The password is hashed now, so the plain password is never stored.
    """
    token = secrets.token_urlsafe(32)
    data = {k: v for k, v in fields.items() if k != "password"}
    data["password_hash"] = hash_password(fields["password"])
    expires = (now + timedelta(hours=current_app.config["REGISTER_LINK_HOURS"])).isoformat()
    get_store().tokens.put(_token_key("register", token), {**data, "purpose": "register"}, expires, now=now)
    return token


def use_registration(token: str, now: datetime) -> dict[str, Any] | None:
    """The registration a confirmation token holds, used up; None if unknown or expired."""
    data = _take_token("register", token, now)
    return {k: v for k, v in data.items() if k not in ("purpose", "expires")} if data else None


def can_adopt(record: dict[str, Any] | None) -> bool:
    """True for a customer record that has no account yet, so registering with its email makes it one."""
    return bool(record) and record.get("kind") == "tenant" and not record.get("password_hash") \
        and not record.get("disabled")


def adopt_record(pending: dict[str, Any]) -> str | None:
    """Make a confirmed registration the account of the customer record that already has its email
    (one made by staff, an advocate or a complaint sent without an account); None if there is no such record."""
    store = get_store()
    record = store.users.by_email(pending["email"])
    if not can_adopt(record):
        return None
    store.users.update(record["id"], password_hash=pending["password_hash"], email_confirmed=True,
                       name=record.get("name") if record.get("name") not in ("", "Anonymous") else pending["name"],
                       customer_ref=record.get("customer_ref") or pending.get("customer_ref", ""),
                       note=account_note(record["id"], "Account created with the confirmed email address: "
                                                       "this record and its complaints are now in it"))
    return record["id"]


def ask_to_confirm_email(user: dict[str, Any], now: datetime) -> None:
    """Email a link to a new address; nothing but account mail goes there until it is used."""
    from portal import mail

    token = secrets.token_urlsafe(32)
    expires = (now + timedelta(hours=current_app.config["REGISTER_LINK_HOURS"])).isoformat()
    get_store().tokens.put(_token_key("confirm", token), {"user_id": user["id"], "email": user["email"],
                                                          "purpose": "confirm"}, expires, now=now)
    mail.queue("email_confirm", to=user["email"], key="confirm:" + hashlib.sha256(token.encode()).hexdigest()[:24],
               secret=True, name=user.get("name", ""), profile=_profile_of(user),
               link=mail.external_url("auth.confirm_email", token=token))


def confirm_email(token: str, now: datetime) -> bool:
    """Mark the address confirmed if the link is valid and the account still uses that address."""
    store = get_store()
    data = _take_token("confirm", token, now)
    if not data:
        return False
    user = store.users.get(data["user_id"])
    if not user or (user.get("email") or "").lower() != data["email"].lower():
        return False
    store.users.update(user["id"], email_confirmed=True, note=account_note(user["id"], "Email address confirmed"))
    return True


def _take_token(purpose: str, token: str, now: datetime) -> dict[str, Any] | None:
    """A single-use token's data, used up; None if unknown, expired or for another purpose."""
    store = get_store()
    key = _token_key(purpose, token)
    data = store.tokens.get(key, now=now)
    if not data or data.get("purpose") != purpose:
        return None
    store.tokens.delete(key)
    return data


def _reset_pointer(user_id: str) -> str:
    return f"reset-of:{user_id}"


def _token_key(purpose: str, token: str) -> str:
    return f"{purpose}:" + hashlib.sha256(token.encode()).hexdigest()


def init_app(app: Flask) -> None:
    """Wire Flask-Login and the sign-in limiter into the app."""
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


# The parts of a record a tenant keeps themselves on "Your details", in the words its history uses.
DETAIL_WORDS = {"phone": "phone number", "address": "address", "contact_preference": "how we contact you",
                "adjustments": "reasonable adjustments"}


def change_details(user_id: str, by: str, **fields: Any) -> list[str]:
    """Change a customer's own details in one write, noting each changed part (old and new) in the history."""
    store = get_store()
    record = store.users.get(user_id) or {}
    changed = {key: value for key, value in fields.items() if key in DETAIL_WORDS and record.get(key) != value}
    if not changed:
        return []
    lines = [f"Changed {DETAIL_WORDS[key]} from {_shown(record.get(key))} to {_shown(value)}"
             for key, value in changed.items()]
    store.users.update(user_id, note=account_note(by, "; ".join(lines)), **changed)
    return list(changed)


def _shown(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return "'" + ", ".join(str(v) for v in value) + "'" if value else "nothing"
    return f"'{value}'" if value else "nothing"
