"""Form fields the staff forms share: money in pounds, dates, tick-lists and lines of text.

They only check the shape of what was typed; the rules (amounts, dates, choices) are
the domain's, so its messages reach the page.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from wtforms import DateField, StringField, TextAreaField
from wtforms.validators import Length

SHORT = [Length(max=200, message="Keep this under 200 characters")]
LONG = [Length(max=10000, message="Keep this under 10,000 characters")]
_MONEY = re.compile(r"^£?\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$")


def trimmed(value):
    """A form filter: text without the spaces around it (a pasted email often has some)."""
    return value.strip() if isinstance(value, str) else value


def pounds_to_pence(text: str) -> int:
    """'£1,234.5' -> 123450; ValueError if it is not an amount of money."""
    cleaned = text.strip()
    if not _MONEY.match(cleaned):
        raise ValueError(text)
    try:
        return int(Decimal(cleaned.lstrip("£").strip().replace(",", "")) * 100)
    except InvalidOperation:
        raise ValueError(text) from None


class MoneyField(StringField):
    """An amount in pounds and pence; `.data` is whole pence (0 when left blank)."""

    def __init__(self, label=None, validators=None, blank=0, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.blank = blank
        self.raw = ""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        if not self.raw.strip():
            self.data = self.blank
            return
        try:
            self.data = pounds_to_pence(self.raw)
        except ValueError:
            self.data = None
            raise ValueError("Enter an amount in pounds and pence, like 25.50") from None

    def _value(self) -> str:
        if self.raw:
            return self.raw
        return f"{self.data / 100:.2f}" if isinstance(self.data, int) and self.data else ""


class DayField(DateField):
    """A date picked in the browser (YYYY-MM-DD), with a plain message when it is not one."""

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%Y-%m-%d", **kwargs)

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a real date, for example 2025-12-05") from None


class LinesField(TextAreaField):
    """One entry per line; `.data` is the list of non-blank lines."""

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = [line.strip() for line in raw.splitlines() if line.strip()]

    def _value(self) -> str:
        return "\n".join(self.data or ())


class IdsField(StringField):
    """Case or complaint references separated by commas or spaces; `.data` is the list."""

    def process_formdata(self, valuelist):
        raw = valuelist[0] if valuelist else ""
        self.data = [part for part in re.split(r"[\s,;]+", raw) if part]

    def _value(self) -> str:
        return ", ".join(self.data or ())


def choice(field) -> str:
    """A radio or select answer as text ('' when none was chosen)."""
    return field.data or ""
