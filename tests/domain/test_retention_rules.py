"""Retention: the cut-off date, and anonymising an event keeps what reports count and nothing that identifies."""

from __future__ import annotations

from datetime import date

import pytest

from portal.domain.retention import cutoff, scrub, scrub_event


@pytest.mark.parametrize("today, years, last_kept", [
    (date(2031, 12, 1), 6, date(2025, 12, 1)),
    (date(2032, 2, 29), 6, date(2026, 2, 28)),
    (date(2027, 1, 31), 1, date(2026, 1, 31)),
])
def test_the_cut_off_is_whole_years_before_today(today, years, last_kept):
    assert cutoff(today, years) == last_kept


def test_scrubbing_keeps_dates_numbers_ids_and_codes_and_empties_free_text():
    data = {"outcome": "upheld", "category": "damp_and_mould", "reasons": "Mrs Khan's bathroom at 4 Quay St",
            "due_on": "2025-12-05", "amount_pence": 5000, "complaint_id": "C-2026-000012", "urgent": True,
            "actions": [{"text": "Fix the gutter", "target": "2025-12-30"}],
            "representative": {"name": "Maria Lopez", "relationship": "daughter", "phone": "07700 900123"}}
    assert scrub(data) == {"outcome": "upheld", "category": "damp_and_mould", "reasons": "", "due_on": "2025-12-05",
                           "amount_pence": 5000, "complaint_id": "C-2026-000012", "urgent": True,
                           "actions": [{"text": "", "target": "2025-12-30"}],
                           "representative": {"name": "", "relationship": "daughter", "phone": ""}}


def test_an_event_keeps_staff_names_and_drops_the_customers():
    by_staff = {"kind": "acknowledged", "on": "2025-12-01", "by": "U-000002", "by_name": "Olu Officer",
                "by_role": "officer", "data": {"understanding": "Damp in the bedroom"}, "at": "2025-12-01T10:00:00"}
    by_customer = {**by_staff, "by": "U-000009", "by_name": "Aisha Khan", "by_role": None}
    assert scrub_event(by_staff) == {**by_staff, "data": {"understanding": ""}}
    assert scrub_event(by_customer)["by_name"] == "" and scrub_event(by_customer)["by"] == "U-000009"
    assert scrub_event(scrub_event(by_staff)) == scrub_event(by_staff)  # running again changes nothing
