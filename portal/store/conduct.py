"""Conduct files: one append-only event list per customer, keyed by the customer's id."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator, Mapping

from portal.store.errors import Conflict, StoreError
from portal.store.shard_sets import HashShards
from portal.store.shards import insert, plain, update


@dataclass(frozen=True)
class ConductRecord:
    """A customer's conduct file as stored; `version` counts its events."""

    customer_id: str
    landlord: str
    events: tuple[dict, ...]
    version: int
    effects: tuple[dict, ...] = ()  # letters and messages the events owe, written with them (see portal/effects.py)


class Conduct:
    """The conduct collection: hashed over a fixed number of shards by customer id."""

    def __init__(self, shards: HashShards) -> None:
        self._shards = shards

    def get(self, customer_id: str) -> ConductRecord | None:
        """The customer's conduct file as it is on disk now, or None if there is none."""
        raw = self._shards.for_key(customer_id).get(customer_id)
        return _record(raw) if raw else None

    def append(self, customer_id: str, event: dict, *, landlord: str,
               expected_version: int | None = None, effects: list[dict] | None = None) -> ConductRecord:
        """Add one event (and the `effects` it owes), opening the file on the first; Conflict if
        `expected_version` moved on."""
        if not customer_id or not landlord:
            raise ValueError("customer_id and landlord must be non-empty strings")
        event, effects = plain(dict(event)), plain(list(effects or ()))
        with self._shards.for_key(customer_id).transaction() as table:
            raw = table.get(doc_id=customer_id)
            version = len(raw["events"]) if raw else 0
            if expected_version is not None and expected_version != version:
                raise Conflict(f"conduct file of {customer_id} is at version {version}, "
                               f"not {expected_version}")
            if raw is None:
                raw = {"customer_id": customer_id, "landlord": landlord, "events": [event],
                       **({"effects": effects} if effects else {})}
                insert(table, customer_id, raw)
                return _record(raw)
            if raw["landlord"] != landlord:
                raise StoreError(f"conduct file of {customer_id} belongs to {raw['landlord']}, "
                                 f"not {landlord}")
            changes = {"events": [*raw["events"], event]}
            if effects:
                changes["effects"] = [*raw.get("effects", ()), *effects]
            update(table, customer_id, changes)
        return _record({**raw, **changes})

    def all(self, landlord: str | None = None) -> Iterator[ConductRecord]:
        """Every conduct file (of one landlord), by customer id."""
        picked = sorted((raw["customer_id"], raw) for raw in self._shards.everything()
                        if landlord is None or raw["landlord"] == landlord)
        for _, raw in picked:
            yield _record(raw)


def _record(raw: Mapping[str, Any]) -> ConductRecord:
    events, effects = plain([raw["events"], raw.get("effects", [])])
    return ConductRecord(customer_id=raw["customer_id"], landlord=raw["landlord"],
                         events=tuple(events), version=len(events), effects=tuple(effects))
