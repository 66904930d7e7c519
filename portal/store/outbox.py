"""The outbox: every email and letter the portal owes someone, kept until it is done.

A message is added once under its idempotency key (adding it again changes nothing), then
a sender claims it, delivers it and marks it sent, or failed with a time to try again.
A claim is a lease: if a sender dies holding one, the message is claimed again after the
lease runs out, never while it is held, so two senders never deliver it at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Iterable, Mapping

from portal.store.shard_sets import HashShards
from portal.store.shards import insert, plain, update
from portal.store.tokens import instant

WAITING, SENDING, SENT, FAILED = "waiting", "sending", "sent", "failed"
STATES = (WAITING, SENDING, SENT, FAILED)


@dataclass(frozen=True)
class OutboxItem:
    """One message as stored: what it is, who it is for, and how delivery is going."""

    key: str            # idempotency key: the same effect always has the same key
    channel: str        # "email" or "letter"
    case_id: str        # the complaint or conduct file it belongs to ("" for account mail)
    to: str             # an email address, or a customer id for a letter
    subject: str
    payload: Mapping[str, Any] = field(default_factory=dict)
    state: str = WAITING
    attempts: int = 0
    next_try: str = ""  # ISO time: not before this
    error: str = ""     # why the last attempt failed
    created: str = ""
    done_at: str = ""   # when it was sent (or given up on)

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "channel": self.channel, "case_id": self.case_id, "to": self.to,
                "subject": self.subject, "payload": dict(self.payload), "state": self.state,
                "attempts": self.attempts, "next_try": self.next_try, "error": self.error,
                "created": self.created, "done_at": self.done_at}

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> "OutboxItem":
        return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})


class Outbox:
    """The outbox collection, hashed by key, with an index of open messages and of cases."""

    def __init__(self, shards: HashShards) -> None:
        self._shards = shards
        self._open: set[str] = set()
        self._by_case: dict[str, set[str]] = {}
        self._lock = threading.Lock()
        shards.on_load = self._index

    def add(self, items: Iterable[OutboxItem], now: datetime) -> list[str]:
        """Keep each item not already kept under its key; return the keys that were new."""
        added = []
        for item in items:
            if not item.key:
                raise ValueError("an outbox item needs a key")
            with self._shards.for_key(item.key).transaction() as table:
                if table.get(doc_id=item.key) is None:
                    stamp = now.isoformat(timespec="seconds")
                    raw = {**item.to_dict(), "created": item.created or stamp, "next_try": item.next_try or stamp}
                    insert(table, item.key, plain(raw))
                    added.append(item.key)
        return added

    def get(self, key: str) -> OutboxItem | None:
        """The item under `key` as stored now, or None."""
        raw = self._shards.for_key(key).get(key)
        return OutboxItem.from_dict(raw) if raw else None

    def keys(self) -> set[str]:
        """Every key kept (for the recovery sweep)."""
        return {raw["key"] for raw in self._shards.everything()}

    def due(self, now: datetime) -> list[OutboxItem]:
        """Open items whose time has come (including leases that ran out), oldest first."""
        self._refresh()
        with self._lock:
            keys = list(self._open)
        items = [item for item in map(self.get, keys) if item and _claimable(item, instant(now))]
        return sorted(items, key=lambda i: (i.created, i.key))

    def claim(self, key: str, now: datetime, lease: timedelta) -> OutboxItem | None:
        """Take the item for delivery until `now + lease`; None if it is not claimable now."""
        with self._shards.for_key(key).transaction() as table:
            raw = table.get(doc_id=key)
            if raw is None or not _claimable(OutboxItem.from_dict(raw), instant(now)):
                return None
            changes = {"state": SENDING, "attempts": raw["attempts"] + 1,
                       "next_try": (now + lease).isoformat(timespec="seconds")}
            update(table, key, changes)
        return OutboxItem.from_dict({**raw, **changes})

    def sent(self, key: str, now: datetime, *, forget_body: bool = False) -> None:
        """Delivery succeeded: never try again; `forget_body` drops a secret (a reset link) once sent."""
        changes: dict[str, Any] = {"state": SENT, "done_at": now.isoformat(timespec="seconds"), "error": ""}
        if forget_body:
            item = self.get(key)
            if item:
                changes["payload"] = {k: v for k, v in item.payload.items() if k not in ("text", "html")}
        self._finish(key, **changes)

    def failed(self, key: str, error: str, *, retry_at: datetime | None, now: datetime) -> None:
        """Delivery failed: try again at `retry_at`, or give up (state failed) when it is None."""
        if retry_at is None:
            self._finish(key, state=FAILED, error=error, done_at=now.isoformat(timespec="seconds"))
        else:
            self._finish(key, state=WAITING, error=error, next_try=retry_at.isoformat(timespec="seconds"))

    def retry(self, key: str, now: datetime) -> None:
        """Staff asked for another try of a failed item: it waits again from now."""
        self._finish(key, state=WAITING, next_try=now.isoformat(timespec="seconds"), done_at="")

    def for_case(self, case_id: str) -> list[OutboxItem]:
        """The items of one case, oldest first."""
        self._refresh()
        with self._lock:
            keys = list(self._by_case.get(case_id, ()))
        return sorted((i for i in map(self.get, keys) if i), key=lambda i: (i.created, i.key))

    def all(self, channel: str | None = None) -> list[OutboxItem]:
        """Every item (of one channel), newest first."""
        items = [OutboxItem.from_dict(raw) for raw in self._shards.everything()
                 if channel is None or raw["channel"] == channel]
        return sorted(items, key=lambda i: (i.created, i.key), reverse=True)

    def _finish(self, key: str, **changes: Any) -> None:
        with self._shards.for_key(key).transaction() as table:
            if table.get(doc_id=key) is None:
                raise KeyError(f"no outbox item {key!r}")
            update(table, key, changes)

    def _refresh(self) -> None:
        for number in range(self._shards.count):
            self._shards.shard(number).records()

    def _index(self, _number: int, records: Mapping[str, dict]) -> None:
        with self._lock:
            for key, raw in records.items():
                if raw["state"] in (WAITING, SENDING):
                    self._open.add(key)
                else:
                    self._open.discard(key)
                if raw.get("case_id"):
                    self._by_case.setdefault(raw["case_id"], set()).add(key)


def _claimable(item: OutboxItem, now: datetime) -> bool:
    return item.state in (WAITING, SENDING) and instant(item.next_try) <= now
