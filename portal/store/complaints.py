"""Complaints: an id, a customer, a landlord, append-only events and a little searchable metadata.

Ids are `C-<year>-<number>` with one number sequence for the whole store, handed out
under a file lock, so two processes never hand out the same id. The number also names
the shard (`number // per_shard`), so a read by id goes straight to one small file.
Customer and landlord never change after creation, so the customer index only has to
look at the newest shard to stay fresh; metadata can change anywhere, so queues and
search check every shard's signature first (one `stat` each).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from portal.store.errors import Conflict, NotFound
from portal.store.shard_sets import RangeShards
from portal.store.shards import Shard, plain, update

_ID = re.compile(r"C-(\d{4})-(\d{6,})")
SEARCH_FIELDS = ("customer_name", "address", "reference")


@dataclass(frozen=True)
class ComplaintRecord:
    """One complaint as stored; `version` counts its events (metadata does not move it)."""

    id: str
    landlord: str
    customer_id: str
    events: tuple[dict, ...]
    meta: dict
    version: int


def number_of(complaint_id: str) -> int | None:
    """The sequence number inside a complaint id, or None if it is not one."""
    match = _ID.fullmatch(complaint_id) if isinstance(complaint_id, str) else None
    return int(match.group(2)) if match else None


class _Summary(NamedTuple):
    number: int
    landlord: str
    customer_id: str
    open: bool
    haystack: str  # lower-cased id and search fields


class Complaints:
    """The complaints collection, with in-memory indexes kept fresh against the files."""

    def __init__(self, shards: RangeShards, clock: Callable[[], datetime]) -> None:
        self._shards = shards
        self._clock = clock
        self._summaries: dict[str, _Summary] = {}
        self._by_customer: dict[str, set[str]] = {}
        self._index_lock = threading.Lock()
        self._indexed = False
        shards.on_load = self._index_shard

    def create(self, *, landlord: str, customer_id: str, events: list[dict],
               meta: dict | None = None) -> str:
        """Store a new complaint and return its id (unique across threads and processes)."""
        return self.create_many([{"landlord": landlord, "customer_id": customer_id,
                                  "events": events, "meta": meta}])[0]

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

    def append(self, complaint_id: str, event: dict, *, expected_version: int | None = None,
               meta: Mapping[str, Any] | None = None) -> ComplaintRecord:
        """Add one event (and merge `meta`) in one durable write.

        With `expected_version`, raise Conflict if another writer got there first.
        """
        event = plain(dict(event))
        with self._shard(complaint_id).transaction() as table:
            raw = _existing(table.get(doc_id=complaint_id), complaint_id)
            if expected_version is not None and expected_version != len(raw["events"]):
                raise Conflict(f"complaint {complaint_id} is at version {len(raw['events'])}, "
                               f"not {expected_version}")
            changes = {"events": [*raw["events"], event]}
            if meta:
                changes["meta"] = {**raw["meta"], **plain(dict(meta))}
            update(table, complaint_id, changes)
        return _record({**raw, **changes})

    def set_meta(self, complaint_id: str, **fields: Any) -> ComplaintRecord:
        """Merge small searchable fields (name, address, open) into the metadata; not derived state."""
        fields = plain(fields)
        with self._shard(complaint_id).transaction() as table:
            raw = _existing(table.get(doc_id=complaint_id), complaint_id)
            changes = {"meta": {**raw["meta"], **fields}}
            update(table, complaint_id, changes)
        return _record({**raw, **changes})

    def for_customer(self, customer_id: str) -> list[ComplaintRecord]:
        """A customer's complaints, oldest first, through the customer index."""
        self._ensure_index()
        self._shards.refresh_tail()
        with self._index_lock:
            ids = sorted(self._by_customer.get(customer_id, ()), key=lambda i: self._summaries[i].number)
        return self._records(ids)

    def all(self, landlord: str | None = None, open_only: bool = False) -> Iterator[ComplaintRecord]:
        """Every complaint (of one landlord; only open ones), oldest first, for staff queues."""
        self._refresh()
        with self._index_lock:
            picked = [(s.number, i) for i, s in self._summaries.items()
                      if (landlord is None or s.landlord == landlord) and (s.open or not open_only)]
        for _, complaint_id in sorted(picked):
            record = self.get(complaint_id)
            if record and (record.meta.get("open") is True or not open_only):
                yield record

    def metas(self, landlord: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """(id, metadata) of every complaint of a landlord, shard by shard, for reports.

        The metadata is the stored summary, not a copy, and events are never copied:
        callers read it and must not change it.
        """
        self._shards.check_open()
        for number in range(self._shards.top() + 1):
            for complaint_id, raw in self._shards.shard(number).records().items():
                if raw["landlord"] == landlord:
                    yield complaint_id, raw["meta"]

    def search(self, text: str, landlord: str | None = None) -> list[ComplaintRecord]:
        """Complaints whose id, customer name, address or reference contains `text`, any case."""
        needle = text.strip().lower()
        if not needle:
            return []
        self._refresh()
        with self._index_lock:
            picked = [(s.number, i) for i, s in self._summaries.items()
                      if needle in s.haystack and (landlord is None or s.landlord == landlord)]
        return self._records([i for _, i in sorted(picked)])

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
        with self._index_lock:
            for complaint_id, raw in records.items():
                number = number_of(complaint_id)
                if number is None:
                    continue
                meta = raw.get("meta", {})
                hay = [complaint_id, *(str(meta.get(f) or "") for f in SEARCH_FIELDS)]
                self._summaries[complaint_id] = _Summary(
                    number, raw["landlord"], raw["customer_id"], meta.get("open") is True,
                    "\x1f".join(hay).lower())
                self._by_customer.setdefault(raw["customer_id"], set()).add(complaint_id)


def _builder(year: int, *, landlord: str, customer_id: str, events: list[dict],
             meta: dict | None = None) -> Callable[[int], dict]:
    _require_text(landlord=landlord, customer_id=customer_id)
    events, meta = plain(list(events)), plain(dict(meta or {}))
    return lambda number: {"id": f"C-{year:04d}-{number:06d}", "landlord": landlord,
                           "customer_id": customer_id, "events": events, "meta": meta}


def _record(raw: Mapping[str, Any]) -> ComplaintRecord:
    events, meta = plain([raw["events"], raw["meta"]])  # a private copy for the caller
    return ComplaintRecord(id=raw["id"], landlord=raw["landlord"], customer_id=raw["customer_id"],
                           events=tuple(events), meta=meta, version=len(events))


def _existing(raw: Mapping[str, Any] | None, complaint_id: str) -> Mapping[str, Any]:
    if raw is None:
        raise NotFound(f"no complaint {complaint_id!r}")
    return raw


def _require_text(**values: Any) -> None:
    for name, value in values.items():
        if not isinstance(value, str) or not value:
            raise ValueError(f"{name} must be a non-empty string")
