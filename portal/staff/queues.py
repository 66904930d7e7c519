"""Work queues: every open case under what the landlord owes and by when, plus protocol reviews.

Pure over cases and review items, so the filters and ordering are tested without a
request. A case owing a reply and an agreed action is in both queues, each with its date.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Iterable, Sequence

from portal.casework import Case
from portal.domain.complaints.kinds import OWED_ACKNOWLEDGEMENT, OWED_ACTION, OWED_REPLY, Status
from portal.domain.complaints.ownership import owner_of
from portal.domain.complaints.referral import OWED_REFERRAL, is_flagged, referral_due
from portal.domain.complaints.state import Due

# (key, heading, what `Due.what` says); reviews come from the conduct files.
QUEUES: tuple[tuple[str, str], ...] = (
    ("referrals", "Risk referrals"),
    ("ack1", "Acknowledgements"),
    ("reply1", "Stage 1 replies"),
    ("ack2", "Stage 2 acknowledgements"),
    ("reply2", "Stage 2 replies"),
    ("actions", "Outstanding actions"),
    ("reviews", "Protocol reviews"),
)
QUEUE_NAMES = dict(QUEUES)
_BY_WHAT = {
    OWED_ACKNOWLEDGEMENT[1]: "ack1", OWED_REPLY[1]: "reply1",
    OWED_ACKNOWLEDGEMENT[2]: "ack2", OWED_REPLY[2]: "reply2", OWED_ACTION: "actions", OWED_REFERRAL: "referrals",
}
WHEN = (("all", "Any time"), ("overdue", "Overdue"), ("today", "Due today"), ("week", "Due in the next 7 days"))
STAGES = (("any", "Any stage"), ("1", "Stage 1"), ("2", "Stage 2"))
# The 'what is owed' filter: every queue, one queue, or the open service requests (not yet complaints).
REQUESTS = "requests"
WHAT = (("all", "Everything"), *QUEUES, (REQUESTS, "Open service requests"))
WEEK_DAYS = 7


@dataclass(frozen=True)
class Row:
    """One line of a queue: what is owed, by when, on which case, for whom."""

    queue: str
    due: date
    overdue: bool
    working_days_late: int
    ref: str  # the case id, or the customer id for a protocol review
    customer_id: str
    customer_name: str
    stage: int | None
    status: str
    summary: str
    risk: bool = False  # someone may be at risk of harm: shown as a red tag
    owner: str = ""  # the owner's name ('' while unassigned)


def owed(case: Case, today: date) -> list[Due]:
    """Everything a case owes, one per queue: its acknowledgement or reply, and its earliest agreed action.

    The reply or acknowledgement comes from the domain's own `next_due` (asked without the
    actions), so a case owing a stage 2 reply is in that queue even while an action is due sooner.
    """
    state = case.state
    found = [due for due in (referral_due(state, today),) if due]
    main = replace(state, actions=()).next_due(today)
    if main is not None:
        found.append(main)
    if state.status.is_open or state.status is Status.WITH_CUSTOMER:
        targets = [a.target for a in state.outstanding_actions if a.target]
        if targets:
            on = min(targets)
            late = state.calendar.working_days_between(on, today) if today > on else 0
            found.append(Due(what=OWED_ACTION, on=on, overdue=today > on, working_days_late=late))
    return found


def case_rows(cases: Iterable[Case], today: date) -> list[Row]:
    """A row for each thing each case owes, in the queue for that kind of thing."""
    rows = []
    for case in cases:
        for due in owed(case, today):
            if due.what not in _BY_WHAT:
                continue
            rows.append(Row(
                queue=_BY_WHAT[due.what], due=due.on, overdue=due.overdue, working_days_late=due.working_days_late,
                ref=case.id, customer_id=case.customer_id, customer_name=case.record.meta.get("customer_name", ""),
                stage=2 if case.state.status is Status.ESCALATION_REQUESTED else case.state.stage,
                status=case.state.status.label, summary=case.state.summary, risk=is_flagged(case.state),
                owner=owner.name if (owner := owner_of(case.state)) else "",
            ))
    return rows


def review_rows(reviews: Iterable[tuple[object, object]], names: dict[str, str], today: date) -> list[Row]:
    """Rows for protocol reviews (from `conductwork.review_list`): (conduct file, ReviewDue) pairs."""
    return [Row(queue="reviews", due=due.review_on, overdue=due.overdue, working_days_late=0,
                ref=file.customer_id, customer_id=file.customer_id, customer_name=names.get(file.customer_id, ""),
                stage=None, status="Review due", summary="Communication protocol review")
            for file, due in reviews]


def matches_when(row: Row, when: str, today: date) -> bool:
    """The 'when' filter: overdue, due today, due in the next seven days, or any time."""
    if when == "overdue":
        return row.due < today
    if when == "today":
        return row.due == today
    if when == "week":
        return today <= row.due < today + timedelta(days=WEEK_DAYS)
    return True


def pick(rows: Sequence[Row], *, what: str = "all", when: str = "all", stage: str = "any",
         today: date, newest_first: bool = False) -> dict[str, list[Row]]:
    """The filtered rows grouped by queue, in queue order, each sorted by due date."""
    chosen = [key for key, _ in QUEUES if what in ("all", key)]
    grouped: dict[str, list[Row]] = {key: [] for key in chosen}
    for row in rows:
        if row.queue not in grouped or not matches_when(row, when, today):
            continue
        if stage != "any" and (row.stage is None or str(row.stage) != stage):
            continue
        grouped[row.queue].append(row)
    for key in grouped:
        grouped[key].sort(key=lambda r: (r.due, r.ref), reverse=newest_first)
    return grouped


def my_work(cases: Iterable[Case], actor_id: str, today: date) -> list[Row]:
    """Everything owed on the cases this person owns, soonest first."""
    mine = [case for case in cases if (owner := owner_of(case.state)) and owner.id == actor_id]
    return sorted(case_rows(mine, today), key=lambda r: (r.due, r.ref))


def intake(cases: Iterable[Case]) -> list[Case]:
    """Open complaints nobody owns yet, oldest first."""
    waiting = [case for case in cases if case.state.is_open and case.state.status is not Status.SERVICE_REQUEST
               and owner_of(case.state) is None]
    return sorted(waiting, key=lambda case: (case.state.received_on or date.min, case.id))


def workload(cases: Iterable[Case], today: date) -> list[tuple[str, int, int]]:
    """(owner, open cases, overdue cases) for each person who owns something, busiest first."""
    counts: dict[str, list[int]] = {}
    for case in cases:
        owner = owner_of(case.state)
        if owner is None or not case.state.is_open:
            continue
        entry = counts.setdefault(owner.name, [0, 0])
        entry[0] += 1
        entry[1] += case.state.overdue(today)
    return sorted(((name, n, late) for name, (n, late) in counts.items()), key=lambda t: (-t[1], t[0]))
