"""Every staff form shows all its errors at once, each beside its own field, in the words on screen.

Old code stopped at the first broken rule, so a form sent empty showed one message, then the
next one after that was mended, and so on (the extend form was the one reported).
"""

from __future__ import annotations

from test_staff_conduct import ConductScene
from test_staff_kit import error_beside, kit, post  # noqa: F401

from portal.domain import complaints as c


def _messages(html: str, *field_ids: str) -> dict[str, str]:
    return {field_id: error_beside(html, field_id) for field_id in field_ids}


def _case(kit, landlord: str = "torus", acknowledged: bool = False, **fields):
    officer = kit.person("complaints_officer", landlord=landlord)
    steps = ((c.acknowledge_complaint, officer, {}),) if acknowledged else ()
    case_id = kit.case(kit.customer(landlord=landlord), officer, steps, landlord=landlord, **fields)
    return officer, case_id


def test_the_acknowledgement_shows_both_missing_boxes_at_once(kit):
    officer, case_id = _case(kit, "connect")  # Connect's acknowledgement must state both
    html = post(kit.client(officer), f"/staff/cases/{case_id}/acknowledge", {
        "understanding": " ", "outcome_sought": "", "version": "1"}).get_data(as_text=True)
    shown = _messages(html, "understanding", "outcome_sought")
    assert "Say what we understand the complaint to be" in shown["understanding"]
    assert "Say what outcome the" in shown["outcome_sought"]


def test_the_reply_shows_every_missing_answer_at_once(kit):
    officer, case_id = _case(kit, acknowledged=True)
    html = post(kit.client(officer), f"/staff/cases/{case_id}/respond", {
        "version": str(kit.load(case_id).version), "reasons": "", "root_cause": "", "action_text": "Fix the door",
        "action_target": ""}).get_data(as_text=True)
    shown = _messages(html, "outcome", "category", "reasons", "root_cause", "actions")
    assert shown["outcome"].startswith("Choose the outcome: upheld, partly upheld, not upheld or resolved")
    assert shown["category"] == "Choose what the complaint was about."
    assert "Give the reasons for the decision" in shown["reasons"]
    assert "Say what caused the problem" in shown["root_cause"]
    assert "Give each action a target date" in shown["actions"]


def test_the_referral_and_a_contact_show_every_missing_answer_at_once(kit):
    officer, case_id = _case(kit, risk_of_harm=True)
    client = kit.client(officer)
    html = post(client, f"/staff/cases/{case_id}/refer", {"team": "", "told": " ", "version": "1"}).get_data(
        as_text=True)
    shown = _messages(html, "team", "told")
    assert "Choose the team that was told" in shown["team"] and "Say who was told" in shown["told"]
    html = post(client, f"/staff/cases/{case_id}/contact", {"summary": "", "version": "1"}).get_data(as_text=True)
    shown = _messages(html, "channel", "direction", "summary")
    assert shown == {"channel": "Choose how the contact was made.",
                     "direction": "Say whether we contacted them or they contacted us.",
                     "summary": "Summarise the contact."}


def test_logging_a_complaint_shows_the_forms_own_errors_and_the_rules_together(kit):
    """A date the form cannot read and a missing summary: both show, not the date first and the summary after."""
    officer = kit.person("complaints_officer")
    customer = kit.customer()
    url = f"/staff/customers/{customer}/complaints/new"
    html = post(kit.client(officer), url, {"channel": "phone", "summary": " ", "received_on": "31 February"}
                ).get_data(as_text=True)
    shown = _messages(html, "received_on", "summary")
    assert shown["received_on"] and shown["summary"] == "Say what the complaint is about."
    html = post(kit.client(officer), url, {"channel": "", "summary": ""}).get_data(as_text=True)
    shown = _messages(html, "channel", "summary")
    assert "takes complaints" in shown["channel"] and shown["summary"] == "Say what the complaint is about."


def test_conduct_incident_and_assessment_show_every_missing_answer_at_once(kit):
    scene = ConductScene(kit)
    html = post(scene.client(), scene.url("incident"), {"description": ""}).get_data(as_text=True)
    shown = _messages(html, "kind", "occurred_on", "channel", "description")
    assert all(shown.values()), shown
    assert shown["occurred_on"] == "Enter the date it happened."
    scene.to("warned")
    html = post(scene.client("manager"), scene.url("assessment"), {"outcome": ""}).get_data(as_text=True)
    shown = _messages(html, "outcome", "factors_instances", "factors_language", "factors_customer_needs")
    assert all(shown.values()), shown
    assert "Record your notes on 'language'" in shown["factors_language"]
    assert scene.file().state.assessments == ()
