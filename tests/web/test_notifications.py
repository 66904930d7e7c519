"""News by email after each kind of step, through a real SMTP server, and what staff see of it."""

from __future__ import annotations

from datetime import date

import pytest
from test_staff_conduct import ConductScene
from test_staff_kit import TODAY, kit  # noqa: F401

from portal.domain import complaints as c
from tests.conftest import email_text, send_mail


@pytest.fixture
def app(mail_app):
    """Every test here sends through the test SMTP server."""
    return mail_app


def _tenant(kit, **fields):
    return kit.person(None, kind="tenant", name="Tess Tenant", address=["7 Elm Road", "Oldtown", "AB1 2CD"],
                      **fields)


def _subjects(smtp, address):
    return [m["Subject"] for m in smtp.to(address)]


def test_a_new_complaint_tells_the_tenant_and_the_intake_team(app, kit, smtp):
    officer = kit.person("complaints_officer")
    tenant = _tenant(kit)
    case_id = kit.case(tenant, officer, summary="Damp in the back bedroom")
    send_mail(app)
    [received] = smtp.to(kit.record(tenant)["email"])
    assert received["Subject"] == f"We have received your complaint {case_id}"
    text = email_text(received)
    assert f"/complaints/{case_id}" in text
    assert "Damp" not in text and "Elm Road" not in text  # no personal details in an email
    assert _subjects(smtp, kit.record(officer)["email"]) == [f"New complaint {case_id} in the intake list"]


def test_a_letter_and_a_new_reply_date_are_news(app, kit, smtp):
    officer = kit.person("complaints_officer")
    tenant = _tenant(kit)
    case_id = kit.case(tenant, officer, (
        (c.acknowledge_complaint, officer, {}),
        (c.extend_complaint, officer, {"reason": "We need a surveyor's report", "new_due": date(2025, 12, 22),
                                       "customer_agreed": True}),
    ))
    send_mail(app)
    assert _subjects(smtp, kit.record(tenant)["email"]) == [
        f"We have received your complaint {case_id}",
        f"A new letter about complaint {case_id} is in your account",
        f"A new letter about complaint {case_id} is in your account",
        f"The reply date for complaint {case_id} has changed",
    ]


def test_each_message_is_sent_once_and_shown_on_the_case(app, kit, smtp):
    officer = kit.person("complaints_officer")
    tenant = _tenant(kit)
    case_id = kit.case(tenant, officer, ((c.acknowledge_complaint, officer, {}),))
    send_mail(app)
    send_mail(app)
    assert len(smtp.to(kit.record(tenant)["email"])) == 2
    page = kit.client(officer).get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Emails" in page and page.count("Sent ") >= 2


def test_an_smtp_outage_during_a_step_keeps_the_message_and_shows_it_waiting(app, kit, smtp):
    from datetime import timedelta

    from portal import dispatch
    from portal.clock import now_utc

    officer = kit.person("complaints_officer")
    tenant = _tenant(kit)
    smtp.stop()
    case_id = kit.case(tenant, officer)
    send_mail(app)
    page = kit.client(officer).get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Waiting to send (tried 1 time" in page
    smtp.start()
    with app.app_context():
        dispatch.send_due(now_utc() + timedelta(hours=1))
        dispatch.send_due(now_utc() + timedelta(hours=2))
    assert len(smtp.to(kit.record(tenant)["email"])) == 1


def test_advocates_hear_too_and_contact_through_them_leaves_the_tenant_out(app, kit, smtp):
    officer = kit.person("complaints_officer")
    tenant = _tenant(kit, adjustments=["via_representative"])
    advocate = kit.person(None, kind="advocate", name="Ada Advocate", acting_for=[tenant], pending_for=[])
    kit.case(tenant, officer)
    send_mail(app)
    assert smtp.to(kit.record(advocate)["email"])
    assert not smtp.to(kit.record(tenant)["email"])


def test_opting_out_stops_news_but_not_the_letters_the_policy_requires(app, kit, smtp):
    officer = kit.person("complaints_officer")
    tenant = _tenant(kit, notifications="required")
    case_id = kit.case(tenant, officer, (
        (c.acknowledge_complaint, officer, {}),
        (c.extend_complaint, officer, {"reason": "We need a surveyor's report", "new_due": date(2025, 12, 22),
                                       "customer_agreed": True}),
    ))
    send_mail(app)
    subjects = _subjects(smtp, kit.record(tenant)["email"])
    assert f"The reply date for complaint {case_id} has changed" not in subjects
    assert f"A new letter about complaint {case_id} is in your account" in subjects
    page = kit.client(officer).get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Not sent: Opted out of news" in page


def test_an_unconfirmed_address_gets_nothing(app, kit, smtp):
    officer = kit.person("complaints_officer")
    tenant = _tenant(kit, email_confirmed=False)
    case_id = kit.case(tenant, officer)
    send_mail(app)
    assert not smtp.to(kit.record(tenant)["email"])
    page = kit.client(officer).get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Not sent: Email address not confirmed yet" in page


def test_protocol_news_and_an_appeal_for_the_appeal_role(app, kit, smtp):
    scene = ConductScene(kit)
    from portal.data import get_store

    with app.app_context():  # give the customer a confirmed address
        get_store().users.update(scene.customer, email="kim@example.com", email_confirmed=True)
    scene.to("appealed")
    send_mail(app)
    assert _subjects(smtp, "kim@example.com") == ["News about how you can contact us"]
    assert "put in place" in email_text(smtp.to("kim@example.com")[0])
    directors = [kit.record(scene.people["director"])["email"], kit.record(scene.other_director)["email"]]
    assert all(_subjects(smtp, d) == ["Waiting for you: An appeal against a contact arrangement"] for d in directors)
    page = scene.client().get(scene.url()).get_data(as_text=True)
    assert "kim@example.com" in page and "Sent " in page
