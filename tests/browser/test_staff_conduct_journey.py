"""A customer's conduct, in the browser: first incident, warnings, assessment, protocol, appeal and review,
each by the role the landlord's policy names, with a letter on the file after each written step."""

from __future__ import annotations

import pytest
from test_staff_browser import assert_accessible, kit, letter_titles, people  # noqa: F401

pytestmark = pytest.mark.browser

LANDLORD = "housing-solutions"  # initial then formal warning; a Head of Service authorises; a Director hears appeals


def go(page, link: str) -> None:
    page.locator("main").get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()


def submit(page) -> None:
    page.locator("main form[method=post] button[type=submit]:not([name])").first.click()
    page.wait_for_load_state()


def letter_added(page, kit, customer: str, count: int, kind: str) -> None:
    """The file lists `count` letters and the newest is of `kind`."""
    assert len(letter_titles(page)) == count
    assert kit.letters(f"K-{customer}")[-1]["kind"] == kind


def open_restriction(page, label: str) -> None:
    page.locator("details.restriction summary", has_text=label).click()


def test_a_customer_from_first_incident_to_review(app, kit, people, live_server):
    staff = {role: kit.person(role, landlord=LANDLORD, name=name) for role, name in (
        ("officer", "Olu Officer"), ("manager", "Mo Manager"), ("head_of_service", "Hana Head"),
        ("director", "Dee Director"))}
    customer = kit.customer(landlord=LANDLORD, name="Kit Caller", address=["7 Bell Road", "Oldtown"])

    # The officer records the first incident from the customer's page.
    officer = people.page(staff["officer"])
    officer.goto(f"{live_server.url}/staff/customers?q=Kit")
    officer.click("text=Kit Caller")
    go(officer, "Conduct file")
    file_url = officer.url
    go(officer, "Record an incident")
    officer.check("text=Unreasonable levels of contact")
    officer.fill("#occurred_on", "2025-11-27")
    officer.check("#channel-1")  # phone
    officer.fill("#description", "Phoned the repairs line 25 times in one day about one leak")
    assert_accessible(officer, "incident form")
    submit(officer)
    assert "Incident recorded" in officer.inner_text("main")

    # Warnings in the policy's order, each a letter.
    for level, label in (("initial", "Initial warning"), ("formal", "Formal written warning")):
        go(officer, "Give a warning")
        officer.check(f"text={label}")
        officer.fill("#reasons", "Please call once a day at most; we will update you every Friday")
        submit(officer)
        letter_added(officer, kit, customer, {"initial": 1, "formal": 2}[level], f"{level}_warning")
    assert officer.locator("main").get_by_role("link", name="Complete the assessment").count() == 0  # a Manager's

    # The manager assesses on the policy's factors.
    manager = people.page(staff["manager"])
    manager.goto(file_url)
    go(manager, "Complete the assessment")
    manager.fill("#factors_instances", "25 calls in a day, 60 in a week")
    manager.fill("#factors_contact_length_frequency", "Calls of 20 minutes, all day")
    manager.fill("#factors_language", "Polite but repetitive")
    manager.fill("#factors_customer_needs", "No needs known; offered large print")
    manager.check("text=Recommend a communication protocol")
    submit(manager)
    # A Manager may only propose a protocol, which waits for the Head of Service (tests/web/test_staff_approvals.py).

    # The Head of Service authorises the protocol, built from the allowed restrictions.
    head = people.page(staff["head_of_service"])
    head.goto(file_url)
    go(head, "Put a protocol in place")
    head.fill("#reasons", "The calls stop other residents reaching the repairs line")
    head.fill("#adjustments_considered", "No needs known; large print offered")
    open_restriction(head, "One named member of staff")
    head.check("#use_named_contact")
    head.fill("#named_contact", "Sam Patel")
    head.fill("#named_contact_details", "sam.patel@torus.example")
    head.fill("#reasons_named_contact", "One person keeps track of every repair")
    open_restriction(head, "Calls or visits only at set times")
    head.check("#use_set_times")
    head.check("#set_times_days-2")  # Tuesday
    head.check("#set_times_days-4")  # Thursday
    head.fill("#set_times_start", "10:00")
    head.fill("#set_times_end", "12:00")
    head.fill("#reasons_set_times", "Sixty calls a week to the repairs line")
    assert_accessible(head, "protocol form")
    submit(head)
    text = head.inner_text("main")
    assert "A communication protocol is in force" in text and "Sam Patel deals with your contact" in text
    letter_added(head, kit, customer, 3, "protocol_imposed")

    # The customer appeals by letter; the officer records it.
    officer.goto(file_url)
    go(officer, "Record an appeal")
    officer.fill("#grounds", "I need to phone when the leak gets worse")
    officer.check("#received_by_channel-2")  # letter
    submit(officer)

    # The Head of Service took part, so cannot hear it; a Director does.
    response = head.goto(file_url + "/appeal/decide")
    assert response.status == 403 and "took part in this decision" in head.inner_text("main")
    director = people.page(staff["director"])
    director.goto(file_url)
    go(director, "Decide the appeal")
    director.check("text=Not upheld: the protocol stays as it is")
    director.fill("#reasons", "Emergencies can still be reported at any time; the set times stay")
    submit(director)
    letter_added(director, kit, customer, 4, "appeal_outcome")

    # Near the review date the protocol is on the review list; the manager reviews it.
    app.config["TODAY"] = "2026-05-26"
    manager.goto(f"{live_server.url}/staff/conduct/reviews")
    assert "Kit Caller" in manager.inner_text("main")
    assert_accessible(manager, "review list")
    manager.locator("main a", has_text="Review").first.click()
    manager.check("text=Continue as it is")
    manager.fill("#reasons", "Calls are down to two a week but still outside the set times")
    submit(manager)
    letter_added(manager, kit, customer, 5, "review_outcome")
    history = manager.inner_text("main")
    for entry in ("Incident recorded", "Warning given", "Assessment completed", "Communication protocol put in place",
                  "Appeal received", "Appeal decided", "Protocol reviewed"):
        assert entry in history
    assert "Thursday 26 November 2026" in history  # the next review, a full period on
    assert_accessible(manager, "conduct file after review")
