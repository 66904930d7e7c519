"""Users in PostgreSQL: the record as JSON beside its id, kind and email key.

A unique index on the email key (blank for a customer without an account) makes two
workers registering one email at once end with one account and one Duplicate.
"""

from __future__ import annotations

from typing import Any, Mapping

import psycopg
from psycopg.types.json import Jsonb

from portal.store.errors import Duplicate, NotFound
from portal.store.pg.database import Database
from portal.store.shards import plain
from portal.store.users import _optional_key, email_key


class Users:
    """The users collection on one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def create(self, fields: dict) -> str:
        """Store a new user and return its id; Duplicate if the email is taken in any case."""
        fields = plain(dict(fields))
        if "id" in fields:
            raise ValueError("the store gives users their id")
        key = _optional_key(fields.get("email"))
        with self._db.transaction() as conn:
            number = conn.execute("SELECT nextval('user_numbers')").fetchone()[0]
            user_id = f"U-{number:06d}"
            try:
                conn.execute("INSERT INTO users (id, number, kind, email_key, body) VALUES (%s, %s, %s, %s, %s)",
                             (user_id, number, _kind(fields), key, Jsonb(fields)))
            except psycopg.errors.UniqueViolation:
                raise Duplicate(f"a user with email {fields['email']!r} already exists") from None
        return user_id

    def get(self, user_id: str) -> dict | None:
        """The user with this id (including "id") as committed now, or None."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT id, body FROM users WHERE id = %s", (user_id,)).fetchone()
        return _user(row) if row else None

    def by_email(self, email: str) -> dict | None:
        """The user with this email, any case; None for a blank one."""
        if not isinstance(email, str) or not email.strip():
            return None
        with self._db.transaction() as conn:
            row = conn.execute("SELECT id, body FROM users WHERE email_key = %s", (email_key(email),)).fetchone()
        return _user(row) if row else None

    def update(self, user_id: str, *, note: Mapping[str, Any] | None = None, **fields: Any) -> dict:
        """Change some fields of a user and return it; a `note` joins its history in the same write."""
        if "id" in fields or "history" in fields:
            raise ValueError("a user's id never changes and its history is only appended to")
        fields = plain(fields)
        note = plain(dict(note)) if note else None
        key = _optional_key(fields["email"]) if "email" in fields else None
        with self._db.transaction() as conn:
            row = conn.execute("SELECT body FROM users WHERE id = %s FOR UPDATE", (user_id,)).fetchone()
            if row is None:
                raise NotFound(f"no user {user_id!r}")
            body = {**row[0], **fields}
            if note:
                body["history"] = [*row[0].get("history", ()), note]
            try:
                conn.execute("UPDATE users SET body = %s, kind = %s, email_key = coalesce(%s, email_key) "
                             "WHERE id = %s", (Jsonb(body), _kind(body), key, user_id))
            except psycopg.errors.UniqueViolation:
                raise Duplicate(f"a user with email {fields['email']!r} already exists") from None
        return {**body, "id": user_id}

    def all(self, kind: str | None = None) -> list[dict]:
        """Every user (of one kind: "tenant", "advocate", "staff"), by id."""
        with self._db.transaction() as conn:
            rows = conn.execute("SELECT id, body FROM users WHERE (%(k)s::text IS NULL OR kind = %(k)s) "
                                "ORDER BY number", {"k": kind}).fetchall()
        return [_user(row) for row in rows]


def _kind(fields: Mapping[str, Any]) -> str | None:
    kind = fields.get("kind")
    return kind if isinstance(kind, str) else None


def _user(row: tuple) -> dict:
    user_id, body = row
    return {**body, "id": user_id}
