"""Shards: one small TinyDB file each, read through a signature check and written durably.

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
- Every write rewrites the whole database -> many small files, one lock each
  (`shard_sets.py` splits a collection over them).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document, Table

from portal.store.cache import ShardCache
from portal.store.errors import StoreError
from portal.store.files import Folder, Lock, Signature, read_with_signature, signature, write_durably
from portal.store.manifest import Ledger

RECORDS = "records"

_UNREAD = "unread"  # not a signature: the first read always checks the file against the manifest


class _StrIdTable(Table):
    """A TinyDB table keyed by the store's string ids, with no id counter of its own."""

    document_id_class = str  # type: ignore[assignment]

    def _get_next_id(self) -> Any:
        raise StoreError("every record is inserted with its own id; TinyDB's counter is not used")


class _TinyDB(TinyDB):
    table_class = _StrIdTable


class ShardStorage(Storage):
    """TinyDB storage for one shard file: orjson, durable writes, reload on any change."""

    def __init__(self, path: Path, folder: Folder, notify: Callable[[Mapping[str, dict]], None],
                 ledger: Ledger, cache: ShardCache | None = None) -> None:
        self._path = path
        self._folder = folder
        self._notify = notify
        self._ledger = ledger
        self._cache = cache
        self._published: tuple[Signature | None | str, dict | None] = (_UNREAD, None)
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
        """The last durable state of the file, reloaded if anyone (any process) changed it or it was dropped."""
        published_sig, data = self._published
        if data is not None and signature(self._path) == published_sig:
            self._used()
            return data
        with self._load_lock:
            published_sig, data = self._published
            try:
                sig, raw = read_with_signature(self._path)
            except OSError as exc:  # a folder or a device where the shard should be, no permission...
                raise self._ledger.damaged(f"{self._path} cannot be read as a shard file: {exc.strerror}") from None
            if sig != published_sig:
                data = self._ledger.records(self._path, raw, sig is not None)
                self._publish(sig, data)
            elif data is None:  # dropped by the cache, unchanged on disk: the indexes already hold it
                data = self._ledger.records(self._path, raw, sig is not None)
                self._published = (sig, data)
        self._used()
        return data

    def changed(self) -> bool:
        """True if the file changed since it was last read (one stat; a dropped shard is not read for it)."""
        return signature(self._path) != self._published[0]

    def drop(self) -> None:
        """Forget the parsed data to save memory (the cache calls this); the next read parses the file again."""
        with self._load_lock:
            if self._writer is None:
                self._published = (self._published[0], None)

    def _used(self) -> None:
        if self._cache is not None:
            self._cache.used(self)

    def write(self, data: dict) -> None:
        """Durably replace the file with `data`; only the lock holder may call this."""
        if self._writer != threading.get_ident():
            raise StoreError(f"write to {self._path} outside its lock")
        raw = orjson.dumps(data)
        self._private = None  # whatever happens next, reread before another change
        count = len(data.get(RECORDS, {}))
        self._ledger.before_write(self._path, count)
        sig = write_durably(self._path, raw, self._folder, signature(self._path))
        with self._load_lock:
            self._publish(sig, data)
        self._ledger.after_write(self._path, count)
        self._used()

    def begin(self) -> None:
        """Enter a transaction: reads from this thread now see a private copy of the fresh state."""
        self._writer, self._private = threading.get_ident(), None

    def end(self) -> None:
        """Leave the transaction, dropping any unwritten private copy."""
        self._writer, self._private = None, None

    def _publish(self, sig: Signature | None, data: dict) -> None:
        before = (self._published[1] or {}).get(RECORDS, {})
        self._published = (sig, data)
        records = data.get(RECORDS, {})
        changed = {key: doc for key, doc in records.items() if before.get(key) is not doc}
        if changed:
            self._notify(changed)


class Shard:
    """One TinyDB file with its own lock: the unit of locking, caching and rewriting."""

    def __init__(self, path: Path, folder: Folder, notify: Callable[[Mapping[str, dict]], None],
                 ledger: Ledger, cache: ShardCache | None = None) -> None:
        self.path = path
        self.ledger = ledger
        self.lock = Lock(path.with_suffix(".lock"))
        self.storage = ShardStorage(path, folder, notify, ledger, cache)
        self.table = _TinyDB(storage=lambda: self.storage).table(RECORDS, cache_size=0)

    def get(self, record_id: str) -> dict | None:
        """One record by id: a dict lookup in the fresh shard, never a scan."""
        return self.table.get(doc_id=record_id)  # type: ignore[return-value]

    def records(self) -> Mapping[str, dict]:
        """Every record of the shard, fresh; callers must not change them."""
        return self.storage.current().get(RECORDS, {})

    @contextmanager
    def transaction(self) -> Iterator[Table]:
        """Hold the shard's lock (and the store's snapshot barrier, shared); inside, the table reads the
        fresh state and writes durably."""
        with self.ledger.manifest.barrier.shared(), self.lock.held():
            self.storage.begin()
            try:
                yield self.table
            finally:
                self.storage.end()


def insert(table: Table, record_id: str, record: dict) -> None:
    """Add a new record under its own id (inside a transaction)."""
    table.insert(Document(record, doc_id=record_id))  # type: ignore[arg-type]


def insert_many(table: Table, records: list[dict]) -> None:
    """Add new records, each under its own "id" (inside a transaction: one durable write)."""
    table.insert_multiple([Document(r, doc_id=r["id"]) for r in records])  # type: ignore[arg-type]


def update(table: Table, record_id: str, fields: Mapping[str, Any]) -> None:
    """Set top-level fields of a record (inside a transaction: one durable write).

    TinyDB changes the record in place, so first give the private copy its own record:
    readers keep the published one until the write is durable.
    """
    records = table.storage.read().get(RECORDS, {})
    if record_id in records:
        records[record_id] = dict(records[record_id])
    table.update(fields, doc_ids=[record_id])  # type: ignore[list-item]


def update_many(table: Table, changes: Mapping[str, Mapping[str, Any]]) -> None:
    """Set top-level fields of several records in one durable write (inside a transaction).

    Each changed record gets its own private copy first, as in `update`.
    """
    records = table.storage.read().get(RECORDS, {})
    for record_id in changes:
        if record_id in records:
            records[record_id] = dict(records[record_id])
    table.update(lambda doc: doc.update(changes[doc["id"]]), doc_ids=list(changes))  # type: ignore[arg-type]


def plain(value: Any) -> Any:
    """A private JSON-only copy of `value`: rejects what JSON cannot hold, shares nothing."""
    return orjson.loads(orjson.dumps(value))
