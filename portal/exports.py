"""Exports for the landlord's own analysis or a move to another system: complaints as CSV from the read model."""

from __future__ import annotations

import csv
import dataclasses
import io
from datetime import date
from typing import Iterable

from portal.data import get_store
from portal.store import CaseSummary

# Every column of a summary row but the internal ones (report facts as JSON, the search text).
COLUMNS = tuple(f.name for f in dataclasses.fields(CaseSummary) if f.name not in ("report", "search_text"))


def complaints_between(landlord: str, start: date, end: date) -> list[CaseSummary]:
    """The landlord's complaints received from `start` to `end` (both included), oldest first."""
    rows = [row for row in get_store().summaries.every(landlord)
            if row.received_on is not None and start <= row.received_on <= end]
    return sorted(rows, key=lambda row: (row.received_on, row.id))


def complaints_csv(rows: Iterable[CaseSummary]) -> str:
    """The rows as CSV with a header, dates as ISO, yes/no as true/false."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        data = row.to_dict()
        writer.writerow(["" if data.get(name) is None else str(data.get(name)).lower()
                         if isinstance(data.get(name), bool) else data.get(name) for name in COLUMNS])
    return out.getvalue()
