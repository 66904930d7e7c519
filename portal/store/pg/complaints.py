"""Complaints in PostgreSQL: a row per complaint (with its summary row as columns) and an append-only row per event.

An append moves the complaint's `version` with `UPDATE ... WHERE version = expected`
and inserts the event under (complaint id, version): a writer that lost the race finds
no row to update (Conflict), and the key stops a duplicate even if that check were
missed. The event, the new version and the summary row go in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Iterable, Mapping

import psycopg
from psycopg.types.json import Jsonb

from portal.store.complaints import ComplaintRecord, _require_text
from portal.store.errors import Conflict, NotFound
from portal.store.pg.database import Database
from portal.store.pg.summaries import CaseSummaries, summary_columns
from portal.store.shards import plain
from portal.store.summaries import CaseSummary, with_id

_SELECT = ("SELECT c.id, c.landlord, c.customer_id, c.summary, c.version, "
           "coalesce((SELECT jsonb_agg(e.body ORDER BY e.seq) FROM complaint_events e "
           "WHERE e.complaint_id = c.id), '[]'::jsonb), c.effects FROM complaints c ")
_SET_SUMMARY = ", ".join(f"{name} = %({name})s" for name in summary_columns(None))


class Complaints:
    """The complaints collection on one database."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock
        self.summaries = CaseSummaries(db)

    def create(self, *, landlord: str, customer_id: str, events: list[dict],
               summary: CaseSummary | None = None, effects: list[dict] | None = None) -> str:
        """Store a new complaint (with its row and the `effects` it owes; the store fills in the id)."""
        return self.create_many([{"landlord": landlord, "customer_id": customer_id,
                                  "events": events, "summary": summary, "effects": effects}])[0]

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> list[str]:
        """Store many complaints in one transaction, numbered by the database; ids in the same order."""
        year = self._clock().year
        items = list(items)
        owed = [plain(list(item.get("effects") or ())) for item in items]
        rows = [_new(**{k: v for k, v in item.items() if k != "effects"}) for item in items]
        if not rows:
            return []
        with self._db.transaction() as conn:
            numbers = [n for (n,) in conn.execute(
                "SELECT nextval('complaint_numbers') FROM generate_series(1, %s)", (len(rows),))]
            ids = [f"C-{year:04d}-{n:06d}" for n in numbers]
            insert_rows(conn, [(cid, n, *row) for cid, n, row in zip(ids, numbers, rows)])
            for cid, effects in zip(ids, owed):
                if effects:
                    conn.execute("UPDATE complaints SET effects = %s WHERE id = %s", (Jsonb(effects), cid))
        return ids

    def get(self, complaint_id: str) -> ComplaintRecord | None:
        """The complaint with this id as committed now, or None."""
        with self._db.read() as conn:
            row = conn.execute(_SELECT + "WHERE c.id = %s", (complaint_id,)).fetchone()
        return _record(row) if row else None

    def append(self, complaint_id: str, event: dict, *, summary: CaseSummary | None = None,
               expected_version: int | None = None, effects: list[dict] | None = None) -> ComplaintRecord:
        """Add one event, replace the case's summary row and add the `effects` it owes, in one transaction;
        Conflict if `expected_version` moved on."""
        event = plain(dict(event))
        with self._db.transaction() as conn:
            columns = summary_columns(with_id(summary, complaint_id)) if summary is not None else {}
            try:  # the version moves and the event goes in with one statement (one round trip)
                row = conn.execute(
                    "WITH moved AS (UPDATE complaints SET version = version + 1, effects = effects || %(effects)s"
                    + "".join(f", {name} = %({name})s" for name in columns)
                    + " WHERE id = %(id)s AND (%(expected)s::integer IS NULL OR version = %(expected)s) "
                    "RETURNING version) INSERT INTO complaint_events (complaint_id, seq, body) "
                    "SELECT %(id)s, version, %(event)s FROM moved RETURNING seq",
                    {**columns, "id": complaint_id, "expected": expected_version, "event": Jsonb(event),
                     "effects": Jsonb(plain(list(effects or ())))}).fetchone()
            except psycopg.errors.UniqueViolation as exc:
                raise Conflict(f"complaint {complaint_id} was moved on by another writer meanwhile") from exc
            if row is None:
                _refuse(conn, complaint_id, expected_version)
            found = conn.execute(_SELECT + "WHERE c.id = %s", (complaint_id,)).fetchone()
        return _record(found)

    def put_summary(self, complaint_id: str, summary: CaseSummary, *,
                    expected_version: int | None = None) -> ComplaintRecord:
        """Replace only the summary row (a rebuild, new customer details); Conflict if events moved on."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT version FROM complaints WHERE id = %s FOR UPDATE", (complaint_id,)).fetchone()
            if row is None:
                raise NotFound(f"no complaint {complaint_id!r}")
            if expected_version is not None and expected_version != row[0]:
                raise Conflict(f"complaint {complaint_id} is at version {row[0]}, not {expected_version}")
            _write_summary(conn, complaint_id, summary)
            found = conn.execute(_SELECT + "WHERE c.id = %s", (complaint_id,)).fetchone()
        return _record(found)

    def put_summaries(self, rows: Mapping[str, tuple[CaseSummary, int]]) -> list[str]:
        """Replace many rows, `{id: (row, version it was computed from)}`, in one transaction; a case whose
        events moved on meanwhile keeps its own row. The ids written, in the order given."""
        written = []
        with self._db.transaction() as conn:
            for complaint_id, (summary, version) in rows.items():
                columns = summary_columns(with_id(summary, complaint_id))
                done = conn.execute(f"UPDATE complaints SET {_SET_SUMMARY} WHERE id = %(id)s AND version = %(version)s "
                                    "RETURNING id", {**columns, "id": complaint_id, "version": version}).fetchone()
                if done is None and conn.execute("SELECT 1 FROM complaints WHERE id = %s",
                                                 (complaint_id,)).fetchone() is None:
                    raise NotFound(f"no complaint {complaint_id!r}")
                if done is not None:
                    written.append(complaint_id)
        return written

    def erase(self, complaint_id: str, events: list[dict], summary: CaseSummary, *,
              expected_version: int) -> ComplaintRecord:
        """Replace every event with its anonymised form and the row, in one transaction (retention only)."""
        events = [plain(dict(e)) for e in events]
        with self._db.transaction() as conn:
            row = conn.execute("SELECT version FROM complaints WHERE id = %s FOR UPDATE", (complaint_id,)).fetchone()
            if row is None:
                raise NotFound(f"no complaint {complaint_id!r}")
            if row[0] != expected_version:
                raise Conflict(f"complaint {complaint_id} is at version {row[0]}, not {expected_version}")
            if len(events) != row[0]:
                raise ValueError("erasing keeps every event: only their details change")
            conn.execute("SET LOCAL portal.erasing = 'on'")
            for seq, event in enumerate(events, start=1):
                conn.execute("UPDATE complaint_events SET body = %s WHERE complaint_id = %s AND seq = %s",
                             (Jsonb(event), complaint_id, seq))
            _write_summary(conn, complaint_id, summary)
            found = conn.execute(_SELECT + "WHERE c.id = %s", (complaint_id,)).fetchone()
        return _record(found)

    def for_customer(self, customer_id: str) -> list[ComplaintRecord]:
        """A customer's complaints, oldest first, through the customer index."""
        with self._db.read() as conn:
            rows = conn.execute(_SELECT + "WHERE c.customer_id = %s ORDER BY c.number", (customer_id,)).fetchall()
        return [_record(row) for row in rows]

    def ids(self) -> list[str]:
        """Every complaint id, oldest first (for a rebuild or a check, never for a page)."""
        with self._db.read() as conn:
            return [i for (i,) in conn.execute("SELECT id FROM complaints ORDER BY number")]


def insert_rows(conn: psycopg.Connection, rows: list[tuple]) -> None:
    """Insert complaints given as (id, number, landlord, customer_id, events, summary or None), with their events."""
    names = summary_columns(None)
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO complaints (id, number, landlord, customer_id, version, {', '.join(names)}) "
            f"VALUES (%(id)s, %(number)s, %(landlord)s, %(customer_id)s, %(version)s, "
            f"{', '.join(f'%({n})s' for n in names)})",
            [{"id": cid, "number": n, "landlord": landlord, "customer_id": customer, "version": len(events),
              **summary_columns(with_id(summary, cid) if summary is not None else None)}
             for cid, n, landlord, customer, events, summary in rows])
        cur.executemany(
            "INSERT INTO complaint_events (complaint_id, seq, body) VALUES (%s, %s, %s)",
            [(cid, seq, Jsonb(body)) for cid, _, _, _, events, _ in rows for seq, body in enumerate(events, 1)])


def _write_summary(conn: psycopg.Connection, complaint_id: str, summary: CaseSummary) -> None:
    conn.execute(f"UPDATE complaints SET {_SET_SUMMARY} WHERE id = %(id)s",
                 {**summary_columns(with_id(summary, complaint_id)), "id": complaint_id})


def _refuse(conn: psycopg.Connection, complaint_id: str, expected: int | None) -> None:
    row = conn.execute("SELECT version FROM complaints WHERE id = %s", (complaint_id,)).fetchone()
    if row is None:
        raise NotFound(f"no complaint {complaint_id!r}")
    raise Conflict(f"complaint {complaint_id} is at version {row[0]}, not {expected}")


def _new(*, landlord: str, customer_id: str, events: list[dict], summary: CaseSummary | None = None) -> tuple:
    _require_text(landlord=landlord, customer_id=customer_id)
    return landlord, customer_id, plain(list(events)), summary


def _record(row: tuple) -> ComplaintRecord:
    complaint_id, landlord, customer_id, summary, version, events, effects = row
    return ComplaintRecord(id=complaint_id, landlord=landlord, customer_id=customer_id, events=tuple(events),
                           row=summary, version=version,
                           effects=tuple(effects or ()))
