"""Issue 10's journey as officer, manager, director and executive: a phone complaint with a risk of harm from
intake through the referral, the acknowledgement, the owner, a reply with actions, stage 2 (with more time past
the standard asked for by the director and approved by the executive from "Waiting for you") to closure.
axe-core checks every new page on the way."""

from __future__ import annotations

import re

import pytest
from test_staff_browser import assert_accessible, kit, letter_titles, people  # noqa: F401
from test_staff_complaint_journey import go, submit

pytestmark = pytest.mark.browser


def test_a_risk_of_harm_complaint_by_phone_to_closure_by_four_roles(kit, people, live_server):
    base = live_server.url
    olu = kit.person("officer", name="Olu Officer")
    mo = kit.person("manager", name="Mo Manager")
    dee = kit.person("director", name="Dee Director")
    eve = kit.person("executive", name="Eve Executive")
    customer = kit.customer(name="Ama Asthma", address=["2 Damp Row", "Oldtown", "OT1 4DR"], phone="01632 960555")

    # The officer logs the phone call: mould where a child with asthma sleeps.
    officer = people.page(olu)
    officer.goto(f"{base}/staff/customers/{customer}/complaints/new")
    officer.check("#channel-1")  # by phone
    officer.fill("#summary", "Mould in the child's bedroom")
    officer.fill("#what_went_wrong", "Black mould over the bed where my son sleeps; he has asthma")
    officer.check("#risk_of_harm")
    submit(officer)
    assert re.search(r"/staff/cases/C-\d{4}-\d{6}$", officer.url)
    case_url, case_path = officer.url, officer.url.removeprefix(base)
    case_id = case_path.rsplit("/", 1)[1]

    # The one work list: the referral is owed today, at the top of the risk filter; search finds the words.
    officer.goto(f"{base}/staff/?risk=risk")
    rows = officer.locator("table.work-list tbody tr")
    assert "Risk referral" in rows.first.inner_text() and "Due today" in rows.first.inner_text()
    assert "Nobody yet" in rows.first.inner_text()
    assert_accessible(officer, "work list filtered to risk of harm")
    officer.goto(f"{base}/staff/search?q=asthma")
    assert "Matched: the complaint" in officer.inner_text("main") and case_id in officer.inner_text("main")
    assert_accessible(officer, "search showing where it matched")

    # The referral, the same working day.
    officer.goto(case_url)
    go(officer, "Refer a risk of harm")
    officer.check("#team-0")
    officer.fill("#told", "Jo Safe, duty officer")
    submit(officer)
    assert "Jo Safe, duty officer was told" in officer.inner_text("main")

    # The manager gives the case to the officer.
    manager = people.page(mo)
    manager.goto(case_url)
    go(manager, "Choose the owner")
    manager.get_by_label(re.compile("^Olu Officer")).check()
    submit(manager)
    assert "Olu Officer" in manager.inner_text("main")
    officer.goto(f"{base}/staff/?owner=me")
    assert case_id in officer.inner_text("main")

    # The officer acknowledges (from the customer's own words) and replies at stage 1 with an action.
    officer.goto(case_url)
    go(officer, "Acknowledge")
    assert "Black mould over the bed" in officer.input_value("#understanding")
    submit(officer)
    go(officer, "Send the stage 1 reply")
    officer.check("#outcome-0")
    officer.fill("#reasons", "The extractor fan had failed and was not reported")
    officer.fill("#action-text-1", "Treat the mould and fit a new fan")
    officer.fill("#action-target-1", "2025-12-12")
    officer.check("#category-1")
    officer.fill("#root_cause", "Fans are not on the servicing list")
    submit(officer)
    assert "stage 1 reply" in letter_titles(officer)[0]

    # The customer asks for stage 2 by phone; the officer records, accepts and acknowledges it.
    go(officer, "Record a request for stage 2")
    officer.fill("#reason", "The mould came back within a week")
    submit(officer)
    go(officer, "Accept the stage 2 request")
    submit(officer)
    go(officer, "Acknowledge")
    submit(officer)

    # The director needs more time past the standard: it waits for someone a rank above.
    director = people.page(dee)
    director.goto(case_url)
    go(director, "Give more time")
    director.fill("#reason", "A surveyor must check the wall cavity")
    director.fill("#new_due", "2026-03-27")
    director.fill("#good_reason", "The cavity survey needs scaffolding, booked for March")
    submit(director)
    text = director.inner_text("main")
    assert "More time past the standard is waiting for approval" in text
    assert director.locator("main").get_by_role("link", name="Decide the longer extension").count() == 0
    assert_accessible(director, "case with a longer extension waiting")

    # The executive sees it waiting and approves it, signed in as themselves.
    executive = people.page(eve)
    executive.goto(f"{base}/staff/")
    executive.get_by_role("link", name="More time past the standard to approve").click()
    executive.wait_for_load_state()
    assert "Dee Director asks for more time past the standard" in executive.inner_text("main")
    assert_accessible(executive, "decide a longer extension")
    submit(executive)  # nothing chosen: the error is beside the choice
    assert executive.locator("#decision-error").count() == 1
    assert_accessible(executive, "decide a longer extension, with its error")
    executive.check("#decision-0")
    submit(executive)
    assert "Approved: the new reply date is set" in executive.inner_text("main")
    assert "Friday 27 March 2026" in executive.inner_text("main")

    # The director sends the final reply with an action; the actions are done and the complaint closes.
    director.goto(case_url)
    go(director, "Send the stage 2 reply")
    director.check("#outcome-1")
    director.fill("#reasons", "The first treatment did not reach the cause")
    director.fill("#action-text-1", "Insulate the cavity wall")
    director.fill("#action-target-1", "2026-01-16")
    director.check("#category-1")
    director.fill("#root_cause", "A cold bridge in the wall cavity")
    submit(director)
    assert "final reply" in letter_titles(director)[0]
    for _ in range(2):
        officer.goto(case_url)
        officer.locator("main a:has-text('Record as done')").first.click()
        officer.fill("#note", "Done and checked with the family")
        submit(officer)
    text = officer.inner_text("main")
    assert "Record as done" not in text and re.search(r"\bClosed\b", text)
    assert "Approved by Eve Executive" in text  # the history names who approved the longer extension
    assert_accessible(officer, "closed case")
