"""Shared fixtures: an app on a temporary instance, its client and CLI runner, and sign-in helpers."""

from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import psycopg
import pytest

from portal.store.pg.schema import migrate
from tests import postgres

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--store", choices=("tinydb", "postgresql"), default="tinydb",
                     help="the store backend the app fixture (web tests) runs on")


def pytest_collection_modifyitems(config, items):
    """With --store=postgresql, leave out the web tests about the embedded store's own files, and those
    that start their own PostgreSQL app (they ran in the default pass already)."""
    if config.getoption("--store") != "postgresql":
        return
    kept = [item for item in items if item.get_closest_marker("embedded_only") is None
            and item.get_closest_marker("own_database") is None]
    if len(kept) < len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture(scope="session")
def postgres_server():
    """A throwaway PostgreSQL server for the session, with a migrated test database.

    Outside CI a machine without PostgreSQL skips these tests; in CI (CI=true) they fail.
    """
    bindir = postgres.binaries()
    if bindir is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PostgreSQL is not installed (.ci/run installs Debian's postgresql)")
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql)")
    server = postgres.Server(bindir)
    try:
        server.init()
        server.start()
        server.admin(f"CREATE DATABASE {postgres.SHARED}")
        with psycopg.connect(server.url(postgres.SHARED)) as conn:
            migrate(conn)
    except Exception:
        server.remove()
        raise
    yield server
    server.remove()


@pytest.fixture
def database_url(postgres_server):
    """The migrated test database, emptied for this test."""
    return postgres_server.emptied()


@pytest.fixture
def app(tmp_path, monkeypatch, request):
    """A portal on an empty store (in tmp_path, or a fresh database with --store=postgresql), clock frozen at 1 December 2025."""
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    from portal import create_app

    database = {}
    if request.config.getoption("--store") == "postgresql":
        database["DATABASE_URL"] = request.getfixturevalue("database_url")
    app = create_app({
        "TESTING": True,
        "TODAY": "2025-12-01",
        "SITE_DIR": str(tmp_path / "site"),
        **database,
    })
    yield app
    app.extensions["store"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


def csrf_token(html: str) -> str:
    """The CSRF token from a rendered form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


class Auth:
    """Create accounts and sign in through the real forms."""

    def __init__(self, app, client):
        self.app, self.client = app, client

    def create(self, email="tenant@example.com", password="correct horse battery", name="Tess Tenant",
               kind="tenant", **fields) -> str:
        from portal import accounts

        with self.app.app_context():
            return accounts.create_user(kind=kind, email=email, name=name, password=password,
                                        landlord=self.app.config["LANDLORD"], **fields)

    def sign_in(self, email="tenant@example.com", password="correct horse battery", remember=False):
        page = self.client.get("/sign-in")
        data = {"email": email, "password": password, "csrf_token": csrf_token(page.get_data(as_text=True))}
        if remember:
            data["remember"] = "y"
        return self.client.post("/sign-in", data=data)

    def sign_out(self):
        page = self.client.get("/account/password")
        return self.client.post("/sign-out", data={"csrf_token": csrf_token(page.get_data(as_text=True))})


@pytest.fixture
def auth(app, client):
    return Auth(app, client)


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a free port of 127.0.0.1; `stop()`/`start()` make an outage."""

    def __init__(self) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.messages: list = []
        self.arrived = threading.Event()  # set on each message, for tests that wait on another thread
        self._controller = None

    def start(self) -> None:
        from aiosmtpd.controller import Controller

        server = self

        class Handler:
            async def handle_DATA(self, _server, _session, envelope):
                from email import message_from_bytes, policy

                server.messages.append(message_from_bytes(envelope.content, policy=policy.default))
                server.arrived.set()
                return "250 Message accepted"

        self._controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def to(self, address: str) -> list:
        """The messages received for one address, oldest first."""
        return [m for m in self.messages if address in m["To"]]


@pytest.fixture
def smtp():
    server = SmtpServer()
    server.start()
    yield server
    server.stop()


def email_text(message) -> str:
    """The plain-text part of a received email."""
    return message.get_body(preferencelist=("plain",)).get_content()


def email_link(message, path: str) -> str:
    """The path of the first link in an email's text that starts with `path`."""
    match = re.search(r"http://localhost(" + re.escape(path) + r"[^\s]*)", email_text(message))
    assert match, f"no {path} link in the email"
    return match.group(1)


@pytest.fixture
def mail_app(tmp_path, monkeypatch, smtp):
    """A portal like `app` whose mail goes to the test SMTP server."""
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    from portal import create_app

    app = create_app({"TESTING": True, "TODAY": "2025-12-01", "SITE_DIR": str(tmp_path / "site"),
                      "MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_TIMEOUT": 5})
    yield app
    app.extensions["store"].close()


def send_mail(app) -> dict:
    """Run the outbox once, as `flask send-mail` does."""
    from portal import dispatch

    with app.app_context():
        return dispatch.send_due()
