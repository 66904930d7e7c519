"""The access log in PostgreSQL: one append-only row per view, read by customer, newest first."""

from __future__ import annotations

from typing import Any

from portal.store.access import _SAFE_ID
from portal.store.pg.database import Database


class AccessLog:
    """Who looked at which customer's records, and when."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def record(self, *, customer_id: str, by: str, at: str, what: str, ref: str = "") -> None:
        """Note that `by` looked at `what` of a customer's records, `ref` its id."""
        _check(customer_id)
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO access_log (customer_id, at, by_user, what, ref) VALUES (%s, %s, %s, %s, %s)",
                         (customer_id, at, by, what, ref))

    def for_customer(self, customer_id: str, newest: int | None = None) -> list[dict[str, Any]]:
        """The views of a customer's records, newest first (the `newest` N of them when given)."""
        _check(customer_id)
        with self._db.read() as conn:
            rows = conn.execute("SELECT at, by_user, what, ref FROM access_log WHERE customer_id = %s "
                                "ORDER BY id DESC LIMIT %s", (customer_id, newest)).fetchall()
        return [{"at": at, "by": by, "what": what, "ref": ref} for at, by, what, ref in rows]


    def everything(self) -> list[dict[str, Any]]:
        """Every view of every customer's records, by customer id, oldest first (for copying a store)."""
        with self._db.read() as conn:
            rows = conn.execute("SELECT customer_id, at, by_user, what, ref FROM access_log "
                                "ORDER BY customer_id COLLATE \"C\", id").fetchall()
        return [{"customer_id": c, "at": at, "by": by, "what": what, "ref": ref} for c, at, by, what, ref in rows]


def _check(customer_id: str) -> None:
    if not _SAFE_ID.fullmatch(customer_id or ""):
        raise ValueError(f"not a customer id: {customer_id!r}")
