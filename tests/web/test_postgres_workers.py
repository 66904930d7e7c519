"""Several workers on one PostgreSQL database: a race on one case, and the database restarted under load."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from test_staff_kit import StaffKit, csrf_token


def worker(tmp_path, monkeypatch, url):
    """One app as one gunicorn worker would build it (same instance folder, so the same secret key)."""
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    from portal import create_app

    return create_app({"TESTING": True, "TODAY": "2025-12-01", "DATABASE_URL": url})


@pytest.fixture
def workers(tmp_path, monkeypatch, database_url):
    apps = [worker(tmp_path, monkeypatch, database_url) for _ in range(2)]
    yield apps
    for app in apps:
        app.extensions["store"].close()


def test_two_workers_racing_on_one_case_one_wins_the_other_is_told(workers):
    kits = [StaffKit(app) for app in workers]
    officer = kits[0].person("officer")
    case_id = kits[0].case(kits[0].customer(), officer)
    version = kits[0].load(case_id).version
    clients = [kit.client(officer) for kit in kits]
    tokens = [csrf_token(c.get(f"/staff/cases/{case_id}/note").get_data(as_text=True)) for c in clients]
    start, answers = threading.Barrier(2), {}

    def post(n):
        start.wait()
        answers[n] = clients[n].post(f"/staff/cases/{case_id}/note", data={
            "text": f"Note from worker {n}", "version": str(version), "csrf_token": tokens[n]})

    threads = [threading.Thread(target=post, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    codes = sorted(a.status_code for a in answers.values())
    assert codes == [200, 302]
    refused = next(a for a in answers.values() if a.status_code == 200).get_data(as_text=True)
    assert "Someone else changed this complaint" in refused
    assert kits[1].load(case_id).version == version + 1


def test_the_database_restarted_under_load_gives_503_then_recovers_without_restarting_the_app(
        workers, postgres_server):
    kit = StaffKit(workers[0])
    officer = kit.person("officer")
    case_id = kit.case(kit.customer(), officer)
    client = kit.client(officer)
    page = f"/staff/cases/{case_id}"
    assert client.get(page).status_code == 200
    other, seen = kit.client(officer), Counter()
    running, stop = threading.Event(), threading.Event()

    def load():
        while not stop.is_set():
            seen[other.get(page).status_code] += 1
            running.set()

    hammer = threading.Thread(target=load)
    hammer.start()
    try:
        assert running.wait(60)
        postgres_server.stop()
        try:
            down = client.get(page)
            assert down.status_code == 503
            assert "the service is not available" in down.get_data(as_text=True)
            assert down.headers["Retry-After"]
        finally:
            postgres_server.start()
        assert client.get(page).status_code == 200
    finally:
        stop.set()
        hammer.join()
    assert set(seen) <= {200, 503} and seen[200] > 0  # never a 500
