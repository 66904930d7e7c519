"""Every figure of the English reports (Torus, financial year 2025) from a year built through act."""

from __future__ import annotations

from datetime import date

import pytest

from portal import reporting
from portal.reports import assemble, figures
from portal.reports.periods import financial_year, months_of, parse

YEAR = financial_year(2025)


@pytest.fixture(scope="module")
def facts(english):
    app, world = english
    with app.app_context():
        return reporting.landlord_facts(world.profile.slug), world


def test_volumes_and_channels(facts):
    rows, w = facts
    v = figures.volumes(rows, YEAR)
    assert v.rows == (("Stage 1 complaints received", 6), ("Stage 2 complaints received", 1),
                      ("Not taken on as complaints", 1))
    assert figures.channels(rows, YEAR).rows == (("Online", 3), ("Email", 1), ("Letter", 1), ("Phone", 1))


def test_outcomes(facts):
    rows, _ = facts
    assert figures.outcomes(rows, YEAR).rows == (
        ("Upheld", 2, 0), ("Partly upheld", 1, 0), ("Not upheld", 2, 0), ("Resolved", 1, 1), ("Total", 6, 1))


def test_timeliness_code_and_strict(facts):
    rows, w = facts
    t = figures.timeliness(rows, YEAR, w.profile)
    assert t.rows == (
        ("Stage 1 acknowledgement (within 5 working days)", 6, 5, 83.3, 5, 83.3),
        ("Stage 1 reply (within 10 working days of the acknowledgement)", 6, 4, 66.7, 3, 50.0),
        ("Stage 2 acknowledgement (within 5 working days)", 1, 1, 100.0, 1, 100.0),
        ("Stage 2 reply (within 20 working days of the acknowledgement)", 1, 1, 100.0, 1, 100.0),
    )
    assert "10 working days at stage 1 and 20 working days at stage 2" in t.note
    assert figures.average_days(rows, YEAR).rows == (("Stage 1", 6, 13.8), ("Stage 2", 1, 18.0))


def test_extensions_with_reasons(facts):
    rows, w = facts
    assert figures.extensions(rows, YEAR).rows == (
        ("The contractor went quiet.", 1, 1, 0, 1, 0),
        ("Waiting for a surveyor.", 1, 1, 1, 0, 0),
    )
    assert figures.extension_counts(rows, YEAR).rows == (
        ("Stage 1", 2, 1, 1, 6, 2, 33.3), ("Stage 2", 0, 0, 0, 1, 0, 0.0))


def test_refusals_remedies_escalation_ombudsman(facts):
    rows, w = facts
    assert figures.refusals(rows, YEAR, w.profile).rows == (
        ("Not taken on", "Legal proceedings have started (a letter of claim has been sent)", 1),
        ("Stage 2 refused", "No new information was given.", 1),
    )
    assert figures.remedies(rows, YEAR).rows == (
        ("Stage 1 replies", 6, 3, 2, 75.0), ("Stage 2 replies", 1, 1, 1, 100.0),
        ("Ex-gratia payments approved", 0, 0, 0, 0.0))
    assert figures.escalation_rate(rows, YEAR).rows == (("Escalation", 6, 1, 16.7),)
    assert figures.ombudsman(rows, YEAR, w.profile).rows == (
        ("Determination", "Maladministration", 1, 150.0), ("Referred to the ombudsman", "", 1, 0.0))


def test_a_period_counts_only_its_own_steps(facts):
    rows, w = facts
    q1 = parse("2025Q1")  # April to June 2025: A and B received; G replied
    assert figures.volumes(rows, q1).cell("Stage 1 complaints received", "Number") == 2
    assert figures.outcomes(rows, q1).rows[-1] == ("Total", 2, 0)  # G (April) and A (June); B's reply is in July
    assert figures.volumes(rows, financial_year(2024)).cell("Stage 1 complaints received", "Number") == 1


def test_tsm_ch01_ch02_and_csv(facts):
    rows, w = facts
    report = assemble.tsm(rows, w.profile, YEAR)
    assert report.table("tsm").rows == (
        ("CH01", "Low-cost rental accommodation (LCRA)", "Stage one complaints received per 1,000 homes", 5, 40000, 0.1),
        ("CH01", "Low-cost rental accommodation (LCRA)", "Stage two complaints received per 1,000 homes", 1, 40000, 0.0),
        ("CH01", "Low-cost home ownership (LCHO)", "Stage one complaints received per 1,000 homes", 1, 2500, 0.4),
        ("CH01", "Low-cost home ownership (LCHO)", "Stage two complaints received per 1,000 homes", 0, 2500, 0.0),
        ("CH02", "Low-cost rental accommodation (LCRA)",
         "Stage one complaints responded to within the Complaint Handling Code's timescales (%)", 3, 5, 60.0),
        ("CH02", "Low-cost rental accommodation (LCRA)",
         "Stage two complaints responded to within the Complaint Handling Code's timescales (%)", 1, 1, 100.0),
        ("CH02", "Low-cost home ownership (LCHO)",
         "Stage one complaints responded to within the Complaint Handling Code's timescales (%)", 1, 1, 100.0),
        ("CH02", "Low-cost home ownership (LCHO)",
         "Stage two complaints responded to within the Complaint Handling Code's timescales (%)", 0, 0, None),
    )
    assert report.table("tsm_strict").rows == (
        ("Low-cost rental accommodation (LCRA), stage 1", 5, 3, 60.0, 3, 60.0),
        ("Low-cost rental accommodation (LCRA), stage 2", 1, 1, 100.0, 1, 100.0),
        ("Low-cost home ownership (LCHO), stage 1", 1, 1, 100.0, 0, 0.0),
        ("Low-cost home ownership (LCHO), stage 2", 0, 0, None, 0, None),
    )


def test_overdue_and_pack(facts, english):
    rows, w = facts
    assert figures.overdue(rows, date(2026, 3, 31)).rows == (
        (w.ids["H"], "Stage 1 reply", w.wd(w.wd(date(2026, 3, 10), 2), 10).isoformat(), 5),)
    app, _ = english
    with app.app_context():
        pack = reporting.pack_report(parse("2025Q2"), date(2026, 3, 31))
    assert pack.title == "Complaints report to the Landlord Operations Committee"
    assert pack.table("volumes").cell("Stage 1 complaints received", "Number") == 3  # C, D, F
    assert pack.table("trend").rows == (
        ("October to December 2024 (quarter 3 of 2024/25)", 0, 0, None, 0),
        ("January to March 2025 (quarter 4 of 2024/25)", 1, 0, None, 0),
        ("April to June 2025 (quarter 1 of 2025/26)", 2, 0, 100.0, 1),
        ("July to September 2025 (quarter 2 of 2025/26)", 3, 1, 50.0, 2),
    )
    assert pack.table("improvements").rows == ((
        pack.table("improvements").rows[0][0], "Repairs diary checks every Friday", "Head of Repairs", "2025-10-31",
        "", "Open", ", ".join(sorted([w.ids["B"], w.ids["D"]])), "repairs"),)


def test_categories_root_causes_and_their_themes_month_by_month(facts):
    rows, _ = facts
    assert figures.categories(rows, YEAR).rows == (
        ("Repairs", 5, 0, 5), ("Communication", 0, 1, 1), ("Damp and mould", 1, 0, 1))
    assert figures.categories(rows, YEAR, "root_cause").rows == (
        ("The repair was not booked in time.", 5, 0, 5), ("Ventilation was not checked.", 1, 0, 1),
        ("We did not call back.", 0, 1, 1))
    themes = figures.themes(rows, months_of(YEAR), "category")
    assert themes.columns[1] == "April 2025" and themes.columns[-1] == "Total"
    by_name = {row[0]: row[1:] for row in themes.rows}
    # C replied on Monday 21 July 2025; D's stage 2 reply on Friday 29 August (after the bank holiday on the 25th).
    assert by_name["Damp and mould"] == (0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1)
    assert by_name["Communication"] == (0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1)
    assert sum(by_name["Repairs"][:-1]) == by_name["Repairs"][-1] == 5
