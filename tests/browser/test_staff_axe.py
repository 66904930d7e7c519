"""axe-core in Debian's Chromium finds no violations on any staff page, as drawn and with its errors showing.

The pages come from the app's own URL map (every `staff.` endpoint), so a new page is
checked as soon as it exists.
"""

from __future__ import annotations

import pytest
from test_staff_browser import assert_accessible, kit, people  # noqa: F401

from test_staff_access import LOWEST, POST_ONLY, build_world, staff_endpoints, url_for_endpoint  # noqa: E402

pytestmark = pytest.mark.browser

EX_GRATIA = {"staff.propose_ex_gratia", "staff.decide_ex_gratia"}  # Torus has none: checked on Thenue below
REFUSED_AT_TORUS = {e for e, lowest in LOWEST.items() if lowest is None}  # nobody at Torus may: a refusal page
NOT_HTML = {"staff.letter", "staff.report_csv", "staff.subject_access_export",
            "staff.print_batch", "staff.case_evidence_file"}  # PDF, CSV, ZIP, evidence files
SUBMIT = "main form[method=post] button[type=submit]:not([name])"


def test_every_staff_page_passes_axe(app, kit, people, live_server):
    w = build_world(kit)
    w["customer_record"] = kit.customer(name="Vera Vulnerable", vulnerability="Hard of hearing: write, do not call",
                                        adjustments=["large_print", "preferred_times:mornings"])
    page = people.page(w["people"]["director"])
    checked = 0
    for endpoint, methods in staff_endpoints(app):
        if endpoint in POST_ONLY | EX_GRATIA | NOT_HTML | REFUSED_AT_TORUS:
            continue
        response = page.goto(live_server.url + url_for_endpoint(endpoint, w))
        assert response.status == 200, endpoint
        assert_accessible(page, endpoint)
        checked += 1
    page.goto(f"{live_server.url}/staff/customers/{w['customer_record']}")
    assert_accessible(page, "customer with alerts")
    page.goto(f"{live_server.url}/staff/cases/{w['stage2']}/ex-gratia/propose")  # a refusal page
    assert "You cannot do this" in page.content()
    assert_accessible(page, "refused")
    assert checked >= 35


def test_every_staff_form_passes_axe_with_its_errors_showing(app, kit, people, live_server):
    w = build_world(kit)
    page = people.page(w["people"]["director"])
    shown = 0
    for endpoint, methods in staff_endpoints(app):
        if "POST" not in methods or endpoint in POST_ONLY | EX_GRATIA | REFUSED_AT_TORUS:
            continue
        page.goto(live_server.url + url_for_endpoint(endpoint, w))
        page.locator(SUBMIT).first.click()
        page.wait_for_load_state()
        shown += page.locator(".error-summary").count()
        assert_accessible(page, f"{endpoint} after sending it empty")
    assert shown >= 20  # most forms refuse an empty submission with an error summary


def test_ex_gratia_pages_pass_axe(kit, people, live_server):
    officer = kit.person("officer", landlord="thenue")
    executive = kit.person("executive", landlord="thenue")
    customer = kit.customer(landlord="thenue", name="Gill Glasgow")
    case_id = kit.case(customer, officer, landlord="thenue", channel="letter", summary="Flood damage")
    page = people.page(executive)
    base = f"{live_server.url}/staff/cases/{case_id}"
    page.goto(f"{base}/ex-gratia/propose")
    assert_accessible(page, "propose")
    page.fill("#amount_pence", "nothing")
    page.locator(SUBMIT).click()
    assert page.locator("#amount_pence-error").count() == 1
    assert_accessible(page, "propose with errors")
    page.fill("#amount_pence", "250.00")
    page.fill("#basis", "Spoiled flooring")
    page.locator(SUBMIT).click()
    page = people.page(kit.person("executive", landlord="thenue"))  # nobody decides a payment they proposed
    page.goto(f"{base}/ex-gratia/decide")
    assert_accessible(page, "decide")
    page.locator(SUBMIT).click()
    assert_accessible(page, "decide with errors")
    page.goto(base)
    assert_accessible(page, "case with ex-gratia")


def test_the_change_page_with_its_errors_and_long_lists_pass_axe(kit, people, live_server):
    officer = kit.person("officer")
    customers = [kit.customer(name=f"Pat Pager {n:02d}", address=[f"{n} Page Road"]) for n in range(55)]
    for customer in customers:
        kit.case(customer, officer)
    page = people.page(officer)
    page.goto(f"{live_server.url}/staff/customers/{customers[0]}")
    page.click("text=Change their details")
    assert_accessible(page, "change a customer")
    page.fill("#name", "")
    page.fill("#email", "not an email")
    page.locator(SUBMIT).click()
    page.wait_for_load_state()
    assert page.locator("#name-error").count() == 1 and page.locator("#email-error").count() == 1
    assert_accessible(page, "change a customer, with errors")
    for url, shows in (("/staff/", "Showing 1 to 50 of 55"), ("/staff/?what=ack1&owner=unassigned", "Page 1 of 2"),
                       ("/staff/?what=ack1&page=2", "Page 2 of 2"), ("/staff/search?q=pager&page=2", "Page 2 of 2"),
                       ("/staff/customers?q=pager", "Page 1 of 2")):
        page.goto(live_server.url + url)
        assert shows in page.content(), url
        assert_accessible(page, url)
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(f"{live_server.url}/staff/")
    width, lines = page.evaluate("""() => [document.querySelector('main').getBoundingClientRect().width,
        [...document.querySelectorAll('td.ref a')].map(a => a.getClientRects().length)]""")
    assert width > 1300, "the staff page uses the screen's width"
    assert lines and set(lines) == {1}, "no reference breaks over two lines"
