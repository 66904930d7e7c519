"""Closure, monitoring and reopening; new points; service requests; what the tenant sees."""

from __future__ import annotations

import json
from datetime import date

import pytest

from complaint_fixtures import CUSTOMER, MANAGER, OFFICER, PROFILES, SLUGS, Case, staff
from portal.domain import complaints as c
from portal.domain.errors import DomainError
from portal.domain.events import Event
from portal.domain.roles import Role

D = date
RECEIVED, ACKED, REPLIED = D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 9)
ACTION = {"id": "a1", "text": "replace the bathroom ceiling", "target": "2026-04-30"}


def replied(slug: str, **reply) -> Case:
    return Case(slug).through_stage1(RECEIVED, REPLIED, ack_on=ACKED, **reply)


# -- closure, "with customer" and reopening -----------------------------------------------------


@pytest.mark.parametrize("slug, monitored", [
    ("torus", True), ("connect", True), ("housing-solutions", True), ("thenue", False),
])
def test_final_reply_closes_and_open_actions_are_monitored(slug: str, monitored: bool) -> None:
    case = replied(slug).escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10))
    state = case.reply(D(2026, 3, 20), actor=staff(PROFILES[slug].complaints.stage2.responder_role, 3), actions=[ACTION]).state
    assert state.status is (c.Status.WITH_CUSTOMER if monitored else c.Status.CLOSED)
    assert not state.is_open
    assert [a.id for a in state.outstanding_actions] == ["a1"]
    owed = state.next_due(D(2026, 5, 1))
    assert (owed is not None and owed.what == "outstanding action" and owed.overdue) is monitored


@pytest.mark.parametrize("slug", SLUGS)
def test_undelivered_stage1_action_reopens_at_stage2(slug: str) -> None:
    case = replied(slug, actions=[ACTION]).do(c.close_complaint, D(2026, 4, 10), OFFICER)
    reopened = case.do(c.reopen_complaint, D(2026, 5, 5), OFFICER,
                       reason="The ceiling was not replaced by 30 April.").state
    profile = PROFILES[slug]
    assert reopened.stage == 2 and reopened.is_open
    rules = profile.complaints.stage2
    expected = c.Status.AWAITING_ACKNOWLEDGEMENT if rules.acknowledges else c.Status.INVESTIGATING
    assert reopened.status is expected
    start = reopened.stage2.started_on
    assert reopened.stage2.day_zero == start
    assert reopened.calendar.working_days_between(start, reopened.stage2.acknowledgement_due) == rules.acknowledge_working_days


def test_reopen_after_the_final_stage_stays_at_stage2() -> None:
    case = replied("torus").escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10))
    case.reply(D(2026, 3, 20), actor=staff(Role.MANAGER, 3), actions=[ACTION])
    with pytest.raises(DomainError, match="next stage: stage 2") as err:
        case.do(c.reopen_complaint, D(2026, 5, 5), OFFICER, reason="Not done.", stage=3)
    assert err.value.field == "stage"
    state = case.do(c.reopen_complaint, D(2026, 5, 5), OFFICER, reason="Not done.").state
    assert (state.stage, state.status) == (2, c.Status.AWAITING_ACKNOWLEDGEMENT)
    assert state.acknowledgement_due == D(2026, 5, 12)
    # The earlier stage 2 responder still counts for separation of duties.
    assert [r.actor_id for r in state.responders_at(2)] == ["manager-3"]


def test_reopen_needs_an_undelivered_action() -> None:
    case = replied("torus", actions=[ACTION]).do(c.complete_action, D(2026, 4, 1), OFFICER, action_id="a1")
    with pytest.raises(DomainError, match="Every agreed action has been done"):
        case.do(c.reopen_complaint, D(2026, 5, 5), OFFICER, reason="x")
    with pytest.raises(DomainError) as err:
        case.do(c.complete_action, D(2026, 4, 2), OFFICER, action_id="a1")
    assert err.value.field == "action_id"


def test_a_complaint_cannot_be_closed_before_its_reply() -> None:
    with pytest.raises(DomainError, match="closes when its written reply is sent"):
        Case("torus").receive(RECEIVED).do(c.close_complaint, ACKED, OFFICER)


# -- new points during the investigation -----------------------------------------------------------


def _at(step: str, slug: str = "torus") -> Case:
    case = Case(slug).receive(RECEIVED)
    paths = {
        "awaiting acknowledgement": lambda: case,
        "investigating": lambda: case.acknowledge(ACKED),
        "replied": lambda: case.acknowledge(ACKED).reply(REPLIED),
        "stage 2 asked for": lambda: case.acknowledge(ACKED).reply(REPLIED).do(c.request_escalation, D(2026, 3, 10), CUSTOMER),
        "stage 2 investigating": lambda: case.acknowledge(ACKED).reply(REPLIED).escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10)),
        "closed": lambda: case.acknowledge(ACKED).reply(REPLIED).do(c.close_complaint, D(2026, 3, 10), OFFICER),
    }
    return paths[step]()


@pytest.mark.parametrize("slug", SLUGS)
@pytest.mark.parametrize("step, new_complaint", [
    ("awaiting acknowledgement", False), ("investigating", False), ("replied", True),
    ("stage 2 asked for", True), ("stage 2 investigating", False), ("closed", True),
])
def test_new_points_after_the_reply_are_a_new_complaint(slug: str, step: str, new_complaint: bool) -> None:
    case = _at(step, slug) if slug != "thenue" or step != "awaiting acknowledgement" else Case(slug).receive(RECEIVED)
    before = case.state
    added = c.add_information(case.events, case.profile, CUSTOMER, D(2026, 3, 11), text="The kitchen leaks too.")
    assert added.new_complaint is new_complaint
    assert added.event.get("new_complaint") is new_complaint
    after = c.fold([*case.events, added.event], case.profile)
    assert (after.status, after.response_due) == (before.status, before.response_due)


# -- service requests ----------------------------------------------------------------------------------


def test_service_request_becomes_a_complaint_with_its_own_clock() -> None:
    case = Case("torus").do(c.log_service_request, RECEIVED, OFFICER, summary="Boiler not working", channel="phone")
    assert case.state.status is c.Status.SERVICE_REQUEST and case.state.is_open
    assert case.state.next_due(RECEIVED).what == "service request"  # Torus 3.1: 48 hours (test_rules_service_requests)
    with pytest.raises(DomainError, match="service request"):
        case.do(c.receive_complaint, D(2026, 3, 4), CUSTOMER, channel="online", summary="Still broken")
    state = case.do(c.convert_service_request, D(2026, 3, 5), OFFICER, channel="phone",
                    summary="Boiler still broken after the visit.").state
    assert state.status is c.Status.AWAITING_ACKNOWLEDGEMENT
    assert (state.received_on, state.acknowledgement_due) == (D(2026, 3, 5), D(2026, 3, 12))
    assert case.events[-1].get("service_request_on") == "2026-03-02"


def test_resolved_service_request_closes() -> None:
    case = Case("connect").do(c.log_service_request, RECEIVED, OFFICER, summary="Report ASB", channel="phone")
    assert case.do(c.close_complaint, D(2026, 3, 3), OFFICER, note="Passed to the ASB team.").state.status is c.Status.CLOSED


# -- the tenant's view --------------------------------------------------------------------------------


def _busy_case() -> Case:
    case = Case("thenue").receive(RECEIVED, risk_of_harm=True, adjustments=["large print"])
    case.do(c.add_note, D(2026, 3, 3), OFFICER, text="Neighbour dispute history; see ASB file.")
    case.do(c.add_note, D(2026, 3, 3), OFFICER, text="We visited and photographed the ceiling.", internal=False)
    case.do(c.log_contact, D(2026, 3, 3), OFFICER, channel="phone", direction="out", summary="Tenant sounded upset; spoke about arrears.")
    case.reply(D(2026, 3, 6), learning="Book repairs within 24 hours.", remedy="We will repair the ceiling.")
    case.do(c.propose_ex_gratia, D(2026, 3, 6), OFFICER, amount_pence=30000, basis="Ruined carpet", debt_pence=10000,
            substantiated=True)
    return case


def test_tenant_timeline_hides_internal_and_staff_only_details() -> None:
    entries = _busy_case().state.timeline(for_tenant=True)
    text = " ".join(f"{e.title} {e.text} {e.by}" for e in entries)
    for hidden in ["Neighbour dispute", "arrears", "Book repairs", "Ex-gratia", "risk of harm", "Officer 1", "£"]:
        assert hidden not in text
    assert "We visited and photographed the ceiling." in text
    assert "We contacted you by phone" in text
    assert "Upheld" in text and "We will repair the ceiling." in text
    assert [e.on for e in entries] == sorted(e.on for e in entries)


def test_staff_timeline_shows_everything_with_who_did_it() -> None:
    entries = _busy_case().state.timeline(for_tenant=False)
    text = " ".join(f"{e.title} {e.text} {e.by}" for e in entries)
    for shown in ["Neighbour dispute", "arrears", "Book repairs", "Ex-gratia payment proposed", "risk of harm",
                  "Frontline Officer", "£300.00", "£200.00"]:
        assert shown in text
    assert len(entries) == len(_busy_case().events)


@pytest.mark.parametrize("slug", SLUGS)
def test_status_text_speaks_plainly_at_each_step(slug: str) -> None:
    case = Case(slug).receive(RECEIVED)
    state = case.state
    promise = "tell you we have it by" if PROFILES[slug].complaints.stage1.acknowledges else "send our reply by"
    assert f"{promise} Monday 9 March 2026." in state.status_text
    state = case.acknowledge(ACKED).reply(REPLIED).state
    assert "stage 1 reply" in state.status_text
    window = state.escalation_window_closes
    assert (c.long_date(window) in state.status_text) if window else "ask for stage 2." in state.status_text


# -- the event list is the record -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_fold_is_the_same_after_a_json_round_trip(slug: str) -> None:
    case = replied(slug, actions=[ACTION]).escalate(D(2026, 3, 10)).acknowledge(D(2026, 3, 10))
    case.do(c.add_note, D(2026, 3, 11), MANAGER, text="Checked with repairs.")
    stored = json.loads(json.dumps([e.to_dict() for e in case.events]))
    assert c.fold([Event.from_dict(raw) for raw in stored], case.profile) == case.state


def test_transition_table_covers_every_event_kind() -> None:
    assert set(c.ALLOWED) == set(c.EventKind)
    starters = {k for k, statuses in c.ALLOWED.items() if c.Status.NEW in statuses}
    assert starters == {c.EventKind.RECEIVED, c.EventKind.SERVICE_REQUEST_LOGGED}
    assert all(c.Status.EXCLUDED not in c.ALLOWED[k] for k in (
        c.EventKind.RESPONDED, c.EventKind.EXTENDED, c.EventKind.ESCALATION_REQUESTED, c.EventKind.EX_GRATIA_PROPOSED))


def test_unknown_event_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown complaint event kind"):
        c.fold([Event(kind="teleported", on=RECEIVED)], PROFILES["torus"])


def test_a_closed_complaint_still_takes_notes_and_contact() -> None:
    case = replied("torus").do(c.close_complaint, D(2026, 3, 10), OFFICER)
    case.do(c.add_note, D(2026, 3, 11), OFFICER, text="Tenant phoned to say thanks.")
    case.do(c.log_contact, D(2026, 3, 11), OFFICER, channel="phone", direction="in", summary="Thanks.")
    assert case.state.status is c.Status.CLOSED
    with pytest.raises(DomainError) as err:
        case.do(c.log_contact, D(2026, 3, 11), OFFICER, channel="phone", direction="sideways", summary="x")
    assert err.value.field == "direction"
