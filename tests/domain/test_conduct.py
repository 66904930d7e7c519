"""The unacceptable-behaviour process over the four landlord profiles: roles, order, folding."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from portal.domain.conduct.fold import (
    add_months, counted_incidents, fold_conduct, on_no_personal_contact_list, protocol_in_force, reviews_due,
)
from portal.domain.conduct.approvals import approve_proposal, propose_change, refuse_proposal
from portal.domain.conduct.actions import (
    agree_assessment, complete_assessment, complete_review, decide_appeal, decide_vexatious, end_protocol, impose_protocol,
    issue_warning, lodge_appeal, record_incident, vary_protocol,
)
from portal.domain.conduct.kinds import AppealOutcome, ReviewOutcome
from portal.domain.conduct.police import record_police_report, reports_owed
from portal.domain.conduct.permissions import can_assess, can_hear_appeal, can_impose
from portal.domain.errors import DomainError, PermissionDenied
from portal.domain.events import Actor, Event
from portal.domain.profile import load_profiles
from portal.domain.conduct.protocol import ProtocolTerms, SetTimes
from portal.domain.roles import Role

PROFILES = load_profiles(Path(__file__).resolve().parents[2] / "content" / "landlords")
SLUGS = sorted(PROFILES)
DAY = date(2026, 3, 2)  # a Monday

OFFICER = Actor("officer", "Olu Officer", Role.OFFICER)
CUSTOMER = Actor("cust", "Casey Customer")


def staff(role: Role, who: str = "") -> Actor:
    return Actor(who or role.value, f"{role.value.title()} {who}".strip(), role)


# The lowest role each landlord's policy allows for each step (from RULES.md section 2).
ASSESSOR = {"housing-solutions": Role.MANAGER, "torus": Role.MANAGER, "thenue": Role.MANAGER, "connect": Role.MANAGER}
AUTHORISER = {"housing-solutions": Role.HEAD_OF_SERVICE, "torus": Role.DIRECTOR, "thenue": Role.MANAGER,
              "connect": Role.MANAGER}
APPEAL = {"housing-solutions": Role.DIRECTOR, "torus": Role.DIRECTOR, "thenue": Role.DIRECTOR,
          "connect": Role.DIRECTOR}
BELOW = {Role.MANAGER: Role.OFFICER, Role.HEAD_OF_SERVICE: Role.MANAGER, Role.DIRECTOR: Role.HEAD_OF_SERVICE}

TERMS = ProtocolTerms(
    set_times=SetTimes((1, 3), time(10), time(12)), named_contact="Sam Patel",
    reasons={"set_times": "Forty calls a week to the repairs line", "named_contact": "One person keeps track"},
)


class File:
    """One customer's conduct file under test: each step appends its event."""

    def __init__(self, slug: str):
        self.profile = PROFILES[slug]
        self.events: list[Event] = []

    @property
    def state(self):
        return fold_conduct(self.events, self.profile)

    def do(self, step, actor: Actor, today: date, **fields) -> Event:
        event = step(self.state, self.profile, actor, today, **fields)
        self.events.append(event)
        return event

    # Shortcuts for the usual path ------------------------------------------------
    def incident(self, today: date = DAY, **fields) -> Event:
        fields = {"kind": "unreasonable_contact_levels", "occurred_on": today, "channel": "phone",
                  "description": "Phoned the repairs line 14 times in one day about the same leak", **fields}
        return self.do(record_incident, OFFICER, today, **fields)

    def warnings(self, today: date = DAY) -> None:
        for level in self.profile.conduct.warnings:
            self.do(issue_warning, OFFICER, today, level=level, reasons="Repeated calls after being told the date")

    def assess(self, today: date = DAY, outcome: str = "protocol_recommended", by: Actor | None = None) -> Event:
        rules = self.profile.conduct
        event = self.do(complete_assessment, by or staff(rules.assessor_role, "assessor"), today,
                        factors={f: f"notes on {f}" for f in rules.assessment_factors}, outcome=outcome)
        if rules.assessment_agreed_by and outcome != "no_action":
            self.do(agree_assessment, staff(rules.assessment_agreed_by, "agreer"), today)
        return event

    def impose(self, today: date = DAY, terms: ProtocolTerms = TERMS, **fields) -> Event:
        """The officer proposes the protocol and someone with the authoriser role approves it."""
        fields = {"reasons": "Contact is stopping other tenants' repairs being booked",
                  "adjustments_considered": "Large print letters; dyslexia considered", **fields}
        self.do(propose_change, OFFICER, today, change="impose", terms=terms, **fields)
        authoriser = staff(self.profile.conduct.authoriser_role, "authoriser")
        return self.do(approve_proposal, authoriser, today, proposal=self.state.proposals[-1].number)

    def to_protocol(self, today: date = DAY) -> "File":
        self.incident(today)
        self.warnings(today)
        self.assess(today)
        self.impose(today)
        return self


@pytest.fixture(params=SLUGS)
def slug(request) -> str:
    return request.param


# Who may do what -----------------------------------------------------------------


@pytest.mark.parametrize("table, predicate", [(ASSESSOR, "assess"), (AUTHORISER, "impose")])
def test_lowest_role_allowed_and_the_one_below_refused(slug, table, predicate):
    profile, lowest = PROFILES[slug], table[slug]
    check = {"assess": can_assess, "impose": can_impose}[predicate]
    assert check(staff(lowest), profile)
    assert check(staff(Role.BOARD), profile)
    assert not check(staff(BELOW[lowest]), profile)
    assert not check(CUSTOMER, profile)


def test_an_assessment_by_too_junior_a_role_is_refused(slug):
    f = File(slug)
    f.incident()
    with pytest.raises(PermissionDenied, match="assessment"):
        f.assess(by=staff(BELOW[ASSESSOR[slug]], "junior"))


def test_a_protocol_authorised_below_the_profile_role_is_refused(slug):
    f = File(slug)
    f.incident(), f.warnings(), f.assess()
    junior = staff(BELOW[AUTHORISER[slug]], "junior")
    fields = {"terms": TERMS, "reasons": "Calls", "adjustments_considered": "Large print"}
    with pytest.raises(PermissionDenied) as err:
        f.do(impose_protocol, junior, DAY, **fields)
    assert f.profile.title(AUTHORISER[slug]) in err.value.message
    f.do(propose_change, OFFICER, DAY, change="impose", **fields)
    with pytest.raises(PermissionDenied) as err:
        f.do(approve_proposal, junior, DAY, proposal=1)
    assert f.profile.title(AUTHORISER[slug]) in err.value.message
    assert f.state.protocol is None and f.state.pending_proposals


def test_nobody_approves_their_own_proposal_and_the_approver_is_the_one_signed_in(slug):
    f = File(slug)
    f.incident(), f.warnings(), f.assess()
    fields = {"terms": TERMS, "reasons": "Calls", "adjustments_considered": "Large print"}
    proposer = staff(Role.MANAGER, "proposer")
    f.do(propose_change, proposer, DAY, change="impose", **fields)
    with pytest.raises(PermissionDenied, match="someone else"):
        f.do(approve_proposal, Actor(proposer.id, proposer.name, Role.BOARD), DAY, proposal=1)
    with pytest.raises(PermissionDenied, match="someone else"):
        f.do(refuse_proposal, Actor(proposer.id, proposer.name, Role.BOARD), DAY, proposal=1, reasons="No")
    approver = staff(AUTHORISER[slug], "approver")
    f.do(approve_proposal, approver, DAY, proposal=1)
    protocol = f.state.protocol
    assert protocol.authorised_by.id == "approver" and {"approver", "proposer"} <= protocol.involved
    assert not f.state.pending_proposals and f.state.proposals[0].approved


def test_a_refused_proposal_changes_nothing(slug):
    f = File(slug)
    f.incident(), f.warnings(), f.assess()
    f.do(propose_change, OFFICER, DAY, change="impose", terms=TERMS, reasons="Calls", adjustments_considered="x")
    with pytest.raises(DomainError, match="why"):
        f.do(refuse_proposal, staff(AUTHORISER[slug], "a"), DAY, proposal=1, reasons=" ")
    f.do(refuse_proposal, staff(AUTHORISER[slug], "a"), DAY, proposal=1, reasons="Warnings are working")
    assert f.state.protocol is None and f.state.proposals[0].approved is False
    with pytest.raises(DomainError, match="not waiting"):
        f.do(approve_proposal, staff(AUTHORISER[slug], "b"), DAY, proposal=1)


def test_a_proposal_is_checked_when_made():
    f = File("torus")
    f.incident()
    with pytest.raises(DomainError, match="assessment"):
        f.do(propose_change, OFFICER, DAY, change="impose", terms=TERMS, reasons="x", adjustments_considered="x")


def test_terms_cannot_change_while_an_appeal_is_open(slug):
    f = File(slug).to_protocol()
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="Unfair")
    new = ProtocolTerms(named_contact="Ali Khan", reasons={"named_contact": "Moved team"})
    with pytest.raises(DomainError, match="appeal"):
        f.do(vary_protocol, staff(Role.BOARD, "board"), DAY, terms=new, reasons="Change")
    with pytest.raises(DomainError, match="appeal"):
        f.do(propose_change, staff(Role.MANAGER, "m"), DAY, change="vary", terms=new, reasons="Change")


def test_torus_assessment_must_be_agreed_by_the_service_director():
    f = File("torus")
    f.incident(), f.warnings()
    factors = {k: "notes" for k in f.profile.conduct.assessment_factors}
    director = staff(Role.DIRECTOR, "dir")
    f.do(complete_assessment, director, DAY, factors=factors, outcome="protocol_recommended")
    assert f.state.assessments[-1].awaiting_agreement
    fields = {"terms": TERMS, "reasons": "Calls", "adjustments_considered": "Large print"}
    with pytest.raises(DomainError, match="Service Director first"):
        f.do(impose_protocol, staff(Role.EXECUTIVE, "exec"), DAY, **fields)
    with pytest.raises(PermissionDenied, match="Service Director"):
        f.do(agree_assessment, staff(Role.HEAD_OF_SERVICE), DAY)
    with pytest.raises(PermissionDenied, match="someone else"):  # a director never agrees his own assessment
        f.do(agree_assessment, director, DAY)
    f.do(agree_assessment, staff(Role.DIRECTOR, "other"), DAY)
    assert f.state.assessments[-1].agreed_by.id == "other"
    with pytest.raises(DomainError, match="no assessment waiting"):
        f.do(agree_assessment, staff(Role.DIRECTOR, "third"), DAY)
    f.do(impose_protocol, staff(Role.EXECUTIVE, "exec"), DAY, **fields)
    assert {"dir", "other", "exec"} <= f.state.protocol.involved


@pytest.mark.parametrize("slug_", ["housing-solutions", "thenue", "connect"])
def test_other_landlords_do_not_ask_for_agreement(slug_):
    f = File(slug_)
    f.incident()
    factors = {k: "notes" for k in f.profile.conduct.assessment_factors}
    f.do(complete_assessment, staff(Role.MANAGER), DAY, factors=factors, outcome="warning")
    assert not f.state.assessments[-1].awaiting_agreement
    with pytest.raises(DomainError, match="does not ask"):
        f.do(agree_assessment, staff(Role.DIRECTOR), DAY)


def test_every_assessment_factor_needs_notes(slug):
    f = File(slug)
    f.incident()
    factors = {k: "notes" for k in f.profile.conduct.assessment_factors}
    factors["language"] = "  "
    with pytest.raises(DomainError) as err:
        f.do(complete_assessment, staff(Role.MANAGER), DAY, factors=factors, outcome="warning")
    assert err.value.field == "factors.language"


# Incidents -----------------------------------------------------------------------


@pytest.mark.parametrize("description, ok", [
    ("He was very angry and persistent", False),
    ("Customer seemed upset and frustrated", False),
    ("   ", False),
    ("Shouted at the officer and called her a liar in front of other tenants", True),
    ("Posted a recording of the call on social media with the officer's name", True),
])
def test_an_incident_must_describe_behaviour_not_mood(description, ok):
    f = File("torus")
    if ok:
        f.incident(description=description)
        assert f.state.incidents[-1].description == description
    else:
        with pytest.raises(DomainError) as err:
            f.incident(description=description)
        assert err.value.field == "description"


@pytest.mark.parametrize("fields, field", [
    ({"kind": "aggressive_abusive"}, "sub_kind"),  # abuse needs its sub-kind
    ({"kind": "rude"}, "kind"),
    ({"kind": "harassment", "sub_kind": "verbal"}, "sub_kind"),
    ({"occurred_on": date(2026, 3, 3)}, "occurred_on"),
    ({"channel": "carrier_pigeon"}, "channel"),
])
def test_incident_fields_are_checked(fields, field):
    f = File("thenue")
    with pytest.raises(DomainError) as err:
        f.incident(**fields)
    assert err.value.field == field


def test_only_staff_record_incidents():
    f = File("connect")
    with pytest.raises(PermissionDenied):
        f.do(record_incident, CUSTOMER, DAY, kind="harassment", occurred_on=DAY, channel="email",
             description="Emailed an officer's home address to other tenants")


# Warnings and the order before a protocol ----------------------------------------


def test_housing_solutions_needs_an_initial_warning_before_a_formal_one():
    f = File("housing-solutions")
    f.incident()
    with pytest.raises(DomainError, match="initial warning before the formal"):
        f.do(issue_warning, OFFICER, DAY, level="formal", reasons="Abusive emails")
    f.do(issue_warning, OFFICER, DAY, level="initial", reasons="Abusive emails", complaint_id="C-12")
    f.do(issue_warning, OFFICER, DAY, level="formal", reasons="Abusive emails continued")
    assert [w.level for w in f.state.warnings] == ["initial", "formal"]
    assert f.state.warnings[0].complaint_id == "C-12"  # given inside a complaint reply


@pytest.mark.parametrize("slug_, foreign", [
    ("torus", "formal"), ("thenue", "initial"), ("housing-solutions", "modify"),
])
def test_a_warning_level_the_profile_does_not_use_is_refused(slug_, foreign):
    f = File(slug_)
    f.incident()
    with pytest.raises(DomainError) as err:
        f.do(issue_warning, OFFICER, DAY, level=foreign, reasons="x")
    assert err.value.field == "level"


def test_a_warning_needs_recorded_behaviour(slug):
    f = File(slug)
    with pytest.raises(DomainError, match="Record the behaviour"):
        f.do(issue_warning, OFFICER, DAY, level=f.profile.conduct.warnings[0], reasons="x")


def test_a_protocol_needs_the_warnings_first(slug):
    f = File(slug)
    f.incident()
    f.assess()
    with pytest.raises(DomainError) as err:
        f.impose()
    assert err.value.field == "warnings"
    assert f.profile.conduct.warnings[0] in err.value.message


@pytest.mark.parametrize("signed_off_by, expected", [
    (None, {"housing-solutions": False, "torus": True, "thenue": True, "connect": True}),
    ("director", {"housing-solutions": True, "torus": True, "thenue": True, "connect": True}),
])
def test_immediate_action_for_abuse_stands_in_for_warnings(slug, signed_off_by, expected):
    f = File(slug)
    signer = staff(Role.DIRECTOR, "signer") if signed_off_by else None
    f.incident(kind="aggressive_abusive", sub_kind="threats", immediate_action="Call ended by the officer",
               description="Threatened to come to the office and hurt the officer",
               immediate_action_signed_off_by=signer)
    f.assess()
    for incident in reports_owed(f.state, f.profile):  # Thenue 4.2, HS 6.3.1 (test_rules_conduct)
        f.do(record_police_report, OFFICER, DAY, incident=incident.number, reported_on=DAY, reference="CR-1")
    if expected[slug]:
        f.impose()
        assert protocol_in_force(f.state, DAY) is not None
    else:
        with pytest.raises(DomainError, match="warning"):
            f.impose()


def test_immediate_action_sign_off_needs_a_director():
    f = File("housing-solutions")
    with pytest.raises(PermissionDenied) as err:
        f.incident(kind="aggressive_abusive", sub_kind="verbal", immediate_action="Call ended",
                   description="Swore at the officer repeatedly", immediate_action_signed_off_by=staff(Role.MANAGER))
    assert err.value.field == "immediate_action_signed_off_by"


def test_a_protocol_needs_an_assessment_recommending_it(slug):
    f = File(slug)
    f.incident(), f.warnings()
    with pytest.raises(DomainError) as err:
        f.impose()
    assert err.value.field == "assessment"
    f.assess(outcome="warning")
    with pytest.raises(DomainError):
        f.impose()


@pytest.mark.parametrize("field", ["adjustments_considered", "reasons"])
def test_a_protocol_records_reasons_and_adjustments(slug, field):
    f = File(slug)
    f.incident(), f.warnings(), f.assess()
    with pytest.raises(DomainError) as err:
        f.impose(**{field: " "})
    assert err.value.field == field


def test_a_second_protocol_while_one_is_live_is_refused(slug):
    f = File(slug).to_protocol()
    f.incident()
    with pytest.raises(DomainError, match="vary it"):
        f.impose()


# Review dates --------------------------------------------------------------------


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 15), 6, date(2026, 7, 15)),
    (date(2026, 8, 31), 6, date(2027, 2, 28)),
    (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2026, 11, 30), 3, date(2027, 2, 28)),
    (date(2026, 3, 31), -1, date(2026, 2, 28)),
])
def test_add_months(start, months, expected):
    assert add_months(start, months) == expected


def test_review_date_is_start_plus_the_profile_review_months(slug):
    f = File(slug).to_protocol(date(2026, 8, 31))
    months = f.profile.conduct.review_months
    assert f.state.protocol.review_on == add_months(date(2026, 8, 31), months)
    assert f.state.protocol.review_on == date(2027, 2, 28)  # every profile sets six months


def test_reviews_due_within_fourteen_days_and_overdue(slug):
    f = File(slug).to_protocol(date(2026, 1, 15))
    assert reviews_due(f.state, date(2026, 6, 30)) == ()
    (due,) = reviews_due(f.state, date(2026, 7, 1))
    assert (due.review_on, due.overdue) == (date(2026, 7, 15), False)
    (late,) = reviews_due(f.state, date(2026, 7, 16))
    assert late.overdue


def test_review_continue_moves_the_next_review_on(slug):
    f = File(slug).to_protocol(date(2026, 1, 15))
    f.do(complete_review, staff(Role.MANAGER, "reviewer"), date(2026, 7, 15), outcome="continue",
         reasons="Still calling many times a day")
    assert f.state.protocol.review_on == date(2027, 1, 15)
    assert f.state.protocol.reviews[-1].outcome is ReviewOutcome.CONTINUE
    assert protocol_in_force(f.state, date(2026, 7, 16))


def test_review_vary_changes_the_terms_with_the_authoriser(slug):
    f = File(slug).to_protocol(date(2026, 1, 15))
    new = ProtocolTerms(named_contact="Ali Khan", reasons={"named_contact": "Sam Patel has moved team"})
    reviewer = staff(Role.MANAGER, "reviewer")
    if not can_impose(reviewer, f.profile):
        with pytest.raises(PermissionDenied):
            f.do(complete_review, reviewer, date(2026, 7, 15), outcome="vary", reasons="Fewer calls", terms=new)
    f.do(propose_change, reviewer, date(2026, 7, 15), change="review", outcome="vary", reasons="Fewer calls",
         terms=new)
    f.do(approve_proposal, staff(AUTHORISER[slug], "approver"), date(2026, 7, 15),
         proposal=f.state.proposals[-1].number)
    assert f.state.protocol.reviews[-1].by.id == "approver"
    assert f.state.protocol.terms.named_contact == "Ali Khan"
    assert f.state.protocol.terms.set_times is None


def test_review_vary_needs_terms_and_continue_refuses_them(slug):
    f = File(slug).to_protocol()
    with pytest.raises(DomainError):
        f.do(complete_review, staff(Role.DIRECTOR), DAY, outcome="vary", reasons="x")
    with pytest.raises(DomainError):
        f.do(complete_review, staff(Role.DIRECTOR), DAY, outcome="continue", reasons="x", terms=TERMS)


def test_review_end_lifts_the_protocol_and_closes_the_case(slug):
    f = File(slug).to_protocol(date(2026, 1, 15))
    f.do(complete_review, staff(Role.MANAGER, "reviewer"), date(2026, 7, 15), outcome="end",
         reasons="No calls outside the set times for three months")
    assert protocol_in_force(f.state, date(2026, 7, 15)) is None
    assert f.state.open_case is None
    assert reviews_due(f.state, date(2026, 7, 15)) == ()
    with pytest.raises(DomainError, match="no communication protocol"):
        f.do(end_protocol, staff(Role.MANAGER), date(2026, 7, 16), reason="again")


def test_an_officer_cannot_review(slug):
    f = File(slug).to_protocol()
    with pytest.raises(PermissionDenied):
        f.do(complete_review, OFFICER, DAY, outcome="end", reasons="x")


def test_a_protocol_with_an_end_date_lapses(slug):
    f = File(slug)
    f.incident(), f.warnings(), f.assess()
    f.impose(ends_on=date(2026, 5, 31))
    assert protocol_in_force(f.state, date(2026, 5, 31))
    assert protocol_in_force(f.state, date(2026, 6, 1)) is None


# Appeals -------------------------------------------------------------------------


def test_appeal_roles_and_separation_of_duty(slug):
    f = File(slug).to_protocol()
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="I only call because the leak is not fixed")
    state, profile = f.state, f.profile
    involved = [staff(profile.conduct.assessor_role, "assessor"), staff(profile.conduct.authoriser_role, "authoriser"),
                OFFICER]
    if profile.conduct.assessment_agreed_by:
        involved.append(staff(profile.conduct.assessment_agreed_by, "agreer"))
    for person in involved:
        promoted = Actor(person.id, person.name, Role.EXECUTIVE)  # rank alone never overrides involvement
        assert not can_hear_appeal(promoted, state, profile), person.id
        with pytest.raises(PermissionDenied, match="took part"):
            f.do(decide_appeal, promoted, DAY, outcome="dismissed", reasons="x")
    assert not can_hear_appeal(staff(BELOW[APPEAL[slug]], "fresh"), state, profile)
    assert can_hear_appeal(staff(APPEAL[slug], "fresh"), state, profile)
    f.do(decide_appeal, staff(APPEAL[slug], "fresh"), DAY, outcome="dismissed", reasons="Calls are still daily")
    assert f.state.protocol.appeals[-1].outcome is AppealOutcome.DISMISSED
    assert protocol_in_force(f.state, DAY)
    if profile.conduct.appeals_per_protocol == 1:
        return  # one further assessment only (test_rules_conduct covers the refusal)
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="I still disagree")
    assert not can_hear_appeal(staff(APPEAL[slug], "fresh"), f.state, f.profile)  # they decided the first


def test_the_appeal_is_heard_by_the_profile_title(slug):
    f = File(slug).to_protocol()
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="Unfair")
    with pytest.raises(PermissionDenied) as err:
        f.do(decide_appeal, staff(Role.HEAD_OF_SERVICE, "hos"), DAY, outcome="upheld", reasons="x")
    assert f.profile.title(APPEAL[slug]) in err.value.message


def test_an_appeal_needs_a_protocol_and_only_one_at_a_time(slug):
    f = File(slug)
    f.incident()
    with pytest.raises(DomainError, match="no communication protocol"):
        f.do(lodge_appeal, CUSTOMER, DAY, grounds="Unfair")
    f.warnings(), f.assess(), f.impose()
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="Unfair")
    with pytest.raises(DomainError, match="already"):
        f.do(lodge_appeal, CUSTOMER, DAY, grounds="Still unfair")


def test_an_appeal_may_come_before_a_protocol_starts_but_not_before_the_decision(slug):
    f = File(slug)
    f.incident(), f.warnings(), f.assess()
    f.impose(start=date(2026, 3, 9))
    assert protocol_in_force(f.state, DAY) is None
    with pytest.raises(DomainError) as err:
        f.do(lodge_appeal, CUSTOMER, DAY, grounds="Unfair", lodged_on=date(2026, 3, 1))
    assert err.value.field == "lodged_on"
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="Unfair")
    assert f.state.protocol.open_appeal.lodged_on == DAY


def test_staff_log_an_appeal_only_with_how_it_arrived(slug):
    f = File(slug).to_protocol()
    with pytest.raises(DomainError):
        f.do(lodge_appeal, OFFICER, DAY, grounds="Letter from the customer's advocate")
    f.do(lodge_appeal, OFFICER, DAY, grounds="Letter from the customer's advocate", received_by_channel="letter")
    assert f.state.protocol.open_appeal is not None


def test_an_upheld_appeal_ends_the_protocol(slug):
    f = File(slug).to_protocol()
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="My calls were about a gas leak")
    f.do(decide_appeal, staff(Role.DIRECTOR, "fresh"), date(2026, 3, 9), outcome="upheld",
         reasons="The calls were about an urgent safety problem")
    assert protocol_in_force(f.state, date(2026, 3, 9)) is None
    assert f.state.protocol.ended_reason.startswith("Appeal upheld")


def test_a_varied_appeal_changes_the_terms_and_a_second_appeal_may_follow(slug):
    f = File(slug).to_protocol()
    hearer = staff(Role.DIRECTOR, "fresh")
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="I work on Tuesdays")
    new = ProtocolTerms(set_times=SetTimes((0, 3), time(14), time(16)),
                        reasons={"set_times": "Calls limited, but at times the customer can make"})
    f.do(decide_appeal, hearer, DAY, outcome="varied", reasons="Times moved to suit work", terms=new)
    assert f.state.protocol.terms.set_times.weekdays == (0, 3)
    if f.profile.conduct.appeals_per_protocol == 1:
        return  # Housing Solutions 6.5.5: one further assessment only
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="Still unfair")
    assert not can_hear_appeal(hearer, f.state, f.profile)  # they varied it, so they took part


# Counting incidents: closed cases older than the profile's months are ignored --------


@pytest.mark.parametrize("today, counted", [
    (date(2025, 1, 31), 2),  # the first case closed 11 months and 30 days ago: still counts
    (date(2025, 2, 1), 1),  # closed 12 months ago: ignored
    (date(2026, 6, 1), 1),
])
def test_closed_cases_older_than_the_profile_months_are_not_counted(slug, today, counted):
    f = File(slug)
    f.incident(date(2024, 1, 10))
    f.assess(date(2024, 2, 1), outcome="no_action")  # closes the first case
    assert f.state.open_case is None
    f.incident(date(2025, 1, 20))
    assert len(counted_incidents(f.state, f.profile, today)) == counted
    event = f.assess(today, outcome="warning")
    assert event.get("instances") == counted
    assert f.profile.conduct.closed_cases_ignored_after_months == 12


def test_a_case_closed_by_ending_a_protocol_stops_counting_after_twelve_months(slug):
    f = File(slug).to_protocol(date(2024, 1, 10))
    f.do(end_protocol, staff(Role.MANAGER), date(2024, 3, 1), reason="Behaviour has stopped")
    f.incident(date(2025, 2, 20))
    assert len(counted_incidents(f.state, f.profile, date(2025, 2, 28))) == 2
    assert len(counted_incidents(f.state, f.profile, date(2025, 3, 1))) == 1


# Vexatious decisions -------------------------------------------------------------


def test_torus_officer_presents_and_the_service_director_decides():
    f = File("torus")
    with pytest.raises(PermissionDenied, match="Service Director"):
        f.do(decide_vexatious, staff(Role.HEAD_OF_SERVICE), DAY, complaint_id="C-7", presented_by=OFFICER,
             vexatious=True, reasons="Based on events that did not happen")
    director = staff(Role.DIRECTOR)
    with pytest.raises(DomainError, match="another member of staff"):
        f.do(decide_vexatious, director, DAY, complaint_id="C-7", presented_by=director, vexatious=True, reasons="x")
    f.do(decide_vexatious, director, DAY, complaint_id="C-7", presented_by=OFFICER, vexatious=True,
         reasons="Based on events that did not happen")
    (decision,) = f.state.vexatious
    assert decision.vexatious and decision.presented_by == OFFICER and decision.decided_by == director


# Folding -------------------------------------------------------------------------


def test_the_fold_survives_the_store_round_trip(slug):
    f = File(slug).to_protocol()
    f.do(vary_protocol, staff(Role.DIRECTOR, "varier"), DAY, terms=TERMS, reasons="Reworded")
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="Unfair")
    stored = [Event.from_dict(e.to_dict()) for e in f.events]
    assert fold_conduct(stored, f.profile) == f.state
    assert "varier" in f.state.protocol.involved


def test_no_personal_contact_list(slug):
    profile = PROFILES[slug]
    terms = ProtocolTerms(no_personal_contact=True, reasons={"no_personal_contact": "Threats made in person"})
    f = File(slug)
    f.incident(), f.warnings(), f.assess()
    if "no_personal_contact" not in profile.conduct.restrictions:
        with pytest.raises(DomainError):
            f.impose(terms=terms)
        return
    f.impose(terms=terms)
    assert on_no_personal_contact_list(f.state, DAY)
    f.do(end_protocol, staff(Role.MANAGER), date(2026, 4, 1), reason="Behaviour has stopped")
    assert not on_no_personal_contact_list(f.state, date(2026, 4, 1))


def test_unknown_event_kinds_are_ignored(slug):
    f = File(slug).to_protocol()
    noise = Event(kind="note", on=DAY, data={"text": "phoned to chat"})
    assert fold_conduct([*f.events, noise], f.profile) == f.state
