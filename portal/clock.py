"""The one clock. Views read today/now here and pass them down; the domain never reads a clock.

`TODAY` in the configuration freezes the date for demos and tests.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from flask import current_app

_LONDON = ZoneInfo("Europe/London")


def now_utc() -> datetime:
    """The current time in UTC (the date part follows a frozen TODAY when set)."""
    real = datetime.now(timezone.utc)
    frozen = current_app.config.get("TODAY")
    if frozen:
        day = date.fromisoformat(frozen)
        return real.replace(year=day.year, month=day.month, day=day.day)
    return real


def today() -> date:
    """Today's date in the UK (the landlord's working day)."""
    frozen = current_app.config.get("TODAY")
    if frozen:
        return date.fromisoformat(frozen)
    return datetime.now(_LONDON).date()
