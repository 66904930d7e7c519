"""Copying a store into PostgreSQL, and proving the copy: a count and a checksum per collection.

The checksums are over every record as the store hands it out (events, metadata,
accounts, letters with the sha256 of their PDF bytes as read back, tokens), in a
canonical JSON form, so the same data gives the same figures on either backend.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

import orjson

from portal.store.backends import migrate
from portal.store.outbox import OutboxItem

COLLECTIONS = ("complaints", "conduct", "conduct_summaries", "users", "letters", "tokens", "outbox")


@dataclass(frozen=True)
class Tally:
    """One collection's size and checksum."""

    collection: str
    count: int
    sha256: str


def snapshot(store: Any) -> dict[str, Any]:
    """Every record of a store as plain data, by collection, in id order."""
    return {
        "complaints": [asdict(store.complaints.get(case_id)) for case_id in store.complaints.ids()],
        "conduct": [asdict(record) for record in store.conduct.all()],
        "conduct_summaries": [asdict(row) for row in store.conduct_summaries.every()],
        "users": store.users.all(),
        "letters": [{k: v for k, v in letter.items() if k != "path"} for letter in store.letters.all()],
        "tokens": store.tokens.all(),
        "outbox": sorted((item.to_dict() for item in store.outbox.all()), key=lambda item: item["key"]),
    }


def tally(store: Any, records: dict[str, Any]) -> list[Tally]:
    """The count and checksum of each collection of `records` (read from `store`)."""
    found = []
    for name in COLLECTIONS:
        items = records[name]
        if name == "letters":  # the PDF bytes themselves, as the store reads them back
            items = [{**letter, "pdf": hashlib.sha256(store.letters.pdf_bytes(letter["id"])).hexdigest()
                      if not letter.get("erased") else ""} for letter in items]
        raw = orjson.dumps(items, option=orjson.OPT_SORT_KEYS)
        found.append(Tally(name, len(items), hashlib.sha256(raw).hexdigest()))
    return found


def copy_store(source: Any, database_url: str) -> tuple[list[Tally], list[Tally]]:
    """Copy every record of `source` into the empty database at `database_url`; the tallies of both sides."""
    from portal.store.pg import PgStore
    from portal.store.pg.loading import load

    migrate(database_url)
    records = snapshot(source)
    with PgStore(database_url) as target:
        load(target.db, records, source.letters.pdf_bytes)
        target.outbox.add([OutboxItem.from_dict(item) for item in records["outbox"]], datetime.now(timezone.utc))
        return tally(source, records), tally(target, snapshot(target))
