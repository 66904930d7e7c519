"""Loading a whole store into an empty database, keeping every id (`flask store copy`).

One transaction: a copy that fails half way leaves the database empty, never half full.
The id sequences are moved past the highest number copied, so new records never reuse one.
"""

from __future__ import annotations

from typing import Any, Mapping

from psycopg.types.json import Jsonb

from portal.store import complaints as embedded_complaints
from portal.store import letters as embedded_letters
from portal.store import users as embedded_users
from portal.store.errors import StoreError
from portal.store.pg.complaints import insert_rows
from portal.store.pg.database import Database
from portal.store.pg.users import _INSERT, _row
from portal.store.summaries import CaseSummary, ConductSummary
from portal.store.tokens import instant
from portal.store.users import _optional_key

_TABLES = ("complaints", "conduct_files", "users", "letters", "tokens", "registers", "access_log", "signin_limits",
           "evidence_files", "letter_pages", "surveys", "outbox")
_SEQUENCES = {"complaint_numbers": "complaints", "user_numbers": "users", "letter_numbers": "letters"}


def load(db: Database, records: Mapping[str, Any], source: Any) -> None:
    """Write `records` (as `copying.snapshot` gives them) into the empty database; the bytes of PDFs, evidence
    files and letter pages are read from `source`, the store they came from."""
    with db.transaction() as conn:
        for table in _TABLES:
            if conn.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone()[0]:
                raise StoreError(f"the {db.where} is not empty ({table} has rows): copy only into a new database")
        insert_rows(conn, [(c["id"], embedded_complaints.number_of(c["id"]), c["landlord"], c["customer_id"],
                            c["events"], CaseSummary(**c["summary"]) if c["summary"] else None)
                           for c in records["complaints"]])
        for c in records["complaints"]:  # the letters and messages each complaint still owes
            if c.get("effects"):
                conn.execute("UPDATE complaints SET effects = %s WHERE id = %s", (Jsonb(list(c["effects"])), c["id"]))
        with conn.cursor() as cur:
            _conduct(cur, records["conduct"], records["conduct_summaries"])
            cur.executemany(_INSERT, [_row(u["id"], embedded_users.number_of(u["id"]), _optional_key(u.get("email")),
                                           {k: v for k, v in u.items() if k != "id"}) for u in records["users"]])
            for letter in records["letters"]:
                if letter.get("sha256"):  # an erased letter has no PDF left to copy
                    cur.execute("INSERT INTO pdfs (sha256, bytes) VALUES (%s, %s) ON CONFLICT (sha256) DO NOTHING",
                                (letter["sha256"], source.letters.pdf_bytes(letter["id"])))
            cur.executemany("INSERT INTO letters (id, number, case_id, customer_id, kind, title, sha256, created, "
                            "large_print, easy_read, erased, key, post) "
                            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
                            [(x["id"], embedded_letters.number_of(x["id"]), x["case_id"], x["customer_id"], x["kind"],
                              x["title"], x["sha256"] or None, x["created"], bool(x["large_print"]),
                              bool(x.get("easy_read")), x.get("erased", ""), x.get("key", ""),
                              Jsonb(x["post"]) if x.get("post") else None)
                             for x in records["letters"]])
            cur.executemany("INSERT INTO tokens (key, data, expires, expires_at) VALUES (%s, %s, %s, %s)",
                            [(key, Jsonb(t["data"]), t["expires"], instant(t["expires"]))
                             for key, t in records["tokens"].items()])
            _small_collections(cur, records, source)
        for sequence, table in _SEQUENCES.items():
            conn.execute(f"SELECT setval('{sequence}', greatest((SELECT max(number) FROM {table}), 1), "
                         f"(SELECT count(*) > 0 FROM {table}))")


def _conduct(cur: Any, files: list[Mapping[str, Any]], rows: list[Mapping[str, Any]]) -> None:
    summaries = {row["customer_id"]: ConductSummary(**row) for row in rows}
    cur.executemany("INSERT INTO conduct_files (customer_id, landlord, version, summary, computed_with) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    [(f["customer_id"], f["landlord"], len(f["events"]),
                      Jsonb(summaries[f["customer_id"]].to_dict()) if f["customer_id"] in summaries else None,
                      summaries[f["customer_id"]].computed_with if f["customer_id"] in summaries else None)
                     for f in files])
    cur.executemany("INSERT INTO conduct_events (customer_id, seq, body) VALUES (%s, %s, %s)",
                    [(f["customer_id"], seq, Jsonb(body)) for f in files for seq, body in enumerate(f["events"], 1)])



def _small_collections(cur: Any, records: Mapping[str, Any], source: Any) -> None:
    """Registers, the access log (each customer's views in order), sign-in counts, evidence, pages, answers."""
    cur.executemany("INSERT INTO registers (key, kind, landlord, version, body) VALUES (%s, %s, %s, %s, %s)",
                    [(r["key"], r["kind"], r["landlord"], r["version"], Jsonb(r)) for r in records["registers"]])
    cur.executemany("INSERT INTO access_log (customer_id, at, by_user, what, ref) VALUES (%s, %s, %s, %s, %s)",
                    [(v["customer_id"], v["at"], v["by"], v["what"], v["ref"]) for v in records["access_log"]])
    cur.executemany("INSERT INTO signin_limits (key, failures, since, locked_until) VALUES (%s, %s, %s, %s)",
                    [(key, n["failures"], n["since"], n["locked_until"]) for key, n in records["limits"].items()])
    for sha in records["evidence"]:
        cur.execute("INSERT INTO evidence_files (sha256, bytes) VALUES (%s, %s)", (sha, source.evidence.get(sha)))
    for sha in records["letter_pages"]:
        cur.execute("INSERT INTO letter_pages (pdf_sha256, html) VALUES (%s, %s)", (sha, source.letter_pages.get(sha)))
    cur.executemany("INSERT INTO surveys (case_id, landlord, customer_id, stage, score, why, at) "
                    "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                    [(a["case_id"], a["landlord"], a["customer_id"], a["stage"], a["score"], a["why"], a["at"])
                     for a in records["surveys"]])
