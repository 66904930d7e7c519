"""Issue 8, item 8: Torus 3.1 and 3.5, a service enquiry is resolved within 48 hours.

The portal counts the 48 hours as 2 working days from receipt (the day of receipt is day 0,
a weekend or bank holiday receipt counts from the next working day), so it has a due date,
an overdue flag and a place in the staff queue. The other landlords set no target.
"""

from __future__ import annotations

from datetime import date

import pytest

from complaint_fixtures import OFFICER, Case
from portal.domain import complaints as c

D = date


@pytest.mark.parametrize("slug, received, due", [
    ("torus", D(2026, 3, 2), D(2026, 3, 4)),      # Torus 3.1: Monday -> Wednesday
    ("torus", D(2026, 3, 6), D(2026, 3, 10)),     # Friday -> Tuesday
    ("torus", D(2025, 12, 24), D(2025, 12, 30)),  # over Christmas and Boxing Day
    ("connect", D(2026, 3, 2), None),             # Connect: no target for service requests
    ("thenue", D(2026, 3, 2), None),
    ("housing-solutions", D(2026, 3, 2), None),
])
def test_a_service_request_is_due_within_48_hours(slug, received, due):
    case = Case(slug).do(c.log_service_request, received, OFFICER, summary="Gutter blocked", channel="phone",
                         received_on=received)
    state = case.state
    assert state.service_request_due == due
    owed = state.next_due(received)
    if due is None:
        assert owed is None
        return
    assert owed.what == "service request" and owed.on == due and not owed.overdue
    late = state.next_due(D.fromordinal(due.toordinal() + 1))
    assert late.overdue and state.overdue(D.fromordinal(due.toordinal() + 1))
    converted = case.do(c.convert_service_request, due, OFFICER, channel="phone", summary="Still blocked").state
    assert converted.service_request_due is None  # a complaint now: its own clock
