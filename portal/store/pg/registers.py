"""Registers in PostgreSQL: one row per document, its version moved under the row's lock."""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from psycopg.types.json import Jsonb

from portal.store.errors import Conflict
from portal.store.pg.database import Database
from portal.store.shards import plain


class Registers:
    """The registers collection on one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str) -> dict | None:
        """The document under `key`, or None."""
        with self._db.read() as conn:
            row = conn.execute("SELECT body FROM registers WHERE key = %s", (key,)).fetchone()
        return row[0] if row else None

    def put(self, key: str, doc: Mapping[str, Any], *, kind: str, landlord: str, note: Mapping[str, Any],
            expected_version: int | None = None) -> dict:
        """Write the document in one transaction, noting the change; Conflict if it moved on."""
        doc, note = plain(dict(doc)), plain(dict(note))
        with self._db.transaction() as conn:
            row = conn.execute("SELECT version, body FROM registers WHERE key = %s FOR UPDATE", (key,)).fetchone()
            version, history = (row[0], row[1].get("history", [])) if row else (0, [])
            if expected_version is not None and expected_version != version:
                raise Conflict(f"register {key} is at version {version}, not {expected_version}")
            record = {**doc, "key": key, "kind": kind, "landlord": landlord, "version": version + 1,
                      "history": [*history, note]}
            written = conn.execute(
                "INSERT INTO registers (key, kind, landlord, version, body) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (key) DO UPDATE SET kind = excluded.kind, landlord = excluded.landlord, "
                "version = excluded.version, body = excluded.body WHERE registers.version = %s",
                (key, kind, landlord, version + 1, Jsonb(record), version)).rowcount
            if written != 1:  # another writer created it between our read and our write
                raise Conflict(f"register {key} was written meanwhile")
        return record

    def all(self, kind: str, landlord: str) -> Iterator[dict]:
        """Every document of a kind for a landlord, in key order."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT body FROM registers WHERE kind = %s AND landlord = %s "
                                "ORDER BY key COLLATE \"C\"", (kind, landlord)).fetchall()
        for (body,) in rows:
            yield body

    def every(self) -> list[dict]:
        """Every document of every kind and landlord, in key order (for copying a store)."""
        with self._db.read() as conn:
            return [body for (body,) in conn.execute("SELECT body FROM registers ORDER BY key COLLATE \"C\"")]
