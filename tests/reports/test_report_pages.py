"""Staff report pages: managers only, period filter, a CSV of every table, the learning register."""

from __future__ import annotations

import pytest

from portal.documents.theme import environment
from portal.reports.tables import show, table
from tests.conftest import ROOT, csrf_token
from tests.reports import scenarios

THEME = ROOT / "content" / "theme"
TABLE_CALL = '{% from "shared/report_table.html" import report_table %}{{ report_table(t, charts, show) }}'


@pytest.fixture
def signed_in(english):
    app, w = english
    return (lambda role: scenarios.sign_in(app, role)), w


def test_officers_are_refused_and_managers_see_the_list(signed_in):
    sign_in, w = signed_in
    assert sign_in("officer").get("/staff/reports").status_code == 403
    page = sign_in("manager").get("/staff/reports").get_data(as_text=True)
    for kind in ("annual", "tsm", "pack-quarter", "pack-month"):
        assert f'href="/staff/reports/{kind}"' in page
    assert "/staff/reports/spso" not in page and "/staff/reports/ex-gratia" not in page


def test_tsm_page_and_its_csv(signed_in):
    sign_in, w = signed_in
    client = sign_in("manager")
    page = client.get("/staff/reports/tsm?period=2025")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "1 April 2025 to 31 March 2026" in html
    assert '<td class="number">40000</td>' in html and '<td class="number">60.0</td>' in html
    csv = client.get("/staff/reports/tsm/tsm_strict.csv?period=2025")
    assert csv.mimetype == "text/csv" and 'filename="tsm-2025-tsm_strict.csv"' in csv.headers["Content-Disposition"]
    assert csv.get_data(as_text=True).splitlines()[3] == '"Low-cost home ownership (LCHO), stage 1",1,1,100.0,0,0.0'
    assert client.get("/staff/reports/tsm/nothing.csv?period=2025").status_code == 404


def test_a_bad_period_is_explained_beside_the_field(signed_in):
    sign_in, w = signed_in
    page = sign_in("manager").get("/staff/reports/pack-quarter?period=2025-13")
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Write the period as a financial year (2026), a quarter (2026Q3) or a month (2026-10)." in html
    assert 'id="period-error"' in html and 'value="2025-13"' in html and "<title>Error: " in html
    wrong = sign_in("manager").get("/staff/reports/tsm?period=2025Q3")  # a quarter where a year is wanted
    assert wrong.status_code == 400 and "This report is for a year: for example 2026." in wrong.get_data(as_text=True)
    assert "Enter a year (2026). A year runs from 1 April" in wrong.get_data(as_text=True)


def test_every_table_of_the_annual_report_downloads(signed_in):
    sign_in, w = signed_in
    client = sign_in("manager")
    html = client.get("/staff/reports/annual?period=2025").get_data(as_text=True)
    links = [part.split('"')[0] for part in html.split('href="/staff/reports/annual/')[1:]]
    assert len(links) >= 15
    for link in links:
        assert client.get("/staff/reports/annual/" + link.replace("&amp;", "&")).status_code == 200
    assert "<svg role=\"img\"" in html and "Bar chart of complaints received." in html


def test_learning_register_add_and_done(signed_in):
    sign_in, w = signed_in
    client = sign_in("manager")
    page = client.get("/staff/reports/learning").get_data(as_text=True)
    assert "Repairs diary checks every Friday" in page
    bad = client.post("/staff/reports/learning", data={"csrf_token": csrf_token(page), "what": "Call back within a day",
                                                       "owner": "Team leader", "due": "2026-06-30",
                                                       "complaints": "C-2026-999999"})
    assert bad.status_code == 400 and "There is no complaint C-2026-999999" in bad.get_data(as_text=True)
    assert "Call back within a day" in bad.get_data(as_text=True)  # nothing entered is lost
    ok = client.post("/staff/reports/learning", data={"csrf_token": csrf_token(page), "what": "Call back within a day",
                                                      "owner": "Team leader", "due": "2026-06-30",
                                                      "complaints": w.ids["A"], "categories": "communication"})
    assert ok.status_code == 302
    page = client.get("/staff/reports/learning").get_data(as_text=True)
    assert "Call back within a day" in page and "Mark IA-" in page


def test_ombudsman_steps_on_the_case_page(signed_in):
    sign_in, w = signed_in
    case_id = w.ids["F"]
    assert sign_in("officer").get(f"/staff/cases/{case_id}/ombudsman/decision").status_code == 403
    client = sign_in("manager")
    case_page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert f"/staff/cases/{case_id}/ombudsman/decision" in case_page
    page = client.get(f"/staff/cases/{case_id}/ombudsman/decision").get_data(as_text=True)
    with client.application.app_context():
        from portal.casework import load_case
        version = str(load_case(case_id).version)
    bad = client.post(f"/staff/cases/{case_id}/ombudsman/decision", data={
        "csrf_token": csrf_token(page), "version": version, "decision": "order", "finding": "service_failure",
        "decided_on": "2026-03-20", "details": ""})
    assert bad.status_code in (200, 400) and "Say what the ombudsman decided or ordered." in bad.get_data(as_text=True)
    ok = client.post(f"/staff/cases/{case_id}/ombudsman/decision", data={
        "csrf_token": csrf_token(page), "version": version, "decision": "order", "finding": "service_failure",
        "decided_on": "2026-03-20", "details": "Apologise and pay £50.", "compensation_ordered_pence": "50.00"})
    assert ok.status_code == 302
    app = client.application
    with app.app_context():
        from portal import reporting
        from portal.reports import figures
        from portal.reports.periods import financial_year
        rows = figures.ombudsman(reporting.landlord_facts("torus"), financial_year(2025), w.profile).rows
    assert ("Order", "Service failure", 1, 50.0) in rows


def _table_both_ways(app, t, charts) -> tuple[str, str]:
    """One table through the portal's Jinja environment and through the theme's."""
    context = {"t": t, "charts": charts, "show": show}
    return (app.jinja_env.from_string(TABLE_CALL).render(context),
            environment(str(THEME)).from_string(TABLE_CALL).render(context))


@pytest.mark.parametrize("t, charts", [
    (table("received", "Complaints received", ("Stage", "Received", "Share (%)"),
           [("Stage 1", 6, 85.7), ("Stage 2 <escalated>", 1, None)], note="Share of all complaints.", chart=(1,)),
     {"received": '<svg role="img"><title>Bar chart</title></svg>'}),
    (table("refused", "Complaints refused", ("Reason", "Refused"), []), {}),
    (table("mixed", "Evidence", ("Provision", "Evidence", "Cases"), [("1.2", "83% of 6", 6), ("1.3", 5, None)]), {}),
])
def test_a_table_renders_alike_on_the_staff_pages_and_in_the_published_report(english, t, charts):
    staff, published = _table_both_ways(english[0], t, charts)
    assert staff == published
    assert f"<caption>{t.title}</caption>" in staff and f'<th scope="col">{t.columns[0]}</th>' in staff
    if t.key == "received":
        assert '<th scope="row">Stage 2 &lt;escalated&gt;</th>' in staff and '<td class="number">–</td>' in staff
        assert '<th scope="col">Stage</th><th scope="col" class="number">Received</th>' in staff  # figures right
        assert '<p class="note">Share of all complaints.</p>' in staff
        assert staff.startswith('<figure class="chart">\n<svg role="img">')
    elif t.key == "refused":
        assert '<td colspan="2">Nothing in this period.</td>' in staff and "<figure" not in staff
    else:  # a column of words and figures stays left-aligned
        assert '<td>83% of 6</td><td class="number">6</td>' in staff and "<td>5</td>" in staff


def test_the_staff_page_and_the_published_report_print_every_table_alike(signed_in):
    from portal import reporting
    from portal.reports import document

    sign_in, w = signed_in
    client = sign_in("manager")
    page = client.get("/staff/reports/annual?period=2025").get_data(as_text=True)
    with client.application.app_context():
        report = reporting.annual_report(2025, w.profile)
        published, charts = document.html(report, w.profile, THEME), document.charts(report)
        for t in report.tables():
            markup = _table_both_ways(client.application, t, charts)[0]
            assert markup in page and markup in published, t.key
