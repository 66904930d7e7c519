"""The figures every complaints report shares, each a Table computed from case facts.

Pure functions of (facts, profile, period): no store, no clock. A complaint counts in a
period by the date of the step being counted: received for volumes, the reply for
outcomes and timeliness, the extension for extensions, and so on.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Iterable, Sequence

from portal.domain.complaints.kinds import OMBUDSMAN_DECISIONS, OMBUDSMAN_FINDINGS
from portal.domain.complaints.timeline import CHANNEL_WORDS
from portal.domain.profile import Profile
from portal.reports.facts import CaseFacts, StageFacts
from portal.reports.periods import Period
from portal.reports.tables import Table, pct, table

OUTCOMES = {"upheld": "Upheld", "partly_upheld": "Partly upheld", "not_upheld": "Not upheld",
            "resolved": "Resolved"}
CODE_RULE = ("A reply counts as on time if it was sent by its reply date, or by a later date set by an "
             "extension made before the reply was late and within the {limits}. The strict figure counts "
             "only replies sent by the first reply date.")


def code_rule(profile: Profile) -> str:
    """The on-time rule in words, with the profile's extension limits."""
    limits = profile.reports.extension_limit_working_days if profile.reports else (0, 0)
    parts = [f"{n} working days at stage {i}" if n else f"no fixed limit at stage {i}"
             for i, n in enumerate(limits, start=1)]
    name = "Complaint Handling Code's limits" if profile.reports and profile.reports.code == "hos" else "model procedure's limits"
    return CODE_RULE.format(limits=f"{name} ({' and '.join(parts)})")


class FactSet(tuple):
    """The facts of many complaints, with the lists every table filters worked out once."""

    def __new__(cls, facts: Iterable[CaseFacts]) -> "FactSet":
        return super().__new__(cls, facts)

    def __init__(self, facts: Iterable[CaseFacts] = ()) -> None:
        self._lists: dict = {}

    def once(self, key: object, make) -> list:
        """The list under `key`, made on first use."""
        if key not in self._lists:
            self._lists[key] = make()
        return self._lists[key]


def accepted(facts: Iterable[CaseFacts]) -> list[CaseFacts]:
    """Complaints taken on (not refused at the start)."""
    make = lambda: FactSet(f for f in facts if not f.exclusion_code)  # noqa: E731
    return facts.once("accepted", make) if isinstance(facts, FactSet) else make()


def stages(facts: Iterable[CaseFacts], number: int) -> list[StageFacts]:
    """Every complaint's stage `number`, where it started."""
    make = lambda: [s for f in facts if (s := f.stage(number))]  # noqa: E731
    return facts.once(("stages", number), make) if isinstance(facts, FactSet) else make()


def replied_in(facts: Iterable[CaseFacts], number: int, period: Period) -> list[StageFacts]:
    """Stage `number` replies sent in the period."""
    return [s for s in stages(facts, number) if s.responded_on in period]


def channel_label(code: str) -> str:
    """A channel as a heading: 'Phone', 'In person'."""
    words = CHANNEL_WORDS.get(code, code or "not recorded").removeprefix("by ").removeprefix("on ")
    return words[:1].upper() + words[1:]


def label(code: str) -> str:
    """A stored code as words: 'damp_and_mould' -> 'Damp and mould'."""
    text = (code or "not recorded").replace("_", " ")
    return text[:1].upper() + text[1:]


def volumes(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Complaints received at each stage, and those not taken on."""
    s1 = [f for f in facts if f.received_on in period]
    return table("volumes", "Complaints received", ("Stage", "Number"), [
        ("Stage 1 complaints received", len([f for f in s1 if not f.exclusion_code])),
        ("Stage 2 complaints received", len([s for s in stages(facts, 2) if s.started_on in period])),
        ("Not taken on as complaints", len([f for f in facts if f.excluded_on in period])),
    ], chart=(1,))


def channels(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Stage 1 complaints received, by the way they reached us."""
    counts = Counter(f.channel for f in accepted(facts) if f.received_on in period)
    return table("channels", "Stage 1 complaints by channel", ("Channel", "Number"),
                 [(channel_label(c), n) for c, n in sorted(counts.items(), key=lambda i: (-i[1], i[0]))], chart=(1,))


def categories(facts: Sequence[CaseFacts], period: Period, field: str = "category") -> Table:
    """Replies sent in the period, by what the complaint was about (or its root cause)."""
    rows = Counter()
    for number in (1, 2):
        for s in replied_in(facts, number, period):
            rows[(getattr(s, field), number)] += 1
    names = sorted({k for k, _ in rows}, key=lambda k: (-(rows[(k, 1)] + rows[(k, 2)]), k))
    key, title = {"category": ("categories", "Replies by category"),
                  "root_cause": ("root_causes", "Replies by root cause")}[field]
    return table(key, title, ("Category" if field == "category" else "Root cause",
                                                          "Stage 1", "Stage 2", "Total"),
                 [(label(k), rows[(k, 1)], rows[(k, 2)], rows[(k, 1)] + rows[(k, 2)]) for k in names], chart=(3,))


def outcomes(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Replies sent in the period, by decision, at each stage."""
    rows = []
    by = {n: Counter(s.outcome for s in replied_in(facts, n, period)) for n in (1, 2)}
    for code, name in OUTCOMES.items():
        rows.append((name, by[1][code], by[2][code]))
    rows.append(("Total", sum(by[1].values()), sum(by[2].values())))
    return table("outcomes", "Outcomes of replies sent", ("Outcome", "Stage 1", "Stage 2"), rows, chart=(1, 2))


def timeliness(facts: Sequence[CaseFacts], period: Period, profile: Profile) -> Table:
    """Each step done in the period against the profile's dates: code measure and strict measure."""
    rows = []
    for number in (1, 2):
        rules = profile.complaints.stage(number)
        if rules.acknowledges:
            done = [s for s in stages(facts, number) if s.acknowledged_on in period and s.acknowledgement_due]
            on = sum(bool(s.acknowledged_on_time) for s in done)
            rows.append((f"Stage {number} acknowledgement (within {rules.acknowledge_working_days} working days)",
                         len(done), on, pct(on, len(done)), on, pct(on, len(done))))
        done = [s for s in replied_in(facts, number, period) if s.target]
        on = sum(bool(s.on_time) for s in done)
        strict = sum(bool(s.on_time_strict) for s in done)
        frm = "of the acknowledgement" if rules.respond_from == "acknowledgement" else "of receipt"
        rows.append((f"Stage {number} reply (within {rules.respond_working_days} working days {frm})",
                     len(done), on, pct(on, len(done)), strict, pct(strict, len(done))))
    return table("timeliness", "Timeliness of each step", (
        "Step", "Done in period", "On time", "On time %", "On time (strict)", "On time (strict) %"),
        rows, note=code_rule(profile), chart=(3, 5))


def average_days(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Average working days to a full reply at each stage."""
    rows = []
    for number in (1, 2):
        days = [s.working_days for s in replied_in(facts, number, period) if s.working_days is not None]
        rows.append((f"Stage {number}", len(days), round(sum(days) / len(days), 1) if days else None))
    return table("average_days", "Average working days to a full reply", ("Stage", "Replies", "Average working days"),
                 rows)


def extensions(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Extensions made in the period by stage and reason, and how many the code allowed."""
    rows: Counter = Counter()
    for f in facts:
        for s in f.stages:
            for x in s.extensions:
                if x.on in period:
                    rows[(s.number, x.reason, "made")] += 1
                    rows[(s.number, x.reason, "in" if x.in_code else "out")] += 1
                    rows[(s.number, x.reason, "agreed")] += x.customer_agreed is True
    keys = sorted({(n, r) for n, r, _ in rows}, key=lambda k: (k[0], -rows[(*k, "made")], k[1]))
    return table("extensions", "Extensions and their reasons", (
        "Reason", "Stage", "Extensions", "In line with the code", "Outside the code", "Customer agreed"),
        [(r, n, rows[(n, r, "made")], rows[(n, r, "in")], rows[(n, r, "out")], rows[(n, r, "agreed")])
         for n, r in keys])


def extension_counts(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Extensions made in the period, and the share of replies that had one."""
    rows = []
    for number in (1, 2):
        made = [x for s in stages(facts, number) for x in s.extensions if x.on in period]
        replied = replied_in(facts, number, period)
        with_ext = sum(bool(s.extensions) for s in replied)
        rows.append((f"Stage {number}", len(made), sum(x.in_code for x in made), sum(not x.in_code for x in made),
                     len(replied), with_ext, pct(with_ext, len(replied))))
    return table("extension_counts", "Extensions at each stage", (
        "Stage", "Extensions made", "In line with the code", "Outside the code", "Replies sent",
        "Replies that were extended", "Replies extended %"), rows)


def refusals(facts: Sequence[CaseFacts], period: Period, profile: Profile) -> Table:
    """Complaints not taken on, and requests for stage 2 refused, with the reasons."""
    rows = Counter()
    for f in facts:
        if f.excluded_on in period:
            rule = profile.complaints.exclusion(f.exclusion_code)
            rows[("Not taken on", rule.label if rule else label(f.exclusion_code))] += 1
        if f.escalation_refused_on in period:
            rows[("Stage 2 refused", f.escalation_refused_reason)] += 1
    return table("refusals", "Complaints refused or not taken on", ("What", "Reason", "Number"),
                 [(what, why, n) for (what, why), n in sorted(rows.items())])


def remedies(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Remedies offered and compensation in replies sent in the period, and ex-gratia paid."""
    rows = []
    for number in (1, 2):
        replied = replied_in(facts, number, period)
        paid = [s.compensation_pence for s in replied if s.compensation_pence]
        rows.append((f"Stage {number} replies", len(replied), sum(s.remedy for s in replied), len(paid),
                     sum(paid) / 100))
    grants = [g for f in facts for g in f.ex_gratia if g.decided_on in period and g.approved]
    rows.append(("Ex-gratia payments approved", len(grants), len(grants), len(grants),
                 sum(g.net_pence for g in grants) / 100))
    return table("remedies", "Remedies and compensation", (
        "Where", "Number", "With a remedy", "With money", "Money (£)"), rows)


def escalation_rate(facts: Sequence[CaseFacts], period: Period) -> Table:
    """Stage 2 complaints received as a share of stage 1 replies sent, in the period."""
    replies = len(replied_in(facts, 1, period))
    s2 = len([s for s in stages(facts, 2) if s.started_on in period])
    return table("escalation", "Stage 2 escalation rate", (
        "Measure", "Stage 1 replies sent", "Stage 2 complaints received", "Escalation rate %"),
        [("Escalation", replies, s2, pct(s2, replies))],
        note="Stage 2 complaints received in the period as a share of stage 1 replies sent in the period.")


def ombudsman(facts: Sequence[CaseFacts], period: Period, profile: Profile) -> Table:
    """Referrals to the ombudsman and its decisions in the period, by decision and finding."""
    rows = Counter()
    ordered = Counter()
    for f in facts:
        for o in f.ombudsman:
            if o.on not in period:
                continue
            if o.kind == "referred":
                rows[("Referred to the ombudsman", "")] += 1
            else:
                key = (OMBUDSMAN_DECISIONS[o.kind], OMBUDSMAN_FINDINGS.get(o.finding, o.finding))
                rows[key] += 1
                ordered[key] += o.compensation_ordered_pence
    return table("ombudsman", f"{profile.ombudsman.name}: referrals and decisions", (
        "What", "Finding", "Number", "Compensation ordered (£)"),
        [(what, finding, n, ordered[(what, finding)] / 100) for (what, finding), n in sorted(rows.items())])


def overdue(facts: Sequence[CaseFacts], as_at: date) -> Table:
    """Cases with something owed past its date on `as_at`: what, since when."""
    rows = []
    for f in facts:
        if f.exclusion_code:
            continue
        owed = []
        for s in f.stages:
            if s.acknowledgement_due and s.acknowledged_on is None and s.responded_on is None \
                    and s.acknowledgement_due < as_at and s.started_on <= as_at:
                owed.append((f"Stage {s.number} acknowledgement", s.acknowledgement_due))
            if s.due and s.responded_on is None and s.due < as_at and s.started_on <= as_at:
                owed.append((f"Stage {s.number} reply", s.due))
        owed += [("Agreed action", d) for d in f.action_targets if d < as_at]
        if f.status in ("closed", "excluded", "with_customer"):
            owed = [o for o in owed if o[0] == "Agreed action"]
        for what, due in owed:
            rows.append((f.id, what, due.isoformat(), (as_at - due).days))
    rows.sort(key=lambda r: (r[2], r[0]))
    return table("overdue", f"Overdue on {as_at.isoformat()}", ("Complaint", "What is owed", "Was due",
                                                                 "Days late"), rows)


def themes(facts: Sequence[CaseFacts], months: Sequence[Period], field: str) -> Table:
    """Replies by category (or root cause), month by month: the learning register's themes."""
    counts = Counter()
    keys = {(m.start.year, m.start.month): m.key for m in months}
    for number in (1, 2):
        for s in stages(facts, number):
            key = s.responded_on and keys.get((s.responded_on.year, s.responded_on.month))
            if key:
                counts[(getattr(s, field), key)] += 1
    names = sorted({k for k, _ in counts})
    what = "category" if field == "category" else "root cause"
    return table(f"themes_{field}", f"Themes by {what}, month by month",
                 (what.capitalize(), *(m.label for m in months), "Total"),
                 [(label(k), *(counts[(k, m.key)] for m in months), sum(counts[(k, m.key)] for m in months))
                  for k in names])
