"""Each customer record carries a tenure; staff set it on the customer form and the TSM follows."""

from __future__ import annotations

from portal import reporting
from portal.reports.periods import financial_year
from tests.conftest import csrf_token
from tests.reports.scenarios import sign_in


def test_changing_a_tenure_moves_the_customers_complaints_in_ch01(english):
    app, w = english
    client = sign_in(app, "manager")
    form = client.get(f"/staff/customers/{w.tenants['owen']}/edit").get_data(as_text=True)
    assert 'value="shared_ownership" checked' in form
    with app.app_context():
        before = reporting.tsm_report(financial_year(2025)).table("tsm").rows
    assert before[0][3] == 5 and before[2][3] == 1  # LCRA stage 1, LCHO stage 1
    answer = client.post(f"/staff/customers/{w.tenants['owen']}/edit", data={
        "csrf_token": csrf_token(form), "name": "Owen", "address": "1 High Street", "email": "owen@reports.example",
        "tenure": "general_needs"})
    assert answer.status_code == 302, answer.get_data(as_text=True)[:2000]
    with app.app_context():
        record = app.extensions["store"].users.get(w.tenants["owen"])
        after = reporting.tsm_report(financial_year(2025)).table("tsm").rows
    assert record["tenure"] == "general_needs" and "tenure" in record["history"][-1]["what"]
    assert after[0][3] == 6 and after[2][3] == 0
