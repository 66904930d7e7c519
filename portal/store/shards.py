"""Shards: each collection is split over small TinyDB files, so a write rewrites one small file.

This is the only module in the project that imports TinyDB. Its known traps (tracker
#72, #113, #179, #276) and what replaces them here:

- JSONStorage overwrites its file in place -> `ShardStorage` writes through
  `files.write_durably` (temp file, fsync, rename, fsync of the folder).
- Not thread or process safe -> a shard is written only inside `Shard.transaction()`,
  which holds the shard's `Lock`, reloads the file if it changed, and works on a private
  copy (copy-on-write per record). Readers keep seeing the last durable state, never a
  half-done write.
- Each handle trusts its memory (query cache, next id) -> tables have no query cache,
  record ids are the store's own strings (TinyDB's counter is never used), and every
  read compares the file's signature with the one it loaded and reloads on change.
- Every write rewrites the whole database -> many small files, one lock each.
"""

from __future__ import annotations

import os
import re
import threading
import zlib
from itertools import groupby
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from portal.store.errors import StoreError
from portal.store.files import Folder, Lock, Signature, read_with_signature, signature, write_durably

RECORDS = "records"

#: Called with (shard number, the records that changed) whenever a shard's published state changes.
OnLoad = Callable[[int, Mapping[str, dict]], None]


class _StrIdTable(Table):
    """A TinyDB table keyed by the store's string ids, with no id counter of its own."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> Any:
        raise StoreError("every record is inserted with its own id; TinyDB's counter is not used")


class _TinyDB(TinyDB):
    table_class = _StrIdTable


class ShardStorage(Storage):
    """TinyDB storage for one shard file: orjson, durable writes, reload on any change."""

    def __init__(self, path: Path, folder: Folder, notify: Callable[[Mapping[str, dict]], None]) -> None:
        self._path = path
        self._folder = folder
        self._notify = notify
        self._published: tuple[Signature | None, dict] = (None, {})
        self._load_lock = threading.Lock()
        self._writer: int | None = None  # thread inside `Shard.transaction()`
        self._private: dict | None = None

    def read(self) -> dict:
        """The writer's private copy of the fresh state inside a transaction, else the published state.

        The private copy shares unchanged records with the published state; `update()`
        copies a record before TinyDB changes it in place.
        """
        if self._writer == threading.get_ident():
            if self._private is None:
                self._private = {name: dict(table) for name, table in self.current().items()}
            return self._private
        return self.current()

    def current(self) -> dict:
        """The last durable state of the file, reloaded if anyone (any process) changed it."""
        published_sig, data = self._published
        if signature(self._path) == published_sig:
            return data
        with self._load_lock:
            published_sig, data = self._published
            sig, raw = read_with_signature(self._path)
            if sig != published_sig:
                data = self._parse(raw)
                self._publish(sig, data)
        return data

    def write(self, data: dict) -> None:
        """Durably replace the file with `data`; only the lock holder may call this."""
        if self._writer != threading.get_ident():
            raise StoreError(f"write to {self._path} outside its lock")
        raw = orjson.dumps(data)
        self._private = None  # whatever happens next, reread before another change
        sig = write_durably(self._path, raw, self._folder, signature(self._path))
        with self._load_lock:
            self._publish(sig, data)

    def begin(self) -> None:
        """Enter a transaction: reads from this thread now come fresh from disk."""
        self._writer, self._private = threading.get_ident(), None

    def end(self) -> None:
        """Leave the transaction, dropping any unwritten private copy."""
        self._writer, self._private = None, None

    def _publish(self, sig: Signature | None, data: dict) -> None:
        before = self._published[1].get(RECORDS, {})
        self._published = (sig, data)
        records = data.get(RECORDS, {})
        changed = {key: doc for key, doc in records.items() if before.get(key) is not doc}
        if changed:
            self._notify(changed)

    def _parse(self, raw: bytes) -> dict:
        try:
            return orjson.loads(raw) if raw else {}
        except orjson.JSONDecodeError as exc:
            raise StoreError(f"{self._path} is not valid JSON: {exc}") from exc


class Shard:
    """One TinyDB file with its own lock: the unit of locking, caching and rewriting."""

    def __init__(self, path: Path, folder: Folder, notify: Callable[[Mapping[str, dict]], None]) -> None:
        self.path = path
        self.lock = Lock(path.with_suffix(".lock"))
        self.storage = ShardStorage(path, folder, notify)
        self.table = _TinyDB(storage=lambda: self.storage).table(RECORDS, cache_size=0)

    def get(self, record_id: str) -> dict | None:
        """One record by id: a dict lookup in the fresh shard, never a scan."""
        return self.table.get(doc_id=record_id)  # type: ignore[return-value]

    def records(self) -> Mapping[str, dict]:
        """Every record of the shard, fresh; callers must not change them."""
        return self.storage.current().get(RECORDS, {})

    @contextmanager
    def transaction(self) -> Iterator[Table]:
        """Hold the shard's lock; inside, the table reads fresh from disk and writes durably."""
        with self.lock.held():
            self.storage.begin()
            try:
                yield self.table
            finally:
                self.storage.end()


def insert(table: Table, record_id: str, record: dict) -> None:
    """Add a new record under its own id (inside a transaction)."""
    table.insert(Document(record, doc_id=record_id))  # type: ignore[arg-type]


def update(table: Table, record_id: str, fields: Mapping[str, Any]) -> None:
    """Set top-level fields of a record (inside a transaction: one durable write).

    TinyDB changes the record in place, so first give the private copy its own record:
    readers keep the published one until the write is durable.
    """
    records = table.storage.read().get(RECORDS, {})
    if record_id in records:
        records[record_id] = dict(records[record_id])
    table.update(fields, doc_ids=[record_id])  # type: ignore[list-item]


class ShardSet:
    """The shards of one collection in one folder, created on first use."""

    def __init__(self, folder: Folder, file_name: Callable[[int], str]) -> None:
        self.folder = folder
        self._file_name = file_name
        self._shards: dict[int, Shard] = {}
        self._guard = threading.Lock()
        self._closed = False
        self.on_load: OnLoad | None = None

    def shard(self, number: int) -> Shard:
        """The shard with this number (its file may not exist yet)."""
        self.check_open()
        shard = self._shards.get(number)
        if shard is None:
            with self._guard:
                shard = self._shards.get(number)
                if shard is None:
                    path = self.folder.path / self._file_name(number)
                    shard = Shard(path, self.folder, lambda records: self._loaded(number, records))
                    self._shards[number] = shard
        return shard

    def check_open(self) -> None:
        """Raise StoreError once the store has been closed."""
        if self._closed:
            raise StoreError("the store is closed")

    def close(self) -> None:
        """Refuse further use and drop cached data."""
        self._closed = True
        self._shards.clear()

    def _loaded(self, number: int, records: Mapping[str, dict]) -> None:
        if self.on_load is not None:
            self.on_load(number, records)


class RangeShards(ShardSet):
    """Records numbered 1, 2, 3...; shard k holds numbers [k*size, (k+1)*size).

    New records only ever land in the top shard, so an index of fields that never change
    (customer, case) stays fresh by checking the top shard alone.
    """

    _FILE = re.compile(r"^(\d{6})\.json$")

    def __init__(self, folder: Folder, size: int, number_of: Callable[[str], int | None]) -> None:
        super().__init__(folder, lambda k: f"{k:06d}.json")
        self.size = size
        self._number_of = number_of
        self._create_lock = Lock(folder.path / "create.lock")
        self._top: int | None = None
        self._tail_checked = 0

    def for_id(self, record_id: str) -> Shard | None:
        """The shard an id lives in, or None if the id is not one of ours."""
        number = self._number_of(record_id)
        return None if number is None else self.shard(number // self.size)

    def top(self) -> int:
        """Highest shard number on disk, or -1; probes upward, as shards are only ever added."""
        self.check_open()
        top = self._top
        if top is None:
            found = (self._FILE.match(entry.name) for entry in os.scandir(self.folder.path))
            top = max((int(m.group(1)) for m in found if m), default=-1)
        while (self.folder.path / self._file_name(top + 1)).exists():
            top += 1
        self._top = top
        return top

    @contextmanager
    def creating(self) -> Iterator[None]:
        """Hold the collection's create lock (numbering, and any uniqueness check)."""
        with self._create_lock.held():
            yield

    def create(self, builds: list[Callable[[int], dict]]) -> list[dict]:
        """Insert `build(n)` for each build under the next free numbers; call inside `creating()`.

        One durable write per shard touched: a crash part-way keeps whole shards only,
        and nothing is acknowledged before the last write.
        """
        top = self.top()
        numbers = (self._number_of(i) for i in self.shard(top).records()) if top >= 0 else ()
        first = max((n for n in numbers if n is not None), default=0) + 1
        records = [build(first + offset) for offset, build in enumerate(builds)]
        for number, group in groupby(records, key=lambda r: self._number_of(r["id"]) // self.size):
            with self.shard(number).transaction() as table:
                table.insert_multiple([Document(r, doc_id=r["id"]) for r in group])  # type: ignore[arg-type]
        return records

    def refresh_tail(self) -> None:
        """Load the shards where records were created since the last check."""
        start, top = self._tail_checked, self.top()
        for number in range(start, top + 1):
            self.shard(number).records()
        self._tail_checked = max(top, 0)

    def refresh_all(self) -> None:
        """Load every shard that changed on disk (each costs one stat when it did not)."""
        for number in range(self.top() + 1):
            self.shard(number).records()
        self._tail_checked = max(self._top or 0, 0)


class HashShards(ShardSet):
    """Records keyed by an outside string (a customer id, a token) over a fixed number of shards."""

    def __init__(self, folder: Folder, count: int) -> None:
        super().__init__(folder, lambda k: f"{k:04d}.json")
        self.count = count

    def for_key(self, key: str) -> Shard:
        """The shard a key lives in (crc32, stable across processes, unlike `hash()`)."""
        return self.shard(zlib.crc32(key.encode("utf-8")) % self.count)

    def everything(self) -> Iterator[dict]:
        """Every record of every shard, fresh; callers must not change them."""
        for number in range(self.count):
            yield from self.shard(number).records().values()


def plain(value: Any) -> Any:
    """A private JSON-only copy of `value`: rejects what JSON cannot hold, shares nothing."""
    return orjson.loads(orjson.dumps(value))
