"""The access log: which member of staff looked at which customer's records, and when.

Reads are not changes, so they are not events: each view appends one JSON line to the
customer's own file (`access/<bucket>/<customer id>.jsonl`), opened for append, written
in one `write` call and closed. A line reaches the operating system before the page is
sent, so a crash of the server loses none; no fsync is paid per view, so a power cut may
lose the last moments' lines (the price of keeping every staff page as fast as before).
Reading one customer's log reads only their file.
"""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path
from typing import Any

import orjson

from portal.store.errors import StoreError

_SAFE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
BUCKETS = 256


class AccessLog:
    """One append-only file of views per customer."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, customer_id: str) -> Path:
        if not _SAFE_ID.fullmatch(customer_id or ""):
            raise ValueError(f"not a customer id: {customer_id!r}")
        bucket = zlib.crc32(customer_id.encode("utf-8")) % BUCKETS
        return self.folder / f"{bucket:03d}" / f"{customer_id}.jsonl"

    def record(self, *, customer_id: str, by: str, at: str, what: str, ref: str = "") -> None:
        """Note that `by` looked at `what` (a page: 'customer', 'case', 'letter', ...) of a customer's, `ref` its id."""
        line = orjson.dumps({"at": at, "by": by, "what": what, "ref": ref}) + b"\n"
        path = self._path(customer_id)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)

    def everything(self) -> list[dict[str, Any]]:
        """Every view of every customer's records, by customer id, oldest first (for copying a store)."""
        customers = sorted(path.stem for path in self.folder.glob("*/*.jsonl") if _SAFE_ID.fullmatch(path.stem))
        return [{"customer_id": customer_id, **entry} for customer_id in customers
                for entry in reversed(self.for_customer(customer_id))]

    def for_customer(self, customer_id: str, newest: int | None = None) -> list[dict[str, Any]]:
        """The views of a customer's records, newest first (the `newest` N of them when given)."""
        path = self._path(customer_id)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            return []
        entries = []
        for number, line in enumerate(raw.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entries.append(orjson.loads(line))
            except orjson.JSONDecodeError:
                if number == raw.count(b"\n") + 1:  # a last line cut short by a crash mid-write
                    continue
                raise StoreError(f"{path}: line {number} is not JSON") from None
        entries.reverse()
        return entries[:newest] if newest is not None else entries
