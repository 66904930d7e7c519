"""The manifest: which shard files exist, how many records each holds at least, the next free ids.

Kept in `manifest.json` beside `store.json`, apart from the shards, so losing a shard never
loses what the store knows about it: a file the manifest lists that is missing, empty,
cut short, of the wrong shape or holding fewer records than listed is refused with its
name, and ids come from the manifest's counters, so none is ever handed out twice.

The order of writes keeps the manifest a lower bound that a crash cannot make wrong:
ids are reserved (counter written) before the records that use them; a shard's count is
raised after the shard is written and lowered before. A crash between the two leaves
the manifest behind the files (an unlisted file, a count too low), which the next write
or `store check` mends, never ahead of them.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

import orjson

from portal.store.errors import Damaged
from portal.store.files import Barrier, Folder, Lock, Signature, read_with_signature, signature, write_durably

NAME = "manifest.json"


class Manifest:
    """The store's manifest, shared by every collection; reloaded when another process changes it."""

    def __init__(self, folder: Folder) -> None:
        self.path = folder.path / NAME
        self._folder = folder
        self._lock = Lock(folder.path / "manifest.lock")
        self.barrier = Barrier(folder.path)
        self._guard = threading.Lock()
        self._seen: tuple[Signature | None, dict[str, Any]] = (None, {})

    def exists(self) -> bool:
        """True once the manifest has been written."""
        return self.path.exists()

    def create(self, collections: dict[str, dict[str, Any]]) -> None:
        """Write the first manifest (a new store, or one adopted from before manifests)."""
        with self._lock.held():
            self._write({"format": 1, "collections": collections})

    def listed(self, collection: str, name: str) -> int | None:
        """How many records the file holds at least, or None when the manifest does not list it."""
        return self._current()["collections"].get(collection, {}).get("files", {}).get(name)

    def files(self, collection: str) -> dict[str, int]:
        """Every file the manifest lists for a collection, with its least record count."""
        return dict(self._current()["collections"].get(collection, {}).get("files", {}))

    def next_id(self, collection: str) -> int:
        """The next number the collection will hand out (1 for a new collection)."""
        return int(self._current()["collections"].get(collection, {}).get("next", 1))

    def reserve(self, collection: str, count: int, floor: int) -> int:
        """Take `count` numbers, never below `floor`; durable before the caller uses them. Returns the first."""
        with self.barrier.shared(), self._lock.held():
            data = self._data()
            entry = data["collections"].setdefault(collection, {"files": {}})
            first = max(int(entry.get("next", 1)), floor)
            entry["next"] = first + count
            self._write(data)
        return first

    def count(self, collection: str, name: str, records: int) -> None:
        """Record that a file now holds `records` (called after a write that added, before one that removed)."""
        with self._lock.held():
            data = self._data()
            files = data["collections"].setdefault(collection, {"files": {}}).setdefault("files", {})
            if files.get(name) != records:
                files[name] = records
                self._write(data)

    def _current(self) -> dict[str, Any]:
        """The manifest as it is on disk now (shared: callers must not change it), refused when damaged."""
        sig = signature(self.path)
        with self._guard:
            if sig is not None and sig == self._seen[0]:
                return self._seen[1]
        sig, raw = read_with_signature(self.path)
        data = parse_manifest(self.path, raw, sig is not None)
        with self._guard:
            self._seen = (sig, data)
        return data

    def _data(self) -> dict[str, Any]:
        """A private copy of the manifest to change (inside the manifest's lock)."""
        return orjson.loads(orjson.dumps(self._current()))

    def _write(self, data: dict[str, Any]) -> None:
        previous = signature(self.path)
        sig = write_durably(self.path, orjson.dumps(data, option=orjson.OPT_INDENT_2), self._folder, previous)
        with self._guard:
            self._seen = (sig, orjson.loads(orjson.dumps(data)))


def parse_manifest(path: Path, raw: bytes, exists: bool) -> dict[str, Any]:
    """The manifest's data, or Damaged naming the file and what is wrong with it."""
    if not exists:
        raise Damaged(f"{path} is missing: the store cannot tell which files it should have")
    data = json_data(path, raw)
    collections = data.get("collections") if isinstance(data, dict) else None
    if not isinstance(collections, dict) or not all(
            isinstance(c, dict) and isinstance(c.get("files", {}), dict) for c in collections.values()):
        raise Damaged(f"{path} is not a store manifest")
    return data


class Ledger:
    """One collection's part of the manifest, as its shards use it: check what is read, count what is written."""

    def __init__(self, manifest: Manifest, collection: str) -> None:
        self.manifest = manifest
        self.collection = collection
        self.damage: str | None = None  # the first damage found: the collection refuses all use after it

    def records(self, path: Path, raw: bytes, exists: bool) -> dict[str, Any]:
        """A shard file's data, checked against the manifest; Damaged names the file and what is wrong."""
        try:
            return self._checked(path, raw, exists)
        except Damaged as exc:
            raise self.damaged(str(exc)) from None

    def damaged(self, message: str) -> Damaged:
        """Note damage found in the collection (it refuses all use from now on); the error to raise."""
        self.damage = self.damage or message
        return Damaged(message)

    def refuse_if_damaged(self) -> None:
        """Raise Damaged once any file of the collection was found damaged: nothing more is read or written."""
        if self.damage:
            raise Damaged(f"the {self.collection} collection is damaged: {self.damage}")

    def _checked(self, path: Path, raw: bytes, exists: bool) -> dict[str, Any]:
        listed = self.manifest.listed(self.collection, path.name)
        if not exists:
            if listed is not None:
                raise Damaged(f"{path} is missing (the manifest lists it with {listed} record(s))")
            return {}
        data = shard_data(path, raw, self.collection)
        records = data.get("records", {})
        if listed is not None and len(records) < listed:
            raise Damaged(f"{path} holds {len(records)} record(s) but the manifest lists at least {listed}: "
                          f"records are missing")
        return data

    def files(self) -> dict[str, int]:
        """The collection's files the manifest lists, with their least record counts."""
        return self.manifest.files(self.collection)

    def reserve(self, count: int, floor: int) -> int:
        """Take `count` ids for new records (never below `floor`); returns the first."""
        return self.manifest.reserve(self.collection, count, floor)

    def before_write(self, path: Path, records: int) -> None:
        """Lower the listed count before a write that removes records (a crash then leaves it too low, not too high)."""
        listed = self.manifest.listed(self.collection, path.name)
        if listed is not None and records < listed:
            self.manifest.count(self.collection, path.name, records)

    def after_write(self, path: Path, records: int) -> None:
        """List a new file, or raise its count, once its write is durable."""
        listed = self.manifest.listed(self.collection, path.name)
        if listed is None or records > listed:
            self.manifest.count(self.collection, path.name, records)


def json_data(path: Path, raw: bytes) -> Any:
    """A store file's JSON, or Damaged naming the file: empty, or not JSON (most often cut short)."""
    if not raw:
        raise Damaged(f"{path} is empty (0 bytes)")
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise Damaged(f"{path} is not valid JSON ({exc}): it may have been cut short") from None


def shard_data(path: Path, raw: bytes, collection: str) -> dict[str, Any]:
    """A shard file's data, or Damaged naming the file: empty, not JSON (cut short), or the wrong shape."""
    data = json_data(path, raw)
    records = data.get("records", {}) if isinstance(data, dict) else None
    if (not isinstance(records, dict) or set(data) - {"records"}
            or not all(isinstance(r, dict) for r in records.values())):
        raise Damaged(f"{path} is not a {collection} shard (wrong shape of data)")
    return data


def survey(folder: Path, collection: str, number_of: Callable[[str], int | None] | None) -> dict[str, Any]:
    """A collection's manifest entry from the files on disk (a store made before manifests)."""
    files, highest = {}, 0
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else ():
        try:
            raw = path.read_bytes()
        except IsADirectoryError:
            raise Damaged(f"{path} is a folder, not a {collection} shard") from None
        records = shard_data(path, raw, collection).get("records", {})
        files[path.name] = len(records)
        if number_of is not None:
            highest = max([highest, *(number_of(i) or 0 for i in records)])
    return {"files": files, **({"next": highest + 1} if highest else {})}
