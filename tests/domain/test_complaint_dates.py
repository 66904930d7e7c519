"""Due dates per landlord: acknowledgements, replies (provisional and actual), extensions,
escalation windows and stage 2, all in the nation's working days."""

from __future__ import annotations

from datetime import date

import pytest

from complaint_fixtures import CUSTOMER, OFFICER, PROFILES, SLUGS, Case
from portal.domain import complaints as c

D = date

# One complaint received on Monday 2 March 2026 and replied to on Monday 9 March, then
# stage 2 asked for on Wednesday 25 March (Good Friday 3 April is a holiday everywhere,
# Easter Monday 6 April only in England and Wales).
EXPECTED = {
    #                   ack due     reply due before ack   provisional  latest extension  window closes  s2 ack       s2 reply     s2 provisional
    "torus":             (D(2026, 3, 9), D(2026, 3, 23), True,  D(2026, 4, 1),  D(2026, 4, 6),  D(2026, 4, 1),  D(2026, 5, 1),  True),
    "housing-solutions": (D(2026, 3, 9), D(2026, 3, 23), True,  D(2026, 4, 1),  D(2026, 4, 6),  D(2026, 4, 1),  D(2026, 5, 1),  True),
    "connect":           (D(2026, 3, 9), D(2026, 3, 16), False, D(2026, 3, 30), D(2026, 3, 30), D(2026, 3, 25), D(2026, 4, 24), False),
    "thenue":            (None,          D(2026, 3, 9),  False, D(2026, 3, 16), D(2026, 5, 9),  D(2026, 3, 30), D(2026, 4, 23), False),  # SPSO model: 10 WD in all; 2 months
}
# With the acknowledgement sent on Wednesday 4 March.
REPLY_AFTER_ACK = {"torus": D(2026, 3, 18), "housing-solutions": D(2026, 3, 18), "connect": D(2026, 3, 16), "thenue": D(2026, 3, 9)}


def test_every_profile_has_a_row() -> None:
    assert sorted(EXPECTED) == SLUGS


@pytest.mark.parametrize("slug", SLUGS)
def test_stage1_dates_on_receipt(slug: str) -> None:
    ack, reply, provisional, *_ = EXPECTED[slug]
    state = Case(slug).receive(D(2026, 3, 2)).state
    assert state.stage == 1
    assert state.received_on == state.day_zero == D(2026, 3, 2)
    assert state.acknowledgement_due == ack
    assert state.response_due == reply
    assert state.response_due_is_provisional is provisional
    assert state.status is (c.Status.AWAITING_ACKNOWLEDGEMENT if ack else c.Status.INVESTIGATING)


@pytest.mark.parametrize("slug", SLUGS)
def test_reply_date_after_acknowledgement_is_sent(slug: str) -> None:
    case = Case(slug).receive(D(2026, 3, 2)).acknowledge(D(2026, 3, 4))
    state = case.state
    assert state.response_due == REPLY_AFTER_ACK[slug]
    assert state.response_due_is_provisional is False
    assert state.status is c.Status.INVESTIGATING
    if EXPECTED[slug][0]:
        assert state.acknowledged_on == D(2026, 3, 4)


@pytest.mark.parametrize("slug", SLUGS)
def test_longest_extension_and_escalation_window(slug: str) -> None:
    latest, window = EXPECTED[slug][3], EXPECTED[slug][4]
    case = Case(slug).receive(D(2026, 3, 2)).acknowledge(D(2026, 3, 4))
    if latest:
        case.do(c.extend_complaint, D(2026, 3, 5), reason="Waiting for the contractor's report.",
                new_due=latest, customer_agreed=True)
        assert case.state.response_due == latest
        assert case.state.extension_left_days == 0
        assert case.state.extension_used_days == PROFILES[slug].complaints.stage1.extension_working_days
    state = case.reply(D(2026, 3, 9)).state
    assert state.escalation_window_closes == window
    assert state.escalation_open(D(2026, 9, 1)) is (window is None)
    if window:
        assert state.escalation_open(window) and not state.escalation_open(D.fromordinal(window.toordinal() + 1))


@pytest.mark.parametrize("slug", SLUGS)
def test_stage2_dates_count_from_the_request(slug: str) -> None:
    *_, s2_ack, s2_reply, provisional = EXPECTED[slug]
    case = Case(slug).through_stage1(D(2026, 3, 2), D(2026, 3, 9))
    case.do(c.request_escalation, D(2026, 3, 25), CUSTOMER)
    waiting = case.state
    assert waiting.status is c.Status.ESCALATION_REQUESTED and waiting.stage == 1
    assert waiting.stage2.acknowledgement_due == s2_ack
    assert waiting.next_due(D(2026, 3, 25)).what == "stage 2 acknowledgement"
    state = case.do(c.escalate_complaint, D(2026, 3, 26), case.responder(2, 2)).state
    assert state.stage == 2
    assert state.acknowledgement_due == s2_ack
    assert state.response_due == s2_reply
    assert state.response_due_is_provisional is provisional


# -- RULES §3 worked examples -------------------------------------------------------------------


def test_torus_worked_example_and_provisional_reply() -> None:
    case = Case("torus").receive(D(2025, 12, 19))
    state = case.state
    assert state.acknowledgement_due == D(2025, 12, 30)
    assert "Tuesday 30 December 2025" in state.status_text
    # Not yet acknowledged: 10 working days from the deadline (1 January is a holiday).
    assert (state.response_due, state.response_due_is_provisional) == (D(2026, 1, 14), True)
    # Acknowledged on Monday 22 December: 10 working days from then.
    state = case.acknowledge(D(2025, 12, 22)).state
    assert (state.response_due, state.response_due_is_provisional) == (D(2026, 1, 8), False)


def test_late_acknowledgement_pushes_the_torus_reply() -> None:
    state = Case("torus").receive(D(2025, 12, 19)).acknowledge(D(2026, 1, 5)).state
    assert state.next_due(D(2026, 1, 5)) == c.Due("stage 1 reply", D(2026, 1, 19), False, 0)


@pytest.mark.parametrize("received, due, because", [
    (D(2025, 11, 26), D(2025, 12, 4), "Monday 1 December 2025 stands in for St Andrew's Day"),
    (D(2025, 12, 31), D(2026, 1, 9), "1 and 2 January are both holidays in Scotland"),
])
def test_thenue_dates_move_for_scottish_holidays(received: date, due: date, because: str) -> None:
    state = Case("thenue").receive(received).state
    assert state.response_due == due, because
    england = c.fold(Case("thenue").receive(received).events, PROFILES["connect"])  # same events, English calendar
    assert england.stage1.day_zero == received


def test_thenue_scotland_differs_from_an_england_count() -> None:
    from portal.domain.calendar import calendar_for
    assert calendar_for("england-wales").add_working_days(D(2025, 12, 31), 5) == D(2026, 1, 8)
    assert Case("thenue").receive(D(2025, 12, 31)).state.response_due == D(2026, 1, 9)


def test_weekend_receipt_counts_from_monday() -> None:
    state = Case("torus").receive(D(2026, 3, 7)).state
    assert state.received_on == D(2026, 3, 7)
    assert state.day_zero == D(2026, 3, 9)
    assert state.acknowledgement_due == D(2026, 3, 16)


def test_connect_stage2_is_acknowledged_on_receipt_of_the_request() -> None:
    case = Case("connect").through_stage1(D(2026, 3, 2), D(2026, 3, 9)).escalate(D(2026, 3, 25))
    assert case.state.next_due(D(2026, 3, 26)) == c.Due("stage 2 acknowledgement", D(2026, 3, 25), True, 1)


# -- next_due and overdue ---------------------------------------------------------------------


@pytest.mark.parametrize("today, expected", [
    (D(2025, 12, 30), c.Due("acknowledgement", D(2025, 12, 30), False, 0)),
    (D(2025, 12, 31), c.Due("acknowledgement", D(2025, 12, 30), True, 1)),
    (D(2026, 1, 5), c.Due("acknowledgement", D(2025, 12, 30), True, 3)),  # 31 Dec, 2 Jan, 5 Jan
])
def test_next_due_counts_working_days_late(today: date, expected: c.Due) -> None:
    state = Case("torus").receive(D(2025, 12, 19)).state
    assert state.next_due(today) == expected
    assert state.overdue(today) is expected.overdue


def test_outstanding_action_is_owed_after_the_final_reply() -> None:
    case = Case("torus").through_stage1(D(2026, 3, 2), D(2026, 3, 9)).escalate(D(2026, 3, 20))
    case.acknowledge(D(2026, 3, 23)).reply(D(2026, 4, 1), actions=[{"id": "a1", "text": "replace the ceiling", "target": "2026-05-01"}])
    state = case.state
    assert state.status is c.Status.WITH_CUSTOMER
    # Monday 4 May is a bank holiday, so Tuesday 5 May is one working day late.
    assert state.next_due(D(2026, 5, 5)) == c.Due("outstanding action", D(2026, 5, 1), True, 1)
    done = case.do(c.complete_action, D(2026, 5, 6), OFFICER, action_id="a1").state
    assert done.status is c.Status.CLOSED and done.next_due(D(2026, 6, 1)) is None


@pytest.mark.parametrize("slug", SLUGS)
def test_nothing_is_owed_while_waiting_for_a_possible_stage2(slug: str) -> None:
    state = Case(slug).through_stage1(D(2026, 3, 2), D(2026, 3, 9)).state
    assert state.status is c.Status.RESPONDED
    assert state.next_due(D(2026, 3, 10)) is None
    assert state.stage1.replied_on_time is True
