"""Letters in PostgreSQL: a row per letter, the PDF once per content (sha256) in the same transaction."""

from __future__ import annotations

import hashlib

from psycopg.types.json import Jsonb

from portal.store.errors import NotFound, StoreError
from portal.store.pg.database import Database

_FIELDS = "id, case_id, customer_id, kind, title, sha256, created, large_print, easy_read, erased, key, post"


class Letters:
    """The letters collection and their PDFs on one database."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, *, case_id: str, customer_id: str, kind: str, title: str, pdf: bytes,
            created: str, large_print: bool = False, easy_read: bool = False, key: str = "",
            by_post: bool = False) -> str:
        """Keep a letter's PDF (once per content) and its record; return the letter id.

        With a `key`, a second add of the same key returns the first letter; `by_post` queues it for the post.
        """
        if not (case_id and customer_id and kind):
            raise ValueError("a letter needs a case, a customer and a kind")
        sha = hashlib.sha256(pdf).hexdigest()
        with self._db.transaction() as conn:
            if key:
                conn.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"{case_id}/{key}",))
                done = conn.execute("SELECT id FROM letters WHERE case_id = %s AND key = %s", (case_id, key)).fetchone()
                if done:
                    return done[0]
            conn.execute("INSERT INTO pdfs (sha256, bytes) VALUES (%s, %s) ON CONFLICT (sha256) DO NOTHING",
                         (sha, pdf))
            number = conn.execute("SELECT nextval('letter_numbers')").fetchone()[0]
            letter_id = f"L-{number:06d}"
            conn.execute(f"INSERT INTO letters (number, {_FIELDS}) "
                         "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', %s, %s)",
                         (number, letter_id, case_id, customer_id, kind, title, sha, created, bool(large_print),
                          bool(easy_read), key, Jsonb({"state": "queued", "posted_on": ""}) if by_post else None))
        return letter_id

    def get(self, letter_id: str) -> dict | None:
        """The letter's record, or None."""
        found = self._select("WHERE id = %s", letter_id)
        return found[0] if found else None

    def pdf_bytes(self, letter_id: str) -> bytes:
        """The letter's PDF, checked against its sha256."""
        with self._db.read() as conn:
            row = conn.execute("SELECT l.sha256, p.bytes FROM letters l JOIN pdfs p USING (sha256) "
                               "WHERE l.id = %s", (letter_id,)).fetchone()
        if row is None:
            erased = self.get(letter_id)
            raise NotFound(f"letter {letter_id} was erased: {erased['erased']}" if erased and erased.get("erased")
                           else f"no letter {letter_id!r}")
        sha, pdf = row[0], bytes(row[1])
        if hashlib.sha256(pdf).hexdigest() != sha:
            raise StoreError(f"the PDF of letter {letter_id} does not match its checksum")
        return pdf

    def erase(self, letter_id: str, note: str) -> None:
        """Remove a letter's PDF and title for good, keeping its kind and date (retention only)."""
        with self._db.transaction() as conn:
            row = conn.execute("SELECT sha256 FROM letters WHERE id = %s FOR UPDATE", (letter_id,)).fetchone()
            if row is None:
                raise NotFound(f"no letter {letter_id!r}")
            conn.execute("UPDATE letters SET title = '', sha256 = NULL, erased = %s WHERE id = %s", (note, letter_id))
            if row[0]:
                conn.execute("DELETE FROM pdfs WHERE sha256 = %s AND NOT EXISTS "
                             "(SELECT 1 FROM letters WHERE sha256 = %s)", (row[0], row[0]))

    def by_key(self, case_id: str, key: str) -> dict | None:
        """The letter of a case made for this outbox key, or None."""
        found = self._select("WHERE case_id = %s AND key = %s", case_id, key)
        return found[0] if found and key else None

    def print_queue(self) -> list[dict]:
        """Letters waiting to be printed and posted, oldest first."""
        return self._select("WHERE post ->> 'state' = 'queued' ORDER BY number")

    def mark_posted(self, letter_id: str, posted_on: str, received_on: str = "") -> dict:
        """Record that a queued letter went in the post on `posted_on`, counting as received on `received_on`."""
        with self._db.transaction() as conn:
            done = conn.execute("UPDATE letters SET post = %s WHERE id = %s AND post IS NOT NULL RETURNING id",
                                (Jsonb({"state": "posted", "posted_on": posted_on,
                                        "received_on": received_on or posted_on}), letter_id)).fetchone()
        if not done:
            raise NotFound(f"letter {letter_id!r} is not for the post")
        return self.get(letter_id)

    def for_case(self, case_id: str) -> list[dict]:
        """A case's letters, oldest first."""
        return self._select("WHERE case_id = %s ORDER BY number", case_id)

    def for_customer(self, customer_id: str) -> list[dict]:
        """A customer's letters, oldest first."""
        return self._select("WHERE customer_id = %s ORDER BY number", customer_id)

    def all(self) -> list[dict]:
        """Every letter's record, by id."""
        return self._select("ORDER BY number")

    def _select(self, tail: str, *values: str) -> list[dict]:
        with self._db.read() as conn:
            cur = conn.execute(f"SELECT {_FIELDS} FROM letters {tail}", values)
            names = [column.name for column in cur.description]
            rows = [dict(zip(names, row)) for row in cur.fetchall()]
        for letter in rows:  # as the embedded store: these fields only when they hold something
            for name, empty in (("erased", ""), ("key", ""), ("post", None)):
                if letter[name] == empty:
                    del letter[name]
        return rows
