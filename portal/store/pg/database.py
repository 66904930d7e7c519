"""The connection pool, and the one place PostgreSQL's errors become the store's.

Traps of psycopg and the pool, and the line of defence against each:

- A connection the server dropped (restart, failover) stays in the pool looking
  healthy -> the pool checks each connection as it hands it out and makes a new one.
- A pool waits 30 s by default for a connection while the server is down, which
  stacks up every request -> `timeout` is short and a miss is `Unavailable`, which the
  app answers with 503 until the server is back; no restart of the app is needed.
- A connection used in a `with` block commits only when the block ends cleanly; any
  exception (a Conflict too) rolls the whole write back, so nothing half-done stays.
- psycopg's JSON adapters use the standard library -> orjson, the same as the
  embedded store, so both backends refuse the same values.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import orjson
import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.types.json import set_json_dumps, set_json_loads
from psycopg_pool import ConnectionPool, PoolTimeout

from portal.store.errors import StoreError, Unavailable
from portal.store.pg import schema


def _configure(conn: psycopg.Connection) -> None:
    set_json_loads(orjson.loads, conn)
    set_json_dumps(orjson.dumps, conn)


def where(url: str) -> str:
    """The database a URL names, for messages: host and name, never the password."""
    try:
        parts = conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        return "an unreadable database URL"
    return f"PostgreSQL database {parts.get('dbname', '?')!r} on {parts.get('host') or 'localhost'}"


class Database:
    """A pool of connections to one database, shared by the threads of a process."""

    def __init__(self, url: str, *, max_size: int = 8, timeout: float = 5.0, check_schema: bool = True) -> None:
        self.url = url
        self.where = where(url)
        self._pool = ConnectionPool(url, min_size=1, max_size=max_size, open=False, configure=_configure,
                                    check=ConnectionPool.check_connection, timeout=timeout,
                                    name="portal-store")
        try:
            self._pool.open(wait=True, timeout=timeout)
        except PoolTimeout as exc:
            self._pool.close()
            raise Unavailable(f"cannot reach the {self.where}") from exc
        self._closed = False
        if check_schema:
            try:
                with self.transaction() as conn:
                    schema.check(conn)
            except StoreError:
                self.close()
                raise

    @contextmanager
    def transaction(self) -> Iterator[psycopg.Connection]:
        """A connection inside one transaction: committed when the block ends, rolled back on error."""
        if self._closed:
            raise StoreError(f"the store on the {self.where} is closed")
        try:
            with self._pool.connection() as conn:
                yield conn
        except (psycopg.OperationalError, PoolTimeout) as exc:
            raise Unavailable(f"the {self.where} is not answering: {str(exc).strip()}") from exc

    @contextmanager
    def read(self) -> Iterator[psycopg.Connection]:
        """A connection for reads that each stand alone: no transaction, so no COMMIT round trip."""
        with self.transaction() as conn:
            conn.autocommit = True
            try:
                yield conn
            finally:
                if not conn.closed:
                    conn.autocommit = False

    def wipe(self) -> None:
        """Delete every record and restart every id sequence (the demo's reset); the schema stays, and the
        count of complaint writes, so a process that cached open cases before sees the change."""
        with self.transaction() as conn:
            tables = [name for (name,) in conn.execute(
                "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = current_schema() "
                "AND tablename NOT IN ('schema_version', 'complaint_changes') ORDER BY tablename")]
            if tables:
                conn.execute(f"TRUNCATE {', '.join(tables)}")
            conn.execute("SELECT setval(c.oid, 1, false) FROM pg_class c "
                         "WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace")

    def close(self) -> None:
        """Close every connection; the store refuses further use."""
        self._closed = True
        self._pool.close()



def migrate_database(url: str) -> list[str]:
    """Create or upgrade the schema at `url` (each migration its own transaction); the steps applied."""
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            return schema.migrate(conn)
    except psycopg.OperationalError as exc:
        raise Unavailable(f"cannot reach the {where(url)}: {str(exc).strip()}") from exc
