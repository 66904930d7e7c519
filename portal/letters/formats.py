"""How letters print dates, money and counts: one way everywhere, in GOV.UK style."""

from __future__ import annotations

from datetime import date


def long_date(day: date) -> str:
    """A date as letters print it, "Friday 5 December 2025", so no one misreads 05/12."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def money(pence: int) -> str:
    """Pence as pounds, "£12.50"; whole pounds drop the pence ("£500"), as GOV.UK does."""
    if isinstance(pence, bool) or not isinstance(pence, int):
        raise TypeError(f"money needs a whole number of pence, not {pence!r}")
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}" + (f".{rest:02d}" if rest else "")


def with_article(noun: str, start: bool = False) -> str:
    """A job title with "a" or "an" in front ("an Operational Manager"); `start` capitalises it."""
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    return f"{article.capitalize() if start else article} {noun}"


def quantity(count: int, unit: str) -> str:
    """A count with its unit, plural when needed: "1 working day", "5 working days"."""
    return f"{count} {unit}" + ("" if count == 1 else "s")
