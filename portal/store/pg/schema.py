"""Schema migrations: numbered SQL files applied in order, recorded in `schema_version`.

Each file runs in its own transaction with the row that records it, under an advisory
lock, so two hosts migrating at once apply every file exactly once. The code knows the
newest number it ships; a database behind it is refused with the command to run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import psycopg

from portal.store.errors import SchemaOutdated, StoreError

FOLDER = Path(__file__).with_name("migrations")
MIGRATE_COMMAND = "flask --app portal store migrate"
_LOCK = 7_310_013  # any constant: the advisory lock all migrating hosts take
_NAME = re.compile(r"(\d{3})_[a-z0-9_]+\.sql")


@dataclass(frozen=True)
class Migration:
    """One numbered SQL file."""

    version: int
    name: str
    sql: str


def migrations() -> list[Migration]:
    """Every migration this code ships, in order (numbers must run 1, 2, 3, ... with no gap)."""
    found = []
    for path in sorted(FOLDER.glob("*.sql")):
        match = _NAME.fullmatch(path.name)
        if not match:
            raise StoreError(f"{path}: migration files are named NNN_words.sql")
        found.append(Migration(int(match.group(1)), path.stem, path.read_text()))
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StoreError(f"{FOLDER}: migrations must be numbered 001, 002, ... without gaps")
    return found


def latest() -> int:
    """The schema version this code needs."""
    return len(migrations())


def current(conn: psycopg.Connection) -> int:
    """The schema version of the database (0 when it has none)."""
    exists = conn.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()[0]
    if not exists:
        return 0
    return conn.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def check(conn: psycopg.Connection) -> None:
    """Refuse a database whose schema is not the one this code was written for."""
    have, want = current(conn), latest()
    if have < want:
        raise SchemaOutdated(f"the database schema is at version {have}, this code needs {want}: "
                             f"run `{MIGRATE_COMMAND}`")
    if have > want:
        raise SchemaOutdated(f"the database schema is at version {have}, newer than this code "
                             f"({want}): upgrade the portal")


def migrate(conn: psycopg.Connection) -> list[str]:
    """Apply every migration the database lacks; return the names applied (none when up to date)."""
    applied = []
    for migration in migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
                         "name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())")
            if current(conn) >= migration.version:
                continue
            conn.execute(migration.sql)
            conn.execute("INSERT INTO schema_version (version, name) VALUES (%s, %s)",
                         (migration.version, migration.name))
            applied.append(migration.name)
    return applied
