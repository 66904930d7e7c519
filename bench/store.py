"""Bench: the TinyDB store against SQLite (WAL, synchronous=FULL) and PostgreSQL at 1k, 10k and 50k complaints.

Same data and the same operations in both: a durable append of one event, a read by id
and a read of a customer's complaints (warm). Each complaint has 8-15 realistic events;
customers have 1-20 complaints each. Everything lives in a temp dir, removed at the end;
PostgreSQL is a throwaway local server with fsync on, unless --database names one.

    .venv/bin/python bench/store.py [--sizes 1000,10000,50000] [--samples 2000] [--database postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Callable

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.domain.events import Actor, make_event  # noqa: E402
from portal.domain.roles import Role  # noqa: E402
from portal.store import CaseSummary, Store  # noqa: E402
from portal.store.pg import PgStore  # noqa: E402
from tests.postgres import bench_database  # noqa: E402

LANDLORDS = ("torus", "connect", "thenue", "housing-solutions")
KINDS = ("acknowledged", "note", "contact_logged", "extended", "responded",
         "escalation_requested", "escalated", "note", "contact_logged", "closed")
WORDS = ("repair damp mould boiler window leak heating contractor visit survey appointment "
         "resident neighbour noise rent charge letter call email inspection kitchen roof "
         "delay apology remedy compensation review outcome").split()


def fake_complaints(rng: random.Random, count: int, first_customer: int) -> list[dict]:
    """`count` complaints with 8-15 events each, for customers holding 1-20 complaints each."""
    owners: list[str] = []
    customer = first_customer
    while len(owners) < count:
        customer += 1
        owners += [f"U-{customer:06d}"] * rng.choices(range(1, 21), [1 / k**1.5 for k in range(1, 21)])[0]
    owners = owners[:count]
    rng.shuffle(owners)
    staff = [Actor(f"S-{i}", f"Officer {i}", rng.choice(list(Role))) for i in range(40)]
    out = []
    for owner in owners:
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(600))
        tenant = Actor(owner, f"Tenant {owner[-4:]}")
        events = [make_event("received", tenant, start, datetime(2024, 1, 1), channel="online",
                             summary=" ".join(rng.choices(WORDS, k=rng.randint(20, 60))))]
        for step in range(rng.randint(7, 14)):
            on = start + timedelta(days=step * 3 + 1)
            events.append(make_event(rng.choice(KINDS), rng.choice(staff), on,
                                     datetime.combine(on, datetime.min.time()),
                                     text=" ".join(rng.choices(WORDS, k=rng.randint(8, 40)))))
        landlord = rng.choice(LANDLORDS)
        address = f"{rng.randint(1, 200)} High St"
        row = CaseSummary(id="", landlord=landlord, customer_id=owner, version=len(events), computed_with="bench",
                          stage=1, status="investigating", open=rng.random() < 0.3, received_on=start,
                          channel="online", ack1_due=None, reply1_due=start + timedelta(days=14), ack2_due=None,
                          reply2_due=None, actions_due=None, request_due=None, risk_of_harm=False,
                          customer_name=tenant.name,
                          address=address, summary=events[0].get("summary")[:80],
                          search_text=f"{tenant.name} {address} {events[0].get('summary')}".lower())
        out.append({"landlord": landlord, "customer_id": owner, "events": [e.to_dict() for e in events],
                    "summary": row})
    return out


class SqliteRepo:
    """The reference: one row per complaint, one per event, WAL with synchronous=FULL."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS complaints (id TEXT PRIMARY KEY, landlord TEXT NOT NULL,
                customer_id TEXT NOT NULL, meta TEXT NOT NULL, version INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS by_customer ON complaints (customer_id);
            CREATE TABLE IF NOT EXISTS events (complaint_id TEXT NOT NULL, seq INTEGER NOT NULL,
                body TEXT NOT NULL, PRIMARY KEY (complaint_id, seq)) WITHOUT ROWID;""")

    def create_many(self, items: list[dict], ids: list[str]) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        for cid, item in zip(ids, items, strict=True):
            self.db.execute("INSERT INTO complaints VALUES (?,?,?,?,?)",
                            (cid, item["landlord"], item["customer_id"],
                             orjson.dumps(item["summary"].to_dict()).decode(), len(item["events"])))
            self.db.executemany("INSERT INTO events VALUES (?,?,?)",
                                [(cid, n, orjson.dumps(e).decode()) for n, e in enumerate(item["events"])])
        self.db.execute("COMMIT")

    def append(self, cid: str, event: dict) -> None:
        self.db.execute("BEGIN IMMEDIATE")
        (version,) = self.db.execute("SELECT version FROM complaints WHERE id=?", (cid,)).fetchone()
        self.db.execute("INSERT INTO events VALUES (?,?,?)", (cid, version, orjson.dumps(event).decode()))
        self.db.execute("UPDATE complaints SET version=? WHERE id=?", (version + 1, cid))
        self.db.execute("COMMIT")

    def get(self, cid: str) -> dict | None:
        row = self.db.execute("SELECT landlord, customer_id, meta, version FROM complaints WHERE id=?",
                              (cid,)).fetchone()
        if row is None:
            return None
        events = [orjson.loads(b) for (b,) in self.db.execute(
            "SELECT body FROM events WHERE complaint_id=? ORDER BY seq", (cid,))]
        return {"id": cid, "landlord": row[0], "customer_id": row[1], "meta": orjson.loads(row[2]),
                "version": row[3], "events": tuple(events)}

    def for_customer(self, customer_id: str) -> list[dict]:
        found: dict[str, dict] = {}
        for cid, landlord, meta, version, body in self.db.execute(
                "SELECT c.id, c.landlord, c.meta, c.version, e.body FROM complaints c "
                "JOIN events e ON e.complaint_id = c.id WHERE c.customer_id=? ORDER BY c.id, e.seq",
                (customer_id,)):
            record = found.setdefault(cid, {"id": cid, "landlord": landlord, "customer_id": customer_id,
                                            "meta": orjson.loads(meta), "version": version, "events": []})
            record["events"].append(orjson.loads(body))
        return list(found.values())


def timed(fns: list[Callable[[object], object]], args: list) -> list[tuple[float, float]]:
    """p50 and p95 in ms of each `fn(arg)`, taken in turn so all see the same machine."""
    laps: list[list[float]] = [[] for _ in fns]
    for arg in args:
        for fn, out in zip(fns, laps):
            start = time.perf_counter_ns()
            fn(arg)
            out.append((time.perf_counter_ns() - start) / 1e6)
    stats = []
    for out in laps:
        out.sort()
        stats.append((statistics.median(out), out[int(len(out) * 0.95) - 1]))
    return stats


def append_to(store, event: dict, cid: str) -> None:
    store.complaints.append(cid, event)


def append_with_row(store, event: dict, cid: str) -> None:
    """The durable write as `act` makes it: the event and the case's new summary row together."""
    row = store.complaints.get(cid).summary
    store.complaints.append(cid, event, summary=replace(row, version=row.version + 1))


def row_cost(samples: int) -> tuple[float, float]:
    """p50 and p95 in ms of computing a summary row: fold a 12-event case, then `case_summary`."""
    from bench.portal import closed_history
    from portal.domain import complaints as c
    from portal.domain.profile import load_profile
    from portal.projections import case_summary, projection_version

    profile = load_profile(Path(__file__).resolve().parents[1] / "content/landlords/torus.toml")
    staff = Actor("S-1", "Sam Taylor", Role.COMPLAINTS_OFFICER)
    events = closed_history(profile, Actor("U-1", "Tenant"), staff, Actor("S-2", "Morgan Lee", Role.MANAGER),
                            date(2025, 1, 6), 7)
    customer = {"name": "Ann Smith", "address": ["1 High Street", "Oldtown", "OT1 1AB"], "phone": "01234 567890"}
    version, laps = projection_version(profile), []
    for _ in range(samples):
        start = time.perf_counter_ns()
        case_summary(c.fold(events, profile), case_id="C-1", landlord="torus", customer_id="U-1",
                     customer=customer, version=version)
        laps.append((time.perf_counter_ns() - start) / 1e6)
    laps.sort()
    return statistics.median(laps), laps[int(len(laps) * 0.95) - 1]


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,50000")
    parser.add_argument("--samples", type=int, default=2000, help="reads per measurement")
    parser.add_argument("--writes", type=int, default=300, help="durable appends per measurement")
    parser.add_argument("--database", default="", help="postgresql://... to bench (emptied first); "
                        "default: a throwaway local server with fsync on")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    rng = random.Random(20250101)
    rows, notes = [], []
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="store-bench-") as tmp:
        store = Store(Path(tmp) / "store")
        sql = SqliteRepo(Path(tmp) / "bench.sqlite3")
        url, stop_server = bench_database(args.database or "local")
        pg = PgStore(url)
        ids: list[str] = []
        customers: set[str] = set()
        try:
            for size in sizes:
                batch = fake_complaints(rng, size - len(ids), first_customer=len(customers) * 3)
                chunks = [batch[start:start + 2000] for start in range(0, len(batch), 2000)]
                t0 = time.perf_counter()
                new_ids = [store.complaints.create_many(chunk) for chunk in chunks]
                t1 = time.perf_counter()
                for chunk, chunk_ids in zip(chunks, new_ids, strict=True):
                    sql.create_many(chunk, chunk_ids)
                t2 = time.perf_counter()
                pg_ids = [pg.complaints.create_many(chunk) for chunk in chunks]
                t2b = time.perf_counter()
                assert pg_ids == new_ids  # both number from 1 in the same order
                ids += [cid for chunk_ids in new_ids for cid in chunk_ids]
                customers.update(item["customer_id"] for item in batch)

                store.close()  # measure a cold open, then warm everything with the first query
                t3 = time.perf_counter()
                store = Store(Path(tmp) / "store")
                some_customer = rng.choice(sorted(customers))
                store.complaints.for_customer(some_customer)
                t4 = time.perf_counter()
                counts = [len(store.complaints.for_customer(c)) for c in rng.sample(sorted(customers), 200)]

                os.sync()  # let the bulk load reach the disk, so it does not slow the first fsyncs
                read_ids = [rng.choice(ids) for _ in range(args.samples)]
                read_customers = [rng.choice(sorted(customers)) for _ in range(args.samples)]
                write_ids = [rng.choice(ids) for _ in range(args.writes)]
                note = make_event("note", Actor("S-1", "Officer 1", Role.OFFICER), date(2025, 3, 3),
                                  datetime(2025, 3, 3, 9), text="Called the tenant back about the repair.").to_dict()
                measures = {
                    "durable write (append)": timed([partial(append_to, store, note), partial(sql.append, event=note),
                                                     partial(append_to, pg, note)], write_ids),
                    "append + summary row": timed([partial(append_with_row, store, note),
                                                   partial(sql.append, event=note),
                                                   partial(append_with_row, pg, note)], write_ids),
                    "read by id": timed([store.complaints.get, sql.get, pg.complaints.get], read_ids),
                    "read by customer": timed([store.complaints.for_customer, sql.for_customer,
                                               pg.complaints.for_customer], read_customers),
                }
                assert store.complaints.get(read_ids[0]).events == sql.get(read_ids[0])["events"]
                assert store.complaints.get(read_ids[0]) == pg.complaints.get(read_ids[0])
                for op, stats in measures.items():
                    rows.append((size, op, stats))
                store_mb = folder_bytes(Path(tmp) / "store") / 1e6
                notes.append(f"{size:>7,}: bulk load store {t1 - t0:5.1f} s, sqlite {t2 - t1:5.1f} s, "
                             f"postgresql {t2b - t2:5.1f} s; cold open + index {t4 - t3:5.2f} s; disk store "
                             f"{store_mb:6.1f} MB, sqlite {folder_bytes(Path(tmp)) / 1e6 - store_mb:6.1f} MB; "
                             f"complaints/customer mean {statistics.mean(counts):.1f} max {max(counts)}")
                print(f"... {size:,} done ({time.perf_counter() - began:.0f} s)", file=sys.stderr)
        finally:
            store.close()
            sql.db.close()
            pg.close()
            stop_server()

    print("\nTinyDB store (sharded, fsync + rename) vs SQLite (WAL, synchronous=FULL) vs PostgreSQL "
          "(fsync, synchronous_commit on, over a Unix socket); times in ms\n")
    print(f"{'complaints':>10}  {'operation':<24}{'store p50':>10}{'p95':>9}{'sqlite p50':>12}{'p95':>9}"
          f"{'pg p50':>9}{'p95':>9}{'store/sqlite p50':>18}")
    for size, op, ((p50, p95), (q50, q95), (g50, g95)) in rows:
        print(f"{size:>10,}  {op:<24}{p50:>10.3f}{p95:>9.3f}{q50:>12.3f}{q95:>9.3f}{g50:>9.3f}{g95:>9.3f}"
              f"{p50 / q50:>17.2f}x")
    print("\nstore/sqlite below 1 means the embedded store is faster\n")
    print("\n".join(notes))
    r50, r95 = row_cost(200)
    print(f"\ncomputing a summary row (fold of a 12-event case + case_summary): p50 {r50:.2f} ms, p95 {r95:.2f} ms;"
          f" `act` pays this on top of 'append + summary row'")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak RSS {peak_mb:,.0f} MB (the engines' clients, the generated data and the store's in-memory shards);"
          f" total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
