"""The durable store: complaints, conduct files, users, letters and tokens in TinyDB files.

Every write is atomic and durable, safe across threads and processes, and rewrites one
small shard file; reads by id and by customer go through indexes, never a scan. Nothing
outside this package imports TinyDB (only `shards.py` does), so a server database can
replace it behind the same names.

    store = Store(folder)
    cid = store.complaints.create(landlord="torus", customer_id="U-000001", events=[...])
    store.complaints.append(cid, event, expected_version=record.version)
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Mapping

from portal.store import complaints, letters, registers, users
from portal.store.access import AccessLog
from portal.store.complaints import ComplaintRecord, Complaints
from portal.store.conduct import Conduct, ConductRecord
from portal.store.errors import Conflict, Duplicate, NotFound, StoreError
from portal.store.files import Folder
from portal.store.layout import open_layout
from portal.store.letters import Letters
from portal.store.registers import Registers
from portal.store.shard_sets import HashShards, RangeShards, ShardSet
from portal.store.tokens import Tokens
from portal.store.users import Users

__all__ = [
    "Store", "StoreError", "NotFound", "Conflict", "Duplicate",
    "ComplaintRecord", "ConductRecord",
]


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class Store:
    """One store folder: open it once per process and share it between threads."""

    def __init__(self, folder: str | Path, *, clock: Callable[[], datetime] = _utc_now,
                 layout: Mapping[str, int] | None = None) -> None:
        """Open (or create) the store in `folder`; `clock` dates new ids, `layout` shapes a new store."""
        root = Folder(Path(folder))
        self.folder = root.path
        self.layout = open_layout(root, layout)
        sub = {name: Folder(root.path / name)
               for name in ("complaints", "conduct", "users", "letters", "tokens", "registers")}
        pdfs = Folder(root.path / "letters" / "pdf")
        pdfs.close()  # only created here; each PDF syncs its own subfolder
        self._folders = [root, *sub.values()]
        complaint_set = RangeShards(sub["complaints"], self.layout["complaints_per_shard"],
                                    complaints.number_of)
        conduct_set = HashShards(sub["conduct"], self.layout["conduct_shards"])
        user_set = RangeShards(sub["users"], self.layout["users_per_shard"], users.number_of)
        letter_set = RangeShards(sub["letters"], self.layout["letters_per_shard"], letters.number_of)
        token_set = HashShards(sub["tokens"], self.layout["token_shards"])
        register_set = HashShards(sub["registers"], registers.SHARDS)
        self._sets: list[ShardSet] = [complaint_set, conduct_set, user_set, letter_set, token_set, register_set]
        self.complaints = Complaints(complaint_set, clock)
        self.conduct = Conduct(conduct_set)
        self.users = Users(user_set)
        self.letters = Letters(letter_set, pdfs.path)
        self.tokens = Tokens(token_set)
        self.registers = Registers(register_set)
        self.access = AccessLog(root.path / "access")

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
