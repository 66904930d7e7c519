"""How long importing a housing system's CSV takes: the dry run (plan) and the import, then a re-run.

Run: .venv/bin/python bench/import_customers.py [--rows 10000]
Builds a CSV of N customers, imports it into an empty store in a temporary folder
through the same code as `flask --app portal import customers`, and prints seconds for
the plan, the import, and the re-run of the same file (which must change nothing).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TENURES = ("General needs", "Shared ownership", "Supported housing", "Leaseholder")


def sample_csv(rows: int) -> str:
    """A CSV export with `rows` customers, every column filled in on most rows."""
    lines = ["Reference,Name,Address 1,Address 2,Postcode,Phone,Email,Tenure,Adjustments"]
    for n in range(1, rows + 1):
        email = f"customer{n}@example.com" if n % 3 else ""
        adjust = "Large print" if n % 7 == 0 else ""
        lines.append(f"T-{n:06d},Customer {n},{n} Long Street,Salford,M5 4WT,0161 496 {n % 10000:04d},"
                     f"{email},{TENURES[n % len(TENURES)]},{adjust}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["PORTAL_INSTANCE_PATH"] = str(Path(folder) / "instance")
        from portal import create_app
        from portal.staff.imports import apply_import, plan_import

        app = create_app({"TESTING": True, "SITE_DIR": str(Path(folder) / "site")})
        text = sample_csv(args.rows)
        with app.app_context():
            landlord = app.config["LANDLORD"]
            start = time.perf_counter()
            plan = plan_import(text, landlord)
            planned = time.perf_counter() - start
            assert plan.ok, plan.problems or [r for r in plan.rows if r.action == "refuse"][:3]
            start = time.perf_counter()
            apply_import(plan, landlord=landlord, by="bench", source="bench.csv")
            imported = time.perf_counter() - start
            start = time.perf_counter()
            again = plan_import(text, landlord)
            replanned = time.perf_counter() - start
            unchanged = again.count("unchanged")
        app.extensions["store"].close()
    print(f"rows: {args.rows}")
    print(f"dry run (plan):        {planned:6.2f} s")
    print(f"import (plan applied): {imported:6.2f} s   total with plan {planned + imported:6.2f} s")
    print(f"re-run plan:           {replanned:6.2f} s   unchanged rows {unchanged} of {args.rows}")


if __name__ == "__main__":
    main()
