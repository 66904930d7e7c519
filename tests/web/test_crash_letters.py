"""The crash path: a worker SIGKILLed mid-step again and again leaves no step without its letter."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from test_staff_kit import kit  # noqa: F401

from tests.conftest import ROOT

CASES = 12
POINTS = ("event", "outbox", "render", "stored")


def _kill_rounds(app, rng) -> dict[str, int]:
    """Run the worker until every case is acknowledged, each run dying at a random point; kills per point."""
    from portal.casework import load_case
    from portal.data import get_store

    def all_cases(_landlord):
        return [load_case(i) for i in get_store().complaints.ids()]

    env = {**os.environ, "PORTAL_INSTANCE_PATH": app.instance_path, "PYTHONPATH": str(ROOT)}
    if app.config.get("DATABASE_URL"):  # the worker uses the same store as the test
        env["PORTAL_DATABASE_URL"] = app.config["DATABASE_URL"]
    kills = dict.fromkeys(POINTS, 0)
    for round_ in range(60):
        point = POINTS[round_ % len(POINTS)]
        done = subprocess.run([sys.executable, str(Path(__file__).with_name("crash_worker.py")), point,
                               str(rng.randint(1, 2))], env=env, capture_output=True, text=True, timeout=300)
        if done.returncode == -signal.SIGKILL:
            kills[point] += 1
        else:
            assert done.returncode == 0, done.stderr
        with app.app_context():
            if all(case.state.status.value != "awaiting_acknowledgement" for case in all_cases("torus")):
                return kills
    raise AssertionError("the worker never finished")


@pytest.mark.slow
def test_every_acknowledgement_has_exactly_one_letter_after_kills_and_recovery(app, kit):
    from portal import dispatch
    from portal.casework import load_case
    from portal.data import get_store

    officer = kit.person("complaints_officer")
    for n in range(CASES):
        kit.case(kit.customer(name=f"Customer {n}", address=[f"{n} Crash Court", "Oldtown"]), officer)
    kills = _kill_rounds(app, random.Random(11))
    assert all(kills.values()), kills  # every crash point was hit at least once
    with app.app_context():  # recovery: what `flask send-mail` and the server's start-up do, once the
        from datetime import timedelta  # dead worker's leases have run out

        from portal.clock import now_utc

        dispatch.run_outbox(now_utc() + dispatch.LEASE + timedelta(seconds=1))
        store = get_store()
        for case in map(load_case, store.complaints.ids()):
            kinds = [letter["kind"] for letter in store.letters.for_case(case.id)]
            assert kinds == ["stage1_acknowledgement"], (case.id, kinds)
        assert not [i for i in store.outbox.all("letter") if i.state != "sent"]
