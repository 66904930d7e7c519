"""The durable store: complaints, conduct files, users, letters, tokens and the read model.

This docstring is the interface every backend (TinyDB here, PostgreSQL beside it) keeps;
callers see only these names, plain dicts and the dataclasses below, never a TinyDB or
psycopg type. Every write is atomic and durable and safe across threads and processes.

    store = Store(folder)

Complaints (events are plain dicts; `version` counts them, for optimistic concurrency)
    store.complaints.create(landlord=, customer_id=, events=[...], summary=CaseSummary) -> id
    store.complaints.create_many([{landlord, customer_id, events, summary}, ...]) -> [id, ...]
    store.complaints.get(id) -> ComplaintRecord | None            (.events, .summary, .version)
    store.complaints.append(id, event, summary=row, expected_version=n) -> ComplaintRecord
        the event and the case's new summary row in ONE durable write; Conflict if n moved on
    store.complaints.put_summary(id, row, expected_version=n)      only the row (customer details)
    store.complaints.put_summaries({id: (row, n)}) -> [ids]        many rows, one write per shard (rebuild)
    store.complaints.for_customer(customer_id) -> [ComplaintRecord] oldest first
    store.complaints.ids() -> [id]                                  every id, for rebuild/check

Complaint summaries: the read model (`summaries.CaseSummary`: one row per complaint,
computed by `portal/projections.py` from the fold). Pages filter, sort and page rows
here and fold only the rows they show; overdue is the caller's (stored date vs today).
    store.summaries.get(id) -> CaseSummary | None   (rows from pages leave `report` None)
    store.summaries.queue(landlord, queue, stage=, due_from=, due_before=, newest_first=,
                          offset=, limit=) -> Found            queue in summaries.QUEUES
    store.summaries.with_status(landlord, status, offset=, limit=) -> Found   open cases only
    store.summaries.open(landlord) -> [CaseSummary]                work grows with open cases only
    store.summaries.search(landlord, text, offset=, limit=) -> Found
        a word of the row's search text starts with the longest word typed, and the text
        holds the whole phrase (case and spacing ignored); oldest first; counted up to
        summaries.MOST_COUNTED (past it: that total, and `more` set) and paged within those
    store.summaries.every(landlord=None) -> Iterator[CaseSummary]   reports, check (with `report`)
    store.summaries.stale(landlord, version) -> int    rows computed with another version
                                                       (or stored without a row)
Conduct files (keyed by customer id) and their rows (`summaries.ConductSummary`)
    store.conduct.get(customer_id) -> ConductRecord | None
    store.conduct.append(customer_id, event, landlord=, summary=row, expected_version=n)
    store.conduct.put_summary(customer_id, row, expected_version=n)
    store.conduct.all(landlord=None) -> Iterator[ConductRecord]     rebuild/check only
    store.conduct_summaries.get(customer_id) / .every(landlord) / .stale(landlord, version)
    store.conduct_summaries.reviews(landlord, today=, due_by=) -> [ConductSummary]

Users, letters, tokens: see `users.py`, `letters.py`, `tokens.py` (same names on every
backend). Evidence files (`evidence.py`: put(bytes) -> sha256, get(sha256)), letter pages
(`letter_pages.py`: the HTML beside each PDF, by the PDF's sha256) and satisfaction answers
(`surveys.py`: answer(case_id, ...), get(case_id), all(landlord)) are small collections of their own.
Every collection can be read whole, for `store copy` (`copying.snapshot`): complaints.ids(), conduct.all(),
users.all(), letters.all(), tokens.all(), outbox.all(), registers.every(), access.everything(),
limits.all(), evidence.hashes(), letter_pages.hashes(), surveys.every().
Errors: StoreError and its kinds NotFound, Conflict, Duplicate.
"""

from __future__ import annotations

import os
import stat
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping

from portal.store import complaints, letters, registers, surveys, users
from portal.store.access import AccessLog
from portal.store.backends import describe, emptied, migrate, open_store, where
from portal.store.cache import DEFAULT_SHARDS, ShardCache
from portal.store.complaints import ComplaintRecord, Complaints
from portal.store.conduct import Conduct, ConductRecord
from portal.store.copying import copy_store
from portal.store.errors import Conflict, Damaged, Duplicate, NotFound, SchemaOutdated, StoreError, Unavailable
from portal.store.evidence import EvidenceFiles
from portal.store.files import Folder
from portal.store.layout import open_layout
from portal.store.letter_pages import LetterPages
from portal.store.letters import Letters
from portal.store.manifest import Ledger, Manifest, survey
from portal.store.limits import SignInLimits
from portal.store.outbox import Outbox, OutboxItem
from portal.store.registers import Registers
from portal.store.shard_sets import HashShards, RangeShards, ShardSet
from portal.store.summaries import QUEUES, CaseSummary, ConductSummary, Found
from portal.store.surveys import Surveys
from portal.store.tokens import Tokens
from portal.store.users import Users

__all__ = [
    "Store", "StoreError", "NotFound", "Conflict", "Duplicate", "Damaged", "Unavailable", "SchemaOutdated",
    "ComplaintRecord", "ConductRecord", "CaseSummary", "ConductSummary", "Found", "QUEUES", "OutboxItem",
    "open_store", "describe", "emptied", "migrate", "where", "copy_store",
]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    """One store folder: open it once per process and share it between threads."""

    def __init__(self, folder: str | Path, *, clock: Callable[[], datetime] = _utc_now,
                 layout: Mapping[str, int] | None = None, cache_shards: int = DEFAULT_SHARDS) -> None:
        """Open (or create) the store in `folder`; `clock` dates new ids, `layout` shapes a new store,
        `cache_shards` bounds the parsed complaint and letter shards kept in memory."""
        root = Folder(Path(folder))
        self.folder = root.path
        self.manifest = Manifest(root)
        names = ("complaints", "conduct", "users", "letters", "tokens", "registers", "outbox", "limits", "surveys")
        self.layout = open_layout(root, self.manifest, layout, adopt=lambda: self._survey(names))
        self.manifest.files("complaints")  # read it now: a damaged manifest is refused on open, not later
        sub = {name: Folder(root.path / name) for name in names}
        ledger = {name: Ledger(self.manifest, name) for name in names}
        pdfs = Folder(root.path / "letters" / "pdf")
        pdfs.close()  # only created here; each PDF syncs its own subfolder
        pages = Folder(root.path / "letters" / "html")
        pages.close()  # likewise for the letters' web pages
        evidence = Folder(root.path / "evidence")
        evidence.close()  # and for evidence files
        self._folders = [root, *sub.values()]
        self.cache = ShardCache(cache_shards)  # the collections that grow with history share it
        complaint_set = RangeShards(sub["complaints"], self.layout["complaints_per_shard"],
                                    complaints.number_of, ledger["complaints"], self.cache)
        conduct_set = HashShards(sub["conduct"], self.layout["conduct_shards"], ledger["conduct"])
        user_set = RangeShards(sub["users"], self.layout["users_per_shard"], users.number_of, ledger["users"])
        letter_set = RangeShards(sub["letters"], self.layout["letters_per_shard"], letters.number_of,
                                 ledger["letters"], self.cache)
        token_set = HashShards(sub["tokens"], self.layout["token_shards"], ledger["tokens"])
        register_set = HashShards(sub["registers"], registers.SHARDS, ledger["registers"])
        # outbox and sign-in limits: separate collections, sized like the tokens (older stores lack the keys)
        outbox_set = HashShards(sub["outbox"], self.layout.get("outbox_shards", 16), ledger["outbox"])
        limit_set = HashShards(sub["limits"], self.layout.get("limit_shards", 16), ledger["limits"])
        survey_set = HashShards(sub["surveys"], surveys.SHARDS, ledger["surveys"])
        self._sets: list[ShardSet] = [complaint_set, conduct_set, user_set, letter_set, token_set, register_set,
                                      outbox_set, limit_set, survey_set]
        self.complaints = Complaints(complaint_set, clock)
        self.conduct = Conduct(conduct_set)
        self.users = Users(user_set)
        self.letters = Letters(letter_set, pdfs.path)
        self.tokens = Tokens(token_set)
        self.outbox = Outbox(outbox_set)
        self.limits = SignInLimits(limit_set)
        self.registers = Registers(register_set)
        self.evidence = EvidenceFiles(evidence.path)
        self.letter_pages = LetterPages(pages.path)
        self.surveys = Surveys(survey_set)
        self.access = AccessLog(root.path / "access")
        self.summaries = self.complaints.summaries
        self.conduct_summaries = self.conduct.summaries
        self._health: tuple[float, list[str]] = (-1e9, [])

    def _survey(self, names: tuple[str, ...]) -> dict:
        """The manifest of a store made before manifests, from the files it holds (run once, on open)."""
        numbered = {"complaints": complaints.number_of, "users": users.number_of, "letters": letters.number_of}
        return {name: survey(self.folder / name, name, numbered.get(name)) for name in names}

    def warm(self) -> None:
        """Read every index now (complaint rows, conduct rows, users) rather than on the first request."""
        self.complaints.ids()
        self.conduct_summaries.every()
        self.users.by_email("warm@invalid")

    def shard_sets(self) -> list[ShardSet]:
        """Every collection's shard set (for `store check`)."""
        return list(self._sets)

    def health(self, max_age_s: float = 1.0) -> list[str]:
        """What is wrong with the store (empty when nothing is), looked for at most once per `max_age_s`.

        Damage already met, then a stat of `store.json` and of every file the manifest lists.
        """
        seen_at, problems = self._health
        if time.monotonic() - seen_at < max_age_s:
            return problems
        problems = [f"the {s.ledger.collection} collection is damaged: {s.ledger.damage}"
                    for s in self._sets if s.ledger.damage]
        try:
            paths = [self.folder / "store.json"] + [s.folder.path / name for s in self._sets for name in s.ledger.files()]
        except Damaged as exc:
            paths = [self.folder / "store.json"]
            problems.append(str(exc))
        for path in paths:
            try:
                st = os.stat(path)
            except FileNotFoundError:
                problems.append(f"{path} is missing")
                continue
            if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
                problems.append(f"{path} is {'empty' if stat.S_ISREG(st.st_mode) else 'not a file'}")
        self._health = (time.monotonic(), problems)
        return problems

    def close(self) -> None:
        """Release file handles and cached data; the store refuses further use."""
        for shard_set in self._sets:
            shard_set.close()
        for folder in self._folders:
            folder.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
