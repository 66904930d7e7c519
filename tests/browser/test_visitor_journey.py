"""A signed-out visitor complains with a photo and confirms their email, by keyboard alone, at 1280 px and 390x844.

The mail goes through a real SMTP server (aiosmtpd); the test reads the message it received
and follows its link. No mouse: Tab, Space, Enter and typing (the file chooser is the
system's own dialog, so the chosen file is handed to the focused file input). axe-core
runs on every page of the journey, and on the staff pages for a phone-only complaint.
"""

from __future__ import annotations

import re
import time

import pytest

from portal.domain import complaints as c
from tests.browser.conftest import LiveServer, assert_accessible, sign_in
from tests.browser.test_tenant_journeys import _photo, no_sideways_scroll, screen  # noqa: F401  (screen: a fixture)
from tests.browser.test_tenant_keyboard import carry_on, choose, fill, press, tab_to
from tests.conftest import email_text, send_mail
from tests.web.test_staff_kit import PASSWORD, StaffKit
from tests.web.test_tenant_support import NOW, TODAY

pytestmark = pytest.mark.browser

EMAIL = "vic@example.com"


@pytest.fixture
def mail_server(mail_app):
    """The portal whose mail goes to the test SMTP server, served for the browser."""
    with LiveServer(mail_app) as server:
        yield server


def _link(smtp, app) -> str:
    """The path of the link in the confirmation email the SMTP server received."""
    for _ in range(50):
        send_mail(app)
        found = [m for m in smtp.to(EMAIL) if m["Subject"] == "Confirm your email address for your complaint"]
        if found:
            match = re.search(r"https?://[^/\s]+(/complaints/link/\S+)", email_text(found[-1]))
            assert match, email_text(found[-1])
            return match.group(1)
        time.sleep(0.1)
    raise AssertionError("no confirmation email arrived")


def test_a_visitor_complains_with_a_photo_and_confirms_by_email(mail_app, smtp, screen, mail_server, tmp_path):
    page, base = screen, mail_server.url
    page.goto(base + "/complaints/new")
    assert_accessible(page, "the start page, signed out")
    assert "You do not need an account" in page.inner_text("main")
    carry_on(page, "Start now")

    assert page.inner_text("h1") == "About you"
    assert_accessible(page, "about you")
    carry_on(page)                                  # nothing given: the errors, and focus on their summary
    assert page.title().startswith("Error: ")
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert_accessible(page, "about you with errors")
    fill(page, "name", "Vic Visitor")
    fill(page, "email", EMAIL)
    fill(page, "address", "4 Elm Road")
    page.keyboard.press("Enter")                    # a new line in the address box
    page.keyboard.type("Oldtown")
    carry_on(page)

    assert f"We have sent a link to {EMAIL}" in page.inner_text("main")
    assert_accessible(page, "the triage question, with the link sent")
    choose(page, "triage-0")
    carry_on(page)
    tab_to(page, id="risk-0")                       # a radio group is one Tab stop: the arrow picks "No"
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#risk-1")
    carry_on(page)
    fill(page, "summary", "Mould in the bathroom")
    fill(page, "what_went_wrong", "It came back after it was painted over.")
    carry_on(page)
    carry_on(page)                                  # when: not sure
    fill(page, "outcome_wanted", "Find the cause and fix it")
    carry_on(page)
    assert_accessible(page, "the adjustments question, signed out")
    carry_on(page)

    assert "photos or documents" in page.inner_text("h1")
    photo = tmp_path / "mould.jpg"
    photo.write_bytes(_photo())
    tab_to(page, id="files")
    page.locator(":focus").set_input_files(str(photo))
    carry_on(page)

    assert "Check your answers" in page.inner_text("h1")
    assert_accessible(page, "check your answers, signed out")
    summary = page.inner_text("dl.summary")
    assert "Vic Visitor" in summary and EMAIL in summary and "mould.jpg" in summary
    no_sideways_scroll(page)
    carry_on(page, "Send complaint")

    assert "Complaint sent" in page.inner_text("h1")
    assert_accessible(page, "complaint sent, signed out")
    reference = page.inner_text(".reference strong")
    assert "Confirm your email address" in page.inner_text("main")
    assert "/complaints/link/" not in page.content()  # the link goes only to the inbox

    link = _link(smtp, mail_app)
    page.goto(base + link)
    assert_accessible(page, "the complaint through the emailed link")
    text = page.inner_text("main")
    assert reference in text and "email address is confirmed" in text and "mould.jpg" in text
    no_sideways_scroll(page)
    with mail_app.app_context():
        from portal.casework import load_case

        state = load_case(reference).state
    assert c.to_confirm(state) == "" and state.received_on.isoformat() == "2025-12-01"
    tab_to(page, text="create an account")
    press(page, "Enter")
    assert page.url.endswith("/register")


def test_the_other_new_pages_pass_axe(app, page, live_server):
    """The link that no longer works, an anonymous complaint's pages, and the staff side of a phone-only one."""
    base = live_server.url
    page.goto(base + "/complaints/link/no-such-link")
    assert_accessible(page, "a link that does not work")

    page.goto(base + "/complaints/new")
    carry_on(page, "Complain without giving your name")
    choose(page, "triage-0")
    carry_on(page)
    tab_to(page, id="risk-0")
    page.keyboard.press("ArrowDown")
    carry_on(page)
    fill(page, "summary", "Rubbish left on the stairs")
    fill(page, "what_went_wrong", "It has been there for a month.")
    carry_on(page)
    carry_on(page)                                  # when
    fill(page, "outcome_wanted", "Clear it")
    carry_on(page)
    carry_on(page)                                  # no files
    assert_accessible(page, "check your answers, anonymous")
    carry_on(page, "Send complaint")
    assert_accessible(page, "complaint sent, anonymous")
    assert "You did not give your name" in page.inner_text("main")
    app.config.update(VISITOR_ADDRESS_COMPLAINTS=1)  # this address has sent one: the next is refused
    page.goto(base + "/complaints/new")
    assert "cannot take another online" in page.inner_text(".error-summary")
    assert_accessible(page, "the start page, refused by the limit")
    app.config.update(VISITOR_ADDRESS_COMPLAINTS=10)

    with app.app_context():
        from portal.casework import open_complaint
        from portal.data import get_profile
        from portal.domain.events import Actor
        from portal.visitor_complaints import customer_for

        customer = customer_for({"name": "Pat Phone", "phone": "07700 900123", "address": "2 Oak Road"},
                                get_profile(), anonymous=False)
        case = open_complaint(c.receive_complaint, Actor(customer, "Pat Phone"), customer, today=TODAY,
                              now=NOW, summary="No heating", channel="online", confirm_by="phone")
    kit = StaffKit(app)
    officer = kit.person("officer")
    staff_page = page.context.new_page()
    sign_in(staff_page, base, kit.record(officer)["email"], PASSWORD)
    staff_page.goto(base + "/staff/")
    assert "To confirm by phone" in staff_page.inner_text("main")
    assert_accessible(staff_page, "the queues with a complaint to confirm by phone")
    staff_page.goto(f"{base}/staff/cases/{case.id}")
    assert_accessible(staff_page, "a case to confirm by phone")
    staff_page.goto(f"{base}/staff/cases/{case.id}/confirm-by-phone")
    assert_accessible(staff_page, "record the call")
    with staff_page.expect_navigation():
        staff_page.click("main button[type=submit]")
    assert_accessible(staff_page, "record the call, with its error")
    staff_page.fill("#summary", "Spoke to Pat: name and address confirmed")
    with staff_page.expect_navigation():
        staff_page.click("main button[type=submit]")
    assert "Call recorded" in staff_page.inner_text("main")

