"""The app on PostgreSQL: chosen by PORTAL_DATABASE_URL, refused on an old schema, migrated by the CLI."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT


pytestmark = pytest.mark.own_database  # its apps are on PostgreSQL whatever --store says


def make_app(tmp_path, monkeypatch, url):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.setenv("PORTAL_DATABASE_URL", url)
    from portal import create_app

    return create_app({"TESTING": True, "TODAY": "2025-12-01"})


def flask_cli(tmp_path, url, *args):
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"), "PORTAL_DATABASE_URL": url}
    return subprocess.run([sys.executable, "-m", "flask", "--app", "portal", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_database_url_chooses_postgresql(tmp_path, monkeypatch, database_url):
    app = make_app(tmp_path, monkeypatch, database_url)
    with app.app_context():
        from portal.data import get_store
        from portal.store import describe

        uid = get_store().users.create({"email": "ann@example.org", "kind": "tenant"})
        assert "PostgreSQL database 'portal_test'" in describe(get_store())
    app.extensions["store"].close()
    assert not (tmp_path / "instance" / "data").exists()  # nothing went to TinyDB files
    again = make_app(tmp_path, monkeypatch, database_url)
    with again.app_context():
        assert get_store().users.by_email("ANN@example.org")["id"] == uid
    again.extensions["store"].close()


def test_the_server_refuses_to_start_on_an_unmigrated_database_and_names_the_command(
        tmp_path, monkeypatch, postgres_server):
    from portal.store import SchemaOutdated

    with pytest.raises(SchemaOutdated, match=r"version 0, this code needs \d+: run `flask --app portal store migrate`"):
        make_app(tmp_path, monkeypatch, postgres_server.new_database())


def test_store_migrate_creates_the_schema_once_then_the_app_starts(tmp_path, monkeypatch, postgres_server):
    url = postgres_server.new_database()
    refused = flask_cli(tmp_path, url, "overdue")
    assert refused.returncode != 0 and "flask --app portal store migrate" in refused.stderr
    first = flask_cli(tmp_path, url, "store", "migrate")
    assert first.returncode == 0, first.stderr
    assert "Applied 001_first_schema" in first.stdout
    second = flask_cli(tmp_path, url, "store", "migrate")
    assert second.returncode == 0 and "already up to date" in second.stdout
    app = make_app(tmp_path, monkeypatch, url)
    with app.app_context():
        from portal.data import get_store

        assert get_store().users.all() == []
    app.extensions["store"].close()


def test_a_bad_database_url_is_refused(tmp_path, monkeypatch):
    from portal.store import StoreError

    with pytest.raises(StoreError, match="postgresql://"):
        make_app(tmp_path, monkeypatch, "mysql://somewhere/db")
