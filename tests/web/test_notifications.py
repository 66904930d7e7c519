"""News by email after each kind of step, through a real SMTP server, and what staff see of it."""

from __future__ import annotations

from datetime import date

import pytest
from test_staff_conduct import ConductScene
from test_staff_kit import TODAY, kit  # noqa: F401

from portal.domain import complaints as c
from portal.domain.complaints import ownership
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


def test_a_case_given_to_someone_tells_them_and_taking_one_tells_nobody(app, kit, smtp):
    manager = kit.person("manager")
    officer = kit.person("complaints_officer", notifications="required")  # opted out of news
    colleague = kit.person("complaints_officer")
    tenant = _tenant(kit)
    given = kit.case(tenant, manager, ((ownership.assign_complaint, manager, {"owner": kit.actor(colleague)}),))
    taken = kit.case(tenant, manager, ((ownership.assign_complaint, manager, {"owner": kit.actor(manager)}),))
    to_officer = kit.case(tenant, manager, ((ownership.assign_complaint, manager, {"owner": kit.actor(officer)}),))
    send_mail(app)
    [mine] = [m for m in smtp.to(kit.record(colleague)["email"]) if "yours" in m["Subject"]]
    assert mine["Subject"] == f"Complaint {given} is yours"
    assert f"/staff/cases/{given}" in email_text(mine)
    assert not [m for m in smtp.to(kit.record(manager)["email"]) if "yours" in m["Subject"]]
    assert f"Complaint {taken} is yours" not in [m["Subject"] for m in smtp.messages]
    assert not [m for m in smtp.to(kit.record(officer)["email"]) if "yours" in m["Subject"]]
    page = kit.client(manager).get(f"/staff/cases/{to_officer}").get_data(as_text=True)
    assert "Not sent: Opted out of news" in page


def test_a_proposed_protocol_waits_for_the_authoriser_and_not_the_proposer(app, kit, smtp):
    from test_staff_conduct import _protocol_form
    from test_staff_kit import post

    scene = ConductScene(kit)  # Housing Solutions: a Head of Service authorises a protocol
    scene.to("assessed")
    assert post(scene.client("manager"), scene.url("protocol"), _protocol_form()).status_code == 302
    send_mail(app)
    [waiting] = smtp.to(kit.record(scene.people["head_of_service"])["email"])
    assert waiting["Subject"] == "Waiting for you: A change to a contact arrangement to authorise"
    assert f"/staff/conduct/{scene.customer}" in email_text(waiting)
    others = ("manager", "director", "officer")
    assert not any("Waiting" in m["Subject"] for role in others for m in smtp.to(kit.record(scene.people[role])["email"]))


def test_an_ex_gratia_payment_waits_for_the_role_its_amount_needs(app, kit, smtp):
    officer = kit.person("complaints_officer", landlord="thenue")
    executive = kit.person("executive", landlord="thenue")
    board = kit.person("board", landlord="thenue")
    tenant = kit.customer(landlord="thenue")
    proposal = {"basis": "Carpet ruined by the leak; receipt seen.", "substantiated": True}
    small = kit.case(tenant, officer, ((c.propose_ex_gratia, officer, {"amount_pence": 50000, **proposal}),),
                     landlord="thenue")
    large = kit.case(tenant, officer, ((c.propose_ex_gratia, officer, {"amount_pence": 50001, **proposal}),),
                     landlord="thenue")
    send_mail(app)
    [to_executive] = [m for m in smtp.to(kit.record(executive)["email"]) if "Waiting" in m["Subject"]]
    assert to_executive["Subject"] == f"Waiting for you: An ex-gratia payment on complaint {small} to decide"
    assert f"/staff/cases/{small}" in email_text(to_executive)
    [to_board] = [m for m in smtp.to(kit.record(board)["email"]) if "Waiting" in m["Subject"]]
    assert to_board["Subject"] == f"Waiting for you: An ex-gratia payment on complaint {large} to decide"
    assert not [m for m in smtp.to(kit.record(officer)["email"]) if "Waiting" in m["Subject"]]


def test_a_proposal_with_nobody_in_its_role_goes_to_the_next_more_senior(app, kit, smtp):
    from portal.domain.events import Event
    from portal.notices import approvals

    director = kit.person("director")
    manager = kit.person("manager")
    event = Event(kind="extension_proposed", on=TODAY, by=manager, data={"role": "head_of_service"})
    with app.app_context():  # Torus has no Head of Service here: the Director decides
        [effect] = approvals(3, event, "torus", "staff.case", {"case_id": "C-1"}, about=" on complaint C-1")
    assert (effect["user"], effect["kind"], effect["params"]["what"]) == (
        director, "staff_waiting", "A proposed extension on complaint C-1 to decide")
    with app.app_context():
        assert approvals(3, Event(kind="noted", on=TODAY, data={"role": "director"}), "torus", "staff.case", {}) == []


def test_a_longer_extension_waits_for_the_rank_above(app, kit, smtp):
    from portal.domain.complaints.extensions import extend_or_propose

    officer, manager, director = (kit.person(role) for role in ("officer", "manager", "director"))
    case_id = kit.case(_tenant(kit), officer, (
        (c.acknowledge_complaint, officer, {}),
        (extend_or_propose, officer, {"reason": "Waiting for a survey", "new_due": "2026-02-27",
                                      "good_reason": "The survey needs scaffolding"}),
    ))
    assert kit.load(case_id).state.events[-1].kind == "extension_proposed"
    send_mail(app)
    [waiting] = [m for m in smtp.to(kit.record(manager)["email"]) if "Waiting" in m["Subject"]]
    assert waiting["Subject"] == f"Waiting for you: A proposed extension on complaint {case_id} to decide"
    assert f"/staff/cases/{case_id}" in email_text(waiting)
    assert not [m for who in (director, officer) for m in smtp.to(kit.record(who)["email"]) if "Waiting" in m["Subject"]]
