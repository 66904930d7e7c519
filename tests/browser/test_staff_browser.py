"""Helpers the staff browser tests share (a page per person, the web test kit, the lead's axe check),
and browser checks of the staff area's plumbing: letters open as PDFs, forms work without scripts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "web"))  # the web tests' staff kit builds the data

from test_staff_kit import PASSWORD, StaffKit  # noqa: E402

from tests.browser.conftest import assert_accessible, sign_in  # noqa: E402

from portal.domain import complaints as c  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture
def kit(app) -> StaffKit:
    return StaffKit(app)


class People:
    """One browser context per person, each signed in through the real form."""

    def __init__(self, browser, base_url: str, kit: StaffKit):
        self.browser, self.base, self.kit = browser, base_url, kit
        self._contexts = []

    def page(self, user_id: str):
        context = self.browser.new_context(locale="en-GB")
        self._contexts.append(context)
        page = context.new_page()
        sign_in(page, self.base, self.kit.record(user_id)["email"], PASSWORD)
        return page

    def close(self) -> None:
        for context in self._contexts:
            context.close()


@pytest.fixture
def people(browser, live_server, kit):
    crowd = People(browser, live_server.url, kit)
    yield crowd
    crowd.close()


def letter_titles(page) -> list[str]:
    """The letters listed on a case or conduct page, newest first."""
    return page.locator("a[href^='/staff/letters/']").all_inner_texts()


# -- plumbing -----------------------------------------------------------------------------------


def test_a_letter_link_serves_the_pdf(people, kit, live_server):
    officer = kit.person("officer")
    customer = kit.customer(name="Lee Letter")
    case_id = kit.case(customer, officer, ((c.acknowledge_complaint, officer, {}),))
    page = people.page(officer)
    page.goto(f"{live_server.url}/staff/cases/{case_id}")
    href = page.locator("a[href^='/staff/letters/']").first.get_attribute("href")
    response = page.request.get(live_server.url + href)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body()[:5] == b"%PDF-"


def test_adding_an_action_row_works_without_scripts(people, kit, live_server):
    officer = kit.person("officer")
    customer = kit.customer(name="Row Adder")
    case_id = kit.case(customer, officer, ((c.acknowledge_complaint, officer, {}),))
    page = people.page(officer)
    page.goto(f"{live_server.url}/staff/cases/{case_id}/respond")
    page.fill("#reasons", "Typed before adding a row")
    page.click("button[name=add_row]")
    assert page.locator("input[name=action_text]").count() == 4
    assert page.input_value("#reasons") == "Typed before adding a row"
