"""Every figure of the Scottish reports (Thenue, financial year 2025): SPSO, ARC and ex-gratia."""

from __future__ import annotations

from datetime import date

import pytest

from portal import reporting
from portal.reports import figures
from portal.reports.periods import financial_year, parse

YEAR = financial_year(2025)


@pytest.fixture(scope="module")
def world(scottish):
    app, w = scottish
    with app.app_context():
        yield app, w


def test_spso_indicators_for_the_year(world):
    app, w = world
    report = reporting.spso_report(YEAR)
    t = report.table("spso")
    assert t.rows == (
        ("Stage 1", 5, 4, 3, 75.0, 4.8, 0, 0.0, 1, 0, 2, 1),
        ("Stage 2", 1, 2, 1, 50.0, 20.0, 1, 50.0, 1, 1, 0, 0),
    )
    assert "Escalated after a stage 1 reply: 1 of 4 stage 1 replies; taken straight to stage 2: 0." in t.note
    assert report.table("extensions").rows == (("Complex case: waiting for the surveyor.", 2, 1, 1, 0, 0),)


def test_arc_indicator_3(world):
    report = reporting.spso_report(YEAR)
    assert report.table("arc").rows == (
        ("Complaints carried forward from the previous reporting year", 0, 1),
        ("Complaints received in the reporting year", 5, 1),
        ("Complaints responded to in full in the reporting year", 4, 2),
        ("Complaints responded to in full within the SPSO model procedure's timescales", 3, 1),
        ("Average time in working days for a full response", 4.8, 20.0),
    )


def test_a_quarter_has_no_arc_and_counts_its_own_quarter(world):
    report = reporting.spso_report(parse("2025Q2"))  # July to September 2025: S3 received and closed
    assert [t.key for t in report.tables()] == ["spso", "extensions"]
    assert report.table("spso").rows[0] == ("Stage 1", 1, 1, 1, 100.0, 5.0, 0, 0.0, 0, 0, 0, 1)


def test_ex_gratia_report_by_approval_level(world):
    app, w = world
    report = reporting.ex_gratia_report(YEAR)
    assert report.title == "Ex-gratia payments: annual report to the Board of Management"
    assert report.table("ex_gratia_levels").rows == (
        ("Board of Management", 1, 1, 800.0, 0.0, 800.0),
        ("Executive Team member", 1, 1, 300.0, 50.0, 250.0),
    )
    assert report.table("ex_gratia_payments").rows == (
        (w.ids["S3"], w.wd(date(2025, 9, 1), 8).isoformat(), "Executive Team member", "Approved", 300.0, 50.0, 250.0),
        (w.ids["S4"], w.wd(date(2025, 10, 6), 9).isoformat(), "Board of Management", "Approved", 800.0, 0.0, 800.0),
    )


def test_monthly_pack_for_the_operational_management_team(world):
    app, w = world
    pack = reporting.pack_report(parse("2025-06"), date(2026, 3, 31))
    assert pack.title == "Complaints report to the Operational Management Team"
    assert pack.table("volumes").rows[0] == ("Stage 1 complaints received", 2)
    assert figures.outcomes(reporting.landlord_facts("thenue"), parse("2025-06")).rows[-1] == ("Total", 2, 0)
