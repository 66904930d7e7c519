"""Working days by nation, checked against the policies' worked example and against an
independent reference built from the UK bank-holiday rules themselves."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.domain.calendar import calendar_for

ENGLAND, SCOTLAND = "england-wales", "scotland"


# -- an independent reference: the statutory rules, counted one day at a time ------------


def _easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _monday(year: int, month: int, nth: int) -> date:
    """The nth Monday of a month (nth=-1: the last)."""
    if nth > 0:
        first = date(year, month, 1)
        return first + timedelta(days=(7 - first.weekday()) % 7 + 7 * (nth - 1))
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    return last - timedelta(days=last.weekday())


def _substituted(fixed: list[date]) -> set[date]:
    """Fixed-date holidays; one on a weekend moves to the next weekday not already a holiday."""
    taken = {d for d in fixed if d.weekday() < 5}
    for day in fixed:
        if day.weekday() >= 5:
            sub = day + timedelta(days=1)
            while sub.weekday() >= 5 or sub in taken:
                sub += timedelta(days=1)
            taken.add(sub)
    return taken


# One-off holidays proclaimed for a single year (the `holidays` package lists them).
ONE_OFFS = {SCOTLAND: {date(2026, 6, 15)}, ENGLAND: set()}


@lru_cache(maxsize=None)
def reference_holidays(nation: str, year: int) -> frozenset[date]:
    easter = _easter(year)
    days = {easter - timedelta(days=2), _monday(year, 5, 1), _monday(year, 5, -1)}
    if nation == ENGLAND:
        days |= {easter + timedelta(days=1), _monday(year, 8, -1)}
        days |= _substituted([date(year, 1, 1)])
        days |= _substituted([date(year, 12, 25), date(year, 12, 26)])
    else:
        days |= {_monday(year, 8, 1)}
        days |= _substituted([date(year, 1, 1), date(year, 1, 2)])
        days |= _substituted([date(year, 11, 30)])
        days |= _substituted([date(year, 12, 25), date(year, 12, 26)])
    return frozenset(days | {d for d in ONE_OFFS[nation] if d.year == year})


def ref_working(nation: str, day: date) -> bool:
    return day.weekday() < 5 and day not in reference_holidays(nation, day.year)


def ref_add(nation: str, start: date, n: int) -> date:
    day = start
    while not ref_working(nation, day):
        day += timedelta(days=1)
    while n:
        day += timedelta(days=1)
        n -= ref_working(nation, day)
    return day


def ref_between(nation: str, start: date, end: date) -> int:
    sign, (a, b) = (1, (start, end)) if start <= end else (-1, (end, start))
    return sign * sum(ref_working(nation, a + timedelta(days=i)) for i in range(1, (b - a).days + 1))


# -- the policies' own examples -------------------------------------------------------------


def test_worked_example_torus_december_2025() -> None:
    cal = calendar_for(ENGLAND)
    counted = [d for d in (date(2025, 12, 19) + timedelta(days=i) for i in range(1, 12)) if cal.is_working_day(d)]
    assert counted[:5] == [date(2025, 12, 22), date(2025, 12, 23), date(2025, 12, 24),
                           date(2025, 12, 29), date(2025, 12, 30)]
    assert cal.add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)
    assert cal.add_working_days(date(2025, 12, 19), 5).strftime("%A") == "Tuesday"


@pytest.mark.parametrize("day, england, scotland", [
    (date(2025, 1, 2), True, False),    # 2 January
    (date(2026, 1, 2), True, False),
    (date(2025, 12, 1), True, False),   # St Andrew's Day fell on Sunday 30 November: Monday instead
    (date(2026, 11, 30), True, False),  # St Andrew's Day on a Monday
    (date(2027, 11, 30), True, False),
    (date(2024, 12, 2), True, False),   # 30 November 2024 was a Saturday
    (date(2025, 11, 28), True, True),   # an ordinary Friday
    (date(2025, 4, 21), False, True),   # Easter Monday: England and Wales only
    (date(2025, 8, 4), True, False),    # first Monday of August: Scotland's summer holiday
    (date(2025, 8, 25), False, True),   # last Monday of August: England's
    (date(2025, 12, 25), False, False),
    (date(2027, 1, 4), True, False),    # 2 January 2027 is a Saturday: Monday in Scotland
    (date(2026, 6, 15), True, False),   # Scotland's one-off bank holiday (holidays 0.91 and later)
])
def test_working_days_differ_by_nation(day: date, england: bool, scotland: bool) -> None:
    assert calendar_for(ENGLAND).is_working_day(day) is england
    assert calendar_for(SCOTLAND).is_working_day(day) is scotland


@pytest.mark.parametrize("nation, received, day_zero, five_later", [
    (ENGLAND, date(2026, 3, 7), date(2026, 3, 9), date(2026, 3, 16)),      # Saturday
    (ENGLAND, date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 16)),      # Sunday
    (ENGLAND, date(2025, 12, 25), date(2025, 12, 29), date(2026, 1, 6)),   # Christmas Day
    (ENGLAND, date(2026, 4, 3), date(2026, 4, 7), date(2026, 4, 14)),      # Good Friday, then Easter Monday
    (SCOTLAND, date(2026, 4, 3), date(2026, 4, 6), date(2026, 4, 13)),     # Easter Monday is worked in Scotland
    (SCOTLAND, date(2025, 11, 30), date(2025, 12, 2), date(2025, 12, 9)),  # St Andrew's Day and its Monday
    (SCOTLAND, date(2026, 1, 1), date(2026, 1, 5), date(2026, 1, 12)),     # 1 and 2 January
    (ENGLAND, date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 9)),
    (SCOTLAND, date(2026, 6, 13), date(2026, 6, 16), date(2026, 6, 23)),   # Saturday, then Monday 15 June
    (ENGLAND, date(2026, 6, 13), date(2026, 6, 15), date(2026, 6, 22)),
])
def test_weekend_or_holiday_receipt_counts_from_next_working_day(
    nation: str, received: date, day_zero: date, five_later: date,
) -> None:
    cal = calendar_for(nation)
    assert cal.day_zero(received) == day_zero
    assert cal.add_working_days(received, 0) == day_zero
    assert cal.add_working_days(received, 5) == five_later


def test_reference_agrees_with_published_scottish_days() -> None:
    """Guard the reference itself with dates read off the published lists."""
    assert date(2025, 12, 1) in reference_holidays(SCOTLAND, 2025)
    assert date(2028, 1, 4) in reference_holidays(SCOTLAND, 2028)  # 1 Jan Sat, 2 Jan Sun
    assert date(2027, 12, 28) in reference_holidays(ENGLAND, 2027)
    assert _easter(2026) == date(2026, 4, 5)


# -- property: the calendar matches the reference over 2024-2030 -----------------------------

days_2024_2030 = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))
nations = st.sampled_from([ENGLAND, SCOTLAND])


@pytest.mark.parametrize("nation", [ENGLAND, SCOTLAND])
def test_every_day_2024_2030_matches_reference(nation: str) -> None:
    cal = calendar_for(nation)
    day = date(2024, 1, 1)
    mismatches = []
    while day <= date(2030, 12, 31):
        if cal.is_working_day(day) != ref_working(nation, day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


@settings(max_examples=300, deadline=None)
@given(nation=nations, start=days_2024_2030, n=st.integers(min_value=0, max_value=60))
def test_add_working_days_matches_reference_and_inverts(nation: str, start: date, n: int) -> None:
    cal = calendar_for(nation)
    end = cal.add_working_days(start, n)
    assert end == ref_add(nation, start, n)
    assert cal.is_working_day(end)
    assert cal.working_days_between(cal.day_zero(start), end) == n


@settings(max_examples=300, deadline=None)
@given(nation=nations, start=days_2024_2030, end=days_2024_2030)
def test_working_days_between_matches_reference(nation: str, start: date, end: date) -> None:
    cal = calendar_for(nation)
    between = cal.working_days_between(start, end)
    assert between == ref_between(nation, start, end)
    assert between == -cal.working_days_between(end, start)
    if start <= end and cal.is_working_day(start):
        assert cal.add_working_days(start, between) <= end


def test_the_holidays_pin_has_every_holiday_these_tests_assert() -> None:
    """Issue 8, item 4: `holidays` before 0.91 lacks Scotland's Monday 15 June 2026, so the floor is 0.91."""
    import re
    import tomllib
    from importlib.metadata import version
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    pin = next(d for d in project["project"]["dependencies"] if d.startswith("holidays"))
    floor = tuple(int(x) for x in re.search(r">=\s*([\d.]+)", pin).group(1).split("."))
    assert floor >= (0, 91), pin
    assert tuple(int(x) for x in version("holidays").split(".")[:2]) >= floor
    assert calendar_for(SCOTLAND).holiday_name(date(2026, 6, 15))
