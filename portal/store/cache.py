"""A bounded cache of parsed shards: memory stays flat however many complaints are stored.

Collections that grow with history (complaints, letters) hold at most `size` parsed
shards between them; the least recently used is dropped and read again from its file
when next wanted. The indexes (summary rows, words, customers) stay in memory, and
freshness checks compare a dropped shard's file signature without reading it.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Protocol

DEFAULT_SHARDS = 64  # ~1.1 MB each parsed (64 complaints of ~12 events): ~70 MB, beside ~150 MB of indexes at 50k


class Droppable(Protocol):
    def drop(self) -> None: ...


class ShardCache:
    """Least-recently-used parsed shards, shared by the collections that use it."""

    def __init__(self, size: int = DEFAULT_SHARDS) -> None:
        if size < 1:
            raise ValueError("the shard cache holds at least one shard")
        self.size = size
        self._used: OrderedDict[int, Droppable] = OrderedDict()
        self._lock = threading.Lock()

    def used(self, shard: Droppable) -> None:
        """Note that a shard's parsed data was just read or written; drop the oldest past the limit."""
        key = id(shard)
        with self._lock:
            self._used[key] = shard
            self._used.move_to_end(key)
            over = [self._used.popitem(last=False)[1] for _ in range(len(self._used) - self.size)]
        for old in over:
            old.drop()

    def __len__(self) -> int:
        return len(self._used)
