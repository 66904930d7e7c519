"""Loading a whole store into an empty database, keeping every id (`flask store copy`).

One transaction: a copy that fails half way leaves the database empty, never half full.
The id sequences are moved past the highest number copied, so new records never reuse one.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

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

_TABLES = ("complaints", "conduct_files", "users", "letters", "tokens")
_SEQUENCES = {"complaint_numbers": "complaints", "user_numbers": "users", "letter_numbers": "letters"}


def load(db: Database, records: Mapping[str, list], pdf_of: Callable[[str], bytes]) -> None:
    """Write `records` (as `copying.snapshot` gives them) into the empty database; `pdf_of(letter_id)` gives PDFs."""
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
                                (letter["sha256"], pdf_of(letter["id"])))
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

