"""Evidence files, letter pages and satisfaction answers in PostgreSQL (same names as the embedded store)."""

from __future__ import annotations

import hashlib
import re
from typing import Iterator

from portal.store.errors import Duplicate, NotFound, StoreError
from portal.store.pg.database import Database
from portal.store.surveys import survey_record

_SHA = re.compile(r"[0-9a-f]{64}")
_SURVEY = "case_id, landlord, customer_id, stage, score, why, at"


class EvidenceFiles:
    """Evidence bytes by sha256."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def put(self, data: bytes) -> str:
        """Keep the bytes (once per content); return their sha256."""
        sha = hashlib.sha256(data).hexdigest()
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO evidence_files (sha256, bytes) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                         (sha, data))
        return sha

    def get(self, sha: str) -> bytes:
        """The file's bytes, checked against their hash."""
        if not isinstance(sha, str) or not _SHA.fullmatch(sha):
            raise NotFound(f"no evidence file {sha!r}")
        with self._db.read() as conn:
            row = conn.execute("SELECT bytes FROM evidence_files WHERE sha256 = %s", (sha,)).fetchone()
        if row is None:
            raise NotFound(f"no evidence file {sha}")
        data = bytes(row[0])
        if hashlib.sha256(data).hexdigest() != sha:
            raise StoreError(f"evidence file {sha} does not match its checksum")
        return data

    def hashes(self) -> list[str]:
        """The sha256 of every file kept, in order (for copying a store)."""
        with self._db.read() as conn:
            return [sha for (sha,) in conn.execute("SELECT sha256 FROM evidence_files ORDER BY sha256")]

    def delete(self, sha: str) -> None:
        """Remove a file for good (retention only); nothing happens for one already gone."""
        with self._db.transaction() as conn:
            conn.execute("DELETE FROM evidence_files WHERE sha256 = %s", (sha,))


class LetterPages:
    """Each letter's HTML, by its PDF's sha256."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def put(self, pdf_sha: str, html: str) -> None:
        """Keep the page of the letter whose PDF has this hash (once)."""
        with self._db.transaction() as conn:
            conn.execute("INSERT INTO letter_pages (pdf_sha256, html) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                         (pdf_sha, html))

    def has(self, pdf_sha: str) -> bool:
        """True if the letter with this PDF has a page."""
        return self.get(pdf_sha) is not None

    def hashes(self) -> list[str]:
        """The PDF sha256 of every page kept, in order (for copying a store)."""
        with self._db.read() as conn:
            return [sha for (sha,) in conn.execute("SELECT pdf_sha256 FROM letter_pages ORDER BY pdf_sha256")]

    def get(self, pdf_sha: str) -> str | None:
        """The page, or None."""
        if not isinstance(pdf_sha, str) or not _SHA.fullmatch(pdf_sha):
            return None
        with self._db.read() as conn:
            row = conn.execute("SELECT html FROM letter_pages WHERE pdf_sha256 = %s", (pdf_sha,)).fetchone()
        return row[0] if row else None


class Surveys:
    """One satisfaction answer per complaint."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def answer(self, case_id: str, *, landlord: str, customer_id: str, stage: int, score: int, why: str,
               at: str) -> dict:
        """Keep the one answer for a complaint; Duplicate if it was already answered."""
        record = survey_record(case_id, landlord=landlord, customer_id=customer_id, stage=stage, score=score,
                               why=why, at=at)
        with self._db.transaction() as conn:
            row = conn.execute(f"INSERT INTO surveys ({_SURVEY}) VALUES (%s, %s, %s, %s, %s, %s, %s) "
                               "ON CONFLICT (case_id) DO NOTHING RETURNING case_id",
                               tuple(record.values())).fetchone()
        if row is None:
            raise Duplicate(f"complaint {case_id} already has a satisfaction answer")
        return record

    def get(self, case_id: str) -> dict | None:
        """The answer for a complaint, or None."""
        found = self._select("WHERE case_id = %s", case_id)
        return found[0] if found else None

    def all(self, landlord: str) -> Iterator[dict]:
        """Every answer for a landlord, in complaint order."""
        yield from self._select("WHERE landlord = %s ORDER BY case_id", landlord)

    def every(self) -> list[dict]:
        """Every answer of every landlord, in complaint order (for copying a store)."""
        return self._select("ORDER BY case_id")

    def _select(self, tail: str, *values: str) -> list[dict]:
        with self._db.read() as conn:
            rows = conn.execute(f"SELECT {_SURVEY} FROM surveys {tail}", values).fetchall()
        keys = _SURVEY.split(", ")
        return [dict(zip(keys, row)) for row in rows]
