"""How complaints come in and when they can be refused: channels, third parties,
anonymous complaints, acknowledgement content and exclusions, per landlord."""

from __future__ import annotations

from datetime import date

import pytest

from complaint_fixtures import CUSTOMER, DIRECTOR, HEAD, MANAGER, OFFICER, PROFILES, SLUGS, Case
from portal.domain import complaints as c
from portal.domain.errors import DomainError

D = date
RECEIVED, ACKED, REPLIED = D(2026, 3, 2), D(2026, 3, 4), D(2026, 3, 9)


# -- exclusions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("slug, reason, issue_date, risk, actor, error", [
    ("torus", "too_old", D(2025, 3, 1), False, OFFICER, None),            # 12 months and a day before
    ("torus", "too_old", D(2025, 3, 2), False, OFFICER, "not too old"),   # exactly 12 months
    ("torus", "too_old", D(2024, 1, 1), True, OFFICER, "health and safety"),
    ("torus", "too_old", None, False, OFFICER, "when the problem started"),
    ("connect", "too_old", D(2025, 9, 1), False, OFFICER, None),          # over 6 months
    ("connect", "too_old", D(2025, 10, 1), False, OFFICER, "not too old"),
    ("thenue", "too_old", D(2020, 1, 1), False, OFFICER, "does not allow that reason"),
    ("torus", "vexatious", None, False, HEAD, "Service Director"),        # needs a director
    ("torus", "vexatious", None, False, DIRECTOR, "present the case"),  # 3.13: needs the recorded decision
    ("connect", "unreasonable_pursuit", None, False, MANAGER, "Director"),
    ("connect", "insurance_claim", None, False, OFFICER, None),
    ("torus", "insurance_claim", None, False, OFFICER, "does not allow that reason"),
    ("thenue", "legal_proceedings", None, True, OFFICER, None),
    ("housing-solutions", "other_appeal_route", None, False, OFFICER, "does not allow that reason"),
])
def test_exclusion_rules(slug, reason, issue_date, risk, actor, error) -> None:
    case = Case(slug).receive(RECEIVED, issue_date=issue_date, risk_of_harm=risk)
    explanation = "Your complaint is outside our policy; you can ask the ombudsman to review this."
    if error:
        with pytest.raises(DomainError, match=error) as err:
            case.do(c.exclude_complaint, ACKED, actor, reason=reason, explanation=explanation)
        assert err.value.field == "reason"
    else:
        state = case.do(c.exclude_complaint, ACKED, actor, reason=reason, explanation=explanation).state
        assert state.status is c.Status.EXCLUDED and not state.is_open and state.next_due(ACKED) is None


@pytest.mark.parametrize("slug", SLUGS)
def test_exclusion_needs_an_explanation_naming_the_review_right(slug: str) -> None:
    with pytest.raises(DomainError, match=PROFILES[slug].ombudsman.name) as err:
        Case(slug).receive(RECEIVED).do(c.exclude_complaint, ACKED, OFFICER, reason="legal_proceedings", explanation="")
    assert err.value.field == "explanation"


def test_no_exclusion_after_the_reply() -> None:
    with pytest.raises(DomainError, match="before its reply"):
        Case("torus").through_stage1(RECEIVED, REPLIED).do(c.exclude_complaint, D(2026, 3, 10), DIRECTOR, reason="vexatious", explanation="x")


# -- anonymous complaints and what a new complaint must say ------------------------------------------


@pytest.mark.parametrize("slug", ["torus", "housing-solutions", "thenue"])
def test_anonymous_complaints_are_investigated_without_dates(slug: str) -> None:
    case = Case(slug).receive(RECEIVED, anonymous=True)
    state = case.state
    assert state.anonymous and state.status is c.Status.INVESTIGATING
    assert (state.acknowledgement_due, state.response_due) == (None, None)
    assert state.next_due(D(2027, 1, 1)) is None
    assert "without a name" in state.status_text
    with pytest.raises(DomainError, match="anonymous"):
        case.do(c.extend_complaint, D(2026, 3, 3), OFFICER, reason="x", new_due=D(2026, 4, 1))
    case.reply(D(2026, 3, 20))
    with pytest.raises(DomainError, match="anonymous"):
        case.do(c.request_escalation, D(2026, 3, 21), OFFICER)


def test_connect_does_not_handle_anonymous_complaints() -> None:
    with pytest.raises(DomainError, match="does not cover anonymous complaints") as err:
        Case("connect").receive(RECEIVED, anonymous=True)
    assert err.value.field == "anonymous"


@pytest.mark.parametrize("slug, required", [
    ("connect", True), ("torus", False), ("housing-solutions", False),
])
def test_acknowledgement_states_understanding_where_required(slug: str, required: bool) -> None:
    case = Case(slug).receive(RECEIVED)
    if required:
        with pytest.raises(DomainError) as err:
            case.do(c.acknowledge_complaint, ACKED, OFFICER, understanding="The leak.")
        assert err.value.field == "outcome_sought"
    else:
        assert case.do(c.acknowledge_complaint, ACKED, OFFICER).state.acknowledged_on == ACKED


@pytest.mark.parametrize("fields, field", [
    ({"channel": "social_media"}, "channel"),   # Torus redirects social media to the online form
    ({"channel": "fax"}, "channel"),
    ({"summary": " "}, "summary"),
    ({"received_on": D(2026, 3, 3)}, "received_on"),  # in the future
    ({"received_on": D(2026, 2, 27)}, "received_on"),  # a tenant online cannot backdate
    ({"issue_date": D(2026, 3, 5)}, "issue_date"),
    ({"on_behalf_of": {"name": "Pat", "relationship": "neighbour"}}, "on_behalf_of"),
])
def test_receiving_checks_what_the_complaint_says(fields: dict, field: str) -> None:
    fields = {"channel": "online", "summary": "Leak", **fields}
    with pytest.raises(DomainError) as err:
        Case("torus").do(c.receive_complaint, RECEIVED, CUSTOMER, **fields)
    assert err.value.field == field


def test_connect_takes_social_media_complaints_offline() -> None:
    state = Case("connect").receive(RECEIVED, channel="social_media", actor=OFFICER).state
    assert state.channel == "social_media" and state.status is c.Status.AWAITING_ACKNOWLEDGEMENT


def test_an_mp_can_complain_for_a_tenant() -> None:
    state = Case("torus").receive(RECEIVED, on_behalf_of={"name": "A. Member", "relationship": "mp"}).state
    assert state.representative == c.Representative("A. Member", "mp")
