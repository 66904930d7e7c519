"""The work list reuses each open case's lines only while its row and the profile are the same (how late
each is comes from the day the page is shown)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from portal.domain.calendar import calendar_for
from portal.domain.profile import load_profile
from portal.staff import worklist as wl
from portal.store import CaseSummary

PROFILE = load_profile(Path(__file__).resolve().parents[2] / "content" / "landlords" / "torus.toml")
CALENDAR = calendar_for(PROFILE.nation)
MONDAY = date(2025, 12, 1)


def row(case_id: str, **fields) -> CaseSummary:
    base = dict(id=case_id, landlord="torus", customer_id="U-000001", version=1, computed_with="v", stage=1,
                status="awaiting_acknowledgement", open=True, received_on=date(2025, 11, 20), channel="online",
                ack1_due=date(2025, 11, 27), reply1_due=None, ack2_due=None, reply2_due=None, actions_due=None,
                request_due=None, risk_of_harm=False)
    return CaseSummary(**{**base, **fields})


def lines(rows, today=MONDAY):
    found = wl.work_list(rows, (), wl.Filters(), "U-staff", PROFILE, today, CALENDAR)
    return [(x.ref, x.queue, x.due, x.working_days_late) for x in wl.table_rows(found, today, CALENDAR)]


def test_a_changed_row_or_a_new_day_gives_fresh_lines_and_only_open_cases_are_kept():
    first, second = row("C-2025-000001"), row("C-2025-000002", ack1_due=date(2025, 12, 3))
    assert lines([first, second]) == [("C-2025-000001", "ack1", date(2025, 11, 27), 2),
                                      ("C-2025-000002", "ack1", date(2025, 12, 3), 0)]
    moved = replace(first, version=2, status="investigating", ack1_due=None, reply1_due=date(2025, 12, 10))
    assert lines([moved, second]) == [("C-2025-000002", "ack1", date(2025, 12, 3), 0),
                                      ("C-2025-000001", "reply1", date(2025, 12, 10), 0)]
    assert lines([moved, second], today=date(2025, 12, 5)) == [("C-2025-000002", "ack1", date(2025, 12, 3), 2),
                                                               ("C-2025-000001", "reply1", date(2025, 12, 10), 0)]
    lines([second])
    assert set(wl._LINES) == {"C-2025-000002"}  # a case no longer open is not kept


def test_an_equal_row_read_afresh_reuses_its_lines():
    """PostgreSQL hands out new row objects on every read: equal ones keep their lines."""
    first = row("C-2025-000003")
    before = wl.work_list([first], (), wl.Filters(), "U-staff", PROFILE, MONDAY, CALENDAR)
    again = wl.work_list([replace(first)], (), wl.Filters(), "U-staff", PROFILE, MONDAY, CALENDAR)
    assert again[0] is before[0]


def test_an_equal_row_read_afresh_is_compared_field_by_field_once(monkeypatch):
    first = row("C-2025-000004")
    wl.work_list([first], (), wl.Filters(), "U-staff", PROFILE, MONDAY, CALENDAR)
    fresh = replace(first)
    compared = []
    real = CaseSummary.__eq__
    monkeypatch.setattr(CaseSummary, "__eq__", lambda a, b: compared.append(1) or real(a, b))
    for _ in range(3):
        wl.work_list([fresh], (), wl.Filters(), "U-staff", PROFILE, MONDAY, CALENDAR)
    assert compared == [1]
