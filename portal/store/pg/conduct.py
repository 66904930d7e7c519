"""Conduct files in PostgreSQL: a row per customer and an append-only row per event.

The first event creates the file (`INSERT ... ON CONFLICT DO NOTHING`, so two first
writers cannot both open it); every event then moves the version under the row's lock,
and the file's summary row is replaced in the same transaction.
"""

from __future__ import annotations

from typing import Iterator

from psycopg.types.json import Jsonb

from portal.store.conduct import ConductRecord
from portal.store.errors import Conflict, NotFound, StoreError
from portal.store.pg.database import Database
from portal.store.pg.summaries import ConductSummaries
from portal.store.shards import plain
from portal.store.summaries import ConductSummary

_COLUMNS = ("SELECT f.customer_id, f.landlord, coalesce((SELECT jsonb_agg(e.body ORDER BY e.seq) "
            "FROM conduct_events e WHERE e.customer_id = f.customer_id), '[]'::jsonb) FROM conduct_files f ")


class Conduct:
    """The conduct collection on one database."""

    def __init__(self, db: Database) -> None:
        self._db = db
        self.summaries = ConductSummaries(db)

    def get(self, customer_id: str) -> ConductRecord | None:
        """The customer's conduct file as committed now, or None if there is none."""
        with self._db.read() as conn:
            row = conn.execute(_COLUMNS + "WHERE f.customer_id = %s", (customer_id,)).fetchone()
        return _record(row) if row else None

    def append(self, customer_id: str, event: dict, *, landlord: str, summary: ConductSummary | None = None,
               expected_version: int | None = None) -> ConductRecord:
        """Add one event (and replace the file's row), opening the file on the first; Conflict if `expected_version` moved on."""
        if not customer_id or not landlord:
            raise ValueError("customer_id and landlord must be non-empty strings")
        event = plain(dict(event))
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO conduct_files (customer_id, landlord, version) VALUES (%s, %s, 0) "
                         "ON CONFLICT (customer_id) DO NOTHING", (customer_id, landlord))
            owner, version = conn.execute("SELECT landlord, version FROM conduct_files WHERE customer_id = %s "
                                          "FOR UPDATE", (customer_id,)).fetchone()
            if expected_version is not None and expected_version != version:
                raise Conflict(f"conduct file of {customer_id} is at version {version}, not {expected_version}")
            if owner != landlord:
                raise StoreError(f"conduct file of {customer_id} belongs to {owner}, not {landlord}")
            conn.execute("UPDATE conduct_files SET version = %s WHERE customer_id = %s", (version + 1, customer_id))
            conn.execute("INSERT INTO conduct_events (customer_id, seq, body) VALUES (%s, %s, %s)",
                         (customer_id, version + 1, Jsonb(event)))
            if summary is not None:
                _write_summary(conn, customer_id, summary)
            row = conn.execute(_COLUMNS + "WHERE f.customer_id = %s", (customer_id,)).fetchone()
        return _record(row)

    def put_summary(self, customer_id: str, summary: ConductSummary, *,
                    expected_version: int | None = None) -> None:
        """Replace only the file's row (a rebuild); Conflict if its events moved on meanwhile."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT version FROM conduct_files WHERE customer_id = %s FOR UPDATE",
                               (customer_id,)).fetchone()
            if row is None:
                raise NotFound(f"no conduct file for {customer_id!r}")
            if expected_version is not None and expected_version != row[0]:
                raise Conflict(f"conduct file of {customer_id} moved on to version {row[0]}")
            _write_summary(conn, customer_id, summary)

    def erase(self, customer_id: str, events: list[dict], summary: ConductSummary, *,
              expected_version: int) -> None:
        """Replace every event with its anonymised form and the row, in one transaction (retention only)."""
        events = [plain(dict(e)) for e in events]
        with self._db.transaction() as conn:
            row = conn.execute("SELECT version FROM conduct_files WHERE customer_id = %s FOR UPDATE",
                               (customer_id,)).fetchone()
            if row is None:
                raise NotFound(f"no conduct file for {customer_id!r}")
            if expected_version != row[0] or len(events) != row[0]:
                raise Conflict(f"conduct file of {customer_id} moved on to version {row[0]}")
            conn.execute("SET LOCAL portal.erasing = 'on'")
            for seq, event in enumerate(events, start=1):
                conn.execute("UPDATE conduct_events SET body = %s WHERE customer_id = %s AND seq = %s",
                             (Jsonb(event), customer_id, seq))
            _write_summary(conn, customer_id, summary)

    def all(self, landlord: str | None = None) -> Iterator[ConductRecord]:
        """Every conduct file (of one landlord), by customer id."""
        with self._db.read() as conn:
            rows = conn.execute(_COLUMNS + "WHERE f.version > 0 AND (%(l)s::text IS NULL OR f.landlord = %(l)s) "
                                "ORDER BY f.customer_id COLLATE \"C\"", {"l": landlord}).fetchall()
        for row in rows:
            yield _record(row)


def _write_summary(conn, customer_id: str, summary: ConductSummary) -> None:
    conn.execute("UPDATE conduct_files SET summary = %s, computed_with = %s WHERE customer_id = %s",
                 (Jsonb(summary.to_dict()), summary.computed_with, customer_id))


def _record(row: tuple) -> ConductRecord:
    customer_id, landlord, events = row
    return ConductRecord(customer_id=customer_id, landlord=landlord, events=tuple(events), version=len(events))
