"""What the access log adds to a staff page: the cost of recording one view, and of reading a customer's log.

Run: .venv/bin/python bench/access_log.py [--views 20000] [--customers 2000]
Records N views spread over M customers into an empty folder (the same code the staff
blueprint's after-request hook runs), then reads one customer's log; prints per-view
p50/p95 in microseconds, to set beside the staff page timings of bench/portal.py.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal.store.access import AccessLog  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--views", type=int, default=20_000)
    parser.add_argument("--customers", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        log = AccessLog(Path(folder))
        times = []
        for n in range(args.views):
            start = time.perf_counter()
            log.record(customer_id=f"U-{n % args.customers:06d}", by="U-999999", at="2026-12-01T10:00:00+00:00",
                       what="case", ref=f"C-2026-{n:06d}")
            times.append((time.perf_counter() - start) * 1e6)
        times.sort()
        start = time.perf_counter()
        views = log.for_customer("U-000001")
        read_ms = (time.perf_counter() - start) * 1000
    print(f"views recorded: {args.views} over {args.customers} customers")
    print(f"record one view: p50 {statistics.median(times):.0f} us, p95 {times[int(0.95 * (len(times) - 1))]:.0f} us")
    print(f"read one customer's log ({len(views)} views): {read_ms:.2f} ms")


if __name__ == "__main__":
    main()
