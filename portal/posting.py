"""Marking printed letters as posted: the letter leaves the print queue, and a complaint's case records the
posting (through `casework.act`), because the time to ask for stage 2 may count from when it arrives."""

from __future__ import annotations

import re
from datetime import date, datetime

from portal import casework
from portal.data import get_store
from portal.domain.complaints import posting
from portal.domain.complaints.guards import not_after_today
from portal.domain.events import Actor
from portal.domain.profile import Profile

_COMPLAINT_LETTER = re.compile(r"(?P<case>C-[^/]+)/(?P<event>\d+)/letter(/easy)?")  # effects' letter keys


def mark_posted(letter_id: str, posted_on: date, actor: Actor, profile: Profile, *, today: date,
                now: datetime) -> date:
    """Record that a queued letter went in the post on `posted_on`; returns the day it counts as received.

    The case's event comes first: if the store's letter update is then lost, marking it again
    finds the posting already recorded and adds nothing. Raises DomainError (bad date, or a
    conflict on the case), with nothing changed.
    """
    not_after_today(posted_on, today, "posted_on", "it was posted")
    store = get_store()
    letter = store.letters.get(letter_id) or {}
    found = _COMPLAINT_LETTER.fullmatch(letter.get("key") or "")
    if found and found["case"] == letter.get("case_id"):
        case = casework.load_case(found["case"])
        number = int(found["event"])
        if case and posting.posted(case.state, case.profile, number) != posted_on:
            casework.act(case.id, posting.record_posting, actor, today=today, now=now, letter_event=number,
                         posted_on=posted_on)
    received = posting.deemed_received(posted_on, profile) or posted_on
    store.letters.mark_posted(letter_id, posted_on.isoformat(), received.isoformat())
    return received
