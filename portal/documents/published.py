"""Published reports: finalised annual reports the portal froze into a folder, copied by
build.py onto the policy site beside each landlord's policies, with an index page.

The portal writes `<published>/<slug>/<name>.html` and `.pdf` when staff finalise a
report; the site build copies them to `<site>/<slug>/reports/` on every build, so a clean
rebuild keeps them. A landlord with nothing published gets no reports folder.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

INDEX = "index.html"
REPORTS_INDEX = f"reports/{INDEX}"  # where a landlord's index links to, from the landlord's folder


def report_files(folder: Path) -> list[Path]:
    """The published reports in one landlord's folder (HTML and PDF), in name order."""
    return sorted(f for f in folder.iterdir() if f.suffix in (".html", ".pdf") and f.name != INDEX) \
        if folder.is_dir() else []


def with_reports(published: Path | None) -> frozenset[str]:
    """The landlords (folder names) with at least one published report."""
    if published is None or not published.is_dir():
        return frozenset()
    return frozenset(p.name for p in published.iterdir() if report_files(p))


def copy_published(published: Path, out: Path) -> list[Path]:
    """Copy every published report into the site and write each landlord's reports index."""
    written: list[Path] = []
    if not published.is_dir():
        return written
    for folder in sorted(p for p in published.iterdir() if p.is_dir()):
        files = report_files(folder)
        if not files:
            continue
        target = out / folder.name / "reports"
        target.mkdir(parents=True, exist_ok=True)
        for f in files:
            shutil.copyfile(f, target / f.name)
            written.append(target / f.name)
        written.append(_index(target, files))
    return written


def _title(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    start, end = text.find("<title>"), text.find("</title>")
    return html.unescape(text[start + 7:end]) if start >= 0 and end > start else page.stem


def _index(target: Path, files: list[Path]) -> Path:
    items = []
    for page in (f for f in files if f.suffix == ".html"):
        pdf = page.with_suffix(".pdf")
        link = f'<a href="{html.escape(page.name)}">{html.escape(_title(page))}</a>'
        if pdf in files:
            link += f' (<a href="{html.escape(pdf.name)}" type="application/pdf">PDF</a>)'
        items.append(f"<li>{link}</li>")
    body = "\n".join(items)
    path = target / INDEX
    path.write_text(
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>Published reports</title>\n'
        '<link rel="stylesheet" href="../../theme/site.css">\n</head>\n<body class="standard">\n'
        '<main id="main-content">\n<h1>Published reports</h1>\n<ul>\n' + body + "\n</ul>\n"
        '<p><a href="../index.html">All policies</a></p>\n</main>\n</body>\n</html>\n', encoding="utf-8")
    return path
