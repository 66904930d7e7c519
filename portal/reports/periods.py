"""Reporting periods: the financial year (1 April to 31 March), its quarters, months, any range.

Every report in the sector runs on the financial year, so `2026` means 1 April 2026 to
31 March 2027 and `2026Q3` its third quarter (October to December 2026).
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta

_QUARTER = re.compile(r"(\d{4})Q([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{2})")
EXAMPLES = {"year": "2026", "quarter": "2026Q3", "month": "2026-10"}  # how each kind of period is written
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


class PeriodError(ValueError):
    """A period written in a way we cannot read; the message says how to write it."""


@dataclass(frozen=True)
class Period:
    """A run of days, both ends included, with the name reports print."""

    start: date
    end: date
    label: str
    kind: str  # "year", "quarter", "month" or "range"

    def __contains__(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @property
    def key(self) -> str:
        """How the period is written in a URL or on the command line."""
        return {"year": f"{self.start.year}", "quarter": _quarter_key(self),
                "month": f"{self.start:%Y-%m}"}.get(self.kind, f"{self.start}..{self.end}")

    def previous(self) -> "Period":
        """The period of the same kind just before this one."""
        if self.kind == "year":
            return financial_year(self.start.year - 1)
        if self.kind == "quarter":
            return of_day(self.start - timedelta(days=1), "quarter")
        if self.kind == "month":
            return month(self.start.year - (self.start.month == 1), 12 if self.start.month == 1 else self.start.month - 1)
        length = self.end - self.start
        return span(self.start - length - timedelta(days=1), self.start - timedelta(days=1))


def _quarter_key(p: Period) -> str:
    fy = p.start.year if p.start.month >= 4 else p.start.year - 1
    return f"{fy}Q{(p.start.month - 4) % 12 // 3 + 1}"


def financial_year(year: int) -> Period:
    """1 April `year` to 31 March of the next year."""
    return Period(date(year, 4, 1), date(year + 1, 3, 31), f"1 April {year} to 31 March {year + 1}", "year")


def quarter(year: int, number: int) -> Period:
    """Quarter `number` (1-4) of the financial year starting in April `year`."""
    first = 4 + 3 * (number - 1)
    y, m = (year, first) if first <= 12 else (year + 1, first - 12)
    end_m = m + 2
    start, end = date(y, m, 1), date(y, end_m, monthrange(y, end_m)[1])
    return Period(start, end, f"{_MONTHS[m - 1]} to {_MONTHS[end_m - 1]} {y} (quarter {number} of "
                  f"{year}/{str(year + 1)[2:]})", "quarter")


def month(year: int, number: int) -> Period:
    """One calendar month."""
    return Period(date(year, number, 1), date(year, number, monthrange(year, number)[1]),
                  f"{_MONTHS[number - 1]} {year}", "month")


def span(start: date, end: date) -> Period:
    """Any run of days chosen on a staff page."""
    if end < start:
        raise PeriodError("The end date must not be before the start date.")
    return Period(start, end, f"{start.day} {_MONTHS[start.month - 1]} {start.year} to "
                  f"{end.day} {_MONTHS[end.month - 1]} {end.year}", "range")


def of_day(day: date, kind: str) -> Period:
    """The year, quarter or month a day falls in."""
    fy = day.year if day.month >= 4 else day.year - 1
    if kind == "year":
        return financial_year(fy)
    if kind == "quarter":
        return quarter(fy, (day.month - 4) % 12 // 3 + 1)
    return month(day.year, day.month)


def parse(text: str) -> Period:
    """A period from `2026` (financial year), `2026Q3` or `2026-10`."""
    text = (text or "").strip().upper()
    if re.fullmatch(r"\d{4}", text):
        return financial_year(int(text))
    if m := _QUARTER.fullmatch(text):
        return quarter(int(m.group(1)), int(m.group(2)))
    if (m := _MONTH.fullmatch(text)) and 1 <= int(m.group(2)) <= 12:
        return month(int(m.group(1)), int(m.group(2)))
    raise PeriodError(f"Write the period as a financial year ({EXAMPLES['year']}), a quarter ({EXAMPLES['quarter']}) "
                      f"or a month ({EXAMPLES['month']}).")


def parse_as(text: str, kinds: tuple[str, ...]) -> Period:
    """A period of one of `kinds` ("year", "quarter", "month"): the page and the CLI say the same when it is not."""
    period = parse(text)
    if period.kind not in kinds:
        raise PeriodError(f"This report is for a {' or a '.join(kinds)}: for example {EXAMPLES[kinds[0]]}.")
    return period


def months_of(period: Period) -> list[Period]:
    """The calendar months a period touches, in order."""
    out, day = [], date(period.start.year, period.start.month, 1)
    while day <= period.end:
        out.append(month(day.year, day.month))
        day = date(day.year + (day.month == 12), 1 if day.month == 12 else day.month + 1, 1)
    return out
