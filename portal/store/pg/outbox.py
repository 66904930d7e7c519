"""The outbox in PostgreSQL: one row per message, claimed under the row's lock.

A claim is `SELECT ... FOR UPDATE` then a lease written in the same transaction, so two
senders on two hosts never hold one message at once; a lease that runs out makes the
message due again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Iterable

from psycopg.types.json import Jsonb

from portal.store.outbox import FAILED, SENDING, SENT, WAITING, OutboxItem, _claimable
from portal.store.pg.database import Database
from portal.store.shards import plain
from portal.store.tokens import instant


class Outbox:
    """The outbox collection on one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, items: Iterable[OutboxItem], now: datetime) -> list[str]:
        """Keep each item not already kept under its key; return the keys that were new."""
        stamp = now.isoformat(timespec="seconds")
        rows = []
        for item in items:
            if not item.key:
                raise ValueError("an outbox item needs a key")
            rows.append(plain({**item.to_dict(), "created": item.created or stamp,
                               "next_try": item.next_try or stamp}))
        added = []
        with self._db.transaction() as conn:
            for raw in rows:
                made = conn.execute("INSERT INTO outbox (key, channel, case_id, state, next_at, created, item) "
                                    "VALUES (%s, %s, %s, %s, %s, %s, %s) ON CONFLICT (key) DO NOTHING",
                                    (raw["key"], raw["channel"], raw["case_id"], raw["state"],
                                     instant(raw["next_try"]), raw["created"], Jsonb(raw))).rowcount
                if made:
                    added.append(raw["key"])
        return added

    def get(self, key: str) -> OutboxItem | None:
        """The item under `key` as stored now, or None."""
        found = self._select("WHERE key = %s", key)
        return found[0] if found else None

    def keys(self) -> set[str]:
        """Every key kept (for the recovery sweep)."""
        with self._db.read() as conn:
            return {key for (key,) in conn.execute("SELECT key FROM outbox")}

    def due(self, now: datetime) -> list[OutboxItem]:
        """Open items whose time has come (including leases that ran out), oldest first."""
        return self._select("WHERE state IN ('waiting', 'sending') AND next_at <= %s "
                            "ORDER BY created, key", instant(now))

    def claim(self, key: str, now: datetime, lease: timedelta) -> OutboxItem | None:
        """Take the item for delivery until `now + lease`; None if it is not claimable now."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT item FROM outbox WHERE key = %s FOR UPDATE", (key,)).fetchone()
            if row is None or not _claimable(OutboxItem.from_dict(row[0]), instant(now)):
                return None
            raw = {**row[0], "state": SENDING, "attempts": row[0]["attempts"] + 1,
                   "next_try": (now + lease).isoformat(timespec="seconds")}
            _save(conn, raw)
        return OutboxItem.from_dict(raw)

    def sent(self, key: str, now: datetime, *, forget_body: bool = False) -> None:
        """Delivery succeeded: never try again; `forget_body` drops a secret (a reset link) once sent."""
        changes: dict[str, Any] = {"state": SENT, "done_at": now.isoformat(timespec="seconds"), "error": ""}
        self._finish(key, changes, forget_body=forget_body)

    def failed(self, key: str, error: str, *, retry_at: datetime | None, now: datetime) -> None:
        """Delivery failed: try again at `retry_at`, or give up (state failed) when it is None."""
        if retry_at is None:
            self._finish(key, {"state": FAILED, "error": error, "done_at": now.isoformat(timespec="seconds")})
        else:
            self._finish(key, {"state": WAITING, "error": error,
                               "next_try": retry_at.isoformat(timespec="seconds")})

    def retry(self, key: str, now: datetime) -> None:
        """Staff asked for another try of a failed item: it waits again from now."""
        self._finish(key, {"state": WAITING, "next_try": now.isoformat(timespec="seconds"), "done_at": ""})

    def for_case(self, case_id: str) -> list[OutboxItem]:
        """The items of one case, oldest first."""
        return self._select("WHERE case_id = %s ORDER BY created, key", case_id)

    def all(self, channel: str | None = None) -> list[OutboxItem]:
        """Every item (of one channel), newest first."""
        return self._select("WHERE %s::text IS NULL OR channel = %s ORDER BY created DESC, key DESC", channel, channel)

    def _finish(self, key: str, changes: dict[str, Any], *, forget_body: bool = False) -> None:
        with self._db.transaction() as conn:
            row = conn.execute("SELECT item FROM outbox WHERE key = %s FOR UPDATE", (key,)).fetchone()
            if row is None:
                raise KeyError(f"no outbox item {key!r}")
            raw = {**row[0], **changes}
            if forget_body:
                raw["payload"] = {k: v for k, v in raw["payload"].items() if k not in ("text", "html")}
            _save(conn, raw)

    def _select(self, tail: str, *params: Any) -> list[OutboxItem]:
        with self._db.read() as conn:
            return [OutboxItem.from_dict(raw) for (raw,) in conn.execute(f"SELECT item FROM outbox {tail}", params)]


def _save(conn: Any, raw: dict[str, Any]) -> None:
    conn.execute("UPDATE outbox SET state = %s, next_at = %s, item = %s WHERE key = %s",
                 (raw["state"], instant(raw["next_try"]), Jsonb(plain(raw)), raw["key"]))
