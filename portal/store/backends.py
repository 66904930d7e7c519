"""Which backend a configuration names, and what the CLI does that differs between them.

The only place that chooses: a database URL means PostgreSQL, no URL means TinyDB files
in the data folder. Callers get a store with the same collections either way.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from portal.store.errors import StoreError


def is_database_url(location: str | Path) -> bool:
    """True for a PostgreSQL URL (postgresql:// or postgres://)."""
    return isinstance(location, str) and location.startswith(("postgresql://", "postgres://"))


def open_store(data_dir: str | Path, database_url: str = "", *, cache_shards: int | None = None) -> Any:
    """The store the configuration names: PostgreSQL at `database_url` if set, else TinyDB in `data_dir`.

    `cache_shards` bounds the embedded store's memory; the database keeps its own cache.
    """
    if database_url:
        if not is_database_url(database_url):
            raise StoreError("DATABASE_URL must start with postgresql:// (or be empty for the embedded store)")
        from portal.store.pg import PgStore

        return PgStore(database_url)
    from portal.store import Store

    return Store(data_dir) if cache_shards is None else Store(data_dir, cache_shards=cache_shards)


def migrate(database_url: str) -> list[str]:
    """Create or upgrade the schema of the database at `database_url`; the names of the steps applied."""
    from portal.store.pg.database import migrate_database

    return migrate_database(database_url)


def where(database_url: str) -> str:
    """The database a URL names, for people (host and name, never the password)."""
    from portal.store.pg.database import where as described

    return described(database_url)


def describe(store: Any) -> str:
    """Where a store keeps its data, for people (never a password)."""
    where = getattr(store, "where", None)
    return where if where else f"embedded store in {store.folder}"


def emptied(store: Any) -> Any:
    """The same store with every record gone (the demo's reset); use the store it returns."""
    from portal.store import Store
    from portal.store.pg import PgStore

    if isinstance(store, PgStore):
        store.db.wipe()
        return store

    folder = Path(store.folder)
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    return Store(folder)
