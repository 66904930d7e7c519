"""Shard sets: a collection split over many small shard files, found by number or by key.

Numbered collections (complaints, users, letters) fill shards in order, so new records
only ever land in the newest shard; keyed collections (conduct files, tokens) hash the
key over a fixed number of shards.
"""

from __future__ import annotations

import os
import re
import threading
import time
import zlib
from contextlib import contextmanager
from itertools import groupby
from typing import Callable, Iterator, Mapping

from portal.store.errors import StoreError
from portal.store.cache import ShardCache
from portal.store.files import Folder, Lock
from portal.store.manifest import Ledger
from portal.store.shards import Shard, insert_many

#: Called with (shard number, the records that changed) whenever a shard's published state changes.
OnLoad = Callable[[int, Mapping[str, dict]], None]


class ShardSet:
    """The shards of one collection in one folder, created on first use."""

    def __init__(self, folder: Folder, file_name: Callable[[int], str], ledger: Ledger,
                 cache: ShardCache | None = None) -> None:
        self.folder = folder
        self.ledger = ledger
        self.cache = cache  # None: every shard read stays parsed in memory (small collections)
        self._file_name = file_name
        self._shards: dict[int, Shard] = {}
        self._guard = threading.Lock()
        self._closed = False
        self._stamp: tuple[int, int] | None = None
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
                    shard = Shard(path, self.folder, lambda records: self._loaded(number, records), self.ledger,
                                  self.cache)
                    self._shards[number] = shard
        return shard

    def check_open(self) -> None:
        """Raise StoreError once the store has been closed, Damaged once the collection was found damaged."""
        if self._closed:
            raise StoreError("the store is closed")
        self.ledger.refuse_if_damaged()

    def close(self) -> None:
        """Refuse further use and drop cached data."""
        self._closed = True
        self._shards.clear()

    def _folder_unchanged(self) -> bool:
        """True if no file of the folder was added, replaced or removed since the last full look.

        Every write renames a file into the folder, which moves the folder's mtime; a
        stamp within the last two seconds is not trusted (coarse clocks), so a full look
        follows until the folder has been quiet that long.
        """
        st = os.stat(self.folder.path)
        stamp = (st.st_mtime_ns, st.st_ino)
        unchanged = stamp == self._stamp and time.time_ns() - st.st_mtime_ns > 2_000_000_000
        self._stamp = stamp
        return unchanged

    def _refresh(self, number: int) -> None:
        shard = self.shard(number)
        if shard.storage.changed():
            shard.records()

    def _loaded(self, number: int, records: Mapping[str, dict]) -> None:
        if self.on_load is not None:
            self.on_load(number, records)


class RangeShards(ShardSet):
    """Records numbered 1, 2, 3...; shard k holds numbers [k*size, (k+1)*size).

    New records only ever land in the top shard, so an index of fields that never change
    (customer, case) stays fresh by checking the top shard alone.
    """

    _FILE = re.compile(r"^(\d{6})\.json$")

    def __init__(self, folder: Folder, size: int, number_of: Callable[[str], int | None], ledger: Ledger,
                 cache: ShardCache | None = None) -> None:
        super().__init__(folder, lambda k: f"{k:06d}.json", ledger, cache)
        self.size = size
        self.number_of = number_of
        self._create_lock = Lock(folder.path / "create.lock")
        self._top: int | None = None
        self._tail_checked = 0

    def for_id(self, record_id: str) -> Shard | None:
        """The shard an id lives in, or None if no such shard exists (made-up ids cost nothing)."""
        number = self.number_of(record_id)
        if number is None:
            return None
        wanted = number // self.size
        if self._top is None or wanted > self._top:
            if wanted > self.top():
                return None
        return self.shard(wanted)

    def top(self) -> int:
        """Highest shard number on disk, or -1; probes upward, as shards are only ever added."""
        self.check_open()
        top = self._top
        if top is None:  # the files on disk, and the ones the manifest lists (a lost top shard is still there)
            names = [entry.name for entry in os.scandir(self.folder.path)] + list(self.ledger.files())
            top = max((int(m.group(1)) for m in map(self._FILE.match, names) if m), default=-1)
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
        numbers = (self.number_of(i) for i in self.shard(top).records()) if top >= 0 else ()
        floor = max((n for n in numbers if n is not None), default=0) + 1
        first = self.ledger.reserve(len(builds), floor)  # durable before any record uses them
        records = [build(first + offset) for offset, build in enumerate(builds)]
        for number, group in groupby(records, key=lambda r: self.number_of(r["id"]) // self.size):
            with self.shard(number).transaction() as table:
                insert_many(table, list(group))
        return records

    def refresh_tail(self) -> None:
        """Load the shards where records were created since the last check."""
        start, top = self._tail_checked, self.top()
        for number in range(start, top + 1):
            self._refresh(number)
        self._tail_checked = max(top, 0)

    def refresh_all(self) -> None:
        """Load every shard that changed on disk (one stat of the folder when nothing did)."""
        if self._folder_unchanged():
            return
        for number in range(self.top() + 1):
            self._refresh(number)
        self._tail_checked = max(self._top or 0, 0)


class HashShards(ShardSet):
    """Records keyed by an outside string (a customer id, a token) over a fixed number of shards."""

    def __init__(self, folder: Folder, count: int, ledger: Ledger) -> None:
        super().__init__(folder, lambda k: f"{k:04d}.json", ledger)
        self.count = count

    def for_key(self, key: str) -> Shard:
        """The shard a key lives in (crc32, stable across processes, unlike `hash()`)."""
        return self.shard(zlib.crc32(key.encode("utf-8")) % self.count)

    def refresh_all(self) -> None:
        """Load every shard that changed on disk (one stat of the folder when nothing did)."""
        if self._folder_unchanged():
            return
        for number in range(self.count):
            self._refresh(number)

    def everything(self) -> Iterator[dict]:
        """Every record of every shard, fresh; callers must not change them."""
        for number in range(self.count):
            yield from self.shard(number).records().values()
