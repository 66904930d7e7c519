"""A worker for the crash test: acknowledges every received complaint, then dies by SIGKILL on cue.

Run as `python tests/web/crash_worker.py POINT N` with PORTAL_INSTANCE_PATH set. It kills itself
with SIGKILL the N-th time it reaches POINT inside a step:
  event  - the event is durable, nothing else is done yet
  outbox - the letter is in the outbox, not rendered
  render - the PDF is rendered, not kept
  stored - the letter is kept, the outbox not yet told
"""

from __future__ import annotations

import os
import signal
import sys
from datetime import date, datetime, timezone

from portal import casework, create_app, dispatch, effects
from portal.domain import complaints as c
from portal.domain.errors import DomainError
from portal.domain.events import Actor
from portal.domain.roles import Role
from portal.store.letters import Letters
from portal.store.pg.letters import Letters as PgLetters


def _die_on(point: str, times: int) -> None:
    seen = {"n": 0}

    def tick() -> None:
        seen["n"] += 1
        if seen["n"] >= times:
            os.kill(os.getpid(), signal.SIGKILL)

    def before(fn):
        return lambda *a, **k: (tick(), fn(*a, **k))[1]

    def after(fn):
        return lambda *a, **k: (fn(*a, **k), tick())[0]

    if point == "event":
        casework.effects.record = before(effects.record)
    elif point == "outbox":
        effects.dispatch.deliver_one = before(dispatch.deliver_one)
    elif point == "render":
        casework.letter_kit.render_letter = after(casework.letter_kit.render_letter)
    elif point == "stored":
        Letters.add = after(Letters.add)
        PgLetters.add = after(PgLetters.add)


if __name__ == "__main__":
    _die_on(sys.argv[1], int(sys.argv[2]))
    app = create_app({"TESTING": True, "TODAY": "2025-12-01"})
    officer = Actor(id="U-000001", name="Sam Officer", role=Role.COMPLAINTS_OFFICER)
    with app.app_context():
        store = app.extensions["store"]
        for case in map(casework.load_case, store.complaints.ids()):
            if case.state.status.value == "awaiting_acknowledgement":
                try:
                    casework.act(case.id, c.acknowledge_complaint, officer, today=date(2025, 12, 1),
                                 now=datetime(2025, 12, 1, 10, tzinfo=timezone.utc))
                except DomainError:
                    pass
