"""The contact query under each restriction, for the four landlord profiles."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from portal.domain.conduct.fold import add_months
from portal.domain.conduct.contact import Handling, contact_decision
from portal.domain.conduct.records import ConductState, Protocol
from portal.domain.errors import DomainError
from portal.domain.events import Actor
from portal.domain.profile import load_profiles
from portal.domain.conduct.protocol import (
    WRITTEN_CHANNELS, IssueLimit, ProtocolTerms, SetTimes, check_terms, restrictions_used,
)
from portal.domain.roles import Role

PROFILES = load_profiles(Path(__file__).resolve().parents[2] / "content" / "landlords")
SLUGS = sorted(PROFILES)
START = date(2026, 3, 2)  # a Monday
TUE = datetime(2026, 3, 3, 10, 30)
OFFICER = Actor("officer", "Olu Officer", Role.OFFICER)


def under(slug: str, **terms) -> ConductState:
    """A conduct file with one protocol in force from START, its terms checked against the profile."""
    reasons = {code: "because" for code in restrictions_used(ProtocolTerms(**terms))}
    probe = ProtocolTerms(**terms, reasons=reasons)
    check_terms(probe, PROFILES[slug], start=START)
    protocol = Protocol(
        number=1, case=1, terms=probe, start=START, review_on=add_months(START, 6), ends_on=None,
        reasons="Daily calls", adjustments_considered="Large print", imposed_on=START, imposed_by=OFFICER,
        authorised_by=OFFICER,
        involved=frozenset({OFFICER.id}),
    )
    return ConductState(protocols=(protocol,))


def ask(slug: str, state: ConductState, channel: str = "phone", when: datetime = TUE, topic: str = "general", **kw):
    return contact_decision(state, PROFILES[slug], channel=channel, when=when, topic=topic, **kw)


def allows(slug: str, restriction: str) -> bool:
    return restriction in PROFILES[slug].conduct.restrictions


def refused(slug: str, **terms) -> None:
    """Terms using a restriction the profile does not list are refused before any query."""
    with pytest.raises(DomainError, match="does not allow"):
        under(slug, **terms)


@pytest.fixture(params=SLUGS)
def slug(request) -> str:
    return request.param


WRITTEN = {"channels_allowed": ("letter", "email", "online")}
SET_TIMES = {"set_times": SetTimes((1, 3), time(10), time(12))}


def test_no_protocol_means_the_usual_ways(slug):
    decision = ask(slug, ConductState())
    assert decision.allowed and decision.handling is Handling.NORMAL and decision.message


def test_a_protocol_not_yet_started_does_not_apply(slug):
    decision = ask(slug, under(slug, **WRITTEN), when=datetime(2026, 3, 1, 11))
    assert decision.allowed and decision.handling is Handling.NORMAL


@pytest.mark.parametrize("slug_, allowed", [
    ("thenue", True), ("torus", False), ("housing-solutions", False), ("connect", False),
])
def test_an_emergency_repair_phone_call_under_written_only(slug_, allowed):
    decision = ask(slug_, under(slug_, **WRITTEN), topic="emergency_repair")
    assert decision.allowed is allowed
    if allowed:
        assert "emergency repair" in decision.always_allowed_reason
    else:
        assert decision.handling is Handling.OTHER_CHANNEL
        assert "health and safety" in decision.message and "by letter" in decision.message


@pytest.mark.parametrize("channel", ["phone", "in_person"])
@pytest.mark.parametrize("terms", [
    WRITTEN, {"set_times": SetTimes((1, 3), time(10), time(12), ("phone", "in_person"))},
    {"third_party_only": "Jo Reed"},
], ids=["written", "times", "rep"])
def test_health_and_safety_is_never_restricted(slug, channel, terms):
    decision = ask(slug, under(slug, **terms), channel=channel, when=datetime(2026, 3, 4, 22, 0),
                   topic="health_and_safety")
    assert decision.allowed and decision.always_allowed_reason
    assert not ask(slug, under(slug, **terms), channel=channel, when=datetime(2026, 3, 4, 22, 0)).allowed


def test_a_new_issue_still_uses_the_allowed_channels(slug):
    decision = ask(slug, under(slug, **WRITTEN), topic="new_issue")
    assert not decision.allowed and decision.handling is Handling.OTHER_CHANNEL
    assert "merits" in decision.message
    by_letter = ask(slug, under(slug, **WRITTEN), channel="letter", topic="new_issue")
    assert by_letter.allowed and by_letter.always_allowed_reason == ""  # nothing needed overriding


@pytest.mark.parametrize("when, allowed, next_window", [
    (datetime(2026, 3, 3, 10, 0), True, None),
    (datetime(2026, 3, 3, 11, 59), True, None),
    (datetime(2026, 3, 3, 12, 0), False, datetime(2026, 3, 5, 10)),
    (datetime(2026, 3, 4, 11, 0), False, datetime(2026, 3, 5, 10)),
    (datetime(2026, 3, 5, 9, 59), False, datetime(2026, 3, 5, 10)),
    (datetime(2026, 3, 6, 10, 30), False, datetime(2026, 3, 10, 10)),
])
def test_set_times_on_and_off_the_window(slug, when, allowed, next_window):
    decision = ask(slug, under(slug, **SET_TIMES), when=when)
    assert decision.allowed is allowed
    assert decision.next_window == next_window
    if not allowed:
        assert decision.handling is Handling.OUTSIDE_SET_TIMES
        assert "on Tuesday and Thursday, 10am to 12 noon" in decision.message
        assert "by letter" in decision.message  # other ways stay open at any time
    letter = ask(slug, under(slug, **SET_TIMES), channel="letter", when=when)
    assert letter.allowed


@pytest.mark.parametrize("slug_, allowed", [("thenue", False), ("torus", True)])
def test_a_set_day_that_is_a_bank_holiday_in_the_landlords_nation(slug_, allowed):
    # Tuesday 2 January 2029 is a bank holiday in Scotland, not in England.
    decision = ask(slug_, under(slug_, **SET_TIMES), when=datetime(2029, 1, 2, 10, 30))
    assert decision.allowed is allowed
    if not allowed:
        assert decision.next_window == datetime(2029, 1, 4, 10)


LIMIT = {"issues_per_period": IssueLimit(issues=2, weeks=4)}


@pytest.mark.parametrize("when, raised, handling, number, next_period", [
    (datetime(2026, 3, 10, 11), 0, Handling.COUNTED_TOWARDS_LIMIT, 1, None),
    (datetime(2026, 3, 10, 11), 1, Handling.COUNTED_TOWARDS_LIMIT, 2, None),
    (datetime(2026, 3, 10, 11), 2, Handling.NEXT_PERIOD, None, date(2026, 3, 30)),
    (datetime(2026, 3, 29, 11), 5, Handling.NEXT_PERIOD, None, date(2026, 3, 30)),
    (datetime(2026, 4, 1, 11), 2, Handling.NEXT_PERIOD, None, date(2026, 4, 27)),
])
def test_issues_per_period_are_counted_or_deferred_never_dropped(slug, when, raised, handling, number, next_period):
    if not allows(slug, "issues_per_period"):
        with pytest.raises(DomainError):
            under(slug, **LIMIT)
        return
    decision = ask(slug, under(slug, **LIMIT), channel="email", when=when, issues_this_period=raised)
    assert decision.allowed  # a deferred issue is kept, and the tenant is told when
    assert (decision.handling, decision.issue_number, decision.next_period_starts) == (handling, number, next_period)
    if next_period:
        assert f"{next_period.day} {next_period:%B %Y}" in decision.message
    else:
        assert f"issue {number} of the 2" in decision.message


def test_a_new_issue_past_the_limit_is_still_considered(slug):
    if not allows(slug, "issues_per_period"):
        return refused(slug, **LIMIT)
    decision = ask(slug, under(slug, **LIMIT), channel="email", topic="new_issue", issues_this_period=2)
    assert decision.allowed and decision.handling is not Handling.NEXT_PERIOD
    assert "merits" in decision.always_allowed_reason
    followup = ask(slug, under(slug, **LIMIT), channel="email", topic="existing_case", case_id="C-3",
                   issues_this_period=2)
    assert followup.handling is Handling.NORMAL and followup.issue_number is None


@pytest.mark.parametrize("channel, case_id, allowed, handling", [
    ("letter", "C-1", True, Handling.READ_AND_FILE),
    ("email", "C-1", True, Handling.READ_AND_FILE),
    ("phone", "C-1", False, Handling.OTHER_CHANNEL),
    ("letter", "C-2", True, Handling.NORMAL),
])
def test_read_and_file_for_a_closed_case(slug, channel, case_id, allowed, handling):
    if not allows(slug, "read_and_file"):
        with pytest.raises(DomainError) as err:
            under(slug, read_and_file=("C-1",))
        assert err.value.field == "read_and_file"
        return
    decision = ask(slug, under(slug, read_and_file=("C-1",)), channel=channel, topic="existing_case",
                   case_id=case_id)
    assert (decision.allowed, decision.handling) == (allowed, handling)
    if handling is Handling.READ_AND_FILE:
        assert "significant new information" in decision.message


def test_third_party_only(slug):
    state = under(slug, third_party_only="Jo Reed (Citizens Advice)")
    customer = ask(slug, state, channel="email")
    assert not customer.allowed and customer.handling is Handling.VIA_THIRD_PARTY
    assert "Jo Reed" in customer.message
    advocate = ask(slug, state, channel="email", by_representative=True)
    assert advocate.allowed and advocate.handling is Handling.VIA_THIRD_PARTY


@pytest.mark.parametrize("channel, allowed", [("email", True), ("letter", True), ("phone", False),
                                              ("in_person", False)])
def test_no_personal_contact_means_writing(slug, channel, allowed):
    if not allows(slug, "no_personal_contact"):
        return refused(slug, no_personal_contact=True)
    decision = ask(slug, under(slug, no_personal_contact=True), channel=channel)
    assert decision.allowed is allowed
    assert decision.handling is (Handling.WRITTEN_REPLY_ONLY if allowed else Handling.OTHER_CHANNEL)


def test_topics_limit_what_is_discussed(slug):
    if not allows(slug, "issues_per_period"):
        return refused(slug, topics=("rent",))
    state = under(slug, topics=("the damp in the bathroom", "C-9"))
    assert ask(slug, state, topic="the damp in the bathroom").allowed
    assert ask(slug, state, topic="existing_case", case_id="C-9").allowed
    other = ask(slug, state, topic="general")
    assert not other.allowed and other.handling is Handling.NOT_COVERED and "damp" in other.message
    assert ask(slug, state, topic="new_issue").always_allowed_reason


def test_health_and_safety_only_for_a_period(slug):
    if not allows(slug, "health_and_safety_only"):
        return refused(slug, health_and_safety_only_until=date(2026, 4, 30))
    state = under(slug, health_and_safety_only_until=date(2026, 4, 30))
    before = ask(slug, state, when=datetime(2026, 4, 30, 11))
    assert not before.allowed and before.handling is Handling.NOT_COVERED and "30 April 2026" in before.message
    assert ask(slug, state, topic="health_and_safety", when=datetime(2026, 4, 30, 11)).allowed
    assert ask(slug, state, when=datetime(2026, 5, 1, 11)).allowed


@pytest.mark.parametrize("channel, handling", [("in_person", Handling.BY_APPOINTMENT), ("phone", Handling.NORMAL)])
def test_office_visits_by_appointment(slug, channel, handling):
    decision = ask(slug, under(slug, appointment_only=True), channel=channel)
    assert decision.allowed and decision.handling is handling


def test_a_named_contact_handles_everything(slug):
    decision = ask(slug, under(slug, named_contact="Sam Patel"), channel="email")
    assert decision.handling is Handling.NAMED_CONTACT and decision.named_contact == "Sam Patel"
    assert "Sam Patel will deal with it" in decision.message


def test_an_unknown_channel_is_an_error(slug):
    with pytest.raises(DomainError):
        ask(slug, ConductState(), channel="fax")


@pytest.mark.parametrize("terms, field", [
    ({"channels_allowed": ("phone", "in_person"), "no_personal_contact": True}, "channels_allowed"),
    ({"channels_allowed": ("phone",)}, "channels_allowed"),
    ({"set_times": SetTimes((), time(10), time(12))}, "set_times"),
    ({"set_times": SetTimes((1,), time(12), time(10))}, "set_times"),
    ({"set_times": SetTimes((1,), time(10), time(12), ("phone",)), **WRITTEN}, "set_times"),
    ({}, "terms"),
])
def test_terms_that_leave_no_contact_or_make_no_sense_are_refused(slug, terms, field):
    with pytest.raises(DomainError) as err:
        under(slug, **terms)
    assert err.value.field == field


def test_at_least_one_form_of_contact_must_remain(slug):
    with pytest.raises(DomainError, match="At least one way"):
        under(slug, channels_allowed=("phone", "in_person"), no_personal_contact=True)


def test_every_restriction_needs_its_reason(slug):
    terms = ProtocolTerms(named_contact="Sam Patel", appointment_only=True, reasons={"named_contact": "One person"})
    with pytest.raises(DomainError) as err:
        check_terms(terms, PROFILES[slug], start=START)
    assert err.value.field == "reasons.appointment_only"


def test_health_and_safety_only_needs_an_end_date_after_the_start():
    with pytest.raises(DomainError) as err:
        under("torus", health_and_safety_only_until=START)
    assert err.value.field == "health_and_safety_only_until"


@pytest.mark.parametrize("slug_, refused", [
    ("connect", "no_personal_contact"), ("housing-solutions", "read_and_file"),
    ("thenue", "health_and_safety_only"), ("thenue", "close_abused_cases"), ("torus", "close_abused_cases"),
])
def test_restrictions_outside_the_profile_list_are_refused(slug_, refused):
    terms = {
        "no_personal_contact": {"no_personal_contact": True}, "read_and_file": {"read_and_file": ("C-1",)},
        "issues_per_period": LIMIT, "health_and_safety_only": {"health_and_safety_only_until": date(2026, 6, 1)},
        "close_abused_cases": {"close_abused_cases": ("ASB-4",)},
    }[refused]
    with pytest.raises(DomainError) as err:
        under(slug_, **terms)
    assert err.value.field == refused


# Property: whatever the terms, time and topic, the tenant is always told something, and
# the topics the profile never restricts always get through.

_terms = st.fixed_dictionaries({}, optional={
    "channels_allowed": st.sampled_from([("letter",), ("email", "online"), WRITTEN_CHANNELS]),
    "set_times": st.builds(SetTimes, st.sets(st.integers(0, 6), min_size=1).map(tuple),
                           st.sampled_from([time(9), time(10)]), st.sampled_from([time(12), time(16)]),
                           st.sampled_from([("letter",), ("email",)])),
    "named_contact": st.just("Sam Patel"),
    "issues_per_period": st.builds(IssueLimit, st.integers(1, 3), st.integers(1, 6)),
    "appointment_only": st.just(True),
    "third_party_only": st.just("Jo Reed"),
    "no_personal_contact": st.just(True),
    "read_and_file": st.just(("C-1",)),
    "topics": st.just(("rent",)),
})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    slug_=st.sampled_from(SLUGS), terms=_terms,
    channel=st.sampled_from(["phone", "letter", "email", "online", "in_person"]),
    when=st.datetimes(datetime(2026, 3, 2), datetime(2027, 3, 1)),
    topic=st.sampled_from(["emergency_repair", "health_and_safety", "new_issue", "existing_case", "general", "rent"]),
    raised=st.integers(0, 5), rep=st.booleans(),
)
def test_the_tenant_is_never_left_without_an_answer(slug_, terms, channel, when, topic, raised, rep):
    try:
        state = under(slug_, **terms)
    except DomainError:
        return  # terms the profile refuses never reach the query
    decision = ask(slug_, state, channel=channel, when=when, topic=topic, case_id="C-1",
                   issues_this_period=raised, by_representative=rep)
    assert decision.message.strip()
    if topic in ("emergency_repair", "health_and_safety") and topic in PROFILES[slug_].conduct.always_allowed:
        assert decision.allowed and decision.always_allowed_reason
    if decision.handling is Handling.NEXT_PERIOD:
        assert decision.allowed and decision.next_period_starts > when.date()
    if not decision.allowed:
        assert decision.handling in (Handling.OTHER_CHANNEL, Handling.OUTSIDE_SET_TIMES, Handling.NOT_COVERED,
                                     Handling.VIA_THIRD_PARTY)
