"""Sign-in limits in PostgreSQL: one row per key, counted under the row's lock by every worker."""

from __future__ import annotations

from datetime import datetime, timedelta

from portal.store.limits import Attempts, DelayRule, _current
from portal.store.pg.database import Database


class SignInLimits:
    """Failure counts by key ("account:<email>", "address:<ip>")."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, key: str, now: datetime, window: timedelta) -> Attempts:
        """The current count under `key`; nothing once its window has passed."""
        with self._db.read() as conn:
            row = conn.execute("SELECT failures, since, locked_until FROM signin_limits WHERE key = %s",
                               (key,)).fetchone()
        return _current(_raw(row), now, window)

    def failed(self, key: str, now: datetime, window: timedelta, delay: DelayRule) -> Attempts:
        """Count one more failure and set the wait it earns; returns the new count."""
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO signin_limits (key, failures, since, locked_until) VALUES (%s, 0, '', '') "
                         "ON CONFLICT (key) DO NOTHING", (key,))
            row = conn.execute("SELECT failures, since, locked_until FROM signin_limits WHERE key = %s FOR UPDATE",
                               (key,)).fetchone()
            old = _current(_raw(row), now, window)
            failures = old.failures + 1
            wait = delay(failures)
            new = Attempts(failures=failures, since=old.since or now.isoformat(),
                           locked_until=(now + wait).isoformat() if wait else "")
            conn.execute("UPDATE signin_limits SET failures = %s, since = %s, locked_until = %s WHERE key = %s",
                         (new.failures, new.since, new.locked_until, key))
        return new

    def all(self) -> dict[str, dict]:
        """Every count kept, by key: {key: {"failures", "since", "locked_until"}} (for copying a store)."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT key, failures, since, locked_until FROM signin_limits WHERE failures > 0 "
                                "ORDER BY key COLLATE \"C\"").fetchall()
        return {key: _raw(rest) for key, *rest in rows}

    def clear(self, key: str) -> None:
        """Forget the failures under `key` (after a good sign-in or a password reset)."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM signin_limits WHERE key = %s", (key,))


def _raw(row: tuple | None) -> dict | None:
    if row is None or row[0] == 0:  # no row, or one just made and not yet counted
        return None
    return {"failures": row[0], "since": row[1], "locked_until": row[2]}
