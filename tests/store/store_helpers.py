"""Helpers for the store tests: a frozen clock, tiny shards, event dicts, file checks."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import orjson

from portal.store import Store
from portal.store.pg import PgStore

FROZEN = datetime(2025, 6, 2, 9, 30, tzinfo=timezone.utc)
TINY = {"complaints_per_shard": 4, "users_per_shard": 4, "letters_per_shard": 4,
        "conduct_shards": 3, "token_shards": 2}


def open_store(folder: Path | str) -> Store:
    """A store with the frozen clock: tiny shards in a folder, or a PostgreSQL database URL."""
    if isinstance(folder, str):
        return PgStore(folder, clock=lambda: FROZEN)
    return Store(folder, clock=lambda: FROZEN, layout=TINY)


def event(kind: str = "note", **data: object) -> dict:
    """An event dict shaped like `Event.to_dict()`."""
    return {"kind": kind, "on": "2025-06-02", "by": "S-1", "by_name": "Sam Officer",
            "by_role": "officer", "data": dict(data), "at": "2025-06-02T09:30:00"}


def json_files(folder: Path | str) -> list[Path]:
    """Every data file of a store (not locks, not PDFs); none in a database."""
    if isinstance(folder, str):
        return []
    return sorted(p for p in folder.rglob("*.json") if p.is_file())


def assert_all_valid_json(folder: Path) -> None:
    """Every data file parses: no torn write survived."""
    for path in json_files(folder):
        orjson.loads(path.read_bytes())


def summary_row(**fields: object) -> "CaseSummary":
    """A complaint summary row with everything empty but what the test sets (the store fills in the id)."""
    from portal.store import CaseSummary

    base = dict(id="", landlord="torus", customer_id="U-000001", version=1, computed_with="v1", stage=1,
                status="awaiting_acknowledgement", open=True, received_on=None, channel="phone",
                ack1_due=None, reply1_due=None, ack2_due=None, reply2_due=None, actions_due=None, request_due=None,
                risk_of_harm=False)
    return CaseSummary(**{**base, **fields})
