"""HTTP hardening that holds for every route: CSRF, headers, caching, cookie flags, size cap."""

from __future__ import annotations

import re

import pytest


def _sample_path(rule) -> str:
    """A concrete URL for a rule, with made-up values for its variables."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", lambda m: "x1", rule.rule)


def _post_rules(app):
    return [r for r in app.url_map.iter_rules() if "POST" in r.methods and r.endpoint != "static"]


def test_every_post_route_rejects_a_missing_csrf_token(app, client, auth):
    auth.create()
    auth.sign_in()
    rules = _post_rules(app)
    assert len(rules) > 5  # the walk covers the real app, not an empty map
    for rule in rules:
        response = client.post(_sample_path(rule), data={"anything": "1"})
        assert response.status_code in (400, 403, 404), rule.rule
        if response.status_code == 400:
            assert "form could not be sent" in response.get_data(as_text=True) or rule.rule


def test_csrf_rejection_is_a_plain_page_not_a_500(client, auth):
    auth.create()
    response = client.post("/sign-in", data={"email": "tenant@example.com", "password": "correct horse battery"})
    assert response.status_code == 400
    assert "Your session has expired" in response.get_data(as_text=True)


def test_security_headers_on_every_page(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_have_no_inline_script(client):
    for path in ("/", "/sign-in", "/register", "/reset"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>" not in html and " onclick=" not in html, path


def test_a_header_set_by_a_view_is_kept_and_each_hardening_header_is_sent_once(app, client):
    @app.route("/test-own-header")
    def own_header():
        return "x", 200, {"X-Frame-Options": "SAMEORIGIN"}

    response = client.get("/test-own-header")
    assert response.headers.getlist("X-Frame-Options") == ["SAMEORIGIN"]
    assert len(response.headers.getlist("Content-Security-Policy")) == 1


def test_a_session_form_token_is_signed_once_a_minute_and_accepted(client, auth):
    from tests.conftest import csrf_token

    auth.create()
    auth.sign_in()
    first, second = (csrf_token(client.get("/complaints").get_data(as_text=True)) for _ in range(2))
    assert first == second
    assert client.post("/sign-out", data={"csrf_token": first}).status_code == 302
    assert client.get("/complaints").status_code == 302  # signed out: the token was good


def test_authenticated_pages_are_not_cached(client, auth):
    auth.create()
    auth.sign_in()
    response = client.get("/complaints")
    assert response.headers["Cache-Control"] == "no-store"


def test_cookies_are_secure_httponly_samesite_over_https(app, auth):
    auth.create()
    client = app.test_client()
    page = client.get("/sign-in", base_url="https://localhost")
    from tests.conftest import csrf_token

    response = client.post("/sign-in", base_url="https://localhost", data={
        "email": "tenant@example.com", "password": "correct horse battery", "remember": "y",
        "csrf_token": csrf_token(page.get_data(as_text=True))})
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies
    for cookie in cookies:
        assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
    assert "Strict-Transport-Security" in response.headers


def test_request_size_is_capped(client, app):
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    response = client.post("/sign-in", data={"email": big})
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/nowhere", "/complaints/../../etc/passwd", "/site/../../pyproject.toml"])
def test_unknown_paths_are_plain_404s(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)
