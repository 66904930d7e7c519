"""Report use cases: read the complaints' summary rows once, then build a report from them.

Each complaint's report facts are written with every event (casework's `act`), so a
report reads one small row per complaint and folds nothing; a row written before the
facts existed, or in an older format, is folded once here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from weakref import WeakKeyDictionary

from flask import current_app

from portal.casework import load_case
from portal.data import get_profile, get_store
from portal.domain.complaints.kinds import Status
from portal.domain.conduct.kinds import ConductEventKind as ConductKind
from portal.domain.errors import DomainError
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.domain.roles import Role
from portal.reports import assemble
from portal.reports.facts import CaseFacts, case_facts, from_row
from portal.reports.figures import FactSet
from portal.reports.periods import Period, financial_year, of_day
from portal.reports.tables import Table, table
from portal.store import Conflict


# Per store: case id -> (row version, profile version, facts). The store keeps each row's report
# facts compressed (`summaries.full` unpacks them); unpacked facts are kept here until the row
# moves on (a new event, or a profile change), so a second report unpacks nothing.
_FACTS: "WeakKeyDictionary[object, dict[str, tuple[int, str, CaseFacts | None]]]" = WeakKeyDictionary()


def _facts_of(row, summaries) -> CaseFacts | None:
    full = summaries.full(row.id)
    facts = from_row(row.id, full.report if full else None, row.tenure)
    if facts is None and row.status != Status.SERVICE_REQUEST.value:  # a report row in an older format
        case = load_case(row.id)
        facts = case and case_facts(row.id, case.state, row.tenure)
    return facts


def landlord_facts(landlord: str) -> FactSet:
    """The report facts of every complaint of a landlord (service requests left out)."""
    store = get_store()
    kept = _FACTS.setdefault(store, {})
    out = []
    for row in store.summaries.kept(landlord):
        cached = kept.get(row.id)
        if cached is None or cached[:2] != (row.version, row.computed_with):
            cached = (row.version, row.computed_with, _facts_of(row, store.summaries))
            kept[row.id] = cached
        facts = cached[2]
        if facts is not None:
            out.append(facts if facts.tenure == row.tenure else replace(facts, tenure=row.tenure))
    return FactSet(out)


def tsm_report(period: Period, profile: Profile | None = None) -> assemble.Report:
    """TSM CH01 and CH02 for a financial year."""
    profile = profile or get_profile()
    return assemble.tsm(landlord_facts(profile.slug), profile, period)


def spso_report(period: Period, profile: Profile | None = None) -> assemble.Report:
    """The SPSO indicators (and, for a year, the ARC figures)."""
    profile = profile or get_profile()
    return assemble.spso(landlord_facts(profile.slug), profile, period)


def ex_gratia_report(period: Period, profile: Profile | None = None) -> assemble.Report:
    """The annual ex-gratia report to the body above the approver's limit."""
    profile = profile or get_profile()
    return assemble.ex_gratia(landlord_facts(profile.slug), profile, period)


def conduct_table(landlord: str, period: Period) -> Table:
    """Communication protocols in force in the period, imposed, reviewed and ended in it."""
    counts = {"in_force": 0, "imposed": 0, "reviews": 0, "ended": 0}
    for record in get_store().conduct.all(landlord):
        start = end = None
        for e in record.events:
            on = date.fromisoformat(e["on"])
            if e["kind"] == ConductKind.PROTOCOL_IMPOSED:
                start, end = on, None
                counts["imposed"] += on in period
            elif e["kind"] == ConductKind.PROTOCOL_ENDED:
                end = on
                counts["ended"] += on in period
            elif e["kind"] == ConductKind.REVIEW_COMPLETED:
                counts["reviews"] += on in period
        counts["in_force"] += bool(start and start <= period.end and (end is None or end >= period.start))
    return table("protocols", "Communication protocols", ("Measure", "Number"), [
        ("In force during the period", counts["in_force"]), ("Imposed in the period", counts["imposed"]),
        ("Reviews held in the period", counts["reviews"]), ("Ended in the period", counts["ended"])])


def _annual_key(landlord: str, year: int) -> str:
    return f"annual-{landlord}-{year}"


def annual_draft(landlord: str, year: int) -> dict:
    """The staff-written parts of a year's annual report: self-assessment answers, analysis, status."""
    doc = get_store().registers.get(_annual_key(landlord, year))
    return doc or {"answers": {}, "analysis": {}, "finalised": False, "versions": [], "version": 0}


def save_annual_draft(actor: Actor, landlord: str, year: int, *, answers: dict[str, dict],
                      analysis: dict[str, str], finalise: bool, version: int, now: datetime) -> dict:
    """Keep staff's comply/explain answers and analysis; finalising keeps this version for good."""
    if actor.role is None or not actor.role.at_least(Role.MANAGER):
        raise DomainError("Only a manager or someone more senior can complete the annual report.")
    doc = annual_draft(landlord, year)
    for key, answer in answers.items():
        if answer.get("comply") not in ("Comply", "Explain"):
            raise DomainError("Choose comply or explain for each provision.", field=f"comply_{key}")
        if answer["comply"] == "Explain" and not (answer.get("explain") or "").strip():
            raise DomainError("Explain why the Code is not met.", field=f"explain_{key}")
    versions = list(doc.get("versions", []))
    if finalise:
        versions.append({"at": now.isoformat(timespec="seconds"), "by": actor.name, "answers": answers,
                         "analysis": analysis})
    new = {"answers": answers, "analysis": analysis, "finalised": bool(finalise) or doc.get("finalised", False),
           "versions": versions}
    try:
        return get_store().registers.put(
            _annual_key(landlord, year), new, kind="annual_report", landlord=landlord, expected_version=version,
            note={"at": now.isoformat(timespec="seconds"), "by": actor.id, "by_name": actor.name,
                  "what": "Annual report finalised" if finalise else "Annual report draft saved"})
    except Conflict:
        raise DomainError("Someone else saved this report while you were working on it. Check it and "
                          "try again.") from None


def annual_report(year: int, profile: Profile | None = None) -> assemble.Report:
    """The annual report for the financial year starting in April `year`, with staff's parts."""
    from portal.learning import actions_table

    profile = profile or get_profile()
    period = financial_year(year)
    doc = annual_draft(profile.slug, year)
    latest = doc["versions"][-1] if doc.get("versions") else doc
    return assemble.annual(landlord_facts(profile.slug), profile, period, actions_table(profile.slug, period),
                           answers=latest.get("answers"), analysis=latest.get("analysis"),
                           conduct=conduct_table(profile.slug, period))


def themes_report(period: Period, profile: Profile | None = None) -> list[Table]:
    """The learning register's themes: replies by category and by root cause, month by month."""
    from portal.reports import figures
    from portal.reports.periods import months_of

    profile = profile or get_profile()
    facts, months = landlord_facts(profile.slug), months_of(period)
    return [figures.themes(facts, months, "category"), figures.themes(facts, months, "root_cause")]


def publish_annual(year: int, profile: Profile, published: Path, site: Path | None = None) -> list[Path]:
    """Freeze the finalised annual report (HTML and PDF) for build.py to put on the policy site."""
    from portal.documents.published import copy_published
    from portal.documents.site import refresh_landlord_index
    from portal.reports import document

    if not annual_draft(profile.slug, year).get("finalised"):
        raise DomainError("Finalise the annual report before publishing it.")
    report = annual_report(year, profile)
    theme = Path(current_app.config["CONTENT_DIR"]) / "theme"
    folder = published / profile.slug
    folder.mkdir(parents=True, exist_ok=True)
    stem = document.file_stem(report)
    (folder / f"{stem}.html").write_text(document.html(report, profile, theme), encoding="utf-8")
    (folder / f"{stem}.pdf").write_bytes(document.pdf(report, profile, theme))
    if site is None:
        return [folder / f"{stem}.html", folder / f"{stem}.pdf"]
    copied = copy_published(published, site)
    refresh_landlord_index(Path(current_app.config["CONTENT_DIR"]), site, profile.slug, published)
    return copied


def pack_report(period: Period, today: date, profile: Profile | None = None) -> assemble.Report:
    """The governing-body pack for a month or quarter, for whoever the profile says gets it."""
    from portal.learning import actions_table

    profile = profile or get_profile()
    to = next((p.to for p in profile.reports.packs if p.every == period.kind), None)
    if to is None:
        raise ValueError(f"{profile.name} makes no {period.kind}ly pack.")
    return assemble.pack(landlord_facts(profile.slug), profile, period, to, actions_table(profile.slug, period),
                         today)


# kind: (title, the kinds of period it takes, the first being its default)
KINDS = {
    "annual": ("Annual complaints report and self-assessment", ("year",)),
    "tsm": ("Tenant Satisfaction Measures (CH01, CH02)", ("year",)),
    "spso": ("SPSO indicators and ARC complaints figures", ("quarter", "year")),
    "pack-quarter": ("Quarterly governing-body pack", ("quarter",)),
    "pack-month": ("Monthly pack", ("month",)),
    "ex-gratia": ("Ex-gratia payments", ("year",)),
}


def offered(profile: Profile) -> list[str]:
    """The reports this landlord makes, read from its profile."""
    reports = profile.reports
    kinds = []
    if reports and reports.code == "hos":
        kinds.append("annual")
    if reports and reports.regulator == "rsh":
        kinds.append("tsm")
    if reports and reports.code == "spso":
        kinds.append("spso")
    kinds += [f"pack-{p.every}" for p in (reports.packs if reports else ())]
    if profile.ex_gratia:
        kinds.append("ex-gratia")
    return kinds


def default_period(kind: str, today: date) -> Period:
    """The period a report opens on: this year so far, or the last finished month or quarter for a pack."""
    period = of_day(today, KINDS[kind][1][0])
    return period.previous() if kind.startswith("pack-") else period


def build(kind: str, period: Period, today: date, profile: Profile | None = None) -> assemble.Report:
    """Any report by its kind, for a period."""
    profile = profile or get_profile()
    if kind == "annual":
        return annual_report(period.start.year, profile)
    if kind == "tsm":
        return tsm_report(period, profile)
    if kind == "spso":
        return spso_report(period, profile)
    if kind == "ex-gratia":
        return ex_gratia_report(period, profile)
    return pack_report(period, today, profile)
