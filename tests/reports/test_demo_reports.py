"""The demo data gives every report figures, for an English and a Scottish landlord."""

from __future__ import annotations

from datetime import date

import pytest

from portal import reporting

TODAY = date(2026, 12, 1)
# Tables that may rightly be empty for a finished month or quarter of the demo.
MAY_BE_EMPTY = {"ombudsman", "overdue", "refusals", "extensions", "improvements"}


@pytest.mark.slow
@pytest.mark.parametrize("landlord", ["torus", "thenue"])
def test_every_report_of_the_demo_has_figures(tmp_path, monkeypatch, landlord):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    from portal import create_app

    app = create_app({"TESTING": True, "TODAY": "2026-12-01", "LANDLORD": landlord})
    result = app.test_cli_runner().invoke(args=["demo", "--no-build"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        profile = app.extensions["profiles"][landlord]
        kinds = reporting.offered(profile)
        assert kinds == {"torus": ["annual", "tsm", "pack-month", "pack-quarter"],
                         "thenue": ["spso", "pack-month", "pack-quarter", "ex-gratia"]}[landlord]
        for kind in kinds:
            report = reporting.build(kind, reporting.default_period(kind, TODAY), TODAY, profile)
            for t in report.tables():
                has_figures = any(any(cell not in (0, 0.0, None, "") for cell in row[1:]) for row in t.rows)
                assert has_figures or t.key in MAY_BE_EMPTY, f"{kind}: table {t.key} is empty"
        yearly = reporting.build(kinds[0], reporting.default_period(kinds[0], TODAY), TODAY, profile)
        assert all(t.rows for t in yearly.tables() if t.key != "overdue")
    app.extensions["store"].close()
