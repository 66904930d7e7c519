"""A complaint from logging through both stages to closure, in the browser, by three staff of different
roles, honouring separation of duty, with a letter on the case after each written step."""

from __future__ import annotations

import re

import pytest
from test_staff_browser import assert_accessible, kit, letter_titles, people  # noqa: F401

pytestmark = pytest.mark.browser


def go(page, link: str) -> None:
    """Follow the link with exactly this name inside the page's main content."""
    page.locator("main").get_by_role("link", name=link, exact=True).click()
    page.wait_for_load_state()


def submit(page) -> None:
    page.locator("main form[method=post] button[type=submit]:not([name])").first.click()
    page.wait_for_load_state()


def test_a_complaint_from_a_phone_call_to_closure(kit, people, live_server):
    base = live_server.url
    olu = kit.person("officer", name="Olu Officer")
    cara = kit.person("complaints_officer", name="Cara Coordinator")
    mo = kit.person("manager", name="Mo Manager")

    # The officer takes a phone call from someone not yet on the system and logs the complaint.
    officer = people.page(olu)
    officer.get_by_role("navigation", name="Staff").get_by_role("link", name="Log a complaint").click()
    officer.fill("#q", "Hamid")
    officer.click("button:has-text('Find')")
    assert "0 customers found" in officer.content()
    go(officer, "Add a new customer")
    officer.fill("#name", "Hamid Hussain")
    officer.fill("#address", "Flat 9\n20 River Street\nOldtown")
    officer.fill("#phone", "01234 000111")
    officer.check("#adjustments-1")  # large print
    officer.fill("#vulnerability", "Recently bereaved")
    submit(officer)
    assert "Customer record created for Hamid Hussain" in officer.content()
    go(officer, "Log a complaint")
    assert_accessible(officer, "log a complaint")
    officer.check("#channel-1")  # by phone
    officer.fill("#received_on", "2025-11-28")
    officer.fill("#summary", "The bathroom ceiling has leaked for three weeks")
    officer.fill("#outcome_wanted", "Fix the leak and repair the ceiling")
    submit(officer)
    assert re.search(r"/staff/cases/C-\d{4}-\d{6}$", officer.url)
    case_url = officer.url
    page_text = officer.inner_text("main")
    assert "Vulnerability alert" in page_text and "Large print letters" in page_text
    assert "acknowledgement due Friday 5 December 2025" in page_text  # 5 working days from 28 November
    assert letter_titles(officer) == []
    assert_accessible(officer, "new case")

    # Stage 1: acknowledge, then reply with two actions (one row added on the page).
    go(officer, "Acknowledge")
    officer.fill("#understanding", "A leak from the flat above is damaging the ceiling")
    submit(officer)
    assert len(letter_titles(officer)) == 1 and "received it" in letter_titles(officer)[0]
    go(officer, "Send the stage 1 reply")
    officer.check("#outcome-0")  # upheld
    officer.fill("#reasons", "The first repair did not stop the leak")
    officer.fill("#compensation_pence", "50")
    officer.fill("#action-text-1", "Repair the pipe in the flat above")
    officer.fill("#action-target-1", "2025-12-05")
    officer.click("button[name=add_row]")
    officer.fill("#action-text-4", "Replaster and paint the ceiling")
    officer.fill("#action-target-4", "2025-12-19")
    officer.check("#category-0")  # repairs
    officer.fill("#root_cause", "The first repair treated the stain, not the pipe above")
    assert officer.input_value("#reasons") == "The first repair did not stop the leak"
    assert_accessible(officer, "stage 1 reply form")
    submit(officer)
    assert len(letter_titles(officer)) == 2 and "stage 1 reply" in letter_titles(officer)[0]

    # The customer phones to ask for stage 2; the complaints officer records it and accepts it.
    coordinator = people.page(cara)
    coordinator.goto(case_url)
    go(coordinator, "Record a request for stage 2")
    coordinator.fill("#reason", "The ceiling work is too slow")
    submit(coordinator)
    go(coordinator, "Accept the stage 2 request")
    submit(coordinator)
    go(coordinator, "Acknowledge")
    submit(coordinator)
    assert len(letter_titles(coordinator)) == 3 and "stage 2" in letter_titles(coordinator)[0]

    # Separation of duty: the stage 1 responder cannot answer stage 2, nor can the junior coordinator.
    for page in (officer, coordinator):
        page.goto(case_url)
        assert page.locator("main").get_by_role("link", name="Send the stage 2 reply").count() == 0
        response = page.goto(case_url + "/respond")
        assert response.status == 403
        assert "Service Manager or someone more senior" in page.inner_text("main")

    # The manager finds it in the stage 2 replies queue and sends the final reply.
    manager = people.page(mo)
    manager.select_option("#what", "reply2")
    manager.click("button:has-text('Show')")
    manager.click(f"a[href='{case_url.removeprefix(base)}']")
    go(manager, "Send the stage 2 reply")
    manager.check("#outcome-1")  # partly upheld
    manager.fill("#reasons", "The repair was late but the plan is right")
    manager.fill("#action-text-1", "Check the ceiling is dry")
    manager.fill("#action-target-1", "2025-12-22")
    manager.check("#category-1")  # damp and mould
    manager.fill("#root_cause", "The ceiling was not dried before it was painted")
    submit(manager)
    assert len(letter_titles(manager)) == 4 and "final reply" in letter_titles(manager)[0]
    assert "Closed: with customer" in manager.inner_text("main")  # agreed actions still monitored

    # The agreed actions are done; the complaint closes.
    for _ in range(3):
        officer.goto(case_url)
        officer.locator("main a:has-text('Record as done')").first.click()
        officer.fill("#note", "Done and checked")
        submit(officer)
    text = officer.inner_text("main")
    assert "Record as done" not in text
    assert re.search(r"\bClosed\b", text) and "Closed: with customer" not in text
    assert "Stage 2 reply sent" in text and "Stage 1 reply sent" in text
    assert_accessible(officer, "closed case")
