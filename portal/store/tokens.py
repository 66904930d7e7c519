"""Tokens (password reset, invitations): small dicts under a key, with an expiry time.

Expiry is judged against the caller's clock (`now`), never the store's: the app's clock
can be frozen for demos and tests, and a token must not vanish because the machine's
clock disagrees with it.
"""

from __future__ import annotations

from datetime import datetime, timezone

from portal.store.shard_sets import HashShards
from portal.store.shards import Shard, Table, insert, plain, update


def instant(iso: str | datetime) -> datetime:
    """An aware datetime from an ISO string or datetime; naive means UTC."""
    moment = datetime.fromisoformat(iso) if isinstance(iso, str) else iso
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


class Tokens:
    """The tokens collection, hashed by key over a fixed number of shards."""

    def __init__(self, shards: HashShards) -> None:
        self._shards = shards

    def put(self, key: str, data: dict, expires: str, *, now: datetime | None = None) -> None:
        """Keep `data` under `key` until `expires` (ISO), replacing any old value.

        With `now`, tokens of the same shard that expired by then are dropped in the same write.
        """
        if not key:
            raise ValueError("a token needs a key")
        instant(expires)  # refuse a bad date now, not at the next read
        record = {"data": plain(dict(data)), "expires": expires}
        with self._shards.for_key(key).transaction() as table:
            if now is not None:
                _drop_expired(table, instant(now), keep=key)
            if table.get(doc_id=key) is None:
                insert(table, key, record)
            else:
                update(table, key, record)

    def get(self, key: str, *, now: datetime | None = None) -> dict | None:
        """The data under `key` with its "expires"; None if absent, or expired by `now` when given."""
        raw = self._shards.for_key(key).get(key)
        if raw is None or (now is not None and instant(raw["expires"]) <= instant(now)):
            return None
        return {**plain(raw["data"]), "expires": raw["expires"]}

    def all(self) -> dict[str, dict]:
        """Every token, expired or not, by key: {key: {"data": ..., "expires": ...}} (for copying a store)."""
        return {key: plain(raw) for key, raw in sorted((doc.doc_id, dict(doc)) for n in range(self._shards.count)
                                                      for doc in self._shards.shard(n).table.all())}

    def delete(self, key: str) -> None:
        """Forget `key` (a used token must not work twice); no error if it is already gone."""
        with self._shards.for_key(key).transaction() as table:
            if table.get(doc_id=key) is not None:
                table.remove(doc_ids=[key])

    def purge(self, now: datetime) -> int:
        """Drop every token expired by `now` (for a nightly CLI job); return how many went."""
        return sum(self._purge_shard(self._shards.shard(n), instant(now)) for n in range(self._shards.count))

    def _purge_shard(self, shard: Shard, now: datetime) -> int:
        if not shard.records():
            return 0
        with shard.transaction() as table:
            return _drop_expired(table, now, keep=None)


def _drop_expired(table: Table, now: datetime, keep: str | None) -> int:
    stale = [doc.doc_id for doc in table.all() if doc.doc_id != keep and instant(doc["expires"]) <= now]
    if stale:
        table.remove(doc_ids=stale)
    return len(stale)
