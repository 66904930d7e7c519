"""Retention: when a closed case's personal data falls due for removal, and how an event is anonymised.

Anonymising keeps what the reports count (every event, its kind and dates, who on the
staff did it, outcomes, categories, amounts, ids and other codes) and removes what
identifies or describes the customer: free text, names and contact details. A value is
kept when it is a date, a number, a yes/no, an id ("C-2026-000001", "U-000003") or a
lower-case code ("upheld", "damp_and_mould"); every other string is emptied, and so is any
name, email, phone, address or postcode field, whatever it holds.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Mapping

from portal.domain.conduct.fold import add_months

ANONYMOUS_NAME = "Former customer"
_ALWAYS_GONE = frozenset({"name", "email", "phone", "address", "postcode"})
_KEPT = re.compile(
    r"\d{4}-\d{2}-\d{2}([T ][0-9:.+\-Z]*)?"  # ISO dates and times
    r"|[A-Z]{1,3}(-[A-Z0-9]+)+"             # ids
    r"|[a-z][a-z0-9_.\-]{0,60}"              # codes
)


def cutoff(today: date, years: int) -> date:
    """The last closing date whose personal data has been kept long enough by `today`."""
    return add_months(today, -12 * years)


def scrub(value: Any) -> Any:
    """The value with every free-text string emptied (dates, numbers, ids and codes kept)."""
    if isinstance(value, str):
        return value if not value or _KEPT.fullmatch(value) else ""
    if isinstance(value, Mapping):  # a name (of a person or a file) goes whatever it looks like
        return {key: "" if key in _ALWAYS_GONE and isinstance(inner, str) else scrub(inner)
                for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [scrub(inner) for inner in value]
    return value


def scrub_event(raw: Mapping[str, Any]) -> dict[str, Any]:
    """A stored event anonymised: its details scrubbed, a customer's or advocate's name removed."""
    staff = bool(raw.get("by_role"))
    return {**raw, "by_name": raw.get("by_name", "") if staff else "", "data": scrub(raw.get("data", {}))}
