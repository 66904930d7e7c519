"""Benchmark: the tenant's complaint page under gunicorn with 50k complaints stored.

Prints requests per second and p50/p99 latency for `/complaints/<id>` (signed in as its
owner) beside the bare `/healthz` route on the same server, and the ratio.

    .venv/bin/python bench/portal.py [--complaints 50000] [--requests 2000] [--threads 8]
"""

from __future__ import annotations

import argparse
import http.client
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
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal.domain import complaints as c  # noqa: E402
from portal.domain.events import Actor  # noqa: E402
from portal.domain.profile import load_profile  # noqa: E402
from portal.domain.roles import Role  # noqa: E402
from portal.store import Store  # noqa: E402

PASSWORD = "benchmark password"


def history(profile, customer: Actor, staff: Actor, manager: Actor, start: date, depth: int) -> list[dict]:
    """A realistic event list: received, acknowledged, notes, a reply, maybe stage 2."""
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
    return [e.to_dict() for e in events]


def seed(folder: Path, count: int) -> tuple[str, str]:
    """Fill a store with `count` complaints over count/3 customers; return (owner email, a complaint id)."""
    from argon2 import PasswordHasher

    profile = load_profile(ROOT / "content/landlords/torus.toml")
    store = Store(folder)
    staff = Actor("U-staff", "Sam Taylor", Role.COMPLAINTS_OFFICER)
    manager = Actor("U-manager", "Morgan Lee", Role.MANAGER)
    owner = store.users.create({"kind": "tenant", "email": "owner@bench.example", "name": "Bench Owner",
                                "password_hash": PasswordHasher().hash(PASSWORD), "session_version": 0,
                                "landlord": "torus", "disabled": False})
    customers = [owner] + [f"U-c{n:06d}" for n in range(count // 3)]
    templates = [history(profile, Actor(customers[0], "Customer"), staff, manager, date(2025, 1, 6), d)
                 for d in range(6, 14)]
    rng = random.Random(7)
    made, batch = 0, 2000
    while made < count:
        items = [{"landlord": "torus", "customer_id": rng.choice(customers), "events": rng.choice(templates),
                  "meta": {"open": False, "status": "responded"}} for _ in range(min(batch, count - made))]
        store.complaints.create_many(items)
        made += len(items)
    mine = store.complaints.create(landlord="torus", customer_id=owner, events=templates[-1],
                                   meta={"open": False, "status": "responded"})
    store.close()
    return "owner@bench.example", mine


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
    per_thread = requests // threads

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


def pct(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        instance = Path(tmp) / "instance"
        began = time.perf_counter()
        email, complaint = seed(instance / "data", args.complaints)
        print(f"seeded {args.complaints:,} complaints in {time.perf_counter() - began:.1f} s")
        port = free_port()
        env = {**os.environ, "PORTAL_INSTANCE_PATH": str(instance), "PORTAL_LANDLORD": "torus",
               "PORTAL_SITE_DIR": str(Path(tmp) / "site")}
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-w", "1", "--threads", str(args.threads),
             "-b", f"127.0.0.1:{port}", "--log-level", "warning", "portal:create_app()"],
            cwd=ROOT, env=env)
        try:
            deadline = time.time() + 60
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    if time.time() > deadline or server.poll() is not None:
                        raise SystemExit("gunicorn did not start")
                    time.sleep(0.2)
            cookie = sign_in(port, email)
            rows = []
            for label, path in (("bare route /healthz", "/healthz"),
                                (f"complaint page /complaints/{complaint}", f"/complaints/{complaint}")):
                load(port, path, cookie, min(200, args.requests), args.threads)  # warm up
                rate, lat = load(port, path, cookie, args.requests, args.threads)
                rows.append((label, rate, pct(lat, 50), pct(lat, 99)))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\ngunicorn -w 1 --threads {args.threads}, {args.requests} requests from {args.threads} "
          f"keep-alive clients on the same 2-core machine")
    print(f"{'route':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8}")
    for label, rate, p50, p99 in rows:
        print(f"{label:<44} {rate:8.0f} {p50:8.2f} {p99:8.2f}")
    bare, page = rows
    print(f"\ncomplaint page / bare route: {page[1] / bare[1]:.2f}x the throughput, "
          f"{page[2] / bare[2]:.1f}x the p50 latency")
    return 0


if __name__ == "__main__":
    sys.exit(main())
