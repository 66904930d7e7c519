"""`store check`, the file half: every file read and parsed, counts against the manifest, ids and indexes.

Reads only (never mends): what it prints is for a person to act on, usually by restoring
from a backup. The projections half (each row against a fresh fold) is in
`portal/projections.py`, because only the use cases know how to fold.
"""

from __future__ import annotations

import zlib

from portal.store.errors import Damaged
from portal.store.shard_sets import HashShards, RangeShards, ShardSet


def check_files(store) -> list[str]:
    """Everything wrong with the store's files, one plain sentence each (empty when all is well)."""
    problems = list(store.health(max_age_s=0))
    for shard_set in store.shard_sets():
        problems += _check_set(shard_set)
    problems += _check_emails(store)
    return problems


def _check_set(shard_set: ShardSet) -> list[str]:
    ledger = shard_set.ledger
    try:
        listed = ledger.files()
        next_id = ledger.manifest.next_id(ledger.collection)
    except Damaged as exc:
        return [str(exc)]
    names = sorted(set(listed) | {p.name for p in shard_set.folder.path.glob("*.json")})
    problems = []
    for name in names:
        number = int(name.split(".")[0]) if name.split(".")[0].isdigit() else None
        if number is None:
            problems.append(f"{shard_set.folder.path / name} is not a shard file name this store uses")
            continue
        try:
            records = shard_set.shard(number).storage.current().get("records", {})
        except Damaged as exc:
            problems.append(str(exc))
            ledger.damage = None  # this store is the check's own: read on, to name every damaged file
            continue
        problems += _check_ids(shard_set, number, records, next_id)
    return problems


def _check_ids(shard_set: ShardSet, number: int, records: dict, next_id: int) -> list[str]:
    path = shard_set.shard(number).path
    problems = []
    for key, record in records.items():
        if isinstance(shard_set, RangeShards):
            n = shard_set.number_of(key)
            if n is None or n // shard_set.size != number or record.get("id") != key:
                problems.append(f"{path}: record {key!r} does not belong in this file")
            elif n >= next_id:
                problems.append(f"{path}: id {key} is past the manifest's next id ({next_id}): it could be handed "
                                f"out again")
        elif isinstance(shard_set, HashShards) and zlib.crc32(key.encode("utf-8")) % shard_set.count != number:
            problems.append(f"{path}: record {key!r} does not belong in this file")
    return problems


def _check_emails(store) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    try:
        everyone = store.users.all()
    except Damaged as exc:
        return [str(exc)]
    for user in everyone:
        email = (user.get("email") or "").strip().lower()
        if email and email in seen:
            problems.append(f"users {seen[email]} and {user['id']} share the email {email}")
        seen.setdefault(email, user["id"])
    return problems
