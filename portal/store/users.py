"""Users (tenants, advocates, staff): plain dicts with an id and an email unique in any case.

Creating a user or changing an email holds the collection's create lock and checks
every shard first, so two processes cannot both take one email. `by_email` trusts its
index only after confirming the hit against the user as stored now; on a miss it checks
every shard once more, because another process may have changed an email meanwhile.
"""

from __future__ import annotations

import re
import threading
from typing import Any, Mapping

from portal.store.errors import Duplicate, NotFound
from portal.store.shard_sets import RangeShards
from portal.store.shards import RECORDS, Shard, plain, update, update_many
from portal.store.summaries import Found
from portal.store.words import WordIndex

_ID = re.compile(r"U-(\d{6,})")


def number_of(user_id: str) -> int | None:
    """The sequence number inside a user id, or None if it is not one."""
    match = _ID.fullmatch(user_id) if isinstance(user_id, str) else None
    return int(match.group(1)) if match else None


def email_key(email: Any) -> str:
    """The form of an email that uniqueness and look-ups compare (trimmed, lower case)."""
    if not isinstance(email, str) or not email.strip():
        raise ValueError("a user needs an email")
    return email.strip().lower()


def _optional_key(email: Any) -> str:
    """The email key, or "" for a customer without an account (not indexed, cannot sign in)."""
    if email is None or (isinstance(email, str) and not email.strip()):
        return ""
    return email_key(email)


class Users:
    """The users collection, with an email index kept fresh against the files."""

    def __init__(self, shards: RangeShards) -> None:
        self._shards = shards
        self._by_email: dict[str, str] = {}
        self._email_of: dict[str, str] = {}
        self._index_lock = threading.Lock()
        self._indexed = False
        self._words: dict[tuple[str, str], WordIndex] = {}  # (kind, landlord) -> words of each user
        self._place: dict[str, tuple[str, str]] = {}
        shards.on_load = self._index_shard

    def create(self, fields: dict) -> str:
        """Store a new user and return its id; Duplicate if the email is taken in any case."""
        fields = plain(dict(fields))
        if "id" in fields:
            raise ValueError("the store gives users their id")
        key = _optional_key(fields.get("email"))
        with self._shards.creating():
            self._refresh()
            if key and self._owner(key) is not None:
                raise Duplicate(f"a user with email {fields['email']!r} already exists")
            return self._shards.create([lambda n: {**fields, "id": f"U-{n:06d}"}])[0]["id"]

    def create_many(self, records: list[dict]) -> list[str]:
        """Store several new users with one durable write per shard touched; their ids, in order.

        Duplicate (and nothing stored) if any email is taken, in the store or twice in `records`.
        """
        records = [plain(dict(r)) for r in records]
        if any("id" in r for r in records):
            raise ValueError("the store gives users their id")
        keys = [k for k in (_optional_key(r.get("email")) for r in records) if k]
        if len(keys) != len(set(keys)):
            raise Duplicate("the same email is given to two new users")
        with self._shards.creating():
            self._refresh()
            taken = [k for k in keys if self._owner(k) is not None]
            if taken:
                raise Duplicate(f"a user with email {taken[0]!r} already exists")
            builds = [lambda n, r=r: {**r, "id": f"U-{n:06d}"} for r in records]
            return [made["id"] for made in self._shards.create(builds)]

    def update_many(self, changes: Mapping[str, Mapping[str, Any]], notes: Mapping[str, Mapping[str, Any]]) -> None:
        """Change several users' fields (never their email) with one durable write per shard touched.

        `notes[user_id]` is appended to that user's history in the same write.
        """
        by_shard: dict[int, dict[str, dict]] = {}
        for user_id, fields in changes.items():
            if {"id", "history", "email"} & set(fields):
                raise ValueError("update_many changes neither id, email nor history")
            number = number_of(user_id)
            if number is None:
                raise NotFound(f"no user {user_id!r}")
            by_shard.setdefault(number // self._shards.size, {})[user_id] = plain(dict(fields))
        for group in by_shard.values():
            shard = self._shards.for_id(next(iter(group)))
            if shard is None:
                raise NotFound(f"no user {next(iter(group))!r}")
            with shard.transaction() as table:
                stored = table.storage.read().get(RECORDS, {})
                missing = [uid for uid in group if uid not in stored]
                if missing:
                    raise NotFound(f"no user {missing[0]!r}")
                for uid, fields in group.items():
                    if uid in notes:
                        fields["history"] = [*stored[uid].get("history", ()), plain(dict(notes[uid]))]
                update_many(table, group)

    def get(self, user_id: str) -> dict | None:
        """The user with this id (including "id") as stored now, or None."""
        shard = self._shards.for_id(user_id)
        raw = shard.get(user_id) if shard else None
        return plain(raw) if raw else None

    def by_email(self, email: str) -> dict | None:
        """The user with this email, any case, through the email index; None for a blank one."""
        if not isinstance(email, str) or not email.strip():
            return None
        key = email_key(email)
        if not self._indexed:
            self._refresh()
        self._shards.refresh_tail()
        user = self._confirmed(key)
        if user is None:
            self._refresh()
            user = self._confirmed(key)
        return user

    def update(self, user_id: str, *, note: Mapping[str, Any] | None = None, **fields: Any) -> dict:
        """Change some fields of a user and return it; Duplicate if a new email is taken.

        A `note` (who, when, what) is appended to the user's `history` in the same atomic
        write, so every change to an account is on its record.
        """
        if "id" in fields or "history" in fields:
            raise ValueError("a user's id never changes and its history is only appended to")
        fields = plain(fields)
        note = plain(dict(note)) if note else None
        shard = self._shards.for_id(user_id)
        if shard is None:
            raise NotFound(f"no user {user_id!r}")
        if "email" not in fields:
            return self._write(shard, user_id, fields, note)
        key = _optional_key(fields["email"])
        with self._shards.creating():
            self._refresh()
            if key and self._owner(key) not in (None, user_id):
                raise Duplicate(f"a user with email {fields['email']!r} already exists")
            return self._write(shard, user_id, fields, note)

    def replace_history(self, user_id: str, history: list[Mapping[str, Any]]) -> None:
        """Replace a user's history in one durable write (retention only: the notes' words are removed)."""
        shard = self._shards.for_id(user_id)
        if shard is None:
            raise NotFound(f"no user {user_id!r}")
        with shard.transaction() as table:
            if table.get(doc_id=user_id) is None:
                raise NotFound(f"no user {user_id!r}")
            update(table, user_id, {"history": plain(list(history))})

    def all(self, kind: str | None = None) -> list[dict]:
        """Every user (of one kind: "tenant", "advocate", "staff"), by id."""
        self._refresh()
        found = []
        for number in range(self._shards.top() + 1):
            for raw in self._shards.shard(number).records().values():
                if kind is None or raw.get("kind") == kind:
                    found.append((number_of(raw["id"]), raw))
        return [plain(raw) for _, raw in sorted(found, key=lambda pair: pair[0] or 0)]

    def find(self, text: str, *, kind: str, landlord: str, offset: int = 0, limit: int = 50) -> Found:
        """Users of one kind and landlord whose id, name, reference, email or address holds `text`, by id.

        Matches like complaint search: a word starting with the longest word typed, and the whole phrase.
        """
        if not self._indexed:
            self._refresh()
        self._shards.refresh_tail()
        with self._index_lock:
            index = self._words.get((kind, landlord))
            ids = sorted(index.find(text) if index else (), key=lambda i: number_of(i) or 0)
        users = [user for user in map(self.get, ids[max(offset, 0):max(offset, 0) + limit]) if user]
        return Found(tuple(users), len(ids))

    def _write(self, shard: Shard, user_id: str, fields: Mapping[str, Any], note: dict | None = None) -> dict:
        with shard.transaction() as table:
            raw = table.get(doc_id=user_id)
            if raw is None:
                raise NotFound(f"no user {user_id!r}")
            if note:
                fields = {**fields, "history": [*raw.get("history", ()), note]}
            update(table, user_id, fields)
        return plain({**raw, **fields})

    def _confirmed(self, key: str) -> dict | None:
        user_id = self._owner(key)
        user = self.get(user_id) if user_id else None
        return user if user and email_key(user.get("email")) == key else None

    def _owner(self, key: str) -> str | None:
        with self._index_lock:
            return self._by_email.get(key)

    def _refresh(self) -> None:
        self._shards.refresh_all()
        self._indexed = True

    def _index_shard(self, _number: int, records: Mapping[str, dict]) -> None:
        with self._index_lock:
            for user_id, raw in records.items():
                self._index_words(user_id, raw)
                old = self._email_of.get(user_id)
                if old is not None and self._by_email.get(old) == user_id:
                    del self._by_email[old]
                try:
                    key = email_key(raw.get("email"))
                except ValueError:
                    continue
                self._email_of[user_id] = key
                self._by_email[key] = user_id

    def _index_words(self, user_id: str, raw: Mapping[str, Any]) -> None:
        place = (str(raw.get("kind") or ""), str(raw.get("landlord") or ""))
        old = self._place.get(user_id)
        if old is not None and old != place:
            self._words[old].drop(user_id)
        self._place[user_id] = place
        parts = [user_id, raw.get("name") or "", raw.get("customer_ref") or "", raw.get("email") or "",
                 " ".join(raw.get("address") or ())]
        self._words.setdefault(place, WordIndex()).put(user_id, " ".join(str(p) for p in parts))
