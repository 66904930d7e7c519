"""Complaining without an account: the visitor's details, the emailed link, phone-only, anonymous, limits."""

from __future__ import annotations

import re

import pytest

from portal.data import get_store
from portal.domain import complaints as c
from tests.conftest import csrf_token, email_link, email_text, send_mail
from tests.web.test_staff_kit import StaffKit
from tests.web.test_tenant_support import ANSWERS, PASSWORD, TODAY, World, make_complaint, post, text_of

EMAIL = "vic@example.com"
ABOUT = {"name": "Vic Visitor", "email": EMAIL, "phone": "", "address": "4 Elm Road\nOldtown"}
PHONE_ONLY = {**ABOUT, "email": "", "phone": "07700 900123"}


def visitor_answers(about: dict) -> dict:
    return {**ANSWERS, "about": about}


def sent_case_id(client) -> str:
    page = client.get("/complaints/new/sent")
    match = re.search(r"<strong>(C-\d{4}-\d+)</strong>", text_of(page))
    assert match, text_of(page)
    return match.group(1)


def case_of(app, case_id: str):
    from portal.casework import load_case

    with app.app_context():
        return load_case(case_id)


def summary_row(app, case_id: str):
    with app.app_context():
        return get_store().complaints.get(case_id).summary


def outbox_link(app, to: str) -> str:
    """The link in the newest confirmation email queued for `to` (the embedded outbox, no SMTP)."""
    with app.app_context():
        items = [i for i in get_store().outbox.all() if i.to == to and i.payload.get("kind") == "visitor_confirm"]
    match = re.search(r"http://localhost(/complaints/link/[^\s]+)", items[-1].payload["text"])
    assert match
    return match.group(1)


@pytest.fixture
def world(app) -> World:
    return World(app)


def test_a_visitor_complains_with_an_email_and_the_link_confirms_it(mail_app, smtp):
    visitor = mail_app.test_client()
    start = visitor.get("/complaints/new")
    assert start.status_code == 200 and "You do not need an account" in text_of(start)
    check = make_complaint(visitor, visitor_answers(ABOUT), send=False)
    assert check.headers["Location"].endswith("/complaints/new/check")
    page = text_of(visitor.get("/complaints/new/check"))
    assert "Vic Visitor" in page and EMAIL in page and "4 Elm Road" in page
    sent = post(visitor, "/complaints/new/check")
    assert sent.headers["Location"].endswith("/complaints/new/sent")
    confirmation = text_of(visitor.get("/complaints/new/sent"))
    assert "Confirm your email address" in confirmation and "/complaints/link/" not in confirmation
    case_id = sent_case_id(visitor)
    case = case_of(mail_app, case_id)
    assert case.state.received_on == TODAY  # counted from the day it was sent, not from the confirmation
    assert case.state.acknowledgement_due is not None and c.to_confirm(case.state) == "email"
    assert summary_row(mail_app, case_id).to_confirm == "email"

    send_mail(mail_app)
    [message] = [m for m in smtp.to(EMAIL) if "Confirm your email address" in m["Subject"]]
    assert "anyone with the link can see your complaint" in email_text(message)
    link = email_link(message, "/complaints/link/")
    elsewhere = mail_app.test_client()  # another device: the link alone is enough
    shown = elsewhere.get(link)
    assert shown.status_code == 200 and case_id in text_of(shown) and "email address is confirmed" in text_of(shown)
    assert shown.headers["Cache-Control"] == "no-store"
    case = case_of(mail_app, case_id)
    assert c.to_confirm(case.state) == "" and case.state.events[-1].get("how") == "email"
    assert summary_row(mail_app, case_id).to_confirm == ""
    with mail_app.app_context():
        record = get_store().users.get(case.customer_id)
    assert record["email_confirmed"] and record["name"] == "Vic Visitor" and record["address"] == ["4 Elm Road", "Oldtown"]
    assert not record["password_hash"]  # a customer record, not an account
    assert record["adjustments"] == ["large_print"]  # kept on the record, so its letters honour them
    assert elsewhere.get(link.replace("/link/", "/link/x")).status_code == 404


def test_the_link_brings_an_unsent_draft_back_on_another_device(app, world):
    visitor = app.test_client()
    post(visitor, "/complaints/new")
    post(visitor, "/complaints/new/about", ABOUT)
    post(visitor, "/complaints/new/triage", ANSWERS["triage"])
    post(visitor, "/complaints/new/risk", ANSWERS["risk"])
    post(visitor, "/complaints/new/what", ANSWERS["what"])
    phone = app.test_client()
    assert phone.get("/complaints/new/what").headers["Location"].endswith("/complaints/new")  # not without the link
    reply = phone.get(outbox_link(app, EMAIL))
    assert reply.status_code == 302
    assert phone.get(reply.headers["Location"]).headers["Location"].endswith("/complaints/new/when")
    assert ANSWERS["what"]["summary"] in text_of(phone.get("/complaints/new/what"))
    make_complaint_rest = post(phone, "/complaints/new/when", ANSWERS["when"])
    assert make_complaint_rest.status_code == 302
    for step in ("outcome", "adjustments", "evidence"):
        assert post(phone, f"/complaints/new/{step}", ANSWERS[step]).status_code == 302
    post(phone, "/complaints/new/check")
    case = case_of(app, sent_case_id(phone))
    assert c.to_confirm(case.state) == ""  # the address was confirmed before it was sent
    assert [e.get("how") for e in case.state.events if e.kind == "contact_confirmed"] == ["email"]


def test_a_visitor_gives_an_email_or_a_phone_and_keeps_what_they_typed(app):
    visitor = app.test_client()
    post(visitor, "/complaints/new")
    reply = post(visitor, "/complaints/new/about", {**ABOUT, "email": ""})
    assert reply.status_code == 400
    assert "Enter an email address or a phone number, so we can reply to you" in text_of(reply)
    assert 'value="Vic Visitor"' in text_of(reply) and "4 Elm Road" in text_of(reply)
    assert "Error: " in text_of(reply).split("</title>")[0]


def test_every_visitor_post_needs_its_csrf_token(app):
    visitor = app.test_client()
    post(visitor, "/complaints/new")
    assert visitor.post("/complaints/new/about", data=ABOUT).status_code == 400
    assert visitor.post("/complaints/new", data={}).status_code in (200, 400)
    assert visitor.get("/complaints/new/about").status_code == 200  # the draft was never started by the bare POST
    with app.app_context():
        assert not [i for i in get_store().outbox.all() if i.to == EMAIL]


def test_a_phone_only_complaint_waits_in_intake_for_staff_to_call(app):
    visitor = app.test_client()
    make_complaint(visitor, visitor_answers(PHONE_ONLY))
    assert "We will phone you" in text_of(visitor.get("/complaints/new/sent"))
    case_id = sent_case_id(visitor)
    assert c.to_confirm(case_of(app, case_id).state) == "phone"
    kit = StaffKit(app)
    officer = kit.client(kit.person("officer"))
    queues = text_of(officer.get("/staff/"))
    intake = queues.split('id="intake-title"')[1].split("</section>")[0]
    assert case_id in intake and "To confirm by phone" in intake
    page = text_of(officer.get(f"/staff/cases/{case_id}"))
    assert "to confirm by phone" in page and "07700 900123" in page
    step = f"/staff/cases/{case_id}/confirm-by-phone"
    form = officer.get(step)
    version = re.search(r'name="version"[^>]*value="(\d+)"', text_of(form)).group(1)
    blank = officer.post(step, data={"csrf_token": csrf_token(text_of(form)), "version": version, "summary": ""})
    assert blank.status_code in (200, 400) and "Say what was confirmed on the call" in text_of(blank)
    done = officer.post(step, data={"csrf_token": csrf_token(text_of(form)), "version": version,
                                    "summary": "Spoke to Vic; name and address confirmed"})
    assert done.status_code == 302
    state = case_of(app, case_id).state
    assert c.to_confirm(state) == ""
    assert any(e.title == "Details confirmed by phone" for e in state.timeline(for_tenant=False))
    assert "To confirm by phone" not in text_of(officer.get("/staff/")).split('id="intake-title"')[1].split("</section>")[0]
    assert officer.get(step).status_code == 403  # nothing left to confirm


def test_registering_with_the_confirmed_address_brings_the_complaint_into_the_account(app, world):
    visitor = app.test_client()
    make_complaint(visitor, visitor_answers(ABOUT))
    case_id = sent_case_id(visitor)
    visitor.get(outbox_link(app, EMAIL))
    page = visitor.get("/register")
    post_data = {"kind": "tenant", "name": "Vic Visitor", "email": EMAIL, "password": PASSWORD,
                 "confirm": PASSWORD, "customer_ref": "", "csrf_token": csrf_token(text_of(page))}
    assert visitor.post("/register", data=post_data).status_code == 200
    with app.app_context():
        [item] = [i for i in get_store().outbox.all() if i.to == EMAIL and i.payload["kind"] == "register_confirm"]
    link = re.search(r"http://localhost(/register/[^\s]+)", item.payload["text"]).group(1)
    assert visitor.get(link).status_code == 302
    listed = text_of(visitor.get("/complaints"))
    assert case_id in listed
    state = case_of(app, case_id).state
    assert state.events[-1].get("how") == "account"
    assert any(e.title == "Added to an account" for e in state.timeline(for_tenant=True))
    with app.app_context():
        record = get_store().users.by_email(EMAIL)
    assert record["id"] == case_of(app, case_id).customer_id and record["password_hash"]
    assert "its complaints are now in it" in record["history"][-1]["what"]


def test_an_unconfirmed_complaint_joins_an_existing_account_only_through_its_link(app, world):
    world.tenant(EMAIL, "Vic Visitor")
    visitor = app.test_client()
    make_complaint(visitor, visitor_answers(ABOUT))
    case_id = sent_case_id(visitor)
    tenant = world.client(EMAIL)
    with app.app_context():
        told = [i.payload["kind"] for i in get_store().outbox.all() if i.to == EMAIL]
    assert told == ["visitor_confirm"]  # no "we have received your complaint" to an account before the link is used
    assert case_id not in text_of(tenant.get("/complaints"))
    assert tenant.get(f"/complaints/{case_id}").status_code == 404
    app.test_client().get(outbox_link(app, EMAIL))
    assert case_id in text_of(tenant.get("/complaints"))
    assert tenant.get(f"/complaints/{case_id}").status_code == 200


def test_a_visitor_complains_anonymously_where_the_profile_allows_it(app):
    visitor = app.test_client()
    start = text_of(visitor.get("/complaints/new"))
    assert "Complain without giving your name" in start  # Torus: anonymous complaints are looked into
    token = csrf_token(start)
    reply = visitor.post("/complaints/new", data={"csrf_token": token, "way": "anonymous"})
    assert reply.headers["Location"].endswith("/complaints/new/triage")  # no "about you" page
    for step in ("triage", "risk", "what", "when", "outcome", "evidence"):
        assert post(visitor, f"/complaints/new/{step}", ANSWERS[step]).status_code == 302, step
    assert "Not given" in text_of(visitor.get("/complaints/new/check"))
    post(visitor, "/complaints/new/check")
    assert "You did not give your name" in text_of(visitor.get("/complaints/new/sent"))
    state = case_of(app, sent_case_id(visitor)).state
    assert state.anonymous and c.to_confirm(state) == ""


def test_no_anonymous_way_where_the_policy_does_not_cover_it(app):
    app.config["LANDLORD"] = "connect"
    visitor = app.test_client()
    start = text_of(visitor.get("/complaints/new"))
    assert "Complain without giving your name" not in start
    reply = visitor.post("/complaints/new", data={"csrf_token": csrf_token(start), "way": "anonymous"})
    assert reply.headers["Location"].endswith("/complaints/new/about")


def test_limits_per_client_address_and_per_email(app):
    app.config.update(VISITOR_ADDRESS_COMPLAINTS=1, VISITOR_EMAIL_LINKS=1)
    first = app.test_client()
    make_complaint(first, visitor_answers(ABOUT))
    again = app.test_client()
    refused = again.get("/complaints/new")
    assert refused.status_code == 429 and "cannot take another online until" in text_of(refused)
    assert "phone us" in text_of(refused)
    app.config.update(VISITOR_ADDRESS_COMPLAINTS=10)
    post(again, "/complaints/new")
    reply = post(again, "/complaints/new/about", ABOUT)
    assert reply.status_code == 400 and "We have already sent several links to this email address" in text_of(reply)
    assert post(again, "/complaints/new/about", {**ABOUT, "email": "other@example.com"}).status_code == 302


def test_a_new_address_needs_its_own_link(app):
    visitor = app.test_client()
    post(visitor, "/complaints/new")
    post(visitor, "/complaints/new/about", ABOUT)
    first = outbox_link(app, EMAIL)
    assert visitor.get(first).status_code == 302                    # the first address is confirmed
    post(visitor, "/complaints/new/about", {**ABOUT, "email": "new@example.com"})
    assert visitor.get(first).status_code == 404                    # the old link stops working
    for step in ("triage", "risk", "what", "when", "outcome", "adjustments", "evidence"):
        post(visitor, f"/complaints/new/{step}", ANSWERS[step])
    post(visitor, "/complaints/new/check")
    state = case_of(app, sent_case_id(visitor)).state
    assert c.to_confirm(state) == "email"                            # new@example.com is not confirmed yet


def test_a_visitor_asking_for_a_repair_is_shown_the_route_and_may_still_complain(app):
    visitor = app.test_client()
    post(visitor, "/complaints/new")
    post(visitor, "/complaints/new/about", PHONE_ONLY)
    reply = post(visitor, "/complaints/new/triage", {"triage": "repair"})
    assert reply.headers["Location"].endswith("/complaints/new/first-request")
    page = visitor.get("/complaints/new/first-request")
    assert page.status_code == 200 and "your complaints" not in text_of(page)  # no account to go back to
    assert post(visitor, "/complaints/new/first-request").headers["Location"].endswith("/complaints/new/risk")


def test_the_demo_has_a_phone_only_complaint_waiting_for_a_call(app):
    result = app.test_cli_runner().invoke(args=["demo", "--no-build"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        rows = [get_store().complaints.get(i).summary for i in get_store().complaints.ids()]
    assert [r.customer_name for r in rows if r.to_confirm == "phone"] == ["Grace Obi"]
