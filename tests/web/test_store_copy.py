"""`flask store copy --to postgresql://...`: the demo store moved whole, verified, serving the same pages."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Auth, csrf_token


@pytest.fixture
def demo_app(app, runner):
    """The app (on TinyDB unless --store says otherwise) with the demo loaded."""
    result = runner.invoke(args=["demo", "--no-build"])
    assert result.exit_code == 0, result.output
    return app


pytestmark = pytest.mark.own_database  # its apps are on PostgreSQL whatever --store says


def postgres_app(tmp_path, monkeypatch, url):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "copy-instance"))
    from portal import create_app

    return create_app({"TESTING": True, "TODAY": "2025-12-01", "DATABASE_URL": url})


def use_everything(app) -> None:
    """Give the demo a record of each kind it lacks: a staff view, a failed sign-in, a reset token, an evidence
    file and a satisfaction answer, each made the way the portal makes it."""
    client = app.test_client()
    auth = Auth(app, client)
    assert auth.sign_in("eve@torus.example", "not her password").status_code == 200  # a sign-in count
    page = client.get("/reset")
    client.post("/reset", data={"email": "frank@torus.example", "csrf_token": csrf_token(page.get_data(as_text=True))})
    auth.sign_in("complaints.officer@torus.example", "demo password 2025")
    from portal.data import get_store

    with app.app_context():
        store = get_store()
        case = store.complaints.get(store.complaints.ids()[0])
        store.evidence.put(b"%PDF-1.4 a photo of the damp, as a tenant sent it")
        store.surveys.answer(case.id, landlord=case.landlord, customer_id=case.customer_id, stage=1, score=4,
                             why="Kept me informed", at="2025-12-01T10:00:00+00:00")
    assert client.get(f"/staff/cases/{case.id}").status_code == 200  # the access log


def page_text(client, url: str) -> str:
    html = client.get(url).get_data(as_text=True)
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def test_copy_moves_every_record_and_letter_and_the_copy_serves_the_same_pages(
        demo_app, runner, tmp_path, monkeypatch, postgres_server):
    from portal.store.copying import COLLECTIONS, snapshot

    use_everything(demo_app)
    target = postgres_server.new_database()
    result = runner.invoke(args=["store", "copy", "--to", target])
    assert result.exit_code == 0, result.output
    assert "Every collection matches" in result.output
    counts = dict(re.findall(r"^  (\w+) +(\d+) ", result.output, re.M))
    copy = postgres_app(tmp_path, monkeypatch, target)
    with demo_app.app_context():
        from portal.data import get_store

        before = snapshot(get_store())
        pdfs = {x["id"]: get_store().letters.pdf_bytes(x["id"]) for x in before["letters"]}
        files = [get_store().evidence.get(sha) for sha in before["evidence"]]
        html = [get_store().letter_pages.get(sha) for sha in before["letter_pages"]]
    with copy.app_context():
        after = snapshot(get_store())
        assert {x["id"]: get_store().letters.pdf_bytes(x["id"]) for x in after["letters"]} == pdfs
        assert [get_store().evidence.get(sha) for sha in after["evidence"]] == files
        assert [get_store().letter_pages.get(sha) for sha in after["letter_pages"]] == html
        new_user = get_store().users.create({"email": "new@example.org"})  # ids carry on, never reused
        with get_store().db.read() as conn:  # analysed, so search's plans rest on real figures at once
            assert conn.execute("SELECT reltuples FROM pg_class WHERE relname = 'complaints'").fetchone()[0] > 0
    assert after == before
    assert {name: int(n) for name, n in counts.items()} == {name: len(rows) for name, rows in before.items()}
    assert int(new_user[2:]) == len(before["users"]) + 1
    assert sorted(before) == sorted(COLLECTIONS) and all(len(before[name]) > 0 for name in COLLECTIONS)

    pages = {}
    for which in (demo_app, copy):
        client = which.test_client()
        auth = Auth(which, client)
        auth.sign_in("complaints.officer@torus.example", "demo password 2025")
        case = before["complaints"][0]["id"]
        pages[which] = [page_text(client, url) for url in ("/staff/", f"/staff/cases/{case}", "/staff/search?q=a", "/staff/conduct", "/staff/customers")]
    assert pages[demo_app] == pages[copy]
    assert all(re.search(r"C-\d{4}-\d{6}", page) for page in pages[copy][:3])  # signed in, real cases shown
    copy.extensions["store"].close()


def test_copy_refuses_a_database_that_already_has_records(demo_app, runner, database_url):
    from portal.store.pg import PgStore

    with PgStore(database_url) as other:
        other.users.create({"email": "someone@example.org"})
    result = runner.invoke(args=["store", "copy", "--to", database_url])
    assert result.exit_code != 0 and "not empty" in result.output
