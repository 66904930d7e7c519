"""Subject access requests (UK GDPR article 15): when the answer is due, and redacting names before release.

The answer is due one calendar month after the request arrives (the same date next month,
or the last day of a shorter month), moved to the next working day when that is a weekend
or bank holiday, as the Information Commissioner's guidance counts it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable

from portal.domain.calendar import WorkingCalendar
from portal.domain.conduct.fold import add_months

REDACTED = "[name removed]"


def due_on(received: date, calendar: WorkingCalendar) -> date:
    """The last day to answer a request received on `received`."""
    day = add_months(received, 1)
    while not calendar.is_working_day(day):
        day = date.fromordinal(day.toordinal() + 1)
    return day


def redactor(names: Iterable[str]):
    """A function that replaces each of `names` (whole words, any case) in every string of a value."""
    words = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not words:
        return lambda value: value
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)

    def redact(value: Any) -> Any:
        if isinstance(value, str):
            return pattern.sub(REDACTED, value)
        if isinstance(value, dict):
            return {k: redact(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [redact(v) for v in value]
        return value

    return redact
