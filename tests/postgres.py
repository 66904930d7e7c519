"""A throwaway PostgreSQL server for the tests: `initdb` + `pg_ctl` in a temporary folder.

It listens on a Unix socket in that folder only (no TCP at all), trusts local
connections, and skips fsync: the tests check the portal's behaviour, not the disk.
initdb refuses to run as root (CI runs as root), so as root the server runs as the
`postgres` system user, in a folder that user owns. Each test gets the migrated test
database emptied (any connection a previous test left open is ended first): TRUNCATE
takes milliseconds where CREATE DATABASE from a template takes most of a second.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable

import psycopg

from portal.store.pg.database import Database

SHARED = "portal_test"


def binaries() -> Path | None:
    """The newest installed PostgreSQL `bin` folder that has initdb and pg_ctl, or None."""
    found = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")
             if Path(p, "initdb").exists() and Path(p, "pg_ctl").exists()]
    return max(found, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0, default=None)


class Server:
    """One PostgreSQL cluster in a temporary folder, started and stopped by the tests."""

    def __init__(self, bindir: Path, *, durable: bool = False) -> None:
        """`durable`: fsync and synchronous commit on, as in production (for benchmarks)."""
        self.bindir = bindir
        self.durable = durable
        self.root = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.root / "data"
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.root, "postgres", "postgres")
        self._names = itertools.count(1)

    def _run(self, *args: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self._as_root else []
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, timeout=120)
        if done.returncode:
            log = self.root / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n{done.stdout}{done.stderr}{tail}")

    def init(self) -> None:
        """Create the cluster (once)."""
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions")

    def start(self) -> None:
        """Start (or restart after `stop`) the server on its Unix socket and wait until it answers."""
        options = f"-c listen_addresses='' -c unix_socket_directories='{self.root}' -c max_connections=200"
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (its data stays, so `start` brings it back)."""
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def remove(self) -> None:
        """Stop the server if it runs and delete its folder."""
        try:
            self.stop("immediate")
        except RuntimeError:
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, dbname: str = "postgres") -> str:
        """A libpq URL for one database of this server, over its socket."""
        return f"postgresql://postgres@/{dbname}?host={self.root}"

    def admin(self, sql: str) -> None:
        """Run one statement outside a transaction (CREATE/DROP DATABASE)."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(sql)

    def new_database(self) -> str:
        """A new database with no schema at all; returns its URL."""
        name = f"portal_new_{os.getpid()}_{next(self._names)}"
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def emptied(self, dbname: str = SHARED) -> str:
        """The database with every record deleted and ids restarted, no one else connected; its URL."""
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                         "WHERE datname = %s AND pid <> pg_backend_pid()", (dbname,))
        url = self.url(dbname)
        database = Database(url, max_size=1, check_schema=False)
        try:
            database.wipe()
        finally:
            database.close()
        return url


def bench_database(url: str) -> tuple[str, Callable[[], None]]:
    """For the benchmarks: (URL, stop) of `url` migrated and emptied, or of a durable throwaway server for "local"."""
    from portal.store import migrate

    if url and url != "local":
        migrate(url)
        database = Database(url, max_size=1)
        try:
            database.wipe()
        finally:
            database.close()
        return url, lambda: None
    bindir = binaries()
    if bindir is None:
        raise SystemExit("no PostgreSQL here: pass --database postgresql://... or install postgresql")
    server = Server(bindir, durable=True)
    server.init()
    server.start()
    server.admin("CREATE DATABASE bench")
    migrate(server.url("bench"))
    return server.url("bench"), server.remove
