"""Tokens in PostgreSQL: one row per key, expiry judged against the caller's clock."""

from __future__ import annotations

from datetime import datetime

from psycopg.types.json import Jsonb

from portal.store.pg.database import Database
from portal.store.shards import plain
from portal.store.tokens import instant


class Tokens:
    """The tokens collection on one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def put(self, key: str, data: dict, expires: str, *, now: datetime | None = None) -> None:
        """Keep `data` under `key` until `expires` (ISO), replacing any old value; with `now`, drop expired ones."""
        if not key:
            raise ValueError("a token needs a key")
        until = instant(expires)
        data = plain(dict(data))
        with self._db.transaction() as conn:
            if now is not None:
                conn.execute("DELETE FROM tokens WHERE expires_at <= %s AND key <> %s", (instant(now), key))
            conn.execute("INSERT INTO tokens (key, data, expires, expires_at) VALUES (%s, %s, %s, %s) "
                         "ON CONFLICT (key) DO UPDATE SET data = excluded.data, expires = excluded.expires, "
                         "expires_at = excluded.expires_at", (key, Jsonb(data), expires, until))

    def get(self, key: str, *, now: datetime | None = None) -> dict | None:
        """The data under `key` with its "expires"; None if absent, or expired by `now` when given."""
        with self._db.read() as conn:
            row = conn.execute("SELECT data, expires FROM tokens WHERE key = %s", (key,)).fetchone()
        if row is None or (now is not None and instant(row[1]) <= instant(now)):
            return None
        return {**row[0], "expires": row[1]}

    def all(self) -> dict[str, dict]:
        """Every token, expired or not, by key: {key: {"data": ..., "expires": ...}}."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT key, data, expires FROM tokens ORDER BY key COLLATE \"C\"").fetchall()
        return {key: {"data": data, "expires": expires} for key, data, expires in rows}

    def delete(self, key: str) -> None:
        """Forget `key`; no error if it is already gone."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM tokens WHERE key = %s", (key,))

    def purge(self, now: datetime) -> int:
        """Drop every token expired by `now`; return how many went."""
        with self._db.transaction() as conn:
            return conn.execute("DELETE FROM tokens WHERE expires_at <= %s", (instant(now),)).rowcount
