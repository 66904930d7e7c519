"""Several workers on one PostgreSQL database: a race on one case, the database restarted under load,
and gunicorn workers killed mid-step."""

from __future__ import annotations

import http.client
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlencode

import pytest
from test_staff_kit import PASSWORD, StaffKit, csrf_token

from tests.conftest import ROOT


pytestmark = pytest.mark.own_database  # its apps are on PostgreSQL whatever --store says


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _workers_of(master: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]
    except FileNotFoundError:
        return []


class Poster:
    """Adds notes to one case over HTTP in a loop, noting each one the server acknowledged (302)."""

    def __init__(self, port: int, email: str, case_id: str) -> None:
        self.port, self.email, self.case_id = port, email, case_id
        self.acked: list[str] = []
        self.refused: list[int] = []
        self.errors: list[str] = []
        self.stop = threading.Event()

    def _session(self) -> tuple[http.client.HTTPConnection, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", "/sign-in")
        page = conn.getresponse()
        cookie = page.getheader("Set-Cookie").split(";")[0]
        token = csrf_token(page.read().decode())
        conn.request("POST", "/sign-in", headers={"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"},
                     body=urlencode({"email": self.email, "password": PASSWORD, "csrf_token": token}))
        signed = conn.getresponse()
        signed.read()
        assert signed.status == 302, signed.status
        cookie = signed.getheader("Set-Cookie").split(";")[0]
        conn.request("GET", f"/staff/cases/{self.case_id}/note", headers={"Cookie": cookie})
        form = conn.getresponse()
        token = csrf_token(form.read().decode())
        if form.getheader("Set-Cookie"):  # the session now holds the form's CSRF secret
            cookie = form.getheader("Set-Cookie").split(";")[0]
        return conn, cookie, token

    def run(self) -> None:
        n, session = 0, None
        while not self.stop.is_set():
            try:
                if session is None:
                    session = self._session()
                conn, cookie, token = session
                n += 1
                text = f"Note number {n}"
                conn.request("POST", f"/staff/cases/{self.case_id}/note", body=urlencode(
                    {"text": text, "csrf_token": token}), headers={
                    "Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"})
                answer = conn.getresponse()
                answer.read()
                if answer.status == 302:
                    self.acked.append(text)
                else:
                    self.refused.append(answer.status)
            except (OSError, http.client.HTTPException, AttributeError, AssertionError) as exc:
                self.errors.append(repr(exc))  # the worker died under us: not acknowledged
                if session is not None:  # the same session on a new connection
                    session = (http.client.HTTPConnection("127.0.0.1", self.port, timeout=30), *session[1:])
                time.sleep(0.01)


@pytest.mark.slow
def test_gunicorn_workers_killed_mid_step_50_times_lose_no_acknowledged_write(workers, tmp_path, database_url):
    kit = StaffKit(workers[0])
    officer = kit.person("officer")
    case_id = kit.case(kit.customer(), officer)
    email = kit.record(officer)["email"]
    port = _free_port()
    env = {**os.environ, "PORTAL_INSTANCE_PATH": str(tmp_path / "instance"), "PORTAL_DATABASE_URL": database_url,
           "PORTAL_TODAY": "2025-12-01", "PORTAL_MAIL_SENDER_SECONDS": "0"}
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "--threads", "2", "-b",
                               f"127.0.0.1:{port}", "--log-level", "critical", "portal:create_app()"],
                              cwd=ROOT, env=env)
    poster = Poster(port, email, case_id)
    thread = threading.Thread(target=poster.run)
    kills, rng = 0, random.Random(13)
    try:
        deadline = time.monotonic() + 120
        while len(_workers_of(server.pid)) < 2 or not _answers(port):
            assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
            time.sleep(0.2)
        thread.start()
        while kills < 50:
            before = len(poster.acked)
            deadline = time.monotonic() + 60
            while len(poster.acked) == before:  # wait for a write to go through, so we kill mid-stream
                assert time.monotonic() < deadline, f"no write acknowledged: {poster.refused[-3:]} {poster.errors[-3:]}"
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.02))
            alive = _workers_of(server.pid)
            if alive:
                os.kill(rng.choice(alive), signal.SIGKILL)
                kills += 1
    finally:
        poster.stop.set()
        if thread.is_alive():
            thread.join(timeout=60)
        server.terminate()
        server.wait(timeout=60)
    with workers[1].app_context():
        from portal.data import get_store

        texts = [e["data"].get("text") for e in get_store().complaints.get(case_id).events if e["kind"] == "note"]
    assert kills == 50 and len(poster.acked) > 50
    assert set(poster.acked) <= set(texts)  # every acknowledged note is stored
    assert len(texts) == len(set(texts))  # and none twice


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/healthz")
        return conn.getresponse().status == 200
    except OSError:
        return False
