"""Letter pages: the accessible HTML of each letter, kept beside its PDF.

Keyed by the sha256 of the letter's PDF (which the letter record already holds), and
written before the record, so a record never points at a missing page; the same
letter sent twice is one PDF and one page. The HTML is the letter's own rendering,
not a copy scraped from the PDF, so headings, lists and links stay real.
"""

from __future__ import annotations

import re
from pathlib import Path

from portal.store.files import Folder, Lock, signature, write_durably

_SHA = re.compile(r"[0-9a-f]{64}")


class LetterPages:
    """The folder of letter pages, one per PDF hash."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._lock = Lock(root / ".lock")

    def put(self, pdf_sha: str, html: str) -> None:
        """Keep the page of the letter whose PDF has this hash (once)."""
        path = self._path(pdf_sha)
        with self._lock.held():
            if not path.exists():
                folder = Folder(path.parent)
                try:
                    write_durably(path, html.encode("utf-8"), folder, signature(path))
                finally:
                    folder.close()

    def has(self, pdf_sha: str) -> bool:
        """True if the letter with this PDF has a page."""
        return isinstance(pdf_sha, str) and bool(_SHA.fullmatch(pdf_sha)) and self._path(pdf_sha).exists()

    def get(self, pdf_sha: str) -> str | None:
        """The page, or None for a letter kept before pages were (only its PDF exists)."""
        if not isinstance(pdf_sha, str) or not _SHA.fullmatch(pdf_sha):
            return None
        path = self._path(pdf_sha)
        return path.read_text(encoding="utf-8") if path.exists() else None

    def hashes(self) -> list[str]:
        """The PDF sha256 of every page kept, in order (for copying a store)."""
        return sorted(path.stem for path in self._root.glob("??/*.html") if _SHA.fullmatch(path.stem))

    def _path(self, sha: str) -> Path:
        return self._root / sha[:2] / f"{sha}.html"
