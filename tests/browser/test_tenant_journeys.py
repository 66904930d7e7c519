"""The tenant side in Debian's Chromium at 1280 px and on a 390x844 phone: each journey, axe-clean at each state.

Journeys: a tenant changing their details and adjustments; a photo sent for a complaint; an
advocate's complaint naming the person; a tenant under a protocol reading the arrangements and
appealing; the satisfaction survey after closure. Also: focus on the error summary, and reflow at 320 px.
"""

from __future__ import annotations

import io
from datetime import date, time

import pytest
from PIL import Image

from portal.domain import complaints as c
from portal.domain.conduct.protocol import SetTimes
from tests.browser.conftest import assert_accessible, sign_in
from tests.web.test_tenant_support import PASSWORD, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.browser

SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=sorted(SIZES))
def screen(request, browser):
    """A page at one of the two sizes (a phone context is touch-enabled, as a phone is)."""
    size = request.param
    context = browser.new_context(locale="en-GB", viewport=SIZES[size], has_touch=size == "phone")
    page = context.new_page()
    yield page
    context.close()


def go(page, url: str, what: str) -> None:
    page.goto(url)
    assert_accessible(page, what)


def send(page, what: str, button: str = "main button.button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(button)
    assert_accessible(page, what)


def no_sideways_scroll(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def test_a_tenant_changes_their_details_and_adjustments(world, screen, live_server):
    world.tenant()
    base = live_server.url
    sign_in(screen, base, "tess@example.com", PASSWORD)
    go(screen, base + "/your-details", "your details, nothing given")
    with screen.expect_navigation():
        screen.click("main a:has-text('Change')")
    assert_accessible(screen, "change your details")
    screen.check("#contact-2")        # By phone, with no number
    screen.check("#help-1")           # large print
    screen.check("#help-4")           # an interpreter
    send(screen, "your details with errors")
    assert screen.title().startswith("Error: ")
    assert screen.evaluate("document.activeElement.classList.contains('error-summary')")
    assert "Enter the phone number we should call" in screen.inner_text(".error-summary")
    screen.fill("#phone", "0161 496 0000")
    screen.fill("#language", "Polish")
    screen.fill("#address", "1 Mill Lane\nSalford")
    send(screen, "your details, saved")
    text = screen.inner_text("main")
    assert "0161 496 0000" in text and "Letters in large print" in text and "Polish" in text
    assert "Changed phone number" in text
    no_sideways_scroll(screen)


def _photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (90, 140, 60)).save(out, format="JPEG")
    return out.getvalue()


def test_a_tenant_sends_a_photo_for_a_complaint(world, screen, live_server, tmp_path):
    tess = world.tenant()
    case_id = world.complaint(tess)
    base = live_server.url
    sign_in(screen, base, "tess@example.com", PASSWORD)
    go(screen, base + f"/complaints/{case_id}", "a complaint with no files")
    no_sideways_scroll(screen)
    with screen.expect_navigation():
        screen.click("main a:has-text('Send photos or documents')")
    assert_accessible(screen, "the upload page")
    bad = tmp_path / "notes.jpg"
    bad.write_bytes(b"not a photo at all")
    screen.set_input_files("#files", str(bad))
    send(screen, "the upload page with a refused file")
    assert "notes.jpg is not a JPEG, PNG, HEIC or PDF file" in screen.inner_text("#files-error")
    good = tmp_path / "mould.jpg"
    good.write_bytes(_photo())
    screen.set_input_files("#files", str(good))
    send(screen, "the complaint page with a photo")
    assert "mould.jpg" in screen.inner_text("#evidence + table")


def test_an_advocate_s_complaint_names_the_person(world, screen, live_server):
    tess = world.tenant(name="Maria Lopez")
    world.advocate(acting_for=(tess,))
    base = live_server.url
    sign_in(screen, base, "ada@example.com", PASSWORD)
    go(screen, base + "/complaints/new", "the start page for an advocate")
    send(screen, "who the complaint is for")
    screen.check("#person-0")
    screen.check("#relationship-0")
    send(screen, "the triage question")
    screen.check("#triage-0")
    send(screen, "the risk question")
    screen.check("#risk-1")
    send(screen, "the 'what' question")
    screen.fill("#summary", "Damp in the bedroom")
    screen.fill("#what_went_wrong", "Mould came back")
    send(screen, "the 'when' question")
    send(screen, "the outcome question, naming the person")
    assert "What would put things right for Maria Lopez?" in screen.inner_text("h1")
    screen.fill("#outcome_wanted", "Fix it")
    send(screen, "the contact question, naming the person")
    assert screen.inner_text("h1") == "How should we contact Maria Lopez?"
    screen.check("#contact-1")
    send(screen, "the adjustments question, naming the person")
    send(screen, "the evidence question")
    send(screen, "check your answers, naming the person")
    assert "Maria Lopez" in screen.inner_text("dl.summary") and "Someone else" not in screen.inner_text("main")
    send(screen, "the confirmation page")
    go(screen, base + "/complaints", "the advocate's complaints")
    assert "Damp in the bedroom" in screen.inner_text("main")
    no_sideways_scroll(screen)


def test_a_tenant_under_a_protocol_reads_the_arrangements_and_appeals(world, screen, live_server):
    tess = world.tenant()
    world.protocol(tess, named_contact="Sam Patel", named_contact_details="sam.patel@torus.example",
                   set_times=SetTimes((1, 3), time(10), time(12)))
    base = live_server.url
    sign_in(screen, base, "tess@example.com", PASSWORD)
    go(screen, base + "/contact-arrangements", "the arrangements")
    text = screen.inner_text("main")
    assert "any of the usual ways" not in text and "sam.patel@torus.example" in text
    assert "within 20 working days" in text
    no_sideways_scroll(screen)
    with screen.expect_navigation():
        screen.click("main a:has-text('Appeal this decision')")
    assert_accessible(screen, "the appeal form")
    send(screen, "the appeal form with an error")
    assert screen.title().startswith("Error: ")
    screen.fill("#grounds", "I only call when a repair is missed")
    send(screen, "the arrangements after appealing")
    assert "They will decide by" in screen.inner_text("main")


def test_the_survey_after_closure(world, screen, live_server):
    tess = world.tenant()
    case_id = world.replied(tess, date(2025, 11, 20))
    world.act(case_id, c.close_complaint)
    base = live_server.url
    sign_in(screen, base, "tess@example.com", PASSWORD)
    go(screen, base + f"/complaints/{case_id}", "a closed complaint offering the survey")
    with screen.expect_navigation():
        screen.click("#survey a")
    assert_accessible(screen, "the survey")
    send(screen, "the survey with an error")
    screen.check("#score-1")
    screen.fill("#why", "Quick and polite")
    send(screen, "the complaint after the survey")
    assert "Thank you for telling us how we did" in screen.inner_text("main")
    assert screen.locator("#survey").count() == 0


def test_lists_reflow_at_320_px_without_broken_words(world, browser, live_server):
    tess = world.tenant()
    world.complaint(tess, date(2025, 11, 11))
    world.replied(tess, date(2025, 11, 28))
    context = browser.new_context(locale="en-GB", viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "tess@example.com", PASSWORD)
        page.goto(live_server.url + "/complaints")
        no_sideways_scroll(page)
        cells = page.locator("table.cases td")
        for i in range(cells.count()):
            box = cells.nth(i).bounding_box()
            assert box["width"] >= 200, "a cell squeezed so narrow that its words break"
        page.screenshot(path="/tmp/tenant_shots/complaints-320.png", full_page=True)
        with page.expect_navigation():
            page.click("table.cases a >> nth=0")
        no_sideways_scroll(page)
        assert_accessible(page, "a complaint at 320 px")
    finally:
        context.close()
