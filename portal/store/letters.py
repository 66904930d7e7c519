"""Letters: metadata of every letter sent, with the PDF kept once per content (sha256).

The PDF is written durably before its record, so a record never points at a missing
file. Case and customer never change, so their indexes stay fresh by checking the
newest shard alone.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path
from typing import Mapping

from portal.store.errors import NotFound, StoreError
from portal.store.files import Folder, signature, write_durably
from portal.store.shard_sets import RangeShards
from portal.store.shards import plain, update

_ID = re.compile(r"L-(\d{6,})")


def number_of(letter_id: str) -> int | None:
    """The sequence number inside a letter id, or None if it is not one."""
    match = _ID.fullmatch(letter_id) if isinstance(letter_id, str) else None
    return int(match.group(1)) if match else None


class Letters:
    """The letters collection and the folder of PDFs it points to."""

    def __init__(self, shards: RangeShards, pdf_root: Path) -> None:
        self._shards = shards
        self._pdf_root = pdf_root
        self._by: dict[str, dict[str, set[str]]] = {"case_id": {}, "customer_id": {}}
        self._index_lock = threading.Lock()
        self._indexed = False
        shards.on_load = self._index_shard

    def add(self, *, case_id: str, customer_id: str, kind: str, title: str, pdf: bytes,
            created: str, large_print: bool = False, easy_read: bool = False) -> str:
        """Keep a letter's PDF (once per content) and its record; return the letter id."""
        if not (case_id and customer_id and kind):
            raise ValueError("a letter needs a case, a customer and a kind")
        sha = hashlib.sha256(pdf).hexdigest()
        fields = {"case_id": case_id, "customer_id": customer_id, "kind": kind, "title": title,
                  "sha256": sha, "created": created, "large_print": bool(large_print), "easy_read": bool(easy_read)}
        with self._shards.creating():  # also makes the PDF's fixed temp name safe
            self._keep_pdf(sha, pdf)
            return self._shards.create([lambda n: {"id": f"L-{n:06d}", **fields}])[0]["id"]

    def get(self, letter_id: str) -> dict | None:
        """The letter's record with the `path` of its PDF, or None."""
        shard = self._shards.for_id(letter_id)
        raw = shard.get(letter_id) if shard else None
        return {**plain(raw), "path": str(self._pdf_path(raw["sha256"])) if raw["sha256"] else ""} if raw else None

    def pdf_bytes(self, letter_id: str) -> bytes:
        """The letter's PDF, checked against its sha256."""
        letter = self.get(letter_id)
        if letter is None:
            raise NotFound(f"no letter {letter_id!r}")
        if letter.get("erased"):
            raise NotFound(f"letter {letter_id} was erased: {letter['erased']}")
        pdf = Path(letter["path"]).read_bytes()
        if hashlib.sha256(pdf).hexdigest() != letter["sha256"]:
            raise StoreError(f"the PDF of letter {letter_id} does not match its checksum")
        return pdf

    def erase(self, letter_id: str, note: str) -> None:
        """Remove a letter's PDF and title for good, keeping its kind and date (retention only)."""
        shard = self._shards.for_id(letter_id)
        if shard is None or shard.get(letter_id) is None:
            raise NotFound(f"no letter {letter_id!r}")
        with shard.transaction() as table:
            raw = table.get(doc_id=letter_id)
            sha = raw.get("sha256", "")
            update(table, letter_id, {"title": "", "sha256": "", "erased": note})
        if sha:
            self._pdf_path(sha).unlink(missing_ok=True)

    def for_case(self, case_id: str) -> list[dict]:
        """A case's letters, oldest first, through the case index."""
        return self._lookup("case_id", case_id)

    def for_customer(self, customer_id: str) -> list[dict]:
        """A customer's letters, oldest first, through the customer index."""
        return self._lookup("customer_id", customer_id)

    def all(self) -> list[dict]:
        """Every letter's record, by id (for copying a store)."""
        found = [raw for n in range(self._shards.top() + 1) for raw in self._shards.shard(n).records().values()]
        return [self.get(raw["id"]) for raw in sorted(found, key=lambda raw: number_of(raw["id"]) or 0)]

    def _lookup(self, field: str, value: str) -> list[dict]:
        if not self._indexed:
            self._shards.refresh_all()
            self._indexed = True
        self._shards.refresh_tail()
        with self._index_lock:
            ids = sorted(self._by[field].get(value, ()), key=lambda i: number_of(i) or 0)
        return [letter for letter in map(self.get, ids) if letter is not None]

    def _pdf_path(self, sha: str) -> Path:
        return self._pdf_root / sha[:2] / f"{sha}.pdf"

    def _keep_pdf(self, sha: str, pdf: bytes) -> None:
        path = self._pdf_path(sha)
        if path.exists():
            return  # content-addressed and renamed into place whole: it is this PDF
        folder = Folder(path.parent)
        try:
            write_durably(path, pdf, folder, signature(path))
        finally:
            folder.close()

    def _index_shard(self, _number: int, records: Mapping[str, dict]) -> None:
        with self._index_lock:
            for letter_id, raw in records.items():
                for field, index in self._by.items():
                    index.setdefault(raw[field], set()).add(letter_id)
