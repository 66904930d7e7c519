"""Evidence files: photos and documents attached to complaints, each kept once by its sha256.

Only the bytes live here; which complaint a file belongs to, its name and who sent it
are in that complaint's events. A file is written durably (temp file, fsync, rename)
before any event names it, so an event never points at a missing file; a file no event
names (a crash in between, or an intake draft never sent) is harmless and is found again
by its hash if it is sent once more. Reads check the hash, so a damaged file is refused.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from portal.store.errors import NotFound, StoreError
from portal.store.files import Folder, Lock, signature, write_durably

_SHA = re.compile(r"[0-9a-f]{64}")


class EvidenceFiles:
    """The folder of evidence files, addressed by content hash."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lock = Lock(root / ".lock")

    def put(self, data: bytes) -> str:
        """Keep the bytes (once per content); return their sha256."""
        sha = hashlib.sha256(data).hexdigest()
        path = self._path(sha)
        with self._lock.held():  # one writer at a time: the temp name beside the file is fixed
            if not path.exists():
                folder = Folder(path.parent)
                try:
                    write_durably(path, data, folder, signature(path))
                finally:
                    folder.close()
        return sha

    def get(self, sha: str) -> bytes:
        """The file's bytes, checked against their hash."""
        if not isinstance(sha, str) or not _SHA.fullmatch(sha):
            raise NotFound(f"no evidence file {sha!r}")
        path = self._path(sha)
        if not path.exists():
            raise NotFound(f"no evidence file {sha}")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            raise StoreError(f"evidence file {path} does not match its checksum")
        return data

    def hashes(self) -> list[str]:
        """The sha256 of every file kept, in order (for copying a store)."""
        return sorted(path.name for path in self._root.glob("??/*") if _SHA.fullmatch(path.name))

    def delete(self, sha: str) -> None:
        """Remove a file for good (retention only); nothing happens for one already gone."""
        if isinstance(sha, str) and _SHA.fullmatch(sha):
            with self._lock.held():
                self._path(sha).unlink(missing_ok=True)

    def _path(self, sha: str) -> Path:
        return self._root / sha[:2] / sha
