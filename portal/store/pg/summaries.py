"""The read model in PostgreSQL: summary rows as indexed columns, paged by the database.

Each queue has a partial index on (landlord, due date, id) over open cases, so a page of
a queue reads its 50 rows and a count, however many complaints were ever stored. Search
uses a trigram index on the row's normalised text: the phrase must appear in it and a
word must start with the phrase's longest word, exactly as the embedded word index rules.
Overdue is never stored: callers compare the dates with today.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Iterator

from psycopg.types.json import Jsonb

from portal.store.pg.database import Database
from portal.store.summaries import MOST_COUNTED, QUEUES, CaseSummary, ConductSummary, Found
from portal.store.words import _WORD

_DUE = tuple(f"{queue}_due" for queue in QUEUES) + ("request_due",)
# Rows for pages leave the report facts out (most of a row, and of the time to read it), as the
# embedded store's pages do; `get`, `full`, `every` and `kept` carry them.
_PAGE_ROW = "summary - 'report'"


def searchable(text: str) -> str:
    """Text as search compares it: lower case, runs of space made one."""
    return " ".join(text.lower().split())


def summary_columns(row: CaseSummary | None) -> dict[str, Any]:
    """The complaints table's summary columns for a row (all empty for none)."""
    if row is None:
        return {"summary": None, "computed_with": None, "stage": None, "status": None, "is_open": False,
                **{name: None for name in _DUE}, "search": ""}
    return {"summary": Jsonb(row.to_dict()), "computed_with": row.computed_with, "stage": row.stage,
            "status": row.status, "is_open": row.open, **{name: getattr(row, name) for name in _DUE},
            "search": searchable(f"{row.id} {row.search_text}")}


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def phrase_filter(text: str) -> tuple[str, dict[str, str]] | None:
    """SQL (over a `search` column) and parameters matching a typed phrase, or None when it has no word."""
    needle = searchable(text)
    typed = _WORD.findall(needle)
    if not typed:
        return None
    longest = max(typed, key=len)
    # Only the phrase goes through the trigram index: the word-start rule, written as the function
    # behind `~` so the planner keeps it out of the index scan, is checked on the rows found. Its
    # word-start trigrams ("  s", " sm") are in most rows, and scanning them cost more than they saved
    # (at 500,000 complaints 'church road' took 47 ms to count to 1,001 with them, 11 ms without).
    return ("search LIKE %(like)s AND textregexeq(search, %(word)s)",
            {"like": _like(needle), "word": f"(^|[^0-9a-z]){longest}"})


class CaseSummaries:
    """Complaint summary rows, read from the complaints table."""

    def __init__(self, db: Database) -> None:
        self._db = db
        # landlord -> (writes counted, {id: ((xmin, version), row)}) for the open cases of the last `open`:
        # nothing is read again while no complaint was written, then only the rows written since (the
        # others keep their objects, so the work list reuses their lines).
        self._open: dict[str, tuple[int, dict[str, tuple[tuple[str, int], CaseSummary]]]] = {}

    def get(self, case_id: str) -> CaseSummary | None:
        """One complaint's row, or None."""
        with self._db.read() as conn:
            row = conn.execute("SELECT summary FROM complaints WHERE id = %s", (case_id,)).fetchone()
        return CaseSummary.from_dict(row[0]) if row and row[0] else None

    def queue(self, landlord: str, queue: str, *, stage: int | None = None, due_from: date | None = None,
              due_before: date | None = None, newest_first: bool = False, offset: int = 0,
              limit: int = 50) -> Found[CaseSummary]:
        """Open cases in one of `QUEUES`, by due date (then id), with due_from <= due < due_before."""
        if queue not in QUEUES:
            raise ValueError(f"unknown queue {queue!r}")
        due = f"{queue}_due"
        where = [f"landlord = %(landlord)s AND is_open AND {due} IS NOT NULL"]
        if stage is not None:
            where.append("stage = %(stage)s")
        if due_from is not None:
            where.append(f"{due} >= %(due_from)s")
        if due_before is not None:
            where.append(f"{due} < %(due_before)s")
        way = "DESC" if newest_first else "ASC"
        return self._page(" AND ".join(where), f"{due} {way}, id {way}",
                          {"landlord": landlord, "stage": stage, "due_from": due_from, "due_before": due_before},
                          offset, limit)

    def with_status(self, landlord: str, status: str, *, due_before: date | None = None, offset: int = 0,
                    limit: int = 50) -> Found[CaseSummary]:
        """Open cases with one status, by `request_due` (none last) then age; only request_due < due_before if given."""
        where = "landlord = %(landlord)s AND is_open AND status = %(status)s"
        if due_before is not None:
            where += " AND request_due < %(due_before)s"
        return self._page(where, "request_due ASC NULLS LAST, number, id",
                          {"landlord": landlord, "status": status, "due_before": due_before}, offset, limit)

    def open(self, landlord: str) -> list[CaseSummary]:
        """Every open case of a landlord, oldest first (work that grows with open cases only), without report facts."""
        counted, before = self._open.get(landlord, (-1, {}))
        with self._db.read() as conn:
            # The count is read before the rows and commits with every write, so rows read after it are
            # at least that new: while it stays the same, the rows kept are the rows stored.
            writes = conn.execute("SELECT coalesce(sum(counter), 0)::bigint FROM complaint_changes").fetchone()[0]
            if writes == counted:
                return [row for _, row in before.values()]
            # xmin names the row's committed version: any write gives a new one
            stamps = conn.execute("SELECT id, xmin::text, version FROM complaints WHERE landlord = %s AND is_open "
                                  "ORDER BY number, id", (landlord,)).fetchall()
            wanted = [i for i, *stamp in stamps if i not in before or before[i][0] != tuple(stamp)]
            read = {i: ((xmin, version), CaseSummary.from_dict(raw)) for i, xmin, version, raw in conn.execute(
                f"SELECT id, xmin::text, version, {_PAGE_ROW} FROM complaints WHERE id = ANY(%s) AND is_open",
                (wanted,))} if wanted else {}
        changed = set(wanted)  # those of them not read back were closed meanwhile
        now = {i: read[i] if i in changed else before[i] for i, *_ in stamps if i in read or i not in changed}
        self._open[landlord] = (writes, now)
        return [row for _, row in now.values()]

    def search(self, landlord: str, text: str, *, offset: int = 0, limit: int = 50) -> Found[CaseSummary]:
        """Cases whose search text holds `text` (a word starting with its longest word), oldest first;
        counted up to `MOST_COUNTED`, and paged within those."""
        found = phrase_filter(text)
        if found is None:
            return Found((), 0)
        sql, params = found
        first = max(offset, 0)
        # The oldest matches up to one past the cap, then the page of them: no query touches every match
        # of a common word. The planner takes the common word's through `complaints_search_order`, in
        # number order, reading the index only; a rare one's through the trigram index (lossy: each is
        # checked in the table). Never prepared: a plan kept for one phrase (a generic plan, after five
        # runs) can be a poor one for the next. (A complaint without a row has an empty `search`.)
        with self._db.read() as conn:
            rows = conn.execute(
                f"WITH hits AS MATERIALIZED (SELECT number, id FROM complaints WHERE landlord = %(landlord)s "
                f"AND {sql} ORDER BY number LIMIT %(most)s), "
                "page AS (SELECT number, id FROM hits ORDER BY number OFFSET %(offset)s LIMIT %(limit)s) "
                f"SELECT (SELECT count(*) FROM hits), c.{_PAGE_ROW} FROM (SELECT 1) AS one "
                "LEFT JOIN page p ON true LEFT JOIN complaints c ON c.id = p.id ORDER BY p.number",
                {"landlord": landlord, **params, "most": MOST_COUNTED + 1, "offset": first,
                 "limit": max(0, min(limit, MOST_COUNTED - first))}, prepare=False).fetchall()
        counted = rows[0][0]
        return Found(tuple(CaseSummary.from_dict(raw) for _, raw in rows if raw is not None),
                     min(counted, MOST_COUNTED), counted > MOST_COUNTED)

    def every(self, landlord: str | None = None) -> Iterator[CaseSummary]:
        """Every row (of one landlord), oldest first: for reports and `store check`, not for pages."""
        yield from self._rows("summary IS NOT NULL AND (%(landlord)s::text IS NULL OR landlord = %(landlord)s)",
                              {"landlord": landlord})

    def kept(self, landlord: str) -> list[CaseSummary]:
        """Every row of a landlord, oldest first (here each row carries its report facts too)."""
        return list(self.every(landlord))

    def full(self, case_id: str) -> CaseSummary | None:
        """One complaint's row as stored, report facts and all."""
        return self.get(case_id)

    def stale(self, landlord: str, version: str) -> int:
        """How many of a landlord's complaints have no row, or one computed with another version."""
        with self._db.read() as conn:
            return conn.execute(
                "SELECT count(*) FROM complaints WHERE landlord = %(l)s AND "
                "(computed_with IS NULL OR computed_with < %(v)s OR computed_with > %(v)s)",
                {"l": landlord, "v": version}).fetchone()[0]

    def _rows(self, where: str, params: dict[str, Any]) -> list[CaseSummary]:
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT summary FROM complaints WHERE {where} ORDER BY number, id", params)
            return [CaseSummary.from_dict(raw) for (raw,) in rows]

    def _page(self, where: str, order: str, params: dict[str, Any], offset: int, limit: int) -> Found[CaseSummary]:
        offset, limit = max(offset, 0), max(limit, 0)
        with self._db.read() as conn:
            total = conn.execute(f"SELECT count(*) FROM complaints WHERE {where}", params).fetchone()[0]
            rows = conn.execute(f"SELECT {_PAGE_ROW} FROM complaints WHERE {where} ORDER BY {order} "
                                "OFFSET %(offset)s LIMIT %(limit)s", {**params, "offset": offset, "limit": limit})
            return Found(tuple(CaseSummary.from_dict(raw) for (raw,) in rows), total)


class ConductSummaries:
    """Conduct file rows, read from the conduct files table (few: one per customer with a file)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, customer_id: str) -> ConductSummary | None:
        """One customer's conduct row, or None."""
        with self._db.read() as conn:
            row = conn.execute("SELECT summary FROM conduct_files WHERE customer_id = %s", (customer_id,)).fetchone()
        return ConductSummary.from_dict(row[0]) if row and row[0] else None

    def every(self, landlord: str | None = None) -> list[ConductSummary]:
        """Every conduct row (of one landlord), by customer id."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT summary FROM conduct_files WHERE summary IS NOT NULL AND "
                                "(%(l)s::text IS NULL OR landlord = %(l)s) ORDER BY customer_id", {"l": landlord})
            return [ConductSummary.from_dict(raw) for (raw,) in rows]

    def reviews(self, landlord: str, *, today: date, due_by: date) -> list[ConductSummary]:
        """Live protocols whose review falls on or before `due_by`, soonest first."""
        rows = [r for r in self.every(landlord) if r.live_on(today) and r.review_on and r.review_on <= due_by]
        return sorted(rows, key=lambda r: (r.review_on, r.customer_id))

    def stale(self, landlord: str, version: str) -> int:
        """How many of a landlord's conduct files have no row, or one computed with another version."""
        with self._db.read() as conn:
            return conn.execute(
                "SELECT count(*) FROM conduct_files WHERE landlord = %(l)s AND "
                "(computed_with IS NULL OR computed_with < %(v)s OR computed_with > %(v)s)",
                {"l": landlord, "v": version}).fetchone()[0]
