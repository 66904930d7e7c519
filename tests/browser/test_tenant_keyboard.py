"""A tenant makes a complaint end to end with the keyboard alone: Tab, Space, Enter and typing.

No mouse and no `page.click`: if a control cannot be reached or worked by keyboard, the
test cannot finish.
"""

from __future__ import annotations

import pytest

from tests.web.test_tenant_support import PASSWORD, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.browser

TABS = 80  # more Tab presses than any tenant page needs to reach its last control


def tab_to(page, *, id: str = "", text: str = "") -> None:
    """Press Tab until the focused element has this id, or this visible text."""
    for _ in range(TABS):
        page.keyboard.press("Tab")
        found = page.evaluate("() => { const e = document.activeElement;"
                              " return {id: e.id || '', text: (e.innerText || e.value || '').trim()}; }")
        if (id and found["id"] == id) or (text and found["text"] == text):
            return
    raise AssertionError(f"could not reach {id or text!r} with the Tab key on {page.url}")


def press(page, key: str) -> None:
    """Press a key that submits a form or follows a link, and wait for the next page."""
    with page.expect_navigation():
        page.keyboard.press(key)


def fill(page, id: str, text: str) -> None:
    tab_to(page, id=id)
    page.keyboard.type(text)


def choose(page, id: str) -> None:
    tab_to(page, id=id)
    page.keyboard.press("Space")


def carry_on(page, button: str = "Continue") -> None:
    tab_to(page, text=button)
    press(page, "Enter")


def test_a_complaint_by_keyboard_alone(world, page, live_server):
    tenant_id = world.tenant()
    page.goto(live_server.url + "/sign-in")
    fill(page, "email", "tess@example.com")
    fill(page, "password", PASSWORD)
    press(page, "Enter")
    assert page.url.endswith("/complaints")

    tab_to(page, text="Make a complaint")
    press(page, "Enter")
    carry_on(page, "Start now")
    choose(page, "triage-0")                       # a complaint, not a first request for a service
    carry_on(page)
    choose(page, "risk-0")                         # yes: someone is at risk of harm now
    carry_on(page)
    assert "999" in page.inner_text("main")        # what to do straight away
    fill(page, "summary", "Damp in the bedroom is making my son ill")
    fill(page, "what_went_wrong", "Mould came back two weeks after it was painted over.")
    carry_on(page)
    fill(page, "issue_day", "3")
    fill(page, "issue_month", "11")
    fill(page, "issue_year", "2025")
    carry_on(page)
    fill(page, "outcome_wanted", "Find the cause of the damp and fix it")
    carry_on(page)
    choose(page, "contact-0")
    carry_on(page)
    choose(page, "adjustments-1")                  # large print
    carry_on(page)
    assert "photos or documents" in page.inner_text("h1")
    carry_on(page)                                 # no files: they can be sent later
    assert "Check your answers" in page.inner_text("h1")
    carry_on(page, "Send complaint")

    assert "Complaint sent" in page.inner_text("h1")
    reference = page.inner_text(".reference strong")
    case = world.case(reference)
    assert case.customer_id == tenant_id and case.state.risk_of_harm
    assert case.state.summary == "Damp in the bedroom is making my son ill"
    assert "Monday 8 December 2025" in page.inner_text("main")
