"""A customer who asked for Easy Read gets the Easy Read letter beside the standard one (issue 16)."""

from __future__ import annotations

from test_staff_kit import kit  # noqa: F401

from portal.domain import complaints as c


def test_an_easy_read_customer_gets_both_letters(kit):
    officer = kit.person("officer")
    customer = kit.customer(adjustments=["easy_read"])
    case_id = kit.case(customer, officer, ((c.acknowledge_complaint, officer, {}),))
    letters = kit.letters(case_id)
    assert [(x["kind"], x["easy_read"]) for x in letters] == [
        ("stage1_acknowledgement", False), ("stage1_acknowledgement", True)]
    assert letters[1]["title"] == "We got your complaint (Easy Read)"


def test_other_customers_get_the_standard_letter_only(kit):
    officer = kit.person("officer")
    customer = kit.customer(adjustments=["large_print"])
    case_id = kit.case(customer, officer, ((c.acknowledge_complaint, officer, {}),))
    assert [x["easy_read"] for x in kit.letters(case_id)] == [False]


def test_a_letter_with_no_easy_read_version_goes_alone(kit):
    from test_staff_kit import TODAY

    from portal import casework
    from portal.data import get_profile

    officer = kit.person("officer")
    customer = kit.customer(adjustments=["easy_read"])
    with kit.app.app_context():
        case = casework.open_complaint(c.log_service_request, kit.actor(officer), customer, today=TODAY, now=None,
                                       profile=get_profile("torus"), channel="phone", summary="Book a repair")
    assert [(x["kind"], x["easy_read"]) for x in kit.letters(case.id)] == [("service_request_redirect", False)]


def test_a_refusal_has_an_easy_read_version(kit):
    officer = kit.person("officer")
    customer = kit.customer(adjustments=["easy_read"])
    case_id = kit.case(customer, officer, ((c.exclude_complaint, officer, {"reason": "already_decided",
                                                                        "explanation": "We answered this in 2024"}),))
    assert [x["easy_read"] for x in kit.letters(case_id)] == [False, True]


def test_a_conduct_warning_comes_in_both_versions(kit):
    from datetime import date

    from portal.domain.conduct import actions as k

    officer = kit.person("officer", landlord="housing-solutions")
    customer = kit.customer(landlord="housing-solutions", adjustments=["easy_read"])
    kit.conduct(customer, (
        (k.record_incident, officer, {"kind": "unreasonable_contact_levels", "channel": "phone",
                                      "occurred_on": date(2025, 11, 27), "description": "25 calls in one day"}),
        (k.issue_warning, officer, {"level": "initial", "reasons": "Shouting on the phone"}),
    ))
    letters = kit.letters(f"K-{customer}")
    assert [(x["kind"], x["easy_read"]) for x in letters] == [("initial_warning", False), ("initial_warning", True)]
