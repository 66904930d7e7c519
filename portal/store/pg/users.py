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
from portal.store.pg.summaries import phrase_filter, searchable
from portal.store.shards import plain
from portal.store.summaries import Found
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
                conn.execute(_INSERT, _row(user_id, number, key, fields))
            except psycopg.errors.UniqueViolation:
                raise Duplicate(f"a user with email {fields['email']!r} already exists") from None
        return user_id

    def create_many(self, records: list[dict]) -> list[str]:
        """Store several new users in one transaction; their ids, in order. Duplicate (nothing stored) if any email is taken."""
        records = [plain(dict(r)) for r in records]
        if any("id" in r for r in records):
            raise ValueError("the store gives users their id")
        keys = [_optional_key(r.get("email")) for r in records]
        if len([k for k in keys if k]) != len({k for k in keys if k}):
            raise Duplicate("the same email is given to two new users")
        with self._db.transaction() as conn:
            numbers = [n for (n,) in conn.execute(
                "SELECT nextval('user_numbers') FROM generate_series(1, %s)", (len(records),))]
            ids = [f"U-{n:06d}" for n in numbers]
            try:
                with conn.cursor() as cur:
                    cur.executemany(_INSERT, [_row(uid, n, key, r) for uid, n, r, key in zip(ids, numbers, records, keys)])
            except psycopg.errors.UniqueViolation as exc:
                raise Duplicate(f"an email is already taken: {exc.diag.message_detail}") from None
        return ids

    def update_many(self, changes: Mapping[str, Mapping[str, Any]], notes: Mapping[str, Mapping[str, Any]]) -> None:
        """Change several users' fields (never their email) in one transaction; `notes[user_id]` joins its history."""
        if any({"id", "history", "email"} & set(fields) for fields in changes.values()):
            raise ValueError("update_many changes neither id, email nor history")
        with self._db.transaction() as conn:
            for user_id, fields in changes.items():
                row = conn.execute("SELECT body FROM users WHERE id = %s FOR UPDATE", (user_id,)).fetchone()
                if row is None:
                    raise NotFound(f"no user {user_id!r}")
                body = {**row[0], **plain(dict(fields))}
                if user_id in notes:
                    body["history"] = [*row[0].get("history", ()), plain(dict(notes[user_id]))]
                conn.execute("UPDATE users SET body = %(body)s, kind = %(kind)s, landlord = %(landlord)s, "
                             "search = %(search)s WHERE id = %(id)s", _row(user_id, 0, "", body))

    def get(self, user_id: str) -> dict | None:
        """The user with this id (including "id") as committed now, or None."""
        with self._db.read() as conn:
            row = conn.execute("SELECT id, body FROM users WHERE id = %s", (user_id,)).fetchone()
        return _user(row) if row else None

    def by_email(self, email: str) -> dict | None:
        """The user with this email, any case; None for a blank one."""
        if not isinstance(email, str) or not email.strip():
            return None
        with self._db.read() as conn:
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
                conn.execute("UPDATE users SET body = %(body)s, kind = %(kind)s, landlord = %(landlord)s, "
                             "search = %(search)s, email_key = coalesce(%(key)s, email_key) WHERE id = %(id)s",
                             {**_row(user_id, 0, key, body), "key": key})
            except psycopg.errors.UniqueViolation:
                raise Duplicate(f"a user with email {fields['email']!r} already exists") from None
        return {**body, "id": user_id}

    def replace_history(self, user_id: str, history: list[Mapping[str, Any]]) -> None:
        """Replace a user's history in one transaction (retention only: the notes' words are removed)."""
        with self._db.transaction() as conn:
            found = conn.execute("UPDATE users SET body = jsonb_set(body, '{history}', %s) WHERE id = %s RETURNING id",
                                 (Jsonb(plain(list(history))), user_id)).fetchone()
        if found is None:
            raise NotFound(f"no user {user_id!r}")

    def find(self, text: str, *, kind: str, landlord: str, offset: int = 0, limit: int = 50) -> Found:
        """Users of one kind and landlord whose id, name, reference, email or address holds `text`, by id."""
        found = phrase_filter(text)
        if found is None:
            return Found((), 0)
        sql, params = found
        where = f"kind = %(kind)s AND landlord = %(landlord)s AND {sql}"
        params = {**params, "kind": kind, "landlord": landlord, "offset": max(offset, 0), "limit": max(limit, 0)}
        with self._db.read() as conn:  # never prepared: each phrase planned for itself (see summaries.search)
            total = conn.execute(f"SELECT count(*) FROM users WHERE {where}", params, prepare=False).fetchone()[0]
            rows = conn.execute(f"SELECT id, body FROM users WHERE {where} ORDER BY number "
                                "OFFSET %(offset)s LIMIT %(limit)s", params, prepare=False).fetchall()
        return Found(tuple(_user(row) for row in rows), total)

    def all(self, kind: str | None = None) -> list[dict]:
        """Every user (of one kind: "tenant", "advocate", "staff"), by id."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT id, body FROM users WHERE (%(k)s::text IS NULL OR kind = %(k)s) "
                                "ORDER BY number", {"k": kind}).fetchall()
        return [_user(row) for row in rows]


_INSERT = ("INSERT INTO users (id, number, kind, landlord, email_key, search, body) "
           "VALUES (%(id)s, %(number)s, %(kind)s, %(landlord)s, %(email_key)s, %(search)s, %(body)s)")


def _row(user_id: str, number: int, key: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """The users table's columns for a user: the record, and what look-ups and search need from it."""
    words = [user_id, body.get("name") or "", body.get("customer_ref") or "", body.get("email") or "",
             " ".join(body.get("address") or ())]
    return {"id": user_id, "number": number, "kind": _text(body.get("kind")), "landlord": _text(body.get("landlord")),
            "email_key": key, "search": searchable(" ".join(str(w) for w in words)), "body": Jsonb(dict(body))}


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _user(row: tuple) -> dict:
    user_id, body = row
    return {**body, "id": user_id}
