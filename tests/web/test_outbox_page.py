"""The demo's Outbox page: with no mail server, staff read the emails written as `.eml` files."""

from __future__ import annotations

from test_staff_kit import kit  # noqa: F401

from tests.conftest import csrf_token


def test_with_no_mail_server_a_reset_email_is_an_eml_file_staff_can_read(app, kit, client, auth):
    auth.create(email="tess@example.com")
    page = client.get("/reset")
    client.post("/reset", data={"email": "tess@example.com", "csrf_token": csrf_token(page.get_data(as_text=True))})
    from portal import dispatch

    with app.app_context():
        assert dispatch.send_due() == {"sent": 1}
    _, staff = kit.staff_client("officer")
    listing = staff.get("/staff/outbox").get_data(as_text=True)
    assert "Reset your password" in listing
    link = listing.split('href="/staff/outbox/', 1)[1].split('"', 1)[0]
    message = staff.get(f"/staff/outbox/{link}").get_data(as_text=True)
    assert "tess@example.com" in message
    assert "/reset/" in message  # the demo reads reset links here, never on the tenant's screen


def test_the_outbox_page_is_not_there_with_a_real_mail_server(app, kit):
    _, staff = kit.staff_client("officer")
    app.config["MAIL_SERVER"] = "127.0.0.1"
    assert staff.get("/staff/outbox").status_code == 404


def test_bad_outbox_file_names_are_refused(app, kit):
    _, staff = kit.staff_client("officer")
    assert staff.get("/staff/outbox/..%2Fsecret.json").status_code == 404
    assert staff.get("/staff/outbox/" + "a" * 32 + ".eml").status_code == 404
