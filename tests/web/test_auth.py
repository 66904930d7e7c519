"""Accounts: register, sign in and out, reset, and the session-safety gaps Flask-Login leaves open."""

from __future__ import annotations

import re

import pytest

from tests.conftest import csrf_token


def test_register_asks_to_check_email_before_any_account_exists(client, app):
    page = client.get("/register")
    response = client.post("/register", data={
        "kind": "tenant", "name": "Ada Tenant", "email": "Ada@Example.com", "customer_ref": "T-1",
        "password": "a long enough password", "confirm": "a long enough password",
        "csrf_token": csrf_token(page.get_data(as_text=True)),
    })
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    with app.app_context():
        from portal.data import get_store

        assert get_store().users.by_email("ada@example.com") is None


def test_register_with_a_used_email_says_the_same_and_keeps_the_account(client, auth, app):
    auth.create(email="ada@example.com")
    page = client.get("/register")
    response = client.post("/register", data={
        "kind": "tenant", "name": "Ada Again", "email": "ADA@example.com",
        "password": "a long enough password", "confirm": "a long enough password",
        "csrf_token": csrf_token(page.get_data(as_text=True)),
    })
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Check your email" in html
    assert "already" not in html
    assert auth.sign_in(email="ada@example.com").status_code == 302  # the old password still works


@pytest.mark.parametrize("field, value, message", [
    ("email", "not-an-email", "Enter an email address like name@example.com"),
    ("password", "short", "between 12 and 128 characters"),
    ("confirm", "something else entirely", "The passwords do not match"),
    ("name", "", "Enter your full name"),
])
def test_register_errors_sit_beside_the_field(client, field, value, message):
    data = {"kind": "tenant", "name": "Bo", "email": "bo@example.com",
            "password": "a long enough password", "confirm": "a long enough password"}
    data[field] = value
    page = client.get("/register")
    data["csrf_token"] = csrf_token(page.get_data(as_text=True))
    html = client.post("/register", data=data).get_data(as_text=True)
    assert message in html
    assert f'id="{field}-error"' in html
    assert f'href="#{field}"' in html  # linked from the error summary


def test_wrong_password_is_refused_without_saying_which_part(client, auth):
    auth.create()
    html = auth.sign_in(password="wrong password!!").get_data(as_text=True)
    assert "The email address or password is not right" in html


def test_sign_in_is_rate_limited(client, auth, app):
    auth.create()
    for _ in range(app.config["SIGNIN_ATTEMPTS"]):
        auth.sign_in(password="wrong password!!")
    response = auth.sign_in()  # even the right password waits now
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_sign_out_ends_a_copied_session(client, auth, app):
    auth.create()
    auth.sign_in()
    stolen = client.get_cookie("session").value
    assert client.get("/complaints").status_code == 200
    auth.sign_out()
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    response = thief.get("/complaints")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_remember_cookie_is_revoked_by_sign_out(client, auth, app):
    auth.create()
    auth.sign_in(remember=True)
    remember = client.get_cookie("remember_token")
    assert remember is not None and remember.http_only
    token = remember.value
    auth.sign_out()
    thief = app.test_client()
    thief.set_cookie("remember_token", token)
    assert thief.get("/complaints").status_code == 302


def test_password_change_ends_other_sessions(client, auth, app):
    auth.create()
    auth.sign_in()
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert other.get("/complaints").status_code == 200
    page = client.get("/account/password")
    client.post("/account/password", data={
        "current": "correct horse battery", "password": "a brand new passphrase",
        "confirm": "a brand new passphrase", "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert other.get("/complaints").status_code == 302
    assert auth.sign_in(password="a brand new passphrase").status_code == 302


def test_disabled_user_is_signed_out(client, auth, app):
    user_id = auth.create()
    auth.sign_in()
    with app.app_context():
        from portal import accounts
        from portal.data import get_store

        get_store().users.update(user_id, disabled=True)
        accounts.end_sessions(user_id)
    assert client.get("/complaints").status_code == 302


@pytest.mark.parametrize("target, lands", [
    ("/complaints", "/complaints"),
    ("https://evil.example/", "/complaints"),
    ("//evil.example/x", "/complaints"),
    ("/\\evil.example", "/complaints"),
    ("javascript:alert(1)", "/complaints"),
])
def test_next_is_same_site_only(client, auth, target, lands):
    auth.create()
    page = client.get("/sign-in")
    response = client.post("/sign-in?next=" + target, data={
        "email": "tenant@example.com", "password": "correct horse battery",
        "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.headers["Location"] == lands


def test_reset_page_says_the_same_for_unknown_and_known_emails_and_shows_no_link(client, auth):
    auth.create()
    pages = []
    for email in ("tenant@example.com", "nobody@example.com"):
        page = client.get("/reset")
        html = client.post("/reset", data={"email": email, "csrf_token": csrf_token(page.get_data(as_text=True))}
                           ).get_data(as_text=True)
        assert "/reset/" not in html
        pages.append(re.sub(r'name="csrf_token"[^>]*', "", html))
    assert pages[0] == pages[1]


def test_passwords_are_argon2id(app, auth):
    user_id = auth.create()
    with app.app_context():
        from portal.data import get_store

        assert get_store().users.get(user_id)["password_hash"].startswith("$argon2id$")


def test_account_changes_are_in_the_record_history(client, auth, app):
    user_id = auth.create()
    auth.sign_in()
    page = client.get("/account/password")
    client.post("/account/password", data={
        "current": "correct horse battery", "password": "a brand new passphrase",
        "confirm": "a brand new passphrase", "csrf_token": csrf_token(page.get_data(as_text=True))})
    with app.app_context():
        from portal.data import get_store

        history = get_store().users.get(user_id)["history"]
    assert [line["what"] for line in history] == ["Account created (tenant)", "Password changed"]
    assert history[1]["by"] == user_id and history[1]["at"].startswith("2025-12-01")
