"""The sign-in limiter's counts in PostgreSQL, shared by every worker on every host.

Times are the database's own clock, so hosts whose clocks disagree still count one
window. Old rows of a key go when it fails again, so the table stays small.
"""

from __future__ import annotations

from portal.store.pg.database import Database

KEEP_SECONDS = 86_400  # far longer than any sign-in window


class SignIns:
    """Failed sign-ins per key (email, address) in a sliding window."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def blocked(self, keys: tuple[str, ...], limit: int, window: float) -> bool:
        """True if any key has used up its attempts."""
        with self._db.read() as conn:
            row = conn.execute(
                "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM signin_failures "
                "WHERE key = ANY(%s) AND at > clock_timestamp() - make_interval(secs => %s) GROUP BY key) t",
                (list(keys), float(window))).fetchone()
        return row[0] >= limit

    def failed(self, keys: tuple[str, ...]) -> None:
        """Count one failed attempt against every key."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM signin_failures WHERE key = ANY(%s) "
                         "AND at < clock_timestamp() - make_interval(secs => %s)", (list(keys), KEEP_SECONDS))
            conn.execute("INSERT INTO signin_failures (key, at) SELECT k, clock_timestamp() FROM unnest(%s::text[]) k",
                         (list(keys),))

    def succeeded(self, keys: tuple[str, ...]) -> None:
        """Forget the keys' failures (a right password)."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM signin_failures WHERE key = ANY(%s)", (list(keys),))
