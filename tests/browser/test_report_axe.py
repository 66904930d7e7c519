"""axe-core finds no violations on the report pages: charts, data tables, a period error, Scotland's reports."""

from __future__ import annotations

import pytest
from test_staff_browser import assert_accessible, kit, people  # noqa: F401

pytestmark = pytest.mark.browser


def test_report_pages_with_charts_and_a_period_error(kit, people, live_server):
    manager = kit.person("manager")
    customer = kit.customer(name="Carla Chart")
    kit.case(customer, kit.person("officer"), channel="phone", summary="A missed repair")
    page = people.page(manager)
    for path in ("/staff/reports", "/staff/reports/annual?period=2025", "/staff/reports/pack-quarter?period=2025Q3",
                 "/staff/reports/learning"):
        page.goto(live_server.url + path)
        assert_accessible(page, path)
    assert page.locator("svg[role=img] title").count() == 0  # the register page has tables, no charts
    page.goto(live_server.url + "/staff/reports/annual?period=2025")
    assert page.locator("figure.chart svg[role=img] > title").count() >= 2
    page.goto(live_server.url + "/staff/reports/tsm?period=2025Q9")
    assert page.locator("#period-error").count() == 1
    assert_accessible(page, "tsm with a period error")


def test_scottish_reports(kit, people, live_server):
    executive = kit.person("executive", landlord="thenue")
    page = people.page(executive)
    for path in ("/staff/reports/spso?period=2025", "/staff/reports/ex-gratia?period=2025",
                 "/staff/reports/pack-month?period=2025-11"):
        page.goto(live_server.url + path)
        assert_accessible(page, path)
