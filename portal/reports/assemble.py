"""Each report as sections of tables: the annual report, TSM, SPSO and ARC, the governing-body
pack and the ex-gratia report. Pure: facts, register entries and the profile in, a Report out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Sequence

from portal.domain.profile import Profile
from portal.reports import figures as f
from portal.reports import returns
from portal.reports.facts import CaseFacts
from portal.reports.periods import Period, months_of
from portal.reports.tables import Section, Table, table

TREND_PERIODS = 4  # the pack compares a period with the ones before it


@dataclass(frozen=True)
class Report:
    """A finished report: what it is, for whom, for which period, and its sections."""

    key: str
    title: str
    landlord: str
    period: Period
    sections: tuple[Section, ...]

    def tables(self) -> list[Table]:
        """Every table of every section, in order."""
        return [t for s in self.sections for t in s.tables]

    def table(self, key: str) -> Table:
        """One table by its key."""
        for t in self.tables():
            if t.key == key:
                return t
        raise KeyError(f"{self.key}: no table {key!r}")


def figures_section(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Section:
    """The figures the Code's section 8 names, in its order."""
    return Section("figures", "Complaints in figures", (
        f.volumes(facts, period), f.channels(facts, period), f.categories(facts, period),
        f.outcomes(facts, period), f.timeliness(facts, period, profile), f.average_days(facts, period),
        f.extension_counts(facts, period), f.extensions(facts, period), f.refusals(facts, period, profile),
        f.remedies(facts, period), f.escalation_rate(facts, period), f.ombudsman(facts, period, profile),
    ))


def learning_section(facts: Sequence[CaseFacts], period: Period, actions: Table) -> Section:
    """Improvement actions and the themes behind them, month by month."""
    months = months_of(period)
    return Section("learning", "Learning and service improvement", (
        actions, f.themes(facts, months, "category"), f.themes(facts, months, "root_cause")))


def tsm(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Report:
    """Tenant Satisfaction Measures CH01 and CH02 for a financial year."""
    return Report("tsm", "Tenant Satisfaction Measures: complaints", profile.name, period, (
        Section("tsm", "CH01 and CH02", (returns.tsm(facts, profile, period), returns.tsm_strict(facts, period))),
    ))


def spso(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Report:
    """The SPSO indicators for a quarter or a year, with the ARC figures for a year."""
    tables = [returns.spso(facts, profile, period), f.extensions(facts, period)]
    if period.kind == "year":
        tables.insert(1, returns.arc(facts, profile, period))
    return Report("spso", "Complaints handling indicators", profile.name, period, (
        Section("spso", "SPSO model procedure indicators", tuple(tables)),))


def trend(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Table:
    """Key figures for this period and the ones before it, oldest first."""
    periods = [period]
    for _ in range(TREND_PERIODS - 1):
        periods.insert(0, periods[0].previous())
    rows = []
    for p in periods:
        t = f.timeliness(facts, p, profile)
        reply1 = next(r for r in t.rows if r[0].startswith("Stage 1 reply"))
        outcomes = f.outcomes(facts, p)
        upheld = outcomes.cell("Upheld", "Stage 1") + outcomes.cell("Partly upheld", "Stage 1")
        v = f.volumes(facts, p)
        rows.append((p.label, v.cell("Stage 1 complaints received", "Number"),
                     v.cell("Stage 2 complaints received", "Number"), reply1[3], upheld))
    return table("trend", "Trend against previous periods", (
        "Period", "Stage 1 received", "Stage 2 received", "Stage 1 replies on time %", "Stage 1 upheld or partly"),
        rows, chart=(1, 2))


def pack(facts: Sequence[CaseFacts], profile: Profile, period: Period, to: str, actions: Table,
         as_at: date) -> Report:
    """The governing-body pack for a month or a quarter."""
    return Report(f"pack-{period.kind}", f"Complaints report to {to}", profile.name, period, (
        Section("summary", "This period", (
            f.volumes(facts, period), f.categories(facts, period), f.outcomes(facts, period),
            f.timeliness(facts, period, profile), f.ombudsman(facts, period, profile))),
        Section("trend", "Trends", (trend(facts, profile, period),)),
        learning_section(facts, period, actions),
        Section("overdue", "Overdue cases", (f.overdue(facts, min(as_at, period.end)),)),
    ))


def ex_gratia(facts: Sequence[CaseFacts], profile: Profile, period: Period) -> Report:
    """Every ex-gratia payment decided in the year, by the level of authority it needed."""
    rows: dict[str, list[int]] = {}
    detail = []
    for c in facts:
        for g in c.ex_gratia:
            if g.decided_on not in period:
                continue
            level = profile.title(profile.ex_gratia.approver_role if g.approver == profile.ex_gratia.approver_role.value
                                  else profile.ex_gratia.above_limit_role)
            r = rows.setdefault(level, [0, 0, 0, 0, 0])
            r[0] += 1
            if g.approved:
                r[1] += 1
                r[2] += g.amount_pence
                r[3] += g.amount_pence - g.net_pence
                r[4] += g.net_pence
            detail.append((c.id, g.decided_on.isoformat(), level, "Approved" if g.approved else "Refused",
                           g.amount_pence / 100, (g.amount_pence - g.net_pence) / 100 if g.approved else 0.0,
                           g.net_pence / 100 if g.approved else 0.0))
    by_level = table("ex_gratia_levels", "Payments by approval level", (
        "Approved by", "Decisions", "Approved", "Amount approved (£)", "Debt offset (£)", "Paid (£)"),
        [(level, n, a, gross / 100, debt / 100, net / 100) for level, (n, a, gross, debt, net) in sorted(rows.items())])
    payments = table("ex_gratia_payments", "Every decision", (
        "Complaint", "Decided on", "Approved by", "Decision", "Amount (£)", "Debt offset (£)", "Paid (£)"),
        sorted(detail, key=lambda r: (r[1], r[0])))
    limit = profile.ex_gratia.approver_limit_pence / 100
    return Report("ex-gratia", f"Ex-gratia payments: annual report to the {profile.title(profile.ex_gratia.above_limit_role)}",
                  profile.name, period, (Section("ex_gratia", "Payments", (by_level, payments), (
                      f"A {profile.title(profile.ex_gratia.approver_role)} may approve up to and including "
                      f"£{limit:,.0f}; above that the {profile.title(profile.ex_gratia.above_limit_role)} decides. "
                      "Money the customer owes is taken off unless that would cause hardship.",)),))


ANALYSIS_FIELDS = {
    "non_compliance": "Findings of non-compliance with the Code",
    "improvements": "Service improvements made because of complaints",
    "ombudsman_letter": "The ombudsman's annual letter about our performance",
    "governing_body_response": "The governing body's response to this report",
}


def _share(part: int, whole: int, what: str) -> str:
    return f"{what}: {round(100 * part / whole)}% of {whole}" if whole else f"{what}: none in the year"


def self_assessment(facts: Sequence[CaseFacts], profile: Profile, period: Period,
                    answers: dict[str, dict] | None = None) -> Table:
    """Each provision the figures can evidence, the evidence, and staff's comply/explain answer."""
    rows = []
    answers = answers or {}
    for number in (1, 2):
        rules = profile.complaints.stage(number)
        if rules.acknowledges:
            done = [s for s in f.stages(facts, number) if s.acknowledged_on in period and s.acknowledgement_due]
            rows.append((f"stage{number}_acknowledge", f"Acknowledge a stage {number} complaint within "
                         f"{rules.acknowledge_working_days} working days",
                         _share(sum(bool(s.acknowledged_on_time) for s in done), len(done), "acknowledged on time")))
        done = [s for s in f.replied_in(facts, number, period) if s.target]
        rows.append((f"stage{number}_respond", f"Reply at stage {number} within {rules.respond_working_days} working days",
                     _share(sum(bool(s.on_time) for s in done), len(done), "replied on time")))
        made = [x for s in f.stages(facts, number) for x in s.extensions if x.on in period]
        limit = profile.reports.extension_limit(number) if profile.reports else 0
        rows.append((f"stage{number}_extend", f"Extend stage {number} only with reasons, within "
                     + (f"{limit} more working days" if limit else "the code's limits"),
                     _share(sum(x.in_code for x in made), len(made), "extensions in line with the code")))
    refused = [c for c in facts if c.excluded_on in period]
    rows.append(("refusal", "Explain in writing why a complaint is not taken on, with the right to go to the "
                 "ombudsman", f"{len(refused)} complaints not taken on, each with a letter giving the reasons"))
    replies = f.replied_in(facts, 1, period) + f.replied_in(facts, 2, period)
    upheld = [s for s in replies if s.outcome in ("upheld", "partly_upheld")]
    rows.append(("remedy", "Put things right where we got it wrong",
                 _share(sum(s.remedy for s in upheld), len(upheld), "upheld replies with a remedy")))
    return table("self_assessment", "Self-assessment against the Code", (
        "Provision", "What it asks", "Evidence from the year", "Comply or explain", "Explanation"),
        [(key, asks, evidence, (answers.get(key) or {}).get("comply", "Not yet assessed"),
          (answers.get(key) or {}).get("explain", "")) for key, asks, evidence in rows])


def annual(facts: Sequence[CaseFacts], profile: Profile, period: Period, actions: Table, *,
           answers: dict[str, dict] | None = None, analysis: dict[str, str] | None = None,
           conduct: Table | None = None) -> Report:
    """The annual complaints performance and service improvement report (HOS Code section 8)."""
    analysis = analysis or {}
    written = tuple(f"{title}: {analysis.get(key) or 'To be completed by staff before the report is finalised.'}"
                    for key, title in ANALYSIS_FIELDS.items())
    sections = [
        Section("self_assessment", "Self-assessment", (self_assessment(facts, profile, period, answers),)),
        figures_section(facts, profile, period),
        learning_section(facts, period, actions),
        Section("analysis", "Our analysis", (), written),
    ]
    if conduct is not None:
        sections.append(Section("conduct", "Communication protocols", (conduct,)))
    return Report("annual", "Annual complaints performance and service improvement report", profile.name,
                  period, tuple(sections))
