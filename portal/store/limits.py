"""Sign-in limits: failed attempts per account and per address, kept in the store.

Kept on disk, not in a process's memory, so every worker and every restart sees the same
counts. A count older than its window starts again from nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from portal.store.shard_sets import HashShards
from portal.store.shards import insert, plain, update
from portal.store.tokens import instant


@dataclass(frozen=True)
class Attempts:
    """Failures under one key since `since`, and the time before which no try is allowed."""

    failures: int = 0
    since: str = ""
    locked_until: str = ""

    def locked_at(self, now: datetime) -> bool:
        return bool(self.locked_until) and instant(self.locked_until) > instant(now)


#: How long a key must wait after its n-th failure (timedelta(0): no wait).
DelayRule = Callable[[int], timedelta]


class SignInLimits:
    """Failure counts by key ("account:<email>", "address:<ip>"), hashed over a few shards."""

    def __init__(self, shards: HashShards) -> None:
        self._shards = shards

    def get(self, key: str, now: datetime, window: timedelta) -> Attempts:
        """The current count under `key`; nothing once its window has passed."""
        raw = self._shards.for_key(key).get(key)
        return _current(raw, now, window)

    def failed(self, key: str, now: datetime, window: timedelta, delay: DelayRule) -> Attempts:
        """Count one more failure and set the wait it earns; returns the new count."""
        with self._shards.for_key(key).transaction() as table:
            raw = table.get(doc_id=key)
            old = _current(raw, now, window)
            failures = old.failures + 1
            wait = delay(failures)
            new = Attempts(failures=failures, since=old.since or now.isoformat(),
                           locked_until=(now + wait).isoformat() if wait else "")
            record = {"failures": new.failures, "since": new.since, "locked_until": new.locked_until}
            if raw is None:
                insert(table, key, record)
            else:
                update(table, key, record)
        return new

    def all(self) -> dict[str, dict]:
        """Every count kept, by key: {key: {"failures", "since", "locked_until"}} (for copying a store)."""
        return {key: plain(raw) for key, raw in sorted((key, raw) for n in range(self._shards.count)
                                                       for key, raw in self._shards.shard(n).records().items())}

    def clear(self, key: str) -> None:
        """Forget the failures under `key` (after a good sign-in or a password reset)."""
        with self._shards.for_key(key).transaction() as table:
            if table.get(doc_id=key) is not None:
                table.remove(doc_ids=[key])


def _current(raw: dict | None, now: datetime, window: timedelta) -> Attempts:
    if not raw:
        return Attempts()
    since = instant(raw["since"])
    locked = raw.get("locked_until") or ""
    if since + window <= instant(now) and not (locked and instant(locked) > instant(now)):
        return Attempts()
    return Attempts(failures=raw["failures"], since=raw["since"], locked_until=locked)
