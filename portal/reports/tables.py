"""Report tables: every figure a report prints sits in a Table, so every figure has a CSV.

A table is plain data (title, columns, rows of str/int/float/None); the HTML page, the
PDF, the CSV download and the charts all read the same object, so they cannot disagree.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Iterable

Cell = str | int | float | None


@dataclass(frozen=True)
class Table:
    """One table of a report; `chart` names the columns a bar chart draws (label, value)."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    note: str = ""
    chart: tuple[int, ...] = ()  # indexes of the value columns to chart against column 0

    @property
    def numeric(self) -> tuple[bool, ...]:
        """Per column, whether it holds figures only (printed right-aligned); column 0 labels the rows."""
        def figures(i: int) -> bool:
            cells = [row[i] for row in self.rows if row[i] is not None]
            return bool(cells) and all(isinstance(c, (int, float)) for c in cells)
        return tuple(i > 0 and figures(i) for i in range(len(self.columns)))

    def column(self, name: str) -> list[Cell]:
        """The cells of one column, top to bottom."""
        i = self.columns.index(name)
        return [row[i] for row in self.rows]

    def row(self, label: str) -> dict[str, Cell]:
        """The row whose first cell is `label`, keyed by column."""
        for row in self.rows:
            if row[0] == label:
                return dict(zip(self.columns, row))
        raise KeyError(f"{self.key}: no row {label!r}")

    def cell(self, label: str, column: str) -> Cell:
        """One figure, by row label and column name."""
        return self.row(label)[column]


@dataclass(frozen=True)
class Section:
    """A heading with its text and tables."""

    key: str
    title: str
    tables: tuple[Table, ...] = ()
    text: tuple[str, ...] = field(default=())


def table(key: str, title: str, columns: Iterable[str], rows: Iterable[Iterable[Any]], note: str = "",
          chart: tuple[int, ...] = ()) -> Table:
    """A Table from any iterables."""
    return Table(key, title, tuple(columns), tuple(tuple(r) for r in rows), note, chart)


def pct(part: int, whole: int) -> float | None:
    """A share as a percentage to one decimal place; None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def show(cell: Cell) -> str:
    """A cell as printed on a page: None as a dash, floats to one decimal place."""
    if cell is None:
        return "–"
    if isinstance(cell, float):
        return f"{cell:.1f}"
    return str(cell)


def to_csv(t: Table) -> str:
    """The table as CSV (header row first); empty cells for None."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(t.columns)
    for row in t.rows:
        writer.writerow("" if c is None else c for c in row)
    return out.getvalue()
