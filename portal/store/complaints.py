"""Complaints: an id, a customer, a landlord, append-only events and the case's summary row.

Ids are `C-<year>-<number>` with one number sequence for the whole store, handed out
under a file lock, so two processes never hand out the same id. The number also names
the shard (`number // per_shard`), so a read by id goes straight to one small file.
Customer and landlord never change after creation, so the customer index only has to
look at the newest shard to stay fresh. The summary row (`summaries.CaseSummary`) is
written with each event in the same durable write; `summaries` indexes the rows as
shards load, so queues and search never read a shard.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, Callable, Iterable, Mapping

from portal.store.errors import Conflict, NotFound
from portal.store.shard_sets import RangeShards
from portal.store.shards import Shard, plain, update, update_many
from portal.store.summaries import CaseSummaries, CaseSummary, with_id

_ID = re.compile(r"C-(\d{4})-(\d{6,})")


@dataclass(frozen=True)
class ComplaintRecord:
    """One complaint as stored; `version` counts its events (a rewritten summary does not move it)."""

    id: str
    landlord: str
    customer_id: str
    events: tuple[dict, ...]
    row: Mapping[str, Any] | None = field(repr=False)  # the summary row as stored; `summary` reads it
    version: int
    effects: tuple[dict, ...] = ()  # letters and messages the events owe, written with them (see portal/effects.py)

    @cached_property
    def summary(self) -> CaseSummary | None:
        """The summary row, read on first use (most callers want only the events)."""
        return CaseSummary.from_dict(self.row) if self.row else None


def number_of(complaint_id: str) -> int | None:
    """The sequence number inside a complaint id, or None if it is not one."""
    match = _ID.fullmatch(complaint_id) if isinstance(complaint_id, str) else None
    return int(match.group(2)) if match else None


class Complaints:
    """The complaints collection, with in-memory indexes kept fresh against the files."""

    def __init__(self, shards: RangeShards, clock: Callable[[], datetime]) -> None:
        self._shards = shards
        self._clock = clock
        self.summaries = CaseSummaries(self._refresh, number_of)
        self._by_customer: dict[str, set[str]] = {}
        self._index_lock = threading.Lock()
        self._indexed = False
        shards.on_load = self._index_shard

    def create(self, *, landlord: str, customer_id: str, events: list[dict],
               summary: CaseSummary | None = None, effects: list[dict] | None = None) -> str:
        """Store a new complaint (with its row and the `effects` it owes; the store fills in the id)."""
        return self.create_many([{"landlord": landlord, "customer_id": customer_id,
                                  "events": events, "summary": summary, "effects": effects}])[0]

    def create_many(self, items: Iterable[Mapping[str, Any]]) -> list[str]:
        """Store many complaints (an import from another system) with one write per shard.

        Each item has the keyword arguments of `create`; ids come back in the same order.
        """
        year = self._clock().year
        builds = [_builder(year, **item) for item in items]
        with self._shards.creating():
            return [record["id"] for record in self._shards.create(builds)]

    def get(self, complaint_id: str) -> ComplaintRecord | None:
        """The complaint with this id as it is on disk now, or None."""
        shard = self._shards.for_id(complaint_id)
        raw = shard.get(complaint_id) if shard else None
        return _record(raw) if raw else None

    def append(self, complaint_id: str, event: dict, *, summary: CaseSummary | None = None,
               expected_version: int | None = None, effects: list[dict] | None = None) -> ComplaintRecord:
        """Add one event, replace the case's summary row and add the `effects` it owes, in one durable write.

        With `expected_version`, raise Conflict if another writer got there first.
        """
        event = plain(dict(event))
        with self._shard(complaint_id).transaction() as table:
            raw = _existing(table.get(doc_id=complaint_id), complaint_id)
            _check_version(raw, complaint_id, expected_version)
            changes: dict[str, Any] = {"events": [*raw["events"], event]}
            if summary is not None:
                changes["summary"] = _row_data(summary, complaint_id)
            if effects:
                changes["effects"] = [*raw.get("effects", ()), *plain(list(effects))]
            update(table, complaint_id, changes)
        return _record({**raw, **changes})

    def put_summary(self, complaint_id: str, summary: CaseSummary, *,
                    expected_version: int | None = None) -> ComplaintRecord:
        """Replace only the summary row (a rebuild, new customer details); Conflict if events moved on."""
        with self._shard(complaint_id).transaction() as table:
            raw = _existing(table.get(doc_id=complaint_id), complaint_id)
            _check_version(raw, complaint_id, expected_version)
            changes = {"summary": _row_data(summary, complaint_id)}
            update(table, complaint_id, changes)
        return _record({**raw, **changes})

    def put_summaries(self, rows: Mapping[str, tuple[CaseSummary, int]]) -> list[str]:
        """Replace many rows, `{id: (row, version it was computed from)}`, with one durable write per shard;
        a case whose events moved on meanwhile keeps its own row. The ids written, in order given."""
        by_shard: dict[Shard, dict[str, tuple[CaseSummary, int]]] = {}
        for complaint_id, entry in rows.items():
            by_shard.setdefault(self._shard(complaint_id), {})[complaint_id] = entry
        written = set()
        for shard, group in by_shard.items():
            with shard.transaction() as table:
                changes = {}
                for complaint_id, (summary, version) in group.items():
                    raw = _existing(table.get(doc_id=complaint_id), complaint_id)
                    if len(raw["events"]) == version:
                        changes[complaint_id] = {"summary": _row_data(summary, complaint_id)}
                if changes:
                    update_many(table, changes)
            written.update(changes)
        return [complaint_id for complaint_id in rows if complaint_id in written]

    def erase(self, complaint_id: str, events: list[dict], summary: CaseSummary, *,
              expected_version: int) -> ComplaintRecord:
        """Replace every event with its anonymised form and the row, in one durable write (retention only).

        The number of events must stay the same, so the version holds; Conflict if it moved on.
        """
        events = [plain(dict(e)) for e in events]
        with self._shard(complaint_id).transaction() as table:
            raw = _existing(table.get(doc_id=complaint_id), complaint_id)
            _check_version(raw, complaint_id, expected_version)
            if len(events) != len(raw["events"]):
                raise ValueError("erasing keeps every event: only their details change")
            changes = {"events": events, "summary": _row_data(summary, complaint_id)}
            update(table, complaint_id, changes)
        return _record({**raw, **changes})

    def for_customer(self, customer_id: str) -> list[ComplaintRecord]:
        """A customer's complaints, oldest first, through the customer index."""
        self._ensure_index()
        self._shards.refresh_tail()
        with self._index_lock:
            ids = sorted(self._by_customer.get(customer_id, ()), key=lambda i: number_of(i) or 0)
        return self._records(ids)

    def ids(self) -> list[str]:
        """Every complaint id, oldest first (for a rebuild or a check, never for a page)."""
        self._refresh()
        with self._index_lock:
            ids = set().union(*self._by_customer.values())
        return sorted(ids, key=lambda i: number_of(i) or 0)

    def _records(self, ids: list[str]) -> list[ComplaintRecord]:
        return [record for record in map(self.get, ids) if record is not None]

    def _shard(self, complaint_id: str) -> Shard:
        shard = self._shards.for_id(complaint_id)
        if shard is None:
            raise NotFound(f"no complaint {complaint_id!r}")
        return shard

    def _ensure_index(self) -> None:
        if not self._indexed:
            self._shards.refresh_all()
            self._indexed = True

    def _refresh(self) -> None:
        self._shards.refresh_all()
        self._indexed = True

    def _index_shard(self, _number: int, records: Mapping[str, dict]) -> None:
        rows = []
        with self._index_lock:
            for complaint_id, raw in records.items():
                if number_of(complaint_id) is None:
                    continue
                self._by_customer.setdefault(raw["customer_id"], set()).add(complaint_id)
                if raw.get("summary"):
                    rows.append(CaseSummary.from_dict(raw["summary"]))
                else:
                    self.summaries.put_missing(complaint_id, raw["landlord"])
        self.summaries.put(rows)


def _builder(year: int, *, landlord: str, customer_id: str, events: list[dict],
             summary: CaseSummary | None = None, effects: list[dict] | None = None) -> Callable[[int], dict]:
    _require_text(landlord=landlord, customer_id=customer_id)
    events, effects = plain(list(events)), plain(list(effects or ()))

    def build(number: int) -> dict:
        case_id = f"C-{year:04d}-{number:06d}"
        record = {"id": case_id, "landlord": landlord, "customer_id": customer_id, "events": events}
        if summary is not None:
            record["summary"] = _row_data(summary, case_id)
        if effects:
            record["effects"] = effects
        return record
    return build


def _row_data(summary: CaseSummary, complaint_id: str) -> dict:
    return plain(with_id(summary, complaint_id).to_dict())


def _check_version(raw: Mapping[str, Any], complaint_id: str, expected: int | None) -> None:
    if expected is not None and expected != len(raw["events"]):
        raise Conflict(f"complaint {complaint_id} is at version {len(raw['events'])}, not {expected}")


def _record(raw: Mapping[str, Any]) -> ComplaintRecord:
    events, effects = plain([raw["events"], raw.get("effects", [])])  # a private copy for the caller
    return ComplaintRecord(id=raw["id"], landlord=raw["landlord"], customer_id=raw["customer_id"],
                           events=tuple(events), row=raw.get("summary"), version=len(events), effects=tuple(effects))


def _existing(raw: Mapping[str, Any] | None, complaint_id: str) -> Mapping[str, Any]:
    if raw is None:
        raise NotFound(f"no complaint {complaint_id!r}")
    return raw


def _require_text(**values: Any) -> None:
    for name, value in values.items():
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a non-empty string")
