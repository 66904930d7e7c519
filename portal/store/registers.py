"""Registers: small documents staff keep beside the cases (improvement actions, the Code
self-assessment, the annual report's written analysis), each with its own change history.

Keyed by a caller's key over a few hashed shards; every write carries the version it
read, so two staff editing one document at once give a Conflict, never a lost edit.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping

from portal.store.errors import Conflict
from portal.store.shard_sets import HashShards
from portal.store.shards import insert, plain, update

SHARDS = 8


class Registers:
    """The registers collection: documents by key, of a kind, for a landlord."""

    def __init__(self, shards: HashShards) -> None:
        self._shards = shards

    def get(self, key: str) -> dict | None:
        """The document under `key` (a private copy), or None."""
        raw = self._shards.for_key(key).get(key)
        return plain(raw) if raw else None

    def put(self, key: str, doc: Mapping[str, Any], *, kind: str, landlord: str, note: Mapping[str, Any],
            expected_version: int | None = None) -> dict:
        """Write the document in one durable step, noting the change; Conflict if it moved on."""
        with self._shards.for_key(key).transaction() as table:
            raw = table.get(doc_id=key)
            version = raw["version"] if raw else 0
            if expected_version is not None and expected_version != version:
                raise Conflict(f"register {key} is at version {version}, not {expected_version}")
            record = {**plain(dict(doc)), "key": key, "kind": kind, "landlord": landlord, "version": version + 1,
                      "history": [*(raw["history"] if raw else []), plain(dict(note))]}
            if raw is None:
                insert(table, key, record)
            else:
                update(table, key, record)
        return plain(record)

    def all(self, kind: str, landlord: str) -> Iterator[dict]:
        """Every document of a kind for a landlord (private copies), in key order."""
        found = [raw for raw in self._shards.everything() if raw["kind"] == kind and raw["landlord"] == landlord]
        for raw in sorted(found, key=lambda r: r["key"]):
            yield plain(raw)

    def every(self) -> list[dict]:
        """Every document of every kind and landlord, in key order (for copying a store)."""
        return [plain(raw) for raw in sorted(self._shards.everything(), key=lambda r: r["key"])]
