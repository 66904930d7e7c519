"""Looking after the store from the app: /healthz and staff pages on damage, `store check | backup | restore`."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_staff_kit import kit  # noqa: F401

pytestmark = pytest.mark.embedded_only  # the embedded store's files; PostgreSQL is backed up by pg_dump


def _data(app) -> Path:
    return Path(app.config["DATA_DIR"])


@pytest.fixture
def cases(kit):
    officer = kit.person("officer")
    customer = kit.customer(name="Ann Early")
    ids = [kit.case(customer, officer) for _ in range(3)]
    return kit, officer, ids


def test_healthz_says_ok_then_503_naming_a_lost_file(cases, client):
    kit, officer, _ = cases
    staff = kit.client(officer)
    assert client.get("/healthz").get_data(as_text=True) == "ok"
    shard = sorted((_data(kit.app) / "complaints").glob("*.json"))[0]
    shard.write_bytes(b"")
    kit.app.extensions["store"].health(max_age_s=0)  # look now, not within the second
    reply = client.get("/healthz")
    assert reply.status_code == 503 and str(shard) in reply.get_data(as_text=True)
    page = staff.get("/staff/")
    assert page.status_code == 503
    assert "Sorry, the service is not available" in page.get_data(as_text=True)
    assert str(shard) in page.get_data(as_text=True)  # staff are told which file


def test_a_staff_page_on_a_damaged_collection_is_a_plain_page_naming_the_file(cases):
    kit, officer, ids = cases
    client = kit.client(officer)
    shard = sorted((_data(kit.app) / "complaints").glob("*.json"))[0]
    shard.write_bytes(b'{"records": ')
    kit.app.extensions["store"].health(max_age_s=0)
    page = client.get(f"/staff/cases/{ids[0]}")
    assert page.status_code == 503
    assert str(shard) in page.get_data(as_text=True) and "Traceback" not in page.get_data(as_text=True)
    assert shard.read_bytes() == b'{"records": '  # nothing was written over it


def test_check_passes_on_a_whole_store_and_names_each_fault(cases, runner):
    kit, _, ids = cases
    ok = runner.invoke(args=["store", "check"])
    assert ok.exit_code == 0, ok.output
    assert "is whole" in ok.output
    from portal.data import get_store
    from portal.store import CaseSummary

    with kit.app.app_context():
        row = get_store().summaries.get(ids[1])
        get_store().complaints.put_summary(ids[1], CaseSummary.from_dict({**row.to_dict(), "status": "closed"}))
    stale = runner.invoke(args=["store", "check"])
    assert stale.exit_code == 1
    assert f"complaint {ids[1]}: summary row differs from a fresh fold in status" in stale.output
    assert "flask --app portal store rebuild" in stale.output
    users = sorted((_data(kit.app) / "users").glob("*.json"))[0]
    users.write_bytes(b"[]")
    broken = runner.invoke(args=["store", "check"])
    assert broken.exit_code == 1 and str(users) in broken.output


def test_backup_then_restore_into_an_empty_data_folder(cases, runner, tmp_path, monkeypatch):
    kit, _, ids = cases
    done = runner.invoke(args=["store", "backup", str(tmp_path / "copy")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "copy" / "manifest.json").is_file()
    refused = runner.invoke(args=["store", "restore", str(tmp_path / "copy")])
    assert refused.exit_code != 0 and "not an empty folder" in refused.output

    from portal import create_app

    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "second"))
    second = create_app({"TESTING": True, "TODAY": "2025-12-01", "SITE_DIR": str(tmp_path / "site")})
    back = second.test_cli_runner().invoke(args=["store", "restore", str(tmp_path / "copy")])
    assert back.exit_code == 0, back.output
    third = create_app({"TESTING": True, "TODAY": "2025-12-01", "SITE_DIR": str(tmp_path / "site")})
    try:
        with third.app_context():
            from portal.data import get_store

            assert get_store().complaints.ids() == ids
        assert third.test_cli_runner().invoke(args=["store", "check"]).exit_code == 0
    finally:
        third.extensions["store"].close()
