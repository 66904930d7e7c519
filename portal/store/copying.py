"""Copying a store into PostgreSQL, and proving the copy: a count and a checksum per collection.

The checksums are over every record as the store hands it out (events, metadata,
accounts, letters with the sha256 of their PDF bytes as read back, tokens, registers,
the access log, sign-in counts, evidence files and letter pages with the sha256 of their
contents as read back, satisfaction answers), in a canonical JSON form, so the same data
gives the same figures on either backend.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Any

import orjson

from portal.store.backends import migrate
from portal.store.outbox import OutboxItem

COLLECTIONS = ("complaints", "conduct", "conduct_summaries", "users", "letters", "tokens", "outbox", "registers",
               "access_log", "limits", "evidence", "letter_pages", "surveys")


@dataclass(frozen=True)
class Tally:
    """One collection's size and checksum."""

    collection: str
    count: int
    sha256: str


def _complaint(record: Any) -> dict[str, Any]:
    """A complaint as plain data, its summary row as fields (not as either backend stores it)."""
    data = asdict(record)
    del data["row"]
    return {**data, "summary": asdict(record.summary) if record.summary else None}


def snapshot(store: Any) -> dict[str, Any]:
    """Every record of a store as plain data, by collection, in id order."""
    return {
        "complaints": [_complaint(store.complaints.get(case_id)) for case_id in store.complaints.ids()],
        "conduct": [asdict(record) for record in store.conduct.all()],
        "conduct_summaries": [asdict(row) for row in store.conduct_summaries.every()],
        "users": store.users.all(),
        "letters": [{k: v for k, v in letter.items() if k != "path"} for letter in store.letters.all()],
        "tokens": store.tokens.all(),
        "outbox": sorted((item.to_dict() for item in store.outbox.all()), key=lambda item: item["key"]),
        "registers": store.registers.every(),
        "access_log": store.access.everything(),
        "limits": store.limits.all(),
        "evidence": store.evidence.hashes(),
        "letter_pages": store.letter_pages.hashes(),
        "surveys": store.surveys.every(),
    }


def _contents(store: Any, name: str, items: Any) -> Any:
    """What a collection's checksum covers: its records, and for files the hash of the bytes read back."""
    if name == "letters":  # the PDF bytes themselves, as the store reads them back
        return [{**letter, "pdf": _sha(store.letters.pdf_bytes(letter["id"])) if not letter.get("erased") else ""}
                for letter in items]
    if name == "evidence":
        return [[sha, _sha(store.evidence.get(sha))] for sha in items]
    if name == "letter_pages":
        return [[sha, _sha(store.letter_pages.get(sha).encode("utf-8"))] for sha in items]
    return items


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tally(store: Any, records: dict[str, Any]) -> list[Tally]:
    """The count and checksum of each collection of `records` (read from `store`)."""
    found = []
    for name in COLLECTIONS:
        items = _contents(store, name, records[name])
        found.append(Tally(name, len(items), _sha(orjson.dumps(items, option=orjson.OPT_SORT_KEYS))))
    return found


def copy_store(source: Any, database_url: str) -> tuple[list[Tally], list[Tally]]:
    """Copy every record of `source` into the empty database at `database_url`; the tallies of both sides."""
    from portal.store.pg import PgStore
    from portal.store.pg.loading import load

    migrate(database_url)
    records = snapshot(source)
    with PgStore(database_url) as target:
        load(target.db, records, source)
        target.outbox.add([OutboxItem.from_dict(item) for item in records["outbox"]], datetime.now(timezone.utc))
        with target.db.transaction() as conn:  # the planner's figures now, not at autovacuum's next round:
            conn.execute("ANALYZE")            # search picks its index by how many rows a phrase matches
        return tally(source, records), tally(target, snapshot(target))
