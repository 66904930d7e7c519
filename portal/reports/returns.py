"""The regulators' returns: Tenant Satisfaction Measures CH01/CH02 (England), the SPSO
model procedure's indicators and the Scottish Housing Regulator's ARC complaints figures.

Each is a Table in the shape its data collection asks for, computed from case facts.
"""

from __future__ import annotations

from typing import Sequence

from portal.domain.profile import Profile
from portal.reports.facts import CaseFacts
from portal.reports.figures import OUTCOMES, accepted, code_rule, replied_in, stages
from portal.reports.periods import Period
from portal.reports.tables import Table, pct, table

TENURE_LABELS = {"low_cost_rental": "Low-cost rental accommodation (LCRA)",
                 "low_cost_home_ownership": "Low-cost home ownership (LCHO)"}
TSM_COLUMNS = ("TSM", "Tenure", "Measure", "Numerator", "Denominator", "Result")


def _by_tenure(facts: Sequence[CaseFacts], tenure: str) -> list[CaseFacts]:
    return [f for f in facts if f.tenure == tenure]


def tsm(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Table:
    """CH01 (complaints per 1,000 homes) and CH02 (share replied to within the Code's timescales)."""
    stock = profile.reports.stock if profile.reports else {}
    rows = []
    for tenure, name in TENURE_LABELS.items():
        mine = accepted(_by_tenure(facts, tenure))
        homes = stock.get(tenure, 0)
        s1 = len([f for f in mine if f.received_on in period])
        s2 = len([s for s in stages(mine, 2) if s.started_on in period])
        for stage, count in (("one", s1), ("two", s2)):
            rows.append(("CH01", name, f"Stage {stage} complaints received per 1,000 homes", count, homes,
                         round(1000 * count / homes, 1) if homes else None))
    for tenure, name in TENURE_LABELS.items():
        mine = _by_tenure(facts, tenure)
        for number, stage in ((1, "one"), (2, "two")):
            done = [s for s in replied_in(mine, number, period) if s.target]
            on = sum(bool(s.on_time) for s in done)
            rows.append(("CH02", name, f"Stage {stage} complaints responded to within the Complaint Handling "
                         f"Code's timescales (%)", on, len(done), pct(on, len(done))))
    return table("tsm", f"Tenant Satisfaction Measures CH01 and CH02, {period.label}", TSM_COLUMNS, rows,
                 note=code_rule(profile) + " Complaints not taken on are not counted. Homes are the stock "
                 "counts in the landlord's profile; each customer record carries its tenure.")


def tsm_strict(facts: Sequence[CaseFacts], period: Period) -> Table:
    """CH02 beside its strict figure (no extension counted), for the report, not the return."""
    rows = []
    for tenure, name in TENURE_LABELS.items():
        mine = _by_tenure(facts, tenure)
        for number in (1, 2):
            done = [s for s in replied_in(mine, number, period) if s.target]
            on, strict = sum(bool(s.on_time) for s in done), sum(bool(s.on_time_strict) for s in done)
            rows.append((f"{name}, stage {number}", len(done), on, pct(on, len(done)), strict,
                         pct(strict, len(done))))
    return table("tsm_strict", "CH02 with the strict figure beside it", (
        "Tenure and stage", "Replies", "Within the Code's timescales", "%", "By the first reply date", "Strict %"),
        rows)


def spso(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Table:
    """The SPSO model procedure's indicators for each stage."""
    rows = []
    mine = accepted(facts)
    for number in (1, 2):
        limit = profile.complaints.stage(number).respond_working_days
        received = [s for s in stages(mine, number) if s.started_on in period]
        closed = replied_in(mine, number, period)
        within = sum(s.working_days is not None and s.working_days <= limit for s in closed)
        days = [s.working_days for s in closed if s.working_days is not None]
        extended = sum(bool(s.extensions) for s in closed)
        row = [f"Stage {number}", len(received), len(closed), within, pct(within, len(closed)),
               round(sum(days) / len(days), 1) if days else None, extended, pct(extended, len(closed))]
        row += [sum(s.outcome == code for s in closed) for code in OUTCOMES]
        rows.append(tuple(row))
    direct = len([f for f in mine if f.received_on in period and f.stage(2)
                  and not (f.stage(1) and f.stage(1).responded_on)])
    s1_replied = len(replied_in(mine, 1, period))
    s2_from_s1 = len([f for f in mine if (s := f.stage(2)) and s.started_on in period
                      and f.stage(1) and f.stage(1).responded_on])
    return table("spso", f"SPSO model complaints handling procedure: indicators, {period.label}", (
        "Stage", "Received", "Closed (full reply)", "Closed within the timescale", "Closed within the timescale %",
        "Average working days to a full reply", "Extended", "Extended %",
        *(f"{name}" for name in OUTCOMES.values())), rows,
        note=(f"Timescales: stage 1 {profile.complaints.stage1.respond_working_days} working days, stage 2 "
              f"{profile.complaints.stage2.respond_working_days} working days, counted from the day received. "
              f"Escalated after a stage 1 reply: {s2_from_s1} of {s1_replied} stage 1 replies; "
              f"taken straight to stage 2: {direct}."))


def arc(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Table:
    """The Scottish Housing Regulator's ARC complaints indicator (Indicator 3), first and second stage."""
    mine = accepted(facts)
    cols = []
    for number in (1, 2):
        limit = profile.complaints.stage(number).respond_working_days
        all_stage = stages(mine, number)
        carried = len([s for s in all_stage if s.started_on < period.start
                       and (s.responded_on is None or s.responded_on >= period.start)])
        received = len([s for s in all_stage if s.started_on in period])
        closed = replied_in(mine, number, period)
        within = sum(s.working_days is not None and s.working_days <= limit for s in closed)
        days = [s.working_days for s in closed if s.working_days is not None]
        cols.append((carried, received, len(closed), within, round(sum(days) / len(days), 1) if days else None))
    names = ("Complaints carried forward from the previous reporting year", "Complaints received in the reporting year",
             "Complaints responded to in full in the reporting year",
             "Complaints responded to in full within the SPSO model procedure's timescales",
             "Average time in working days for a full response")
    return table("arc", f"Annual Return on the Charter: complaints (Indicator 3), {period.label}",
                 ("Indicator 3", "1st stage", "2nd stage"),
                 [(name, cols[0][i], cols[1][i]) for i, name in enumerate(names)])
