"""The plain-English explanation of a protocol that the tenant page and letter render."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from portal.domain.conduct.fold import fold_conduct
from portal.domain.conduct.police import record_police_report, reports_owed
from portal.domain.conduct.actions import (
    agree_assessment, complete_assessment, end_protocol, impose_protocol, issue_warning, lodge_appeal, record_incident,
)
from portal.domain.conduct.explain import explain_protocol
from portal.domain.conduct.wording import a_title, spoken_time, word_list
from portal.domain.events import Actor
from portal.domain.profile import load_profiles
from portal.domain.conduct.protocol import ProtocolTerms, SetTimes
from portal.domain.roles import Role

PROFILES = load_profiles(Path(__file__).resolve().parents[2] / "content" / "landlords")
DAY = date(2026, 3, 2)
OFFICER = Actor("officer", "Olu Officer", Role.OFFICER)
TERMS = ProtocolTerms(
    channels_allowed=("letter", "email"), set_times=None, named_contact="Sam Patel", return_documents=True,
    reasons={"written_only": "Calls were abusive", "named_contact": "One person keeps track",
             "return_documents": "Hundreds of unrelated pages sent"},
)
APPEAL_TITLE = {"housing-solutions": "Director", "torus": "Service Director", "thenue": "Director of Department",
                "connect": "Director"}


def file_with_protocol(slug: str, terms: ProtocolTerms = TERMS):
    """Events taking a customer to a protocol under the profile's own rules."""
    profile = PROFILES[slug]
    rules, events = profile.conduct, []

    def do(step, actor, **fields):
        events.append(step(fold_conduct(events, profile), profile, actor, DAY, **fields))

    do(record_incident, OFFICER, kind="aggressive_abusive", sub_kind="verbal", occurred_on=DAY, channel="phone",
       description="Swore at the officer and called her useless")
    for level in rules.warnings:
        do(issue_warning, OFFICER, level=level, reasons="Abusive calls")
    do(complete_assessment, Actor("assessor", "Assessor", rules.assessor_role),
       factors={f: "notes" for f in rules.assessment_factors}, outcome="protocol_recommended")
    if rules.assessment_agreed_by:
        do(agree_assessment, Actor("agree", "Agreer", rules.assessment_agreed_by))
    if reports_owed(fold_conduct(events, profile), profile):  # Thenue 4.2: abuse is reported to the police
        do(record_police_report, OFFICER, incident=1, reported_on=DAY, reference="CR-1")
    do(impose_protocol, Actor("auth", "Authoriser", rules.authoriser_role), terms=terms,
       reasons="Calls to staff were abusive", adjustments_considered="Offered email as the customer is deaf")
    return profile, events


@pytest.fixture(params=sorted(PROFILES))
def slug(request) -> str:
    return request.param


def test_no_protocol_says_so(slug):
    explanation = explain_protocol(fold_conduct([], PROFILES[slug]), PROFILES[slug])
    assert not explanation.in_place and "no special arrangements" in explanation.summary


def test_the_explanation_covers_how_who_when_and_appeal(slug):
    profile, events = file_with_protocol(slug)
    explanation = explain_protocol(fold_conduct(events, profile), profile, DAY)
    text = "\n".join(explanation.lines())
    assert explanation.in_place
    assert "You can contact us by letter or by email." in text
    assert "Sam Patel deals with your contact with us." in text
    assert "send them back to you" in text
    assert "Wednesday 2 September 2026" in text  # review: start plus the profile's six months
    assert explanation.review_on == date(2026, 9, 2)
    assert explanation.appeal_heard_by == APPEAL_TITLE[slug]
    assert f"A {APPEAL_TITLE[slug]}, or someone more senior, who was not involved in the decision" in text
    assert "decide within 20 working days of getting your appeal" in text
    assert "You can contact us in any of the usual ways." not in text
    assert "Calls to staff were abusive" in text


@pytest.mark.parametrize("slug_, says_emergency", [("thenue", True), ("torus", False), ("connect", False),
                                                   ("housing-solutions", False)])
def test_what_is_always_allowed_comes_from_the_profile(slug_, says_emergency):
    profile, events = file_with_protocol(slug_)
    (always,) = [s for s in explain_protocol(fold_conduct(events, profile), profile).sections
                 if s.heading == "You can always contact us about"]
    assert any("emergency repair" in line for line in always.lines) is says_emergency
    assert any("health or safety" in line for line in always.lines)
    assert any("new issue" in line for line in always.lines)


def test_set_times_and_an_open_appeal_are_explained():
    terms = ProtocolTerms(set_times=SetTimes((1, 3), time(10), time(12)),
                          reasons={"set_times": "Forty calls a week"})
    profile, events = file_with_protocol("torus", terms)
    events.append(lodge_appeal(fold_conduct(events, profile), profile, Actor("c", "Customer"), DAY, grounds="Unfair"))
    text = "\n".join(explain_protocol(fold_conduct(events, profile), profile, DAY).lines())
    assert "We take contact from you by phone on Tuesday and Thursday, 10am to 12 noon." in text
    assert "We received your appeal on Monday 2 March 2026" in text
    assert "They will decide by Monday 30 March 2026" in text   # 20 working days, from the profile
    assert "You can contact us in any of the usual ways." not in text   # a limit on when is in force


@pytest.mark.parametrize("details, words", [
    ("0161 496 0000", "Sam Patel deals with your contact with us. You can reach them on 0161 496 0000."),
    ("", "To reach them, phone us on 0800 678 1894 or email info@torus.co.uk and ask for them by name."),
])
def test_the_named_contact_comes_with_a_way_to_reach_them(details, words):
    terms = ProtocolTerms(named_contact="Sam Patel", named_contact_details=details,
                          reasons={"named_contact": "One person keeps track"})
    profile, events = file_with_protocol("torus", terms)
    assert words in "\n".join(explain_protocol(fold_conduct(events, profile), profile, DAY).lines())


def test_without_limits_on_how_any_usual_way_is_still_said():
    terms = ProtocolTerms(return_documents=True, reasons={"return_documents": "Unrelated pages"})
    profile, events = file_with_protocol("torus", terms)
    assert "You can contact us in any of the usual ways." in "\n".join(
        explain_protocol(fold_conduct(events, profile), profile, DAY).lines())


def test_an_ended_protocol_is_no_longer_explained():
    profile, events = file_with_protocol("thenue")
    events.append(end_protocol(fold_conduct(events, profile), profile, Actor("m", "M", Role.MANAGER), DAY,
                               reason="Calls are now polite"))
    assert not explain_protocol(fold_conduct(events, profile), profile, DAY).in_place


@pytest.mark.parametrize("moment, spoken", [(time(10), "10am"), (time(12), "12 noon"), (time(14, 30), "2:30pm"),
                                            (time(0, 15), "12:15am")])
def test_spoken_time(moment, spoken):
    assert spoken_time(moment) == spoken


@pytest.mark.parametrize("items, text", [((), ""), (("a",), "a"), (("a", "b"), "a and b"),
                                         (("a", "b", "c"), "a, b and c")])
def test_word_list(items, text):
    assert word_list(items) == text


@pytest.mark.parametrize("title, text", [
    ("Director", "a Director"), ("Operational Manager", "an Operational Manager"),
])
def test_a_title(title, text):
    assert a_title(title) == text
