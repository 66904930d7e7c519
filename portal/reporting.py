"""Report use cases: read the complaints' summary rows once, then build a report from them.

Each complaint's report facts are written with every event (casework's `act`), so a
report reads one small row per complaint and folds nothing; a row written before the
facts existed, or in an older format, is folded once here.
"""

from __future__ import annotations

from datetime import date

from portal.casework import load_case
from portal.data import get_profile, get_store
from portal.domain.profile import Profile
from portal.reports import assemble
from portal.reports.facts import CaseFacts, case_facts, from_row
from portal.reports.periods import Period


def landlord_facts(landlord: str) -> list[CaseFacts]:
    """The report facts of every complaint of a landlord (service requests left out)."""
    out = []
    for case_id, meta in get_store().complaints.metas(landlord):
        facts = from_row(case_id, meta.get("report"), meta.get("tenure", ""))
        if facts is None and meta.get("report", False) is not None:  # None: a service request
            case = load_case(case_id)
            facts = case and case_facts(case_id, case.state, meta.get("tenure", ""))
        if facts is not None:
            out.append(facts)
    return out


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


def pack_report(period: Period, today: date, profile: Profile | None = None) -> assemble.Report:
    """The governing-body pack for a month or quarter, for whoever the profile says gets it."""
    from portal.learning import actions_table

    profile = profile or get_profile()
    to = next((p.to for p in profile.reports.packs if p.every == period.kind), None)
    if to is None:
        raise ValueError(f"{profile.name} makes no {period.kind}ly pack.")
    return assemble.pack(landlord_facts(profile.slug), profile, period, to, actions_table(profile.slug, period),
                         today)
