"""The one work list: every thing owed on every open case in one table, overdue first, then by due date.

Built from the read model's rows of the open cases (`store.summaries.open`) and the conduct
files' review rows, never from events: each row gives one line per thing it owes (a risk
referral, an acknowledgement, a reply, an agreed action, a service request), and the filters
pick lines by what is owed, when, stage, owner, risk and adjustments.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Iterable, Mapping

from portal.domain.calendar import WorkingCalendar
from portal.domain.complaints.kinds import Status
from portal.domain.complaints.referral import RISK_UNREFERRED
from portal.domain.profile import Profile
from portal.staff import queues as q
from portal.store import CaseSummary, ConductSummary

ANYONE, ME, UNASSIGNED = "anyone", "me", "unassigned"
OWNERS = ((ANYONE, "Anyone"), (ME, "Me"), (UNASSIGNED, "Nobody yet"))
RISKS = (("any", "Any"), ("risk", "Risk of harm"), ("unreferred", "Referral still owed"), ("none", "No risk flagged"))
ADJUSTMENTS = (("any", "Any"), ("yes", "Has adjustments"), ("no", "No adjustments"))
_ORDER = {key: n for n, (key, _) in enumerate(q.WHAT)}
#: One line's "what is owed", as the table says it.
OWED = {"referrals": "Risk referral", "ack1": "Acknowledgement", "reply1": "Stage 1 reply",
        "ack2": "Stage 2 acknowledgement", "reply2": "Stage 2 reply", "actions": "Agreed action",
        "reviews": "Protocol review", q.REQUESTS: "Service request"}


@dataclass(frozen=True)
class Filters:
    """What the person asked the list to show (each value one of its choices)."""

    what: str = "all"
    when: str = "all"
    stage: str = "any"
    owner: str = ANYONE  # ANYONE, ME, UNASSIGNED or a user id
    risk: str = "any"
    adjustments: str = "any"

    def as_args(self) -> dict[str, str]:
        """The filters as query arguments, leaving out those at their default."""
        default = Filters()
        return {name: value for name, value in vars(self).items() if value != getattr(default, name)}


@dataclass(frozen=True, slots=True)
class Line:
    """One thing owed, as cheap as can be: the full table row (`q.Row`) is made only for the page shown."""

    queue: str
    due: date | None  # None: a service request with no target date
    case: CaseSummary | None = None
    review: ConductSummary | None = None

    @property
    def ref(self) -> str:
        """The case id, or the customer id of a protocol review."""
        return self.case.id if self.case else self.review.customer_id


# Each open case's lines, worked out once per row: rows are immutable and the embedded store hands out a
# new one when a case changes (so the same object is current); PostgreSQL keeps its objects until a case
# changes too, but two threads reading at once can each make their own, so an equal row is compared field
# by field once (still far cheaper than working the lines out) and then kept as the object now current. A line holds no date
# worked out from today (how late it is comes with the page shown), so it stays right from day to day.
# Kept only for the cases open at the last look, so it grows with open cases, never with history.
_LINES: dict[str, tuple[CaseSummary, Profile, list[Line]]] = {}


def _lines_of(rows: Iterable[CaseSummary], profile: Profile, calendar: WorkingCalendar) -> list[Line]:
    """The lines of every row, reusing those worked out for the same row and profile."""
    global _LINES
    cached, kept, lines = _LINES, {}, []
    days = profile.complaints.risk_referral_working_days
    for row in rows:
        hit = cached.get(row.id)
        if hit is None or hit[1] is not profile or not (hit[0] is row or hit[0] == row):
            hit = (row, profile, _lines(row, days, calendar))
        elif hit[0] is not row:  # an equal row read again: kept under this object, so the next look is `is`
            hit = (row, profile, hit[2])
        kept[row.id] = hit
        lines += hit[2]
    _LINES = kept
    return lines


def _lines(row: CaseSummary, referral_days: int, calendar: WorkingCalendar) -> list[Line]:
    """Everything one open case owes, one line each."""
    lines = [Line(key, due, row) for key, due in (("ack1", row.ack1_due), ("reply1", row.reply1_due),
                                                   ("ack2", row.ack2_due), ("reply2", row.reply2_due),
                                                   ("actions", row.actions_due)) if due]
    if row.status == Status.SERVICE_REQUEST.value:
        lines.append(Line(q.REQUESTS, row.request_due, row))
    elif row.risk == RISK_UNREFERRED and row.received_on:
        lines.append(Line("referrals", calendar.add_working_days(row.received_on, referral_days), row))
    return lines


def _keep(line: Line, filters: Filters, actor_id: str, today: date) -> bool:
    if filters.what not in ("all", line.queue):
        return False
    if filters.when != "all" and (line.due is None or not q.matches_when(line.due, filters.when, today)):
        return False
    row = line.case
    if filters.stage != "any" and (row is None or str(row.stage) != filters.stage):
        return False
    wanted = {ANYONE: None, ME: actor_id, UNASSIGNED: ""}.get(filters.owner, filters.owner)
    if wanted is not None and (row is None or row.owner != wanted):
        return False
    at_risk = bool(row and (row.risk_of_harm or row.risk))
    if filters.risk != "any" and {"risk": not at_risk, "none": at_risk,
                                  "unreferred": not row or row.risk != RISK_UNREFERRED}[filters.risk]:
        return False
    return filters.adjustments == "any" or (filters.adjustments == "yes") == bool(row and row.adjustments)


def work_list(open_rows: Iterable[CaseSummary], reviews: Iterable[ConductSummary], filters: Filters,
              actor_id: str, profile: Profile, today: date, calendar: WorkingCalendar,
              newest_first: bool = False) -> list[Line]:
    """Every line owed that the filters keep, soonest (so overdue) first; lines with no target date last."""
    lines = _lines_of(open_rows, profile, calendar)
    lines += [Line("reviews", r.review_on, review=r) for r in reviews]
    kept = [line for line in lines if _keep(line, filters, actor_id, today)]
    kept.sort(key=lambda x: (x.due or date.max, _ORDER.get(x.queue, 0), x.ref), reverse=newest_first)
    return kept


def table_rows(lines: Iterable[Line], today: date, calendar: WorkingCalendar) -> tuple[q.Row, ...]:
    """The table rows of the lines shown, with how late each is worked out from today."""
    shown = []
    for line in lines:
        if line.review is not None:
            shown.append(q.review_row(line.review, today))
            continue
        row = line.case
        made = q.case_row(row, line.queue, today, calendar, line.due or date.max)
        shown.append(replace(made, due=line.due, overdue=made.overdue and line.due is not None,
                             adjustments=tuple(a for a in row.adjustments.split("\n") if a), risk_level=row.risk))
    return tuple(shown)


def owner_choices(open_rows: Iterable[CaseSummary], name_of) -> tuple[tuple[str, str], ...]:
    """The owner filter's choices: anyone, me, nobody yet, then each person who owns an open case by name."""
    people = {r.owner for r in open_rows if r.owner}
    return OWNERS + tuple(sorted(((uid, name_of(uid)) for uid in people), key=lambda item: (item[1], item[0])))


def read_filters(args: Mapping[str, str], owners: Iterable[str]) -> Filters:
    """The filters from the query arguments; anything unknown falls back to its default."""
    def pick(name: str, choices: Iterable[str], default: str) -> str:
        value = args.get(name, default)
        return value if value in set(choices) else default
    return Filters(what=pick("what", dict(q.WHAT), "all"), when=pick("when", dict(q.WHEN), "all"),
                   stage=pick("stage", dict(q.STAGES), "any"), owner=pick("owner", owners, ANYONE),
                   risk=pick("risk", dict(RISKS), "any"), adjustments=pick("adjustments", dict(ADJUSTMENTS), "any"))
