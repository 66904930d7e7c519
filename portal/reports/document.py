"""A report as a document: HTML for the screen and the policy site, a tagged PDF through the
same code as the policies (portal/documents), and a CSV per table.
"""

from __future__ import annotations

from pathlib import Path

from portal.documents.theme import css_path, report_page
from portal.domain.profile import Profile
from portal.reports.assemble import Report
from portal.reports.tables import show, to_csv


def charts(report: Report) -> dict[str, str]:
    """An SVG bar chart for every table that names columns to chart and has rows."""
    from portal.reports.charts import bar_chart  # imported here: matplotlib costs ~40 MB a process drawing no chart
    return {t.key: bar_chart(t) for t in report.tables() if t.chart and t.rows}


def html(report: Report, profile: Profile, theme: Path, *, for_print: bool = False) -> str:
    """The whole report as one HTML page."""
    return report_page(theme, profile=profile, report=report, charts=charts(report), show=show, for_print=for_print)


def pdf(report: Report, profile: Profile, theme: Path) -> bytes:
    """The report as a tagged PDF (PDF/UA), with the print stylesheet the policies use."""
    from portal.documents.pdf import render_pdf  # imported here: WeasyPrint costs ~30 MB a server process that renders no PDF never needs

    return render_pdf(html(report, profile, theme, for_print=True), base_url=None, allowed_roots=[theme],
                      stylesheets=[css_path(theme, for_print=True)])


def file_stem(report: Report) -> str:
    """A file name for the report: kind and period, e.g. 'tsm-2026'."""
    return f"{report.key}-{report.period.key}".replace("..", "-to-")


def write(report: Report, profile: Profile, theme: Path, folder: Path, *, with_pdf: bool = True) -> list[Path]:
    """Write the report's HTML, PDF and one CSV per table into `folder`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = file_stem(report)
    written = [folder / f"{stem}.html"]
    written[0].write_text(html(report, profile, theme), encoding="utf-8")
    if with_pdf:
        written.append(folder / f"{stem}.pdf")
        written[-1].write_bytes(pdf(report, profile, theme))
    for t in report.tables():
        path = folder / f"{stem}-{t.key}.csv"
        path.write_text(to_csv(t), encoding="utf-8")
        written.append(path)
    return written
