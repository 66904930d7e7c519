"""Exporting complaints with their summary rows as CSV, for a date range."""

from __future__ import annotations

import csv
from datetime import date

from test_staff_kit import kit  # noqa: F401


def test_the_csv_holds_each_complaint_received_in_the_range_with_its_row(kit, runner, tmp_path):
    officer = kit.person("officer")
    customer = kit.customer(name="Ezra Export")
    inside = kit.case(customer, officer, received_on=date(2025, 11, 3), summary="Mould in the hall")
    kit.case(customer, officer, received_on=date(2025, 10, 1), summary="Too early")
    out = tmp_path / "complaints.csv"
    result = runner.invoke(args=["export", "complaints", "--from", "2025-11-01", "--to", "2025-11-30", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 1 complaint(s)" in result.output
    (row,) = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["id"] == inside and row["received_on"] == "2025-11-03" and row["customer_name"] == "Ezra Export"
    assert row["summary"] == "Mould in the hall" and row["open"] == "true" and row["channel"] == "phone"
    assert "search_text" not in row and "report" not in row


def test_a_range_that_ends_before_it_starts_is_refused(runner, tmp_path):
    result = runner.invoke(args=["export", "complaints", "--from", "2025-11-30", "--to", "2025-11-01",
                                 str(tmp_path / "x.csv")])
    assert result.exit_code == 2 and "the last day is before the first" in result.output
