"""`flask --app portal report ...`: every report from the command line, for scheduled runs.

    report annual --year 2026           HTML, PDF and a CSV per table into instance/reports/
    report tsm --year 2026 --format csv  the regulator's CSV on standard output
    report quarter --quarter 2026Q3      the governing-body pack (report month --month 2026-10 where monthly)
    report spso --quarter 2026Q3         SPSO indicators (a --year adds the ARC figures)
    report ex-gratia --year 2026         the annual ex-gratia report
"""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from portal import reporting
from portal.clock import today as clock_today
from portal.data import get_profile
from portal.reports import document
from portal.reports.assemble import Report
from portal.reports.periods import PeriodError, financial_year, parse_as
from portal.reports.tables import show, to_csv

report_group = AppGroup("report", help="Build the complaints reports (annual, tsm, quarter, month, spso, ex-gratia).")
FORMATS = click.Choice(["text", "csv", "files"])


def _output(default: str = "text"):
    """The --format and --out options every report command takes."""
    def add(command):
        command = click.option("--out", default=None, help="Folder for --format files (default instance/reports).")(
            command)
        return click.option("--format", "fmt", type=FORMATS, default=default, show_default=True)(command)
    return add


def _theme() -> Path:
    return Path(current_app.config["CONTENT_DIR"]) / "theme"


def _emit(report: Report, fmt: str, out: str | None) -> None:
    if fmt == "csv":
        click.echo("\n".join(to_csv(t) for t in report.tables()), nl=False)
        return
    if fmt == "files":
        folder = Path(out) if out else Path(current_app.instance_path) / "reports"
        for path in document.write(report, get_profile(), _theme(), folder):
            click.echo(f"wrote {path}")
        return
    click.echo(f"{report.title}: {report.landlord}, {report.period.label}")
    for t in report.tables():
        click.echo(f"\n{t.title}")
        click.echo(" | ".join(t.columns))
        for row in t.rows:
            click.echo(" | ".join(show(c) for c in row))


def _period(text: str, kind: str):
    try:
        return parse_as(text, (kind,))
    except PeriodError as exc:
        raise click.BadParameter(str(exc)) from None


@report_group.command("annual")
@click.option("--year", type=int, required=True, help="Financial year starting in April (2026 = 2026/27).")
@_output(default="files")
def annual_command(year: int, fmt: str, out: str | None) -> None:
    """The annual complaints performance and service improvement report (HOS Code section 8)."""
    _emit(reporting.annual_report(year), fmt, out)


@report_group.command("tsm")
@click.option("--year", type=int, required=True, help="Financial year starting in April.")
@_output()
def tsm_command(year: int, fmt: str, out: str | None) -> None:
    """Tenant Satisfaction Measures CH01 and CH02."""
    report = reporting.tsm_report(financial_year(year))
    if fmt == "csv":  # the return itself: one table in the regulator's shape
        click.echo(to_csv(report.table("tsm")), nl=False)
        return
    _emit(report, fmt, out)


def _pack(period, fmt: str, out: str | None) -> None:
    try:
        report = reporting.pack_report(period, clock_today())
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    _emit(report, fmt, out)


@report_group.command("quarter")
@click.option("--quarter", "text", required=True, help="Quarter of the financial year, e.g. 2026Q3 (Oct-Dec 2026).")
@_output()
def quarter_command(text: str, fmt: str, out: str | None) -> None:
    """The quarterly governing-body pack."""
    _pack(_period(text, "quarter"), fmt, out)


@report_group.command("month")
@click.option("--month", "text", required=True, help="A month, e.g. 2026-10.")
@_output()
def month_command(text: str, fmt: str, out: str | None) -> None:
    """The monthly pack, where the profile says there is one."""
    _pack(_period(text, "month"), fmt, out)


@report_group.command("spso")
@click.option("--quarter", "text", default=None, help="A quarter, e.g. 2026Q3.")
@click.option("--year", type=int, default=None, help="A financial year (adds the ARC figures).")
@_output()
def spso_command(text: str | None, year: int | None, fmt: str, out: str | None) -> None:
    """SPSO model procedure indicators (and the ARC complaints figures for a year)."""
    if (text is None) == (year is None):
        raise click.UsageError("give --quarter or --year")
    _emit(reporting.spso_report(_period(text, "quarter") if text else financial_year(year)), fmt, out)


@report_group.command("ex-gratia")
@click.option("--year", type=int, required=True, help="Financial year starting in April.")
@_output()
def ex_gratia_command(year: int, fmt: str, out: str | None) -> None:
    """The annual report of ex-gratia payments."""
    if get_profile().ex_gratia is None:
        raise click.ClickException(f"{get_profile().name}'s policy has no ex-gratia payments.")
    _emit(reporting.ex_gratia_report(financial_year(year)), fmt, out)
