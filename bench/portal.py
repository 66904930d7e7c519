"""Benchmark: every staff and tenant route under gunicorn, at a large landlord's volume.

Seeds a store with `--complaints` complaints (default 50,000) of which 3% are open
(received or acknowledged within the last 30 days), over customers named from a short
surname list so a search for a common surname matches thousands; then measures, in one
run against one server (`gunicorn -w 1 --threads 4`), `/healthz`, the tenant complaint
page, the staff case page, the work queues (the landing page and its one work list, and the
list filtered to overdue unowned work), search for a common surname, the customer
list and the conduct list: req/s, p50, p95, the ratio to `/healthz`, and the server's
resident memory after the run. Figures are printed, never asserted.

With `--database postgresql://...` (emptied first; `--database local` starts a throwaway
server with fsync on) the same data is loaded there too and the same routes are measured
with the portal on PostgreSQL under `-w 1` and `-w 2`, beside the TinyDB figures.

    .venv/bin/python bench/portal.py [--complaints 50000] [--open N] [--requests 400] [--threads 4] [--database URL]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.domain import complaints as c  # noqa: E402
from portal.domain.conduct import actions as k  # noqa: E402
from portal.domain.conduct.fold import fold_conduct  # noqa: E402
from portal.domain.events import Actor  # noqa: E402
from portal.domain.profile import load_profile  # noqa: E402
from portal.domain.roles import Role  # noqa: E402
from portal.projections import case_summary, conduct_summary, projection_version  # noqa: E402
from portal.store import Store  # noqa: E402

PASSWORD = "benchmark password"
TODAY = date(2025, 12, 1)
SURNAMES = ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Wright")
FIRST = ("Ann", "Ben", "Cat", "Dan", "Eve", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kim", "Lee", "Mo", "Ned", "Oli")
STREETS = ("High Street", "Mill Lane", "Church Road", "Station Road", "Park Avenue", "Victoria Road")
OPEN_SHARE = 0.03


def closed_history(profile, customer: Actor, staff: Actor, manager: Actor, start: date, depth: int) -> list:
    """Received, acknowledged, notes, a reply, closed: a stage 1 complaint of years gone by."""
    events = [c.receive_complaint((), profile, customer, start, channel="online", received_on=start,
                                  summary="Repairs to the kitchen ceiling after a leak",
                                  what_went_wrong="Water came through twice and the repair was not finished.")]
    day = start + timedelta(days=2)
    events.append(c.acknowledge_complaint(events, profile, staff, day, understanding="The leak and the repair.",
                                          outcome_sought="A finished repair."))
    for n in range(depth):
        day += timedelta(days=1)
        events.append(c.add_note(events, profile, staff, day, text=f"Called the contractor ({n + 1})."))
    day += timedelta(days=2)
    events.append(c.respond_to_complaint(events, profile, manager, day, outcome="upheld",
                                         reasons="The repair was booked late.", remedy="We apologise.",
                                         compensation_pence=5000, category="Repairs",
                                         root_cause="The contractor's diary was full."))
    events.append(c.close_complaint(events, profile, manager, day + timedelta(days=30), note="No escalation."))
    return events


def open_history(profile, customer: Actor, staff: Actor, start: date, acknowledged: bool) -> list:
    """A complaint received `start` (within the last 30 days), perhaps acknowledged."""
    events = [c.receive_complaint((), profile, customer, start, channel="phone", received_on=start,
                                  summary="Damp and mould in the back bedroom",
                                  what_went_wrong="The mould came back a month after the wall was treated.")]
    if acknowledged:
        events.append(c.acknowledge_complaint(events, profile, staff, start + timedelta(days=1),
                                              understanding="The mould keeps coming back.",
                                              outcome_sought="A lasting repair."))
    return events


def seed(store, count: int, customers: int, open_share: float = OPEN_SHARE) -> dict[str, str]:
    """Fill an open store: staff, customers, `count` complaints (`open_share` of them open), a few conduct files."""
    from argon2 import PasswordHasher

    profile = load_profile(ROOT / "content/landlords/torus.toml")
    version = projection_version(profile)
    hashed = PasswordHasher().hash(PASSWORD)
    rng = random.Random(7)
    staff_id = store.users.create({"kind": "staff", "email": "officer@bench.example", "name": "Sam Taylor",
                                   "password_hash": hashed, "session_version": 0, "landlord": "torus",
                                   "disabled": False, "role": Role.COMPLAINTS_OFFICER.value})
    people = []
    for n in range(customers):
        name = f"{rng.choice(FIRST)} {rng.choice(SURNAMES)}"
        fields = {"kind": "tenant", "name": name, "landlord": "torus", "disabled": False, "session_version": 0,
                  "address": [f"{rng.randint(1, 200)} {rng.choice(STREETS)}", "Oldtown", f"OT{n % 9} {n % 10}AB"],
                  "phone": f"01234 {n:06d}", "customer_ref": f"T{n:06d}", "password_hash": "", "email": ""}
        if n == 0:
            fields.update(email="owner@bench.example", password_hash=hashed)
        people.append(fields)
    for start in range(0, len(people), 1000):  # the store's bulk path: one durable write per shard touched
        batch = people[start:start + 1000]
        for fields, user_id in zip(batch, store.users.create_many(batch)):
            fields["id"] = user_id
    staff = Actor(staff_id, "Sam Taylor", Role.COMPLAINTS_OFFICER)
    manager = Actor("U-manager", "Morgan Lee", Role.MANAGER)
    who = Actor(people[0]["id"], "Customer")
    closed = [closed_history(profile, who, staff, manager, date(2020, 1, 6) + timedelta(days=37 * d), 6 + d % 8)
              for d in range(40)]
    opened = [open_history(profile, who, staff, TODAY - timedelta(days=d), acknowledged=d > 3) for d in range(30)]
    templates = [(events, c.fold(events, profile)) for events in closed + opened]

    def item(events, state, person) -> dict:
        row = case_summary(state, case_id="", landlord="torus", customer_id=person["id"], customer=person,
                           version=version)
        return {"landlord": "torus", "customer_id": person["id"], "events": [e.to_dict() for e in events],
                "summary": row}

    made, batch, mine = 0, 2000, None
    while made < count:
        items = []
        for _ in range(min(batch, count - made)):
            events, state = templates[len(closed) + rng.randrange(len(opened))] if rng.random() < open_share \
                else templates[rng.randrange(len(closed))]
            items.append(item(events, state, rng.choice(people)))
        store.complaints.create_many(items)
        made += len(items)
    events, state = templates[-1]
    mine = store.complaints.create(**{k_: v for k_, v in item(events, state, people[0]).items()})
    for person in people[1:61]:  # sixty customers with a conduct file
        event = k.record_incident(fold_conduct((), profile), profile, staff, TODAY, kind="unreasonable_contact_levels",
                                  occurred_on=TODAY, channel="phone", description="Called 20 times in a day")
        row = conduct_summary(fold_conduct([event], profile), customer_id=person["id"], landlord="torus",
                              version_count=1, customer=person, version=version)
        store.conduct.append(person["id"], event.to_dict(), landlord="torus", summary=row)
    open_count = len(store.summaries.open("torus"))
    return {"owner": "owner@bench.example", "staff": "officer@bench.example", "case": mine, "open": str(open_count)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def sign_in(port: int, email: str) -> str:
    """Sign in through the form; return the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", "/sign-in")
    response = conn.getresponse()
    html = response.read().decode()
    cookie = response.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
    body = f"email={email}&password={PASSWORD.replace(' ', '+')}&csrf_token={token}"
    conn.request("POST", "/sign-in", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    response = conn.getresponse()
    response.read()
    assert response.status == 302, f"sign-in failed: {response.status}"
    return response.getheader("Set-Cookie").split(";")[0]


def load(port: int, path: str, cookie: str, requests: int, threads: int) -> tuple[float, list[float]]:
    """Send `requests` GETs from `threads` keep-alive clients; return (req/s, latencies in ms)."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_thread = max(1, requests // threads)

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        mine = []
        for _ in range(per_thread):
            start = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie})
            response = conn.getresponse()
            response.read()
            mine.append((time.perf_counter() - start) * 1000)
            assert response.status == 200, f"{path}: HTTP {response.status}"
        with lock:
            latencies.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    began = time.perf_counter()
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return len(latencies) / (time.perf_counter() - began), latencies


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1]


def rss_mb(master: int) -> float:
    """Resident memory of gunicorn's worker (the master's child), in MB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    pid = int(children[0]) if children else master
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def wait_for(port: int, server: subprocess.Popen) -> None:
    deadline = time.time() + 300
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)


def measure(env: dict[str, str], workers: int, threads: int, seeded: dict[str, str],
            requests: int) -> tuple[list[tuple], float, float]:
    """Every route under one gunicorn: (rows of label, req/s, p50, p95), RSS after start and after the run."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-w", str(workers), "--threads", str(threads),
         "-b", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "300", "portal:create_app()"],
        cwd=ROOT, env=env)
    try:
        wait_for(port, server)
        started = rss_mb(server.pid)
        tenant, staff = sign_in(port, seeded["owner"]), sign_in(port, seeded["staff"])
        routes = (("/healthz", "/healthz", ""), ("tenant complaint page", f"/complaints/{seeded['case']}", tenant),
                  ("staff case page", f"/staff/cases/{seeded['case']}", staff),
                  ("staff work queues", "/staff/", staff),
                  ("work list: overdue, unowned", "/staff/?when=overdue&owner=unassigned", staff),
                  ("staff search 'smith'", "/staff/search?q=smith", staff),
                  ("customer list 'smith'", "/staff/customers?q=smith", staff),
                  ("conduct list", "/staff/conduct", staff))
        rows = []
        clients = threads * workers
        for label, path, cookie in routes:
            load(port, path, cookie, min(40, requests), clients)  # warm up
            rate, lat = load(port, path, cookie, requests, clients)
            rows.append((label, rate, pct(lat, 50), pct(lat, 95), os.getloadavg()[0]))
        return rows, started, rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


def report(title: str, rows: list[tuple], started: float, after: float) -> None:
    print(f"\n{title}")
    print(f"{'route':<26} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'x /healthz':>11} {'load 1 min':>11}")
    bare = rows[0][1]
    for label, rate, p50, p95, load_average in rows:
        print(f"{label:<26} {rate:8.0f} {p50:8.1f} {p95:8.1f} {rate / bare:10.2f}x {load_average:11.1f}")
    print(f"server resident memory (first worker): {started:.0f} MB after start, {after:.0f} MB after the run")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--customers", type=int, default=0, help="default: one per ten complaints")
    parser.add_argument("--open", type=int, default=0, help="about how many are open (default 3%%); keep it "
                        "at the 50,000 run's number to see whether cost grows with history alone")
    parser.add_argument("--requests", type=int, default=400, help="per route")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--keep", type=Path, help="seed into this folder once and reuse it on later runs")
    parser.add_argument("--database", default="", help="postgresql://... (emptied first) or 'local': "
                        "also measure the portal on PostgreSQL with -w 1 and -w 2")
    args = parser.parse_args()
    customers = args.customers or max(100, args.complaints // 10)
    open_share = args.open / args.complaints if args.open else OPEN_SHARE
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        instance = (args.keep or Path(tmp)) / "instance"
        seeded_file = instance / "seeded.json"
        began = time.perf_counter()
        if seeded_file.exists():
            seeded = json.loads(seeded_file.read_text())
        else:
            with Store(instance / "data") as store:
                seeded = seed(store, args.complaints, customers, open_share)
            seeded_file.write_text(json.dumps(seeded))
            print(f"seeded {args.complaints:,} complaints ({seeded['open']} open) in "
                  f"{time.perf_counter() - began:.0f} s")
        env = {**os.environ, "PORTAL_INSTANCE_PATH": str(instance), "PORTAL_LANDLORD": "torus",
               "PORTAL_SITE_DIR": str(Path(tmp) / "site"), "PORTAL_TODAY": TODAY.isoformat(),
               "PORTAL_MAIL_SENDER_SECONDS": "0"}
        env.pop("PORTAL_DATABASE_URL", None)
        results.append((f"TinyDB: gunicorn -w 1 --threads {args.threads}", *measure(env, 1, args.threads, seeded,
                                                                                     args.requests)))
        if args.database:
            import psycopg

            from portal.store.pg import PgStore

            from tests.postgres import bench_database

            url, stop = bench_database(args.database)
            try:
                began = time.perf_counter()
                with PgStore(url) as store:
                    on_pg = seed(store, args.complaints, customers, open_share)
                with psycopg.connect(url, autocommit=True) as conn:  # as autovacuum would within a minute:
                    conn.execute("VACUUM ANALYZE")  # statistics for the planner, pages marked all-visible
                print(f"seeded PostgreSQL in {time.perf_counter() - began:.0f} s")
                for workers in (1, 2):
                    results.append((f"PostgreSQL: gunicorn -w {workers} --threads {args.threads}",
                                    *measure({**env, "PORTAL_DATABASE_URL": url}, workers, args.threads, on_pg,
                                             args.requests)))
            finally:
                stop()
    print(f"\n{args.requests} requests per route from threads x workers keep-alive clients on this machine; "
          f"{args.complaints:,} complaints, {seeded['open']} open; {os.cpu_count()} cores, load average "
          "(machine-wide, 1 minute) beside each route")
    for title, rows, started, after in results:
        report(title, rows, started, after)
    if len(results) == 3:
        one, two = ({label: rate for label, rate, *_ in results[n][1]} for n in (1, 2))
        queues, search = "staff work queues", "staff search 'smith'"
        print(f"\nPostgreSQL -w 2 / -w 1 throughput: staff work queues {two[queues] / one[queues]:.2f}x, "
              f"staff search {two[search] / one[search]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
