"""Browser journeys for issue 10 as officer, manager and director: a phone complaint with a risk of harm from
intake through referral, ownership, a previewed acknowledgement and a reply; a protocol proposed by a manager and
authorised by a director from their landing page. axe-core checks every new page on the way."""

from __future__ import annotations

import pytest
from test_staff_browser import assert_accessible, kit, people  # noqa: F401
from test_staff_complaint_journey import go, submit

from test_staff_conduct import INCIDENT, FACTORS  # noqa: F401
from portal.domain.conduct import actions as k

pytestmark = pytest.mark.browser


def test_a_phone_complaint_with_a_risk_of_harm_through_referral_ownership_and_reply(kit, people, live_server):
    officer = kit.person("complaints_officer", name="Cal Coordinator")
    manager = kit.person("manager", name="Mia Manager")
    customer = kit.customer(name="Mo Mould")
    case_id = kit.case(customer, officer, channel="phone", summary="Mould in the back bedroom",
                       what_went_wrong="Black mould keeps coming back", outcome_wanted="Treat the mould",
                       risk_of_harm=True)
    page = people.page(officer)
    page.goto(live_server.url + "/staff/")
    assert "Risk referrals" in page.inner_text("main") and "Risk of harm" in page.inner_text("main")
    assert_accessible(page, "my work with a risk referral and the intake list")
    page.click(f"a[href='/staff/cases/{case_id}']")
    assert "Black mould keeps coming back" in page.inner_text("main")
    assert_accessible(page, "case page with the whole complaint and the risk panel")
    go(page, "Refer a risk of harm")
    assert_accessible(page, "referral form")
    page.check("#team-0")
    page.fill("#told", "Jo Safe, duty officer")
    submit(page)
    assert "Jo Safe, duty officer was told" in page.inner_text("main")
    go(page, "Choose the owner")
    assert_accessible(page, "owner form")
    page.check("#owner-0")
    submit(page)
    assert "Cal Coordinator" in page.inner_text("main")
    go(page, "Acknowledge")
    assert "Black mould keeps coming back" in page.input_value("#understanding")
    page.click("button[name=preview]")
    page.wait_for_load_state()
    assert "The letter, as it will be sent" in page.inner_text("main")
    assert_accessible(page, "acknowledgement with its letter preview")
    submit(page)
    go(page, "Send the stage 1 reply")
    page.check("#outcome-0")
    page.fill("#reasons", "The fan was never serviced")
    page.fill("#action-text-1", "Treat the mould and service the fan")
    page.fill("#action-target-1", "2025-12-12")
    page.check("#category-1")
    page.fill("#root_cause", "Fans are not on the servicing list")
    submit(page)
    assert "stage 1 reply" in page.inner_text("main").lower()
    boss = people.page(manager)
    boss.goto(live_server.url + "/staff/")
    assert "Your team's workload" in boss.inner_text("main") and "Cal Coordinator" in boss.inner_text("main")
    assert_accessible(boss, "manager's landing page with the team's workload")


def test_a_protocol_proposed_by_a_manager_is_authorised_from_the_directors_landing_page(kit, people, live_server):
    manager = kit.person("manager", landlord="housing-solutions", name="Mia Manager")
    officer = kit.person("officer", landlord="housing-solutions")
    director = kit.person("director", landlord="housing-solutions", name="Dee Director")
    customer = kit.customer(landlord="housing-solutions", name="Kim Caller")
    kit.conduct(customer, ((k.record_incident, officer, INCIDENT),
                           (k.issue_warning, officer, {"level": "initial", "reasons": "Too many calls"}),
                           (k.issue_warning, officer, {"level": "formal", "reasons": "Calls carried on"}),
                           (k.complete_assessment, manager, {"factors": FACTORS, "outcome": "protocol_recommended"})))
    page = people.page(manager)
    page.goto(f"{live_server.url}/staff/conduct/{customer}/protocol")
    page.fill("#reasons", "The calls stop others reaching us")
    page.fill("#adjustments_considered", "Large print offered")
    page.locator("summary", has_text="One named member of staff").click()
    page.check("#use_named_contact")
    page.fill("#named_contact", "Sam Patel")
    if page.locator("#named_contact_details").count():
        page.fill("#named_contact_details", "sam.patel@example.com")
    page.fill("#reasons_named_contact", "One person keeps track")
    submit(page)
    assert "Waiting for a decision" in page.inner_text("main")
    boss = people.page(director)
    boss.goto(live_server.url + "/staff/")
    assert "Waiting for you" in boss.inner_text("main")
    assert_accessible(boss, "director's landing page with a proposal waiting")
    boss.get_by_role("link", name="A communication protocol to authorise").click()
    boss.wait_for_load_state()
    assert_accessible(boss, "proposal page")
    boss.check("#decision-0")
    submit(boss)
    assert "A communication protocol is in force" in boss.inner_text("main")
    assert_accessible(boss, "conduct file with the protocol and its open complaints")
