"""Shared fixtures: an app on a temporary instance, its client and CLI runner, and sign-in helpers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A portal on an empty store in tmp_path, clock frozen at 1 December 2025."""
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / "instance"))
    from portal import create_app

    app = create_app({
        "TESTING": True,
        "TODAY": "2025-12-01",
        "SITE_DIR": str(tmp_path / "site"),
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
