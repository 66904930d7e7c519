"""Subject access: the one-month deadline as the ICO counts it, and redaction of chosen names."""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain.calendar import calendar_for
from portal.domain.subject_access import REDACTED, due_on, redactor


@pytest.mark.parametrize("nation, received, due", [
    ("england-wales", date(2026, 3, 10), date(2026, 4, 10)),   # the same date next month (a Friday)
    ("england-wales", date(2026, 3, 3), date(2026, 4, 7)),     # Good Friday, a weekend, Easter Monday
    ("england-wales", date(2026, 1, 31), date(2026, 3, 2)),    # 28 Feb 2026 is a Saturday: the next working day
    ("england-wales", date(2026, 7, 31), date(2026, 9, 1)),    # 31 Aug 2026 is the summer bank holiday (England)
    ("scotland", date(2026, 7, 31), date(2026, 8, 31)),  # ... not a holiday in Scotland
    ("england-wales", date(2025, 11, 21), date(2025, 12, 22)), # 21 Dec 2025 is a Sunday
])
def test_the_answer_is_due_a_calendar_month_later_on_a_working_day(nation, received, due):
    assert due_on(received, calendar_for(nation)) == due


def test_redaction_replaces_whole_names_anywhere_in_the_record():
    redact = redactor(["Sam Patel", "Jo"])
    record = {"events": [{"by_name": "Sam Patel", "text": "Spoke to sam patel and Jo; Joanne was out"}],
              "n": 3}
    assert redact(record) == {"events": [{"by_name": REDACTED,
                                          "text": f"Spoke to {REDACTED} and {REDACTED}; Joanne was out"}], "n": 3}
    assert redactor([])(record) is record
