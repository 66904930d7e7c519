"""Every tenant page passes axe-core with no violations in Debian's Chromium, errors shown included."""

from __future__ import annotations

from datetime import date, time

import pytest

from portal.domain.conduct.protocol import SetTimes
from tests.browser.conftest import assert_accessible, sign_in
from tests.web.test_tenant_support import PASSWORD, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.browser


def check(page, url: str, what: str) -> None:
    page.goto(url)
    assert_accessible(page, what)


def submit(page, what: str, button: str = "button.button[type=submit]") -> None:
    """Send the page's main form as it is (often empty, to show the errors) and check the result."""
    with page.expect_navigation():
        page.click(f"main {button}")
    assert_accessible(page, what)


@pytest.fixture
def tenant_scene(world):
    """Tess with complaints at several stages (letters included) and a protocol in force."""
    tess = world.tenant()
    late = world.complaint(tess, date(2025, 11, 3))
    world.acknowledge(late, date(2025, 11, 4))
    replied = world.replied(tess, actions=[{"text": "replace the tap", "target": "2025-12-10"}])
    world.protocol(tess, named_contact="Sam Patel", set_times=SetTimes((1, 3), time(10), time(12)))
    return {"tess": tess, "late": late, "replied": replied}


def test_tenant_pages_pass_axe(world, tenant_scene, page, live_server):
    base = live_server.url
    sign_in(page, base, "tess@example.com", PASSWORD)
    replied = tenant_scene["replied"]
    check(page, base + "/complaints", "your complaints with a protocol panel")
    check(page, base + f"/complaints/{replied}", "a complaint page with letters and actions")
    check(page, base + f"/complaints/{tenant_scene['late']}", "a late complaint")
    check(page, base + f"/complaints/{replied}/stage-2", "the stage 2 form")
    check(page, base + f"/complaints/{replied}/add-information", "add information")
    submit(page, "add information with an error")
    check(page, base + "/contact-arrangements", "contact arrangements with a protocol in force")
    check(page, base + "/contact-arrangements/appeal", "the appeal form")
    submit(page, "the appeal form with an error")
    check(page, base + "/advocates", "people who act for you")
    submit(page, "naming an advocate with an error")
    check(page, base + "/complaints/anonymous", "reporting without a name")
    check(page, base + "/your-details", "your details")
    check(page, base + f"/complaints/{replied}/evidence", "sending photos or documents")
    submit(page, "sending photos with no file chosen")
    check(page, base + f"/letters/{world.letters(replied)[0]['id']}/page", "a letter as a web page")

    check(page, base + "/complaints/new", "the start page")
    submit(page, "the triage question")
    submit(page, "the triage question with an error")
    page.check("#triage-1")
    submit(page, "the first-request page")
    submit(page, "the topic question (a protocol is in force)")
    submit(page, "the topic question with an error")
    page.check("#topic-1")
    submit(page, "the risk question, with the emergency panel")
    submit(page, "the risk question with an error")
    page.check("#risk-0")
    submit(page, "the 'what' question, with the emergency panel")
    submit(page, "the 'what' question with errors")
    page.fill("#summary", "Damp in the bedroom")
    page.fill("#what_went_wrong", "Mould came back")
    submit(page, "the 'when' question")
    page.fill("#issue_day", "31")
    page.fill("#issue_month", "2")
    page.fill("#issue_year", "2025")
    submit(page, "the 'when' question with a date error")
    page.fill("#issue_day", "")
    page.fill("#issue_month", "")
    page.fill("#issue_year", "")
    submit(page, "the outcome question")
    submit(page, "the outcome question with an error")
    page.fill("#outcome_wanted", "Fix it")
    submit(page, "the contact question")
    page.check("#contact-0")
    submit(page, "the adjustments question")
    page.check("#adjustments-3")
    submit(page, "the adjustments question with an error")
    page.fill("#language", "Polish")
    submit(page, "the evidence question")
    submit(page, "check your answers")
    submit(page, "the confirmation page")
    assert "Complaint sent" in page.inner_text("h1")


def test_stage_2_errors_and_a_late_request_pass_axe(world, page, live_server):
    tess = world.tenant()
    old = world.complaint(tess, date(2025, 9, 15))
    world.acknowledge(old, date(2025, 9, 16))
    world.respond(old, date(2025, 10, 1))
    sign_in(page, live_server.url, "tess@example.com", PASSWORD)
    check(page, live_server.url + f"/complaints/{old}", "a complaint past its stage 2 window")
    check(page, live_server.url + f"/complaints/{old}/stage-2", "a late stage 2 request")
    submit(page, "a late stage 2 request with an error")


def test_advocate_pages_pass_axe(world, page, live_server):
    tess = world.tenant()
    world.complaint(tess)
    world.advocate(acting_for=(tess,))
    base = live_server.url
    sign_in(page, base, "ada@example.com", PASSWORD)
    check(page, base + "/people", "people you act for")
    check(page, base + "/complaints", "complaints of the people you act for")
    check(page, base + f"/people/{tess}", "one person's complaints")
    check(page, base + f"/people/{tess}/contact-arrangements", "contact arrangements, none in force")
    check(page, base + "/complaints/new", "the start page for an advocate")
    submit(page, "who the complaint is for")
    submit(page, "who the complaint is for, with errors")
    page.check("#person-1")
    page.check("#relationship-0")
    submit(page, "the new person's details")
    submit(page, "the new person's details with errors")
