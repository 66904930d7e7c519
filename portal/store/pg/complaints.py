"""Complaints in PostgreSQL: a row per complaint and an append-only row per event.

An append moves the complaint's `version` with `UPDATE ... WHERE version = expected`
and inserts the event under (complaint id, version): a writer that lost the race finds
no row to update (Conflict), and the key stops a duplicate even if that check were
missed. The event, the new version and the metadata go in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Callable, Iterable, Iterator, Mapping

import psycopg
from psycopg.types.json import Jsonb

from portal.store.complaints import SEARCH_FIELDS, ComplaintRecord, _require_text
from portal.store.errors import Conflict, NotFound
from portal.store.pg.database import Database
from portal.store.shards import plain

_COLUMNS = ("SELECT c.id, c.landlord, c.customer_id, c.meta, c.version, "
            "coalesce((SELECT jsonb_agg(e.body ORDER BY e.seq) FROM complaint_events e "
            "WHERE e.complaint_id = c.id), '[]'::jsonb) FROM complaints c ")


def haystack(complaint_id: str, meta: Mapping[str, Any]) -> str:
    """What search looks in: the id and the search fields, lower-cased."""
    return "\x1f".join([complaint_id, *(str(meta.get(f) or "") for f in SEARCH_FIELDS)]).lower()


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class Complaints:
    """The complaints collection on one database."""

    def __init__(self, db: Database, clock: Callable[[], datetime]) -> None:
        self._db = db
        self._clock = clock

    def create(self, *, landlord: str, customer_id: str, events: list[dict],
               meta: dict | None = None) -> str:
        """Store a new complaint and return its id (numbered by the database)."""
        return self.create_many([{"landlord": landlord, "customer_id": customer_id,
                                  "events": events, "meta": meta}])[0]

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> list[str]:
        """Store many complaints in one transaction; ids come back in the same order."""
        year = self._clock().year
        rows = [_new(**item) for item in items]
        if not rows:
            return []
        with self._db.transaction() as conn:
            numbers = [n for (n,) in conn.execute(
                "SELECT nextval('complaint_numbers') FROM generate_series(1, %s)", (len(rows),))]
            ids = [f"C-{year:04d}-{n:06d}" for n in numbers]
            insert_rows(conn, [(cid, n, *row) for cid, n, row in zip(ids, numbers, rows)])
        return ids

    def get(self, complaint_id: str) -> ComplaintRecord | None:
        """The complaint with this id as committed now, or None."""
        with self._db.transaction() as conn:
            row = conn.execute(_COLUMNS + "WHERE c.id = %s", (complaint_id,)).fetchone()
        return _record(row) if row else None

    def append(self, complaint_id: str, event: dict, *, expected_version: int | None = None,
               meta: Mapping[str, Any] | None = None) -> ComplaintRecord:
        """Add one event (and merge `meta`) in one transaction; Conflict if `expected_version` moved on."""
        event = plain(dict(event))
        extra = plain(dict(meta)) if meta else {}
        with self._db.transaction() as conn:
            row = conn.execute(
                "UPDATE complaints SET version = version + 1, meta = meta || %(meta)s, "
                "is_open = coalesce((meta || %(meta)s)->'open' = 'true'::jsonb, false) "
                "WHERE id = %(id)s AND (%(expected)s::integer IS NULL OR version = %(expected)s) "
                "RETURNING version, meta",
                {"id": complaint_id, "expected": expected_version, "meta": Jsonb(extra)}).fetchone()
            if row is None:
                self._refuse(conn, complaint_id, expected_version)
            version, merged = row
            if extra:
                conn.execute("UPDATE complaints SET haystack = %s WHERE id = %s",
                             (haystack(complaint_id, merged), complaint_id))
            try:
                conn.execute("INSERT INTO complaint_events (complaint_id, seq, body) VALUES (%s, %s, %s)",
                             (complaint_id, version, Jsonb(event)))
            except psycopg.errors.UniqueViolation as exc:
                raise Conflict(f"complaint {complaint_id} already has an event {version}") from exc
            row = conn.execute(_COLUMNS + "WHERE c.id = %s", (complaint_id,)).fetchone()
        return _record(row)

    def set_meta(self, complaint_id: str, **fields: Any) -> ComplaintRecord:
        """Merge small searchable fields into the metadata; the version does not move."""
        fields = plain(fields)
        with self._db.transaction() as conn:
            row = conn.execute("SELECT meta FROM complaints WHERE id = %s FOR UPDATE", (complaint_id,)).fetchone()
            if row is None:
                raise NotFound(f"no complaint {complaint_id!r}")
            merged = {**row[0], **fields}
            conn.execute("UPDATE complaints SET meta = %s, is_open = %s, haystack = %s WHERE id = %s",
                         (Jsonb(merged), merged.get("open") is True, haystack(complaint_id, merged),
                          complaint_id))
            row = conn.execute(_COLUMNS + "WHERE c.id = %s", (complaint_id,)).fetchone()
        return _record(row)

    def for_customer(self, customer_id: str) -> list[ComplaintRecord]:
        """A customer's complaints, oldest first, through the customer index."""
        return self._many("WHERE c.customer_id = %s ORDER BY c.number", (customer_id,))

    def all(self, landlord: str | None = None, open_only: bool = False) -> Iterator[ComplaintRecord]:
        """Every complaint (of one landlord; only open ones), oldest first."""
        where = ["TRUE"]
        if landlord is not None:
            where.append("c.landlord = %(landlord)s")
        if open_only:
            where.append("c.is_open")
        yield from self._many(f"WHERE {' AND '.join(where)} ORDER BY c.number", {"landlord": landlord})

    def metas(self, landlord: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(id, metadata) of every complaint of a landlord, oldest first, for reports (events not read)."""
        with self._db.transaction() as conn:
            rows = conn.execute("SELECT id, meta FROM complaints WHERE landlord = %s ORDER BY number",
                                (landlord,)).fetchall()
        yield from rows

    def search(self, text: str, landlord: str | None = None) -> list[ComplaintRecord]:
        """Complaints whose id, customer name, address or reference contains `text`, any case."""
        needle = text.strip().lower()
        if not needle:
            return []
        return self._many("WHERE c.haystack LIKE %(like)s AND (%(landlord)s::text IS NULL OR c.landlord = %(landlord)s) "
                          "ORDER BY c.number", {"like": _like(needle), "landlord": landlord})

    def _many(self, tail: str, params: Any) -> list[ComplaintRecord]:
        with self._db.transaction() as conn:
            rows = conn.execute(_COLUMNS + tail, params).fetchall()
        return [_record(row) for row in rows]

    @staticmethod
    def _refuse(conn: psycopg.Connection, complaint_id: str, expected: int | None) -> None:
        row = conn.execute("SELECT version FROM complaints WHERE id = %s", (complaint_id,)).fetchone()
        if row is None:
            raise NotFound(f"no complaint {complaint_id!r}")
        raise Conflict(f"complaint {complaint_id} is at version {row[0]}, not {expected}")


def insert_rows(conn: psycopg.Connection, rows: list[tuple]) -> None:
    """Insert complaints given as (id, number, landlord, customer_id, events, meta), with their events."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO complaints (id, number, landlord, customer_id, version, meta, is_open, haystack) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [(cid, n, landlord, customer, len(events), Jsonb(meta), meta.get("open") is True, haystack(cid, meta))
             for cid, n, landlord, customer, events, meta in rows])
        cur.executemany(
            "INSERT INTO complaint_events (complaint_id, seq, body) VALUES (%s, %s, %s)",
            [(cid, seq, Jsonb(body)) for cid, _, _, _, events, _ in rows for seq, body in enumerate(events, 1)])


def _new(*, landlord: str, customer_id: str, events: list[dict], meta: dict | None = None) -> tuple:
    _require_text(landlord=landlord, customer_id=customer_id)
    return landlord, customer_id, plain(list(events)), plain(dict(meta or {}))


def _record(row: tuple) -> ComplaintRecord:
    complaint_id, landlord, customer_id, meta, version, events = row
    return ComplaintRecord(id=complaint_id, landlord=landlord, customer_id=customer_id,
                           events=tuple(events), meta=meta, version=version)
