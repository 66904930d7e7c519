"""What build.py prints: a progress line while PDFs render, then a summary and the figures."""

from __future__ import annotations

import sys
from typing import TextIO

from portal.documents.records import Report


class ProgressLine:
    """A one-line counter on a terminal (stderr); silent when the output is not a TTY."""

    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()

    def __call__(self, done: int, total: int, label: str) -> None:
        if self.live:
            self.stream.write(f"\r\033[K  PDF {done}/{total}  {label}")
            if done == total:
                self.stream.write("\r\033[K")
            self.stream.flush()


def figures_table(report: Report) -> str:
    """Each Easy Read page's figures, one row per page, then its hard words and pictures."""
    if not report.figures:
        return ""
    rows = [("Easy Read page", "grade", "words", "sentences", "points", "most/point", "longest", "pages")]
    for path, f in sorted(report.figures.items()):
        rows.append((path, f"{f.grade:.1f}", str(f.words), str(f.sentences), str(f.points), str(f.most_per_point),
                     str(f.longest), "-" if f.pages is None else str(f.pages)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in rows]
    for path, f in sorted(report.figures.items()):
        lines += ["", f"{path}:",
                  f"  hard words (each explained in Words to know): {', '.join(f.hard_words) or 'none'}",
                  f"  pictures: {'; '.join(f.pictures) or 'none'}"]
    return "\n".join(lines)


def own_choices_lines(report: Report) -> list[str]:
    """Every profile value that is the landlord's own choice, not its source's, so someone confirms it."""
    if not report.own_choices:
        return []
    lines = ["", "Values the landlord chose where its source policy gives none (confirm before going live):"]
    for slug, values in sorted(report.own_choices.items()):
        lines += [f"  {slug}: {key} = {value!r}" for key, value in values.items()]
    return lines


def summary(report: Report) -> str:
    """The build in a few lines: what was rendered, what was up to date, and the figures."""
    pdfs = sum(1 for p in report.rendered if p.endswith(".pdf"))
    lines = [f"Rendered {len(report.rendered)} files ({pdfs} PDFs), {report.up_to_date} up to date, "
             f"in {report.seconds:.2f} s."]
    if report.removed:
        lines.append(f"Removed {len(report.removed)} outputs of deleted policies.")
    lines += [f"warning: {w}" for w in report.warnings]
    lines += own_choices_lines(report)
    table = figures_table(report)
    if table:
        lines += ["", table]
    return "\n".join(lines)


def problems(report: Report) -> str:
    """Every issue as `file:line: message [rule]`, then a one-line verdict."""
    lines = [str(issue) for issue in report.issues]
    lines.append(f"Build failed: {len(report.issues)} problem{'s' if len(report.issues) != 1 else ''}.")
    return "\n".join(lines)
