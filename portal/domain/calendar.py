"""UK working days for a landlord's nation, with bank holidays from the `holidays` package.

Counting follows the policies: the day of receipt is day 0, and something received on a
weekend or bank holiday counts from the next working day.
"""

from __future__ import annotations

import calendar as _cal
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

import holidays

# The `holidays` package names the UK subdivisions; England and Wales share a calendar.
_SUBDIVISION = {"england-wales": "ENG", "scotland": "SCT"}


@lru_cache(maxsize=8)
def _holidays(nation: str) -> holidays.HolidayBase:
    return holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation])


@lru_cache(maxsize=256)
def _bank_holidays(nation: str, year: int) -> frozenset[date]:
    """One year's bank holidays as a plain set: a lookup is ~10x cheaper than asking `holidays` each time."""
    return frozenset(holidays.country_holidays("GB", subdiv=_SUBDIVISION[nation], years=year))


@dataclass(frozen=True)
class WorkingCalendar:
    """Working days (Monday to Friday, not a bank holiday) for one nation."""

    nation: str
    _days: holidays.HolidayBase = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.nation not in _SUBDIVISION:
            raise ValueError(f"unknown nation {self.nation!r}; use one of {', '.join(_SUBDIVISION)}")
        object.__setattr__(self, "_days", _holidays(self.nation))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _bank_holidays(self.nation, day.year)

    def holiday_name(self, day: date) -> str | None:
        """The bank holiday's name, or None."""
        return self._days.get(day)

    def day_zero(self, received: date) -> date:
        """The day counting starts from: the day received, or the next working day."""
        while not self.is_working_day(received):
            received += timedelta(days=1)
        return received

    def add_working_days(self, start: date, days: int) -> date:
        """The date `days` working days after `start` (itself day 0, moved to a working day)."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = self.day_zero(start)
        while days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end`; negative if `end` is earlier."""
        if end < start:
            return -self.working_days_between(end, start)
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (or earlier), kept inside short months."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, _cal.monthrange(year, month + 1)[1]))


@lru_cache(maxsize=8)
def calendar_for(nation: str) -> WorkingCalendar:
    """The shared calendar for a nation."""
    return WorkingCalendar(nation)
