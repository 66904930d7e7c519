"""Work queues: every open case under what the landlord owes and by when, plus protocol reviews.

The store filters, sorts and pages the summary rows (`store.summaries.queue`); this module
turns the filters into dates and a page's rows into lines, working out overdue from today.
A case owing a reply and an agreed action is in both queues, each with its date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Iterable

from portal.domain.calendar import WorkingCalendar
from portal.domain.complaints.referral import RISK_UNREFERRED
from portal.domain.profile import Profile
from portal.domain.complaints.kinds import OWED_SERVICE_REQUEST, Status
from portal.domain.complaints.state import Due
from portal.store import CaseSummary, ConductSummary

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
WHEN = (("all", "Any time"), ("overdue", "Overdue"), ("today", "Due today"), ("week", "Due in the next 7 days"))
STAGES = (("any", "Any stage"), ("1", "Stage 1"), ("2", "Stage 2"))
# The 'what is owed' filter: every queue, one queue, or the open service requests (not yet complaints).
REQUESTS = "requests"
WHAT = (("all", "Everything"), *QUEUES, (REQUESTS, "Open service requests"))
QUEUE_NAMES = {**dict(QUEUES), REQUESTS: "Service request"}
WEEK_DAYS = 7


@dataclass(frozen=True)
class Row:
    """One line of a queue: what is owed, by when, on which case, for whom."""

    queue: str
    due: date | None  # None: a service request with no target date
    overdue: bool
    working_days_late: int
    ref: str  # the case id, or the customer id for a protocol review
    customer_id: str
    customer_name: str
    stage: int | None
    status: str
    summary: str
    risk: bool = False  # someone may be at risk of harm: shown as a red tag
    owner: str = ""  # the owner's user id ('' while unassigned)
    risk_level: str = ""  # the row's `risk`: '' , 'unreferred' or 'referred'
    adjustments: tuple[str, ...] = ()  # reasonable adjustment codes


def window(when: str, today: date) -> tuple[date | None, date | None]:
    """The 'when' filter as dates (due_from, due_before): overdue, due today, in the next seven days, any time."""
    if when == "overdue":
        return None, today
    if when == "today":
        return today, today + timedelta(days=1)
    if when == "week":
        return today, today + timedelta(days=WEEK_DAYS)
    return None, None


def matches_when(due: date, when: str, today: date) -> bool:
    """The 'when' filter for one date (protocol reviews, which are few and come from the conduct rows)."""
    start, before = window(when, today)
    return (start is None or due >= start) and (before is None or due < before)


def case_row(row: CaseSummary, queue: str, today: date, calendar: WorkingCalendar, due: date | None = None) -> Row:
    """A queue line from a case's summary row; overdue and days late are worked out from today."""
    due = due or row.due(queue)
    late = calendar.working_days_between(due, today) if today > due else 0
    return Row(queue=queue, due=due, overdue=today > due, working_days_late=late, ref=row.id,
               customer_id=row.customer_id, customer_name=row.customer_name, stage=row.stage,
               status=Status(row.status).label, summary=row.summary, risk=row.risk_of_harm or bool(row.risk),
               owner=row.owner)


def referral_rows(rows: Iterable[CaseSummary], profile: Profile, today: date,
                  calendar: WorkingCalendar) -> list[Row]:
    """Risk referrals still owed: flagged open complaints not yet referred, due the profile's working days on."""
    days = profile.complaints.risk_referral_working_days
    return [case_row(r, "referrals", today, calendar, calendar.add_working_days(r.received_on, days))
            for r in rows if r.risk == RISK_UNREFERRED and r.received_on and r.status != Status.SERVICE_REQUEST.value]


def _next(row: CaseSummary) -> tuple[str, date] | None:
    owed = [(key, row.due(key)) for key, _ in QUEUES if key not in ("referrals", "reviews") and row.due(key)]
    return min(owed, key=lambda item: item[1]) if owed else None


def my_rows(rows: Iterable[CaseSummary], actor_id: str, today: date, calendar: WorkingCalendar) -> list[Row]:
    """What is owed next on each open case this person owns, soonest first."""
    mine = [(r, owed) for r in rows if r.owner == actor_id and (owed := _next(r))]
    return sorted((case_row(r, key, today, calendar, on) for r, (key, on) in mine), key=lambda x: (x.due, x.ref))


# Status values of complaints still owed a decision or a reply (service requests are not complaints yet).
_INTAKE = frozenset(s.value for s in Status if s.is_open and s is not Status.SERVICE_REQUEST)


def intake_rows(rows: Iterable[CaseSummary]) -> list[CaseSummary]:
    """Open complaints nobody owns yet, oldest first."""
    waiting = [r for r in rows if not r.owner and r.status in _INTAKE]
    return sorted(waiting, key=lambda r: (r.received_on or date.min, r.id))


def workload(rows: Iterable[CaseSummary], today: date, name_of) -> list[tuple[str, int, int]]:
    """(owner's name, open cases, overdue cases) for each person who owns something, busiest first."""
    counts: dict[str, list[int]] = {}
    for r in rows:
        if not r.owner:
            continue
        entry = counts.setdefault(r.owner, [0, 0])
        entry[0] += 1
        owed = _next(r)
        entry[1] += bool(owed and owed[1] < today)
    return sorted(((name_of(uid), n, late) for uid, (n, late) in counts.items()), key=lambda t: (-t[1], t[0]))


def request_due(row: CaseSummary, today: date, calendar: WorkingCalendar) -> Due | None:
    """When an open service request must be resolved by, and whether that is past, or None (no target)."""
    if row.request_due is None:
        return None
    late = calendar.working_days_between(row.request_due, today) if today > row.request_due else 0
    return Due(what=OWED_SERVICE_REQUEST, on=row.request_due, overdue=today > row.request_due, working_days_late=late)


def review_row(row: ConductSummary, today: date) -> Row:
    """A queue line for a protocol review, from the conduct file's summary row."""
    return Row(queue="reviews", due=row.review_on, overdue=row.review_on < today, working_days_late=0,
               ref=row.customer_id, customer_id=row.customer_id, customer_name=row.customer_name,
               stage=None, status="Review due", summary="Communication protocol review")
