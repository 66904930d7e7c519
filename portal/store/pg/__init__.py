"""The PostgreSQL store: the same collections as the embedded store, for several workers and hosts.

Chosen by `PORTAL_DATABASE_URL`; nothing outside `portal/store/` knows which backend it
has. Every write is one transaction; ids come from sequences; nothing another worker
needs is kept in this process's memory.

    store = PgStore("postgresql://portal@db.internal/portal")
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from typing import Callable

from portal.store.errors import StoreError
from portal.store.pg.access import AccessLog
from portal.store.pg.complaints import Complaints
from portal.store.pg.conduct import Conduct
from portal.store.pg.database import Database
from portal.store.pg.letters import Letters
from portal.store.pg.limits import SignInLimits
from portal.store.pg.outbox import Outbox
from portal.store.pg.registers import Registers
from portal.store.pg.tenant_files import EvidenceFiles, LetterPages, Surveys
from portal.store.pg.tokens import Tokens
from portal.store.pg.users import Users


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class PgStore:
    """One PostgreSQL database: open it once per process and share it between threads."""

    def __init__(self, url: str, *, clock: Callable[[], datetime] = _utc_now, pool_size: int = 8,
                 check_schema: bool = True) -> None:
        """Connect to `url` and check its schema; `clock` dates new complaint ids."""
        self.db = Database(url, max_size=pool_size, check_schema=check_schema)
        self._health: tuple[float, list[str]] = (-1e9, [])
        self.where = self.db.where
        self.complaints = Complaints(self.db, clock)
        self.conduct = Conduct(self.db)
        self.users = Users(self.db)
        self.letters = Letters(self.db)
        self.tokens = Tokens(self.db)
        self.registers = Registers(self.db)
        self.outbox = Outbox(self.db)
        self.limits = SignInLimits(self.db)
        self.evidence = EvidenceFiles(self.db)
        self.letter_pages = LetterPages(self.db)
        self.surveys = Surveys(self.db)
        self.access = AccessLog(self.db)
        self.summaries = self.complaints.summaries
        self.conduct_summaries = self.conduct.summaries

    def health(self, max_age_s: float = 1.0) -> list[str]:
        """What is wrong with the store (empty when nothing is): whether the database answers, asked at most once per `max_age_s`."""
        seen_at, problems = self._health
        if time.monotonic() - seen_at < max_age_s:
            return problems
        try:
            with self.db.read() as conn:
                conn.execute("SELECT 1")
            problems = []
        except StoreError as exc:
            problems = [str(exc)]
        self._health = (time.monotonic(), problems)
        return problems

    def close(self) -> None:
        """Close the connections; the store refuses further use."""
        self.db.close()

    def __enter__(self) -> "PgStore":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
