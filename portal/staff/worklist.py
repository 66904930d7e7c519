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


# Each open case's lines, worked out once per row and day: rows are immutable and the embedded store
# hands out a new one when a case changes (so the same object is current); PostgreSQL reads fresh
# row objects each time, compared field by field (still far cheaper than working the lines out).
# Kept only for the cases open at the last look, so it grows with open cases, never with history.
_LINES: dict[str, tuple[CaseSummary, date, Profile, list[q.Row]]] = {}


def _lines_of(rows: Iterable[CaseSummary], profile: Profile, today: date, calendar: WorkingCalendar) -> list[q.Row]:
    """The lines of every row, reusing those worked out for the same row, day and profile."""
    global _LINES
    cached, kept, lines = _LINES, {}, []
    for row in rows:
        hit = cached.get(row.id)
        if hit is None or not (hit[0] is row or hit[0] == row) or hit[1] != today or hit[2] is not profile:
            hit = (row, today, profile, _lines(row, profile, today, calendar))
        kept[row.id] = hit
        lines += hit[3]
    _LINES = kept
    return lines


def _lines(row: CaseSummary, profile: Profile, today: date, calendar: WorkingCalendar) -> list[q.Row]:
    """Everything one open case owes, one line each."""
    lines = [q.case_row(row, key, today, calendar) for key in ("ack1", "reply1", "ack2", "reply2", "actions")
             if row.due(key)]
    if row.status == Status.SERVICE_REQUEST.value:
        due = q.request_due(row, today, calendar)
        base = q.case_row(row, "requests", today, calendar, due.on if due else date.max)
        lines.append(base if due else replace(base, due=None, overdue=False, working_days_late=0))
    elif row.risk == RISK_UNREFERRED and row.received_on:
        lines += q.referral_rows([row], profile, today, calendar)
    adjustments = tuple(a for a in row.adjustments.split("\n") if a)
    return [replace(line, adjustments=adjustments, risk_level=row.risk) for line in lines]


def _keep(line: q.Row, filters: Filters, actor_id: str, today: date) -> bool:
    if filters.what not in ("all", line.queue):
        return False
    if filters.when != "all" and (line.due is None or not q.matches_when(line.due, filters.when, today)):
        return False
    if filters.stage != "any" and str(line.stage) != filters.stage:
        return False
    wanted = {ANYONE: None, ME: actor_id, UNASSIGNED: ""}.get(filters.owner, filters.owner)
    if wanted is not None and (line.queue == "reviews" or line.owner != wanted):
        return False
    if filters.risk != "any" and {"risk": not line.risk, "unreferred": line.risk_level != RISK_UNREFERRED,
                                  "none": line.risk}[filters.risk]:
        return False
    return filters.adjustments == "any" or (filters.adjustments == "yes") == bool(line.adjustments)


def work_list(open_rows: Iterable[CaseSummary], reviews: Iterable[ConductSummary], filters: Filters,
              actor_id: str, profile: Profile, today: date, calendar: WorkingCalendar,
              newest_first: bool = False) -> list[q.Row]:
    """Every line owed that the filters keep, soonest (so overdue) first; lines with no target date last."""
    lines = _lines_of(open_rows, profile, today, calendar)
    lines += [q.review_row(r, today) for r in reviews]
    kept = [line for line in lines if _keep(line, filters, actor_id, today)]
    kept.sort(key=lambda x: (x.due or date.max, _ORDER.get(x.queue, 0), x.ref), reverse=newest_first)
    return kept


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
