"""The access log: every staff page that shows someone's records notes who looked, what and when."""

from __future__ import annotations

import pytest
from test_staff_access import POST_ONLY, build_world, staff_endpoints, url_for_endpoint
from test_staff_kit import kit  # noqa: F401


def _log(app, customer_id: str) -> list[dict]:
    from portal.data import get_store

    with app.app_context():
        return get_store().access.for_customer(customer_id)


def test_every_staff_page_about_someone_in_the_route_walk_is_logged(app, kit):
    w = build_world(kit)
    director = w["people"]["director"]
    client = kit.client(director)
    walked = 0
    for endpoint, methods in staff_endpoints(app):
        if endpoint in POST_ONLY or "GET" not in methods:
            continue
        url = url_for_endpoint(endpoint, w)
        if not any(part in url for part in ("/cases/", "/customers/U-", "/letters/", "/conduct/U-")):
            continue
        before = sum(len(_log(app, who)) for who in (w["customer"], w["restricted"], w["proposed"]))
        response = client.get(url)
        if response.status_code != 200:
            continue  # refused pages show nothing of the record
        after = sum(len(_log(app, who)) for who in (w["customer"], w["restricted"], w["proposed"]))
        assert after == before + 1, endpoint
        walked += 1
    assert walked >= 25
    views = _log(app, w["customer"])
    assert {v["by"] for v in views} == {director}
    assert {"case", "customer", "letter", "acknowledge"} <= {v["what"] for v in views}
    assert all(v["at"].startswith("20") for v in views)


def test_lists_and_refusals_are_not_views_of_a_record(app, kit):
    w = build_world(kit)
    officer = kit.client(w["people"]["officer"])
    officer.get("/staff/")
    officer.get("/staff/search?q=World")
    officer.get(f"/staff/cases/{w['stage2']}/respond")  # at stage 2 an officer may not: refused
    assert _log(app, w["customer"]) == []


def test_managers_see_who_looked_with_names_and_officers_do_not(app, kit):
    w = build_world(kit)
    officer_id = w["people"]["officer"]
    officer = kit.client(officer_id)
    officer.get(f"/staff/cases/{w['stage2']}")
    page = officer.get(f"/staff/customers/{w['customer']}").get_data(as_text=True)
    assert "Who has looked at this record" not in page
    manager = kit.client(w["people"]["manager"])
    page = manager.get(f"/staff/customers/{w['customer']}").get_data(as_text=True)
    assert "Who has looked at this record" in page
    name = kit.record(officer_id)["name"]
    assert name in page and f"complaint ({w['stage2']})" in page


def test_tenants_reading_their_own_records_are_not_staff_access(app, kit):
    tenant = kit.person(None, kind="tenant")
    customer_id = kit.customer()
    officer = kit.person("officer")
    case_id = kit.case(customer_id, officer)
    kit.client(tenant).get("/complaints")
    assert kit.client(officer).get(f"/staff/cases/{case_id}").status_code == 200
    assert _log(app, tenant) == [] and len(_log(app, customer_id)) == 1


@pytest.mark.embedded_only
def test_a_line_cut_short_by_a_crash_is_skipped_and_damage_elsewhere_is_named(app, kit):
    from portal.data import get_store

    w = build_world(kit)
    manager = kit.client(w["people"]["manager"])
    manager.get(f"/staff/cases/{w['stage2']}")
    with app.app_context():
        path = get_store().access._path(w["customer"])
    path.write_bytes(path.read_bytes() + b'{"at": "2025-12-01T10:00')
    assert len(_log(app, w["customer"])) == 1
    path.write_bytes(b"not json\n" + path.read_bytes() + b"\n")
    response = manager.get(f"/staff/customers/{w['customer']}")
    assert response.status_code == 200
    assert f"The access log cannot be read: {path}: line 1 is not JSON" in response.get_data(as_text=True)


def test_a_view_the_store_cannot_log_is_refused_with_503_not_shown(kit, monkeypatch):
    from portal.data import get_store
    from portal.store import Unavailable

    officer = kit.person("officer")
    case_id = kit.case(kit.customer(), officer)
    client = kit.client(officer)
    with kit.app.app_context():
        access = get_store().access

    def down(**_fields):
        raise Unavailable("the database is not answering")
    monkeypatch.setattr(access, "record", down)
    refused = client.get(f"/staff/cases/{case_id}")
    assert refused.status_code == 503 and refused.headers["Retry-After"]
    assert "the service is not available" in refused.get_data(as_text=True)
    assert case_id not in refused.get_data(as_text=True)
