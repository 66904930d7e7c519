"""Accounts by email, through a real SMTP server: reset, registration and lock-out notices."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from tests.conftest import Auth, csrf_token, email_link, email_text, send_mail


@pytest.fixture
def client(mail_app):
    return mail_app.test_client()


@pytest.fixture
def auth(mail_app, client):
    return Auth(mail_app, client)


def _ask_reset(client, email="tenant@example.com"):
    page = client.get("/reset")
    return client.post("/reset", data={"email": email, "csrf_token": csrf_token(page.get_data(as_text=True))})


def _choose_password(client, link, password):
    form = client.get(link)
    return client.post(link, data={"password": password, "confirm": password,
                                   "csrf_token": csrf_token(form.get_data(as_text=True))})


def test_a_reset_email_arrives_and_its_link_works_once(mail_app, client, auth, smtp):
    auth.create()
    _ask_reset(client)
    assert send_mail(mail_app) == {"sent": 1}
    [message] = smtp.to("tenant@example.com")
    assert message["Subject"] == "Reset your password"
    assert message.get_body(preferencelist=("html",)) is not None  # an HTML part as well as plain text
    assert "Torus" in email_text(message)  # the landlord's name and contact details
    link = email_link(message, "/reset/")
    assert _choose_password(client, link, "fresh passphrase 1").status_code == 302
    assert auth.sign_in(password="fresh passphrase 1").status_code == 302
    assert client.get(link).status_code == 404


def test_a_newer_reset_link_cancels_the_older_one(mail_app, client, auth, smtp):
    auth.create()
    _ask_reset(client)
    send_mail(mail_app)
    _ask_reset(client)
    send_mail(mail_app)
    older, newer = (email_link(m, "/reset/") for m in smtp.to("tenant@example.com"))
    assert older != newer
    assert client.get(older).status_code == 404
    assert client.get(newer).status_code == 200


def test_changing_the_password_cancels_reset_links(mail_app, client, auth, smtp):
    user_id = auth.create()
    _ask_reset(client)
    send_mail(mail_app)
    link = email_link(smtp.to("tenant@example.com")[0], "/reset/")
    with mail_app.app_context():
        from portal import accounts

        accounts.change_password(user_id, "another passphrase")
    assert client.get(link).status_code == 404


def test_a_reset_link_expires_after_60_minutes(mail_app, client, auth, smtp):
    auth.create()
    _ask_reset(client)
    send_mail(mail_app)
    link = email_link(smtp.to("tenant@example.com")[0], "/reset/")
    token = link.rsplit("/", 1)[1]
    with mail_app.app_context():
        from portal import accounts
        from portal.clock import now_utc

        assert accounts.peek_reset_token(token, now_utc() + timedelta(minutes=59))
        assert not accounts.peek_reset_token(token, now_utc() + timedelta(minutes=61))


def test_no_email_for_an_unknown_address_and_no_link_in_the_log(mail_app, client, auth, smtp, caplog):
    auth.create()
    caplog.set_level(logging.INFO)
    _ask_reset(client, "nobody@example.com")
    _ask_reset(client)
    send_mail(mail_app)
    assert [m["To"] for m in smtp.messages] == ["tenant@example.com"]
    ours = [r.getMessage() for r in caplog.records if r.name != "mail.log"]  # not the test server's own log
    assert ours and not any("/reset/" in line for line in ours)
    with mail_app.app_context():  # once sent, the store keeps no copy of the link
        from portal.data import get_store

        assert all("/reset/" not in str(item.payload) for item in get_store().outbox.all())


def _register(client, email, name="Ada Tenant"):
    page = client.get("/register")
    return client.post("/register", data={
        "kind": "tenant", "name": name, "email": email, "password": "a long enough password",
        "confirm": "a long enough password", "csrf_token": csrf_token(page.get_data(as_text=True))})


def test_registering_confirms_the_address_by_email_then_signs_in(mail_app, client, smtp):
    assert "Check your email" in _register(client, "ada@example.com").get_data(as_text=True)
    send_mail(mail_app)
    [message] = smtp.to("ada@example.com")
    link = email_link(message, "/register/")
    response = client.get(link)
    assert response.headers["Location"].endswith("/complaints")
    assert client.get("/complaints").status_code == 200
    with mail_app.app_context():
        from portal.data import get_store

        assert get_store().users.by_email("ada@example.com")["email_confirmed"] is True
    client.post("/sign-out", data={"csrf_token": csrf_token(client.get("/account/password").get_data(as_text=True))})
    assert client.get(link).status_code == 404  # the link works once


def test_registering_a_used_address_tells_its_holder_and_answers_the_same(mail_app, client, auth, smtp):
    auth.create(email="ada@example.com")
    new = _register(client, "new@example.com").get_data(as_text=True)
    used = _register(client, "ada@example.com", name="Someone Else").get_data(as_text=True)
    strip = lambda html: html.split("<main", 1)[1].split("</main>", 1)[0]  # noqa: E731
    assert strip(new) == strip(used)
    send_mail(mail_app)
    [warning] = smtp.to("ada@example.com")
    assert "Someone tried to create an account" in warning["Subject"]
    assert "/register/" not in email_text(warning)


def test_a_locked_account_waits_longer_each_time_and_its_holder_is_told(mail_app, client, auth, smtp):
    auth.create()
    limit = mail_app.config["SIGNIN_ATTEMPTS"]
    for _ in range(limit):
        auth.sign_in(password="wrong password!!")
    assert auth.sign_in().status_code == 429
    send_mail(mail_app)
    [notice] = smtp.to("tenant@example.com")
    assert notice["Subject"] == "Your account is locked for a while"
    with mail_app.app_context():
        from portal.data import get_store
        from portal.clock import now_utc

        limits = get_store().limits
        window = timedelta(days=1)
        first = limits.get("account:tenant@example.com", now_utc(), window)
        later = limits.failed("account:tenant@example.com", now_utc(), window,
                              lambda n: timedelta(minutes=2 ** (n - limit)))
    wait = lambda a: a.locked_until  # noqa: E731
    assert wait(later) > wait(first)


def test_one_tenant_locked_out_does_not_lock_another_on_the_same_address(mail_app, client, auth):
    auth.create(email="one@example.com")
    auth.create(email="two@example.com")
    for _ in range(mail_app.config["SIGNIN_ATTEMPTS"] + 2):
        auth.sign_in(email="one@example.com", password="wrong password!!")
    assert auth.sign_in(email="one@example.com").status_code == 429
    assert auth.sign_in(email="two@example.com").status_code == 302


def test_an_address_with_many_failures_waits(mail_app, client, auth):
    mail_app.config["SIGNIN_ADDRESS_ATTEMPTS"] = 8
    auth.create(email="someone@example.com")
    for n in range(8):
        auth.sign_in(email=f"guess{n}@example.com", password="wrong password!!")
    assert auth.sign_in(email="someone@example.com").status_code == 429


def test_failure_counts_outlive_the_process(mail_app, tmp_path, monkeypatch, auth):
    auth.create()
    for _ in range(mail_app.config["SIGNIN_ATTEMPTS"]):
        auth.sign_in(password="wrong password!!")
    from portal import create_app

    second = create_app({"TESTING": True, "TODAY": "2025-12-01", "SITE_DIR": str(tmp_path / "site")})
    try:
        assert Auth(second, second.test_client()).sign_in().status_code == 429
    finally:
        second.extensions["store"].close()


def _proxied_app(tmp_path, monkeypatch, proxies):
    monkeypatch.setenv("PORTAL_INSTANCE_PATH", str(tmp_path / f"instance{proxies}"))
    from portal import create_app

    return create_app({"TESTING": True, "TODAY": "2025-12-01", "TRUSTED_PROXIES": proxies})


@pytest.mark.parametrize("proxies", [0, 1])
def test_behind_a_trusted_proxy_each_client_is_counted_apart(tmp_path, monkeypatch, proxies):
    app = _proxied_app(tmp_path, monkeypatch, proxies)
    app.config["SIGNIN_ADDRESS_ATTEMPTS"] = 3
    try:
        client = app.test_client()
        for n in range(3):
            page = client.get("/sign-in")
            client.post("/sign-in", headers={"X-Forwarded-For": "203.0.113.7"}, data={
                "email": f"guess{n}@example.com", "password": "wrong password!!",
                "csrf_token": csrf_token(page.get_data(as_text=True))})
        page = client.get("/sign-in")
        other = client.post("/sign-in", headers={"X-Forwarded-For": "203.0.113.8"}, data={
            "email": "someone@example.com", "password": "wrong password!!",
            "csrf_token": csrf_token(page.get_data(as_text=True))})
        # trusted: the second client has its own count; untrusted: everyone shares the proxy's address
        assert other.status_code == (200 if proxies else 429)
    finally:
        app.extensions["store"].close()


def test_behind_a_trusted_proxy_https_marks_cookies_secure(tmp_path, monkeypatch):
    app = _proxied_app(tmp_path, monkeypatch, 1)
    try:
        response = app.test_client().get("/sign-in", headers={"X-Forwarded-Proto": "https"})
        assert all("Secure" in c for c in response.headers.getlist("Set-Cookie"))
        assert response.headers.getlist("Set-Cookie")
    finally:
        app.extensions["store"].close()
