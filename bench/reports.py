"""Bench: the annual report, the TSM return and a quarterly pack at 50,000 complaints.

A few hundred complaint histories are made with the real domain steps (receive,
acknowledge, extend, reply, escalate, refuse, exclude) across the financial year, each
with its report facts computed exactly as casework writes them; they are stored many
times over (create_many) until the store holds N complaints. Then each report is built
as the staff page and the CLI build it, timed cold (a fresh store object, files on disk:
its files indexed as a server does at start, which keeps each complaint's report facts
compressed in memory) and warm (the facts kept by reporting.py, re-read only for complaints
whose row moved on). Everything lives in a temp dir, removed at the end.

    .venv/bin/python bench/reports.py [--complaints 50000] [--pdf]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.domain import complaints as c  # noqa: E402
from portal.domain.calendar import calendar_for  # noqa: E402
from portal.domain.events import Actor  # noqa: E402
from portal.domain.profile import load_profile  # noqa: E402
from portal.domain.roles import Role  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 4, 1, tzinfo=timezone.utc)
OFFICER = Actor("S-1", "Officer", Role.OFFICER)
MANAGER = Actor("S-2", "Manager", Role.MANAGER)


def history(rng: random.Random, profile, start: date) -> list:
    """One complaint's events through the domain steps, with random but valid choices."""
    cal = calendar_for(profile.nation)
    events: list = []

    def do(step, day, actor=OFFICER, **fields):
        events.append(step(events, profile, actor, day, now=NOW, **fields))

    do(c.receive_complaint, start, channel=rng.choice(profile.complaints.channels), received_on=start,
       summary="A repair was late")
    if rng.random() < 0.04:
        do(c.exclude_complaint, cal.add_working_days(start, 1), MANAGER, reason="legal_proceedings",
           explanation="Not for this procedure.")
        return events
    day = start
    for stage in (1, 2):
        rules = profile.complaints.stage(stage)
        if rules.acknowledges:
            day = cal.add_working_days(day, rng.choice((1, 2, 3, 4, 5, 6)))
            do(c.acknowledge_complaint, day, understanding="The repair was late.", outcome_sought="Fix it.")
        state = c.fold(events, profile)
        if rules.extension != "none" and rng.random() < 0.12:
            due = state.response_due
            do(c.extend_complaint, cal.add_working_days(day, rng.choice((3, 8, 12))), reason=rng.choice(
                ("Waiting for a surveyor.", "Contractor report awaited.", "Complex case.")),
               new_due=cal.add_working_days(due, 5), customer_agreed=True)
        day = cal.add_working_days(day, rng.choice((3, 6, 8, 9, 10, 11, 14)))
        do(c.respond_to_complaint, day, OFFICER if stage == 1 else Actor("S-3", "Head", Role.HEAD_OF_SERVICE),
           outcome=rng.choice(("upheld", "partly_upheld", "not_upheld", "resolved")), reasons="We looked.",
           compensation_pence=rng.choice((0, 0, 0, 2500, 5000)),
           **({"category": rng.choice(profile.complaints.categories), "root_cause": "Diary not checked."}
              if profile.complaints.categories else {}))
        if stage == 2 or rng.random() > 0.18:
            break
        day = cal.add_working_days(day, 2)
        do(c.request_escalation, day, requested_on=day)
        do(c.escalate_complaint, day)
    return events


def templates(profile, count: int, rng: random.Random) -> list[tuple[list[dict], object, object]]:
    """(events, LCRA summary row, LCHO summary row) for `count` histories across financial year 2025."""
    from portal.projections import case_summary, projection_version

    out, version = [], projection_version(profile)
    cal = calendar_for(profile.nation)
    for _ in range(count):
        start = cal.day_zero(date(2025, 4, 1) + timedelta(days=rng.randrange(330)))
        events = history(rng, profile, start)
        state = c.fold(events, profile)
        rows = [case_summary(state, case_id="", landlord="torus", customer_id="U-000001",
                             customer={"name": "Bench Tenant", "tenure": tenure}, version=version)
                for tenure in ("general_needs", "shared_ownership")]
        out.append(([e.to_dict() for e in events], *rows))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--templates", type=int, default=400)
    parser.add_argument("--pdf", action="store_true", help="also time the annual report's PDF")
    args = parser.parse_args()
    rng = random.Random(14)
    profile = load_profile(ROOT / "content" / "landlords" / "torus.toml")
    made = time.perf_counter()
    shapes = templates(profile, args.templates, rng)
    print(f"{args.templates} histories through the domain steps in {time.perf_counter() - made:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PORTAL_INSTANCE_PATH"] = str(Path(tmp) / "instance")
        os.environ["PORTAL_DATA_DIR"] = str(Path(tmp) / "data")
        from portal import create_app, reporting
        from portal.data import get_store
        from portal.reports import document
        from portal.reports.periods import financial_year, parse
        from portal.store import Store

        app = create_app({"TESTING": True, "TODAY": "2026-04-01"})
        with app.app_context():
            started = time.perf_counter()
            store = get_store()
            batch = []
            for n in range(args.complaints):
                events, rent, owned = shapes[n % len(shapes)]
                summary = owned if n % 9 == 0 else rent
                batch.append({"landlord": "torus", "customer_id": summary.customer_id, "events": events,
                              "summary": summary})
                if len(batch) == 2000:
                    store.complaints.create_many(batch)
                    batch = []
            if batch:
                store.complaints.create_many(batch)
            print(f"stored {args.complaints:,} complaints in {time.perf_counter() - started:.1f} s")
            theme = ROOT / "content" / "theme"
            for label in ("cold", "warm"):
                if label == "cold":
                    app.extensions["store"].close()
                    app.extensions["store"] = Store(Path(tmp) / "data")
                    t0 = time.perf_counter()
                    app.extensions["store"].warm()
                    print(f"cold: a fresh store read and indexed in {time.perf_counter() - t0:.2f} s "
                          "(a server does this once, at start)")
                t0 = time.perf_counter()
                report = reporting.annual_report(2025)
                t1 = time.perf_counter()
                page = document.html(report, profile, theme)
                t2 = time.perf_counter()
                tsm = reporting.tsm_report(financial_year(2025))
                t3 = time.perf_counter()
                reporting.pack_report(parse("2025Q3"), date(2026, 4, 1))
                t4 = time.perf_counter()
                print(f"{label}: annual report figures {t1 - t0:.2f} s, HTML with charts {t2 - t1:.2f} s "
                      f"({len(page) // 1024} kB); TSM {t3 - t2:.2f} s; quarterly pack {t4 - t3:.2f} s")
            import resource
            print(f"peak resident memory {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB")
            print("load average (1, 5, 15 min): " + ", ".join(f"{x:.1f}" for x in os.getloadavg())
                  + f" on {os.cpu_count()} cores")
            received = report.table("volumes").cell("Stage 1 complaints received", "Number")
            print(f"stage 1 complaints received in the year: {received:,}; "
                  f"CH01 LCRA stage 1 per 1,000 homes: {tsm.table('tsm').rows[0][5]}")
            if args.pdf:
                t0 = time.perf_counter()
                pdf = document.pdf(report, profile, theme)
                print(f"annual report PDF {time.perf_counter() - t0:.2f} s ({len(pdf) // 1024} kB)")
            app.extensions["store"].close()


if __name__ == "__main__":
    main()
