"""Conduct files: one append-only event list per customer, keyed by the customer's id.

Each file keeps its summary row (`summaries.ConductSummary`) beside the events, written
in the same durable write; `summaries` indexes the rows as shards load.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from portal.store.errors import Conflict, NotFound, StoreError
from portal.store.shard_sets import HashShards
from portal.store.shards import insert, plain, update
from portal.store.summaries import ConductSummaries, ConductSummary


@dataclass(frozen=True)
class ConductRecord:
    """A customer's conduct file as stored; `version` counts its events."""

    customer_id: str
    landlord: str
    events: tuple[dict, ...]
    version: int


class Conduct:
    """The conduct collection: hashed over a fixed number of shards by customer id."""

    def __init__(self, shards: HashShards) -> None:
        self._shards = shards
        self.summaries = ConductSummaries(shards.refresh_all)
        shards.on_load = self._index_shard

    def get(self, customer_id: str) -> ConductRecord | None:
        """The customer's conduct file as it is on disk now, or None if there is none."""
        raw = self._shards.for_key(customer_id).get(customer_id)
        return _record(raw) if raw else None

    def append(self, customer_id: str, event: dict, *, landlord: str, summary: ConductSummary | None = None,
               expected_version: int | None = None) -> ConductRecord:
        """Add one event (and replace the file's row), opening the file on the first, in one durable write.

        Conflict if `expected_version` moved on.
        """
        if not customer_id or not landlord:
            raise ValueError("customer_id and landlord must be non-empty strings")
        event = plain(dict(event))
        row = plain(summary.to_dict()) if summary is not None else None
        with self._shards.for_key(customer_id).transaction() as table:
            raw = table.get(doc_id=customer_id)
            version = len(raw["events"]) if raw else 0
            if expected_version is not None and expected_version != version:
                raise Conflict(f"conduct file of {customer_id} is at version {version}, "
                               f"not {expected_version}")
            if raw is None:
                raw = {"customer_id": customer_id, "landlord": landlord, "events": [event]}
                if row is not None:
                    raw["summary"] = row
                insert(table, customer_id, raw)
                return _record(raw)
            if raw["landlord"] != landlord:
                raise StoreError(f"conduct file of {customer_id} belongs to {raw['landlord']}, "
                                 f"not {landlord}")
            changes = {"events": [*raw["events"], event], **({"summary": row} if row is not None else {})}
            update(table, customer_id, changes)
        return _record({**raw, **changes})

    def put_summary(self, customer_id: str, summary: ConductSummary, *,
                    expected_version: int | None = None) -> None:
        """Replace only the file's row (a rebuild); Conflict if its events moved on meanwhile."""
        with self._shards.for_key(customer_id).transaction() as table:
            raw = table.get(doc_id=customer_id)
            if raw is None:
                raise NotFound(f"no conduct file for {customer_id!r}")
            if expected_version is not None and expected_version != len(raw["events"]):
                raise Conflict(f"conduct file of {customer_id} moved on to version {len(raw['events'])}")
            update(table, customer_id, {"summary": plain(summary.to_dict())})

    def erase(self, customer_id: str, events: list[dict], summary: ConductSummary, *,
              expected_version: int) -> None:
        """Replace every event with its anonymised form and the row, in one durable write (retention only)."""
        events = [plain(dict(e)) for e in events]
        with self._shards.for_key(customer_id).transaction() as table:
            raw = table.get(doc_id=customer_id)
            if raw is None:
                raise NotFound(f"no conduct file for {customer_id!r}")
            if expected_version != len(raw["events"]) or len(events) != len(raw["events"]):
                raise Conflict(f"conduct file of {customer_id} moved on to version {len(raw['events'])}")
            update(table, customer_id, {"events": events, "summary": plain(summary.to_dict())})

    def all(self, landlord: str | None = None) -> Iterator[ConductRecord]:
        """Every conduct file (of one landlord), by customer id."""
        picked = sorted((raw["customer_id"], raw) for raw in self._shards.everything()
                        if landlord is None or raw["landlord"] == landlord)
        for _, raw in picked:
            yield _record(raw)

    def _index_shard(self, _number: int, records: Mapping[str, dict]) -> None:
        for raw in records.values():
            if raw.get("summary"):
                self.summaries.put([ConductSummary.from_dict(raw["summary"])])
            else:
                self.summaries.put_missing(raw["customer_id"], raw["landlord"])


def _record(raw: Mapping[str, Any]) -> ConductRecord:
    events = plain(raw["events"])
    return ConductRecord(customer_id=raw["customer_id"], landlord=raw["landlord"],
                         events=tuple(events), version=len(events))
