"""The `report` CLI: the TSM return as CSV, the annual report's files, packs and SPSO figures."""

from __future__ import annotations

import pikepdf


def test_tsm_csv_is_the_return(english):
    app, w = english
    result = app.test_cli_runner().invoke(args=["report", "tsm", "--year", "2025", "--format", "csv"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "TSM,Tenure,Measure,Numerator,Denominator,Result"
    assert lines[1] == "CH01,Low-cost rental accommodation (LCRA),\"Stage one complaints received per 1,000 homes\",5,40000,0.1"
    assert lines[5] == ("CH02,Low-cost rental accommodation (LCRA),Stage one complaints responded to within the "
                        "Complaint Handling Code's timescales (%),3,5,60.0")
    assert lines[8] == ("CH02,Low-cost home ownership (LCHO),Stage two complaints responded to within the "
                        "Complaint Handling Code's timescales (%),0,0,")
    assert len(lines) == 9


def test_annual_report_files(english, tmp_path):
    app, w = english
    result = app.test_cli_runner().invoke(args=["report", "annual", "--year", "2025", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "annual-2025.html").read_text()
    assert "Annual complaints performance and service improvement report" in html
    assert "acknowledged on time: 83% of 6" in html
    assert "<svg role=\"img\"" in html and "<caption>Complaints received</caption>" in html
    assert "In force during the period" in html
    with pikepdf.open(tmp_path / "annual-2025.pdf") as pdf:
        assert "/StructTreeRoot" in pdf.Root and str(pdf.Root.Lang) == "en-GB"
    assert (tmp_path / "annual-2025-timeliness.csv").read_text().splitlines()[2] == (
        "Stage 1 reply (within 10 working days of the acknowledgement),6,4,66.7,3,50.0")


def test_quarter_pack_and_a_bad_quarter(english):
    app, w = english
    runner = app.test_cli_runner()
    result = runner.invoke(args=["report", "quarter", "--quarter", "2025Q2"])
    assert result.exit_code == 0, result.output
    assert "Complaints report to the Landlord Operations Committee" in result.output
    assert "Stage 1 complaints received | 3" in result.output
    bad = runner.invoke(args=["report", "quarter", "--quarter", "2025-07"])
    assert bad.exit_code != 0 and "This report is for a quarter: for example 2026Q3." in bad.output


def test_spso_quarter(scottish):
    app, w = scottish
    result = app.test_cli_runner().invoke(args=["report", "spso", "--quarter", "2025Q2", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert "Stage 1,1,1,1,100.0,5.0,0,0.0,0,0,0,1" in result.output
