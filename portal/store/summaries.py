"""The read model: one summary row per complaint and per conduct file, kept in the event's own write.

A row is derived from the fold (the use cases compute it; see `portal/projections.py`) and
stored beside the events in the same durable write, so it is never behind them. Queues,
search and lists filter, sort and page these rows; only the rows of the page shown are
handed back, and overdue is worked out by the caller from the stored dates and today.

The row types and `Found` are the interface; `CaseSummaries` and `ConductSummaries` here
are the embedded (TinyDB) backend's in-memory indexes over them.
"""

from __future__ import annotations

import bisect
import heapq
import threading
import zlib
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from typing import Any, Callable, Generic, Iterable, Iterator, Mapping, TypeVar

import orjson

from portal.store.words import WordIndex

#: The work queues a case can be in, each with its own due date on the row (`<queue>_due`).
QUEUES = ("ack1", "reply1", "ack2", "reply2", "actions")
#: Search counts its matches up to this many and no further: a common name can match a tenth of
#: every complaint ever stored, and counting (or sorting) them all costs more than the page shown.
MOST_COUNTED = 1000


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One complaint's row: what queues, search and reports need without folding its events."""

    id: str
    landlord: str
    customer_id: str
    version: int  # how many events the row was computed from
    computed_with: str  # the profile and calendar version (see `projections.projection_version`)
    stage: int  # the stage the case is at, or 2 once the customer asked for stage 2
    status: str  # a `Status` value
    open: bool  # something is still owed: the complaint itself or an agreed action
    received_on: date | None
    channel: str
    ack1_due: date | None
    reply1_due: date | None
    ack2_due: date | None
    reply2_due: date | None
    actions_due: date | None  # the earliest outstanding agreed action
    request_due: date | None  # an open service request is resolved by (Torus 3.1: 48 hours)
    risk_of_harm: bool
    tenure: str = ""  # the customer's tenure, in its TSM class (for reports)
    report: dict | None = None  # the case's report facts (`portal/reports/facts.py` owns the format)
    risk: str = ""  # risk level (casework fills it)
    owner: str = ""  # user id of the case owner (casework fills it)
    category: str = ""  # complaint category (casework fills it)
    adjustments: str = ""  # the customer's and the complaint's reasonable adjustment codes, one a line
    customer_name: str = ""
    address: str = ""
    summary: str = ""
    search_text: str = ""  # customer name and reference, address, phone, summary, own words (search adds the id)
    phone: str = ""  # the customer's phone number, as typed
    approval_number: int = 0  # a longer extension waiting for approval: its proposal number (0: none)
    approval_role: str = ""  # the role that decides it
    approval_by: str = ""  # the id of who asked for it (never the one who decides)
    approval_on: date | None = None
    ex_gratia_pence: int = 0  # an ex-gratia payment waiting for a decision: the amount proposed (0: none)
    ex_gratia_by: str = ""  # the id of who proposed it
    ex_gratia_on: date | None = None
    words_from: int = 0  # where in `search_text` the complaint's own words start (its length when none)
    to_confirm: str = ""  # sent without an account: "email" or "phone" until the sender is confirmed

    def due(self, queue: str) -> date | None:
        """The date owed for one of `QUEUES`, or None when the case is not in that queue."""
        return getattr(self, f"{queue}_due")

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (dates as ISO strings)."""
        return _to_dict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "CaseSummary":
        """The row back from `to_dict` data; refuses unknown fields."""
        return _from_dict(cls, raw)


@dataclass(frozen=True, slots=True)
class ConductSummary:
    """One conduct file's row: protocol dates, review, appeal and approval waiting."""

    customer_id: str
    landlord: str
    version: int
    computed_with: str
    customer_name: str
    protocol: int  # number of the latest protocol, 0 when none was ever imposed
    protocol_start: date | None
    protocol_ends_on: date | None  # last day it applies, when a length was set
    protocol_ended: bool  # ended early (by review, appeal or decision)
    review_on: date | None
    no_personal_contact: bool  # the latest protocol's terms allow written contact only
    appeal_waiting: bool
    approval_waiting: bool  # an assessment waits for the agreement the profile asks for
    open_case: bool

    def live_on(self, today: date) -> bool:
        """The latest protocol is imposed, not ended and not past its end date (it may start later)."""
        return (self.protocol > 0 and not self.protocol_ended
                and (self.protocol_ends_on is None or today <= self.protocol_ends_on))

    def in_force(self, today: date) -> bool:
        """The latest protocol restricts contact today."""
        return self.live_on(today) and self.protocol_start is not None and self.protocol_start <= today

    def to_dict(self) -> dict[str, Any]:
        """The row as JSON-ready data (dates as ISO strings)."""
        return _to_dict(self)

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "ConductSummary":
        """The row back from `to_dict` data; refuses unknown fields."""
        return _from_dict(cls, raw)


Row = TypeVar("Row", CaseSummary, ConductSummary)


@dataclass(frozen=True)
class Found(Generic[Row]):
    """One page of rows (summary rows, or users for `users.find`) and how many matched in all."""

    rows: tuple[Any, ...]
    total: int
    more: bool = False  # more than `total` matched: counting stopped there (see `MOST_COUNTED`)


def _date_fields(cls: type) -> frozenset[str]:
    return frozenset(f.name for f in fields(cls) if "date" in str(f.type))


_DATES = {CaseSummary: _date_fields(CaseSummary), ConductSummary: _date_fields(ConductSummary)}

#: Case row fields whose values repeat across many rows (a landlord, a customer, a version, a status, a day).
_REPEATED = ("landlord", "customer_id", "computed_with", "status", "channel", "tenure", "risk", "owner", "category",
             "customer_name", "address", "adjustments", "phone", "approval_role", "approval_by", "ex_gratia_by",
             *sorted(_DATES[CaseSummary]))


class _Shared:
    """One object per distinct value: 50,000 rows naming one landlord hold one string, not 50,000 copies."""

    def __init__(self) -> None:
        self._values: dict[Any, Any] = {}

    def row(self, row: CaseSummary) -> CaseSummary:
        """The row with its repeated values shared and no report facts (kept apart, packed)."""
        values = self._values
        changes: dict[str, Any] = {name: values.setdefault(v, v) for name in _REPEATED
                                   if (v := getattr(row, name)) is not None}
        return replace(row, report=None, **changes)

    def of(self, *value: Any) -> Any:
        """One shared tuple for this value (a landlord and version pair, say)."""
        return self._values.setdefault(value, value)


def _to_dict(row: Any) -> dict[str, Any]:
    data = asdict(row)
    for name in _DATES[type(row)]:
        data[name] = data[name].isoformat() if data[name] else None
    return data


def _from_dict(cls: type, raw: Mapping[str, Any]) -> Any:
    data = dict(raw)
    for name in _DATES[cls]:
        data[name] = date.fromisoformat(data[name]) if data.get(name) else None
    return cls(**data)


def _page(rows: list[Row], offset: int, limit: int) -> Found[Row]:
    return Found(tuple(rows[max(offset, 0):max(offset, 0) + max(limit, 0)]), len(rows))


class _Versions:
    """Which version each row was computed with, counted by landlord (for the staleness check)."""

    def __init__(self) -> None:
        self._of: dict[str, tuple[str, str]] = {}
        self._count: dict[tuple[str, str], int] = {}
        self._shared = _Shared()

    def set(self, key: str, landlord: str, version: str) -> None:
        """Note the version of a row (version "": a record stored without a row, stale until rebuilt)."""
        old = self._of.get(key)
        if old is not None:
            self._count[old] -= 1
        pair = self._of[key] = self._shared.of(landlord, version)
        self._count[pair] = self._count.get(pair, 0) + 1

    def set_missing(self, key: str, landlord: str) -> None:
        """Note a record stored without a row, unless a row is already known for it."""
        if key not in self._of:
            self.set(key, landlord, "")

    def other_than(self, landlord: str, version: str) -> int:
        return sum(n for (slug, v), n in self._count.items() if slug == landlord and v != version)


class _Rows:
    """What both kinds of row index share: a refresh from the files, a lock, the versions seen."""

    def __init__(self, refresh: Callable[[], None]) -> None:
        self._refresh = refresh
        self._lock = threading.Lock()
        self._versions = _Versions()

    def stale(self, landlord: str, version: str) -> int:
        """How many of a landlord's rows were computed with another profile or calendar version."""
        self._refresh()
        with self._lock:
            return self._versions.other_than(landlord, version)

    def put_missing(self, key: str, landlord: str) -> None:
        """Note a record stored without a row: the landlord's rows are stale until a rebuild."""
        with self._lock:
            self._versions.set_missing(key, landlord)


class CaseSummaries(_Rows):
    """Complaint summary rows in memory, fed by the complaints collection as its shards load."""

    def __init__(self, refresh: Callable[[], None], number_of: Callable[[str], int | None]) -> None:
        super().__init__(refresh)
        self._number_of = number_of
        self._num: dict[str, int] = {}
        self._rows: dict[str, CaseSummary] = {}
        self._facts = PackedFacts()  # each row's report facts, compressed (most of a row's size)
        self._shared = _Shared()
        self._open: dict[str, list[tuple[int, str]]] = {}  # landlord -> sorted (number, id) of open cases
        self._words: dict[str, WordIndex] = {}
        self._queues: dict[tuple[str, str], list[tuple[date, str]]] = {}  # (landlord, queue) -> sorted (due, id)

    def kept(self, landlord: str) -> list[CaseSummary]:
        """Every row of a landlord without its report facts, oldest first: cheap, no file read."""
        self._refresh()
        with self._lock:
            rows = [r for r in self._rows.values() if r.landlord == landlord]
        return sorted(rows, key=lambda r: self._num[r.id])

    def full(self, case_id: str) -> CaseSummary | None:
        """One complaint's row as stored, report facts and all (unpacked from memory, no file read)."""
        self._refresh()
        with self._lock:
            return self._with_facts(self._rows.get(case_id))

    def get(self, case_id: str) -> CaseSummary | None:
        """One complaint's row (without its report facts: see `full`), or None."""
        self._refresh()
        with self._lock:
            return self._rows.get(case_id)

    def queue(self, landlord: str, queue: str, *, stage: int | None = None, due_from: date | None = None,
              due_before: date | None = None, newest_first: bool = False, offset: int = 0,
              limit: int = 50) -> Found[CaseSummary]:
        """Open cases in one of `QUEUES`, by due date (then id), with due_from <= due < due_before."""
        if queue not in QUEUES:
            raise ValueError(f"unknown queue {queue!r}")
        self._refresh()
        with self._lock:
            line = self._queues.get((landlord, queue), [])
            start = bisect.bisect_left(line, (due_from, "")) if due_from else 0
            end = bisect.bisect_left(line, (due_before, "")) if due_before else len(line)
            window = line[start:end]
            if stage is not None:
                window = [item for item in window if self._rows[item[1]].stage == stage]
            if newest_first:
                window.reverse()
            first = max(offset, 0)
            return Found(tuple(self._rows[i] for _, i in window[first:first + max(limit, 0)]), len(window))

    def with_status(self, landlord: str, status: str, *, due_before: date | None = None, offset: int = 0,
                    limit: int = 50) -> Found[CaseSummary]:
        """Open cases with one status, by `request_due` (none last) then age; only request_due < due_before if given."""
        rows = [r for r in self._open_rows(landlord) if r.status == status
                and (due_before is None or (r.request_due is not None and r.request_due < due_before))]
        rows.sort(key=lambda r: (r.request_due or date.max, self._order(r)))
        return _page(rows, offset, limit)

    def open(self, landlord: str) -> list[CaseSummary]:
        """Every open case of a landlord, oldest first (work that grows with open cases only)."""
        return self._open_rows(landlord)

    def search(self, landlord: str, text: str, *, offset: int = 0, limit: int = 50) -> Found[CaseSummary]:
        """Cases whose search text holds `text` (a word starting with its longest word), oldest first;
        counted up to `MOST_COUNTED`, and paged within those."""
        self._refresh()
        first = max(offset, 0)
        with self._lock:
            index = self._words.get(landlord)
            ids = index.find(text) if index else set()
            shown = heapq.nsmallest(min(first + max(limit, 0), MOST_COUNTED), ids, key=self._num.__getitem__)[first:]
            return Found(tuple(self._rows[i] for i in shown), min(len(ids), MOST_COUNTED), len(ids) > MOST_COUNTED)

    def every(self, landlord: str | None = None) -> Iterator[CaseSummary]:
        """Every row (of one landlord), oldest first, with its report facts: for reports and checks, not pages."""
        self._refresh()
        with self._lock:
            ids = sorted((i for i, r in self._rows.items() if landlord is None or r.landlord == landlord),
                         key=self._num.__getitem__)
        for case_id in ids:  # refreshed once above, not once a row
            with self._lock:
                row = self._with_facts(self._rows.get(case_id))
            if row is not None:
                yield row

    # -- fed by the collection -----------------------------------------------------------

    def put(self, rows: Iterable[CaseSummary]) -> None:
        """Index rows as loaded from (or written to) their shard."""
        with self._lock:
            for row in rows:
                self._facts.put(row.id, row.report)
                row = self._shared.row(row)
                old = self._rows.get(row.id)
                self._rows[row.id] = row
                self._num[row.id] = self._number_of(row.id) or 0
                self._versions.set(row.id, row.landlord, row.computed_with)
                self._reopen(old, row)
                self._words.setdefault(row.landlord, WordIndex()).put(row.id, f"{row.id} {row.search_text}")
                self._requeue(old, row)

    def _reopen(self, old: CaseSummary | None, row: CaseSummary) -> None:
        """Keep each landlord's open cases sorted by number as a case opens or closes (inside the lock)."""
        if (old is not None and old.open) == row.open:
            return
        entry = (self._num[row.id], row.id)
        line = self._open.setdefault(row.landlord, [])
        if row.open:
            bisect.insort(line, entry)
        else:
            del line[bisect.bisect_left(line, entry)]

    def _requeue(self, old: CaseSummary | None, row: CaseSummary) -> None:
        """Keep each queue's (due, id) list sorted as a row comes, moves or leaves (inside the lock)."""
        for queue in QUEUES:
            was = (old.due(queue), old.id) if old is not None and old.open and old.due(queue) else None
            now = (row.due(queue), row.id) if row.open and row.due(queue) else None
            if was == now:
                continue
            if was is not None:
                line = self._queues[(old.landlord, queue)]
                del line[bisect.bisect_left(line, was)]
            if now is not None:
                bisect.insort(self._queues.setdefault((row.landlord, queue), []), now)

    def _open_rows(self, landlord: str) -> list[CaseSummary]:
        self._refresh()
        with self._lock:
            return [self._rows[i] for _, i in self._open.get(landlord, ())]

    def _order(self, row: CaseSummary) -> int:
        return self._num[row.id]

    def _with_facts(self, row: CaseSummary | None) -> CaseSummary | None:
        facts = self._facts.get(row.id) if row is not None else None
        return replace(row, report=facts) if facts is not None else row


class PackedFacts:
    """Report facts by case id, each kept as zlib-compressed JSON (~100 bytes where the parsed dict takes ~4 kB).

    The first facts stored become the compression dictionary, so the keys and values every case
    shares cost almost nothing. Memory only: the files keep the facts as plain JSON in the row.
    """

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}
        self._zdict: bytes | None = None

    def put(self, case_id: str, facts: dict | None) -> None:
        """Keep (or, for None, forget) one case's facts."""
        if facts is None:
            self._packed.pop(case_id, None)
            return
        data = orjson.dumps(facts)
        if self._zdict is None:
            self._zdict = data
        packer = zlib.compressobj(6, zdict=self._zdict)
        self._packed[case_id] = packer.compress(data) + packer.flush()

    def get(self, case_id: str) -> dict | None:
        """One case's facts as stored, or None."""
        packed = self._packed.get(case_id)
        if packed is None:
            return None
        return orjson.loads(zlib.decompressobj(zdict=self._zdict).decompress(packed))

    def __len__(self) -> int:
        return len(self._packed)


class ConductSummaries(_Rows):
    """Conduct file rows in memory, fed by the conduct collection as its shards load."""

    def __init__(self, refresh: Callable[[], None]) -> None:
        super().__init__(refresh)
        self._rows: dict[str, ConductSummary] = {}

    def get(self, customer_id: str) -> ConductSummary | None:
        """One customer's conduct row, or None."""
        self._refresh()
        with self._lock:
            return self._rows.get(customer_id)

    def every(self, landlord: str | None = None) -> list[ConductSummary]:
        """Every conduct row (of one landlord), by customer id: conduct files are few, one per customer."""
        self._refresh()
        with self._lock:
            rows = [r for r in self._rows.values() if landlord is None or r.landlord == landlord]
        return sorted(rows, key=lambda r: r.customer_id)

    def reviews(self, landlord: str, *, today: date, due_by: date) -> list[ConductSummary]:
        """Live protocols whose review falls on or before `due_by`, soonest first."""
        rows = [r for r in self.every(landlord) if r.live_on(today) and r.review_on and r.review_on <= due_by]
        return sorted(rows, key=lambda r: (r.review_on, r.customer_id))

    def put(self, rows: Iterable[ConductSummary]) -> None:
        """Index rows as loaded from (or written to) their shard."""
        with self._lock:
            for row in rows:
                self._rows[row.customer_id] = row
                self._versions.set(row.customer_id, row.landlord, row.computed_with)



def with_id(row: CaseSummary, case_id: str) -> CaseSummary:
    """The row for a complaint whose id the store has only just handed out."""
    return replace(row, id=case_id)
