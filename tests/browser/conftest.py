"""Browser fixtures: Debian's Chromium driven by Playwright, a live portal, and axe-core."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (Debian's package; Playwright downloads nothing)."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `bash .ci/run`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    yield page
    context.close()


class LiveServer:
    """The portal served on a free loopback port in a background thread."""

    def __init__(self, app):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join()


@pytest.fixture
def live_server(app):
    """The test app (see tests/conftest.py), CSRF on, served for the browser."""
    with LiveServer(app) as server:
        yield server


def axe_violations(page) -> list[dict]:
    """Run axe-core on the current page and return its violations (id, impact, help, nodes)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v.get("impact"), "help": v["help"],
         "nodes": [n.get("target") for n in v.get("nodes", [])][:5]}
        for v in results.response["violations"]
    ]


def assert_accessible(page, what: str = "") -> None:
    """Fail with a readable list if axe-core finds any violation on the page."""
    violations = axe_violations(page)
    assert not violations, f"axe-core violations on {what or page.url}: {violations}"


def sign_in(page, base_url: str, email: str, password: str) -> None:
    """Sign in through the real form."""
    page.goto(base_url + "/sign-in")
    page.fill("#email", email)
    page.fill("#password", password)
    page.click("button[type=submit]:has-text('Sign in')")
