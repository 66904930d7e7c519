"""The tenant portal through the test client: making a complaint, following it, stage 2, new points."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from portal.domain import complaints as c
from tests.web.test_tenant_support import (  # noqa: F401  (world is a fixture)
    ANSWERS,
    SUMMARY,
    TODAY,
    case_id_from,
    make_complaint,
    post,
    text_of,
    world,
)


@pytest.fixture
def tess(world):
    """Tess, a Torus tenant, signed in."""
    tenant_id = world.tenant()
    return tenant_id, world.client("tess@example.com")


# -- your complaints ------------------------------------------------------------------------


def test_an_empty_list_says_so_and_offers_a_complaint(tess):
    _, client = tess
    page = text_of(client.get("/complaints"))
    assert "You have not made any complaints yet." in page
    assert 'href="/complaints/new"' in page


@pytest.mark.parametrize("acknowledged, late, promise", [
    (False, "Our letter confirming we have your complaint is late. It was due on Monday 10 November 2025.",
     "by Monday 10 November 2025"),
    (True, "Our reply is late. It was due on Tuesday 18 November 2025.", "We will reply by Tuesday 18 November 2025"),
])
def test_the_list_says_honestly_when_we_are_late(world, tess, acknowledged, late, promise):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id, date(2025, 11, 3))
    if acknowledged:
        world.acknowledge(case_id, date(2025, 11, 4))
    page = text_of(client.get("/complaints"))
    assert late in page and promise not in page
    assert 'class="tag tag-late">Late: stage 1<' in page


def test_a_complaint_on_time_shows_the_date_and_stage(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    world.acknowledge(case_id)
    page = text_of(client.get("/complaints"))
    assert case_id in page and "Being looked into at stage 1" in page
    assert "We will reply by Monday 15 December 2025." in page
    assert "tag-late" not in page


# -- making a complaint -----------------------------------------------------------------------


def test_a_complaint_end_to_end(world, tess):
    tenant_id, client = tess
    reply = make_complaint(client)
    case_id = case_id_from(reply)
    case = world.case(case_id)
    assert case.customer_id == tenant_id
    assert case.state.summary == SUMMARY and case.state.channel == "online"
    assert case.state.issue_date == date(2025, 10, 20) and case.state.adjustments == ("large_print",)
    assert not case.state.risk_of_harm and not case.state.anonymous
    page = text_of(client.get(reply.headers["Location"]))
    assert case_id in page
    assert "Monday 8 December 2025" in page      # acknowledgement: 5 working days
    assert "Monday 22 December 2025" in page     # reply: 10 working days after the acknowledgement deadline
    assert "may come sooner" in page             # the reply date is provisional until we acknowledge
    assert world.user(tenant_id)["adjustments"] == ["large_print"]  # letters will be in large print


def test_the_draft_is_gone_once_sent(tess):
    _, client = tess
    make_complaint(client)
    again = post(client, "/complaints/new/check")
    assert again.status_code == 302 and again.headers["Location"].endswith("/complaints/new")


def test_risk_of_harm_says_what_to_do_now_and_flags_the_complaint(world, tess):
    _, client = tess
    reply = post(client, "/complaints/new")
    post(client, "/complaints/new/triage", ANSWERS["triage"])
    after = post(client, "/complaints/new/risk", {"risk": "yes"})
    page = text_of(client.get(after.headers["Location"]))
    assert "999" in page and "0800 111 999" in page and "0800 678 1894" in page
    sent = make_complaint(client, {"risk": {"risk": "yes"}})
    assert world.case(case_id_from(sent)).state.risk_of_harm
    assert reply.status_code == 302


@pytest.mark.parametrize("triage, words", [
    ("repair", "Report a repair"), ("asb", "Report anti-social behaviour"), ("other_service", "Ask for a service"),
])
def test_a_first_request_is_routed_but_a_complaint_is_still_possible(world, tess, triage, words):
    _, client = tess
    post(client, "/complaints/new")
    reply = post(client, "/complaints/new/triage", {"triage": triage})
    assert reply.headers["Location"].endswith("/complaints/new/first-request")
    page = text_of(client.get("/complaints/new/first-request"))
    assert words in page and "within 48 hours" in page and "I still want to make a complaint" in page
    onward = post(client, "/complaints/new/first-request")
    assert onward.headers["Location"].endswith("/complaints/new/risk")
    sent = make_complaint(client, {"triage": {"triage": triage}})
    assert world.case(case_id_from(sent)).state.status is c.Status.AWAITING_ACKNOWLEDGEMENT


@pytest.mark.parametrize("parts, message", [
    (("31", "2", "2025"), "Enter a real date"),
    (("1", "1", "2026"), "The date cannot be in the future"),
    (("1", "", "2025"), "Enter the day, month and year"),
    (("a", "b", "c"), "Enter the date using numbers"),
    (("1", "13", "2025"), "Enter a real date"),
    pytest.param(("1", "9" * 5000, "2025"), "Enter a real date", id="a-month-of-5000-digits"),
])
def test_wrong_dates_are_explained_and_kept(tess, parts, message):
    _, client = tess
    post(client, "/complaints/new")
    day, month, year = parts
    reply = post(client, "/complaints/new/when", {"issue_day": day, "issue_month": month, "issue_year": year,
                                                  "when_it_happened": "Since the spring"})
    page = text_of(reply)
    assert reply.status_code == 400
    assert message in page and 'href="#issue_day"' in page
    assert f'value="{year}"' in page and "Since the spring" in page


@pytest.mark.parametrize("step, data, message", [
    ("what", {"summary": "", "what_went_wrong": "x"}, "Say in a sentence what your complaint is about"),
    ("what", {"summary": "   ", "what_went_wrong": "x"}, "Say in a sentence what your complaint is about"),
    ("outcome", {}, "Tell us what would put things right"),
    ("risk", {"risk": "maybe"}, "Select yes if anyone is at risk of harm right now"),
    ("contact", {}, "Select how we should contact you"),
    ("adjustments", {"adjustments": ["another_language"]}, "Enter the language you would like us to use"),
    ("what", {"summary": "x" * 201, "what_went_wrong": "y"}, "Use 200 characters or fewer"),
])
def test_each_page_checks_its_answers(tess, step, data, message):
    _, client = tess
    post(client, "/complaints/new")
    reply = post(client, f"/complaints/new/{step}", data)
    assert reply.status_code == 400
    assert message in text_of(reply) and "There is a problem" in text_of(reply)


def test_check_answers_has_change_links_that_come_back(world, tess):
    _, client = tess
    make_complaint(client, send=False)
    page = text_of(client.get("/complaints/new/check"))
    for step in ("risk", "what", "when", "outcome", "contact", "adjustments"):
        assert f'/complaints/new/{step}?change=1' in page
    assert SUMMARY in page and "Letters in large print" in page and "Started on 20 October 2025" in page
    back = post(client, "/complaints/new/what?change=1", {"summary": "A new summary", "what_went_wrong": "More"})
    assert back.headers["Location"].endswith("/complaints/new/check")
    assert "A new summary" in text_of(client.get("/complaints/new/check"))


def test_a_page_cannot_be_skipped(tess):
    _, client = tess
    post(client, "/complaints/new")
    reply = client.get("/complaints/new/check")
    assert reply.headers["Location"].endswith("/complaints/new/triage")


def test_without_a_draft_the_form_starts_again(tess):
    _, client = tess
    reply = client.get("/complaints/new/what")
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/complaints/new")


@pytest.mark.parametrize("policy, words", [
    ("investigate", "We will record it as a complaint and look into it"),
    ("not_handled", "does not cover complaints made without a name"),
])
def test_anonymous_reports_follow_the_profile(world, policy, words):
    slug = {"investigate": "torus", "not_handled": "connect"}[policy]
    world.person("tenant", "cara@example.com", "Cara Connect", landlord=slug)
    page = text_of(world.client("cara@example.com").get("/complaints/anonymous"))
    assert words in page and "always has your name on it" in page


def test_thenue_counts_from_the_day_after_st_andrews_day(world):
    world.person("tenant", "tam@example.com", "Tam Thenue", landlord="thenue")
    client = world.client("tam@example.com")
    page = text_of(client.get(make_complaint(client).headers["Location"]))
    # 1 December 2025 is the St Andrew's Day holiday in Scotland; no separate acknowledgement at stage 1
    assert "We will send our reply by <strong>Tuesday 9 December 2025</strong>" in page
    assert "confirm we have your complaint" not in page


# -- one complaint ----------------------------------------------------------------------------


def test_the_complaint_page_shows_history_letters_actions_and_the_ombudsman(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id, date(2025, 11, 3))
    world.act(case_id, c.add_note, date(2025, 11, 3), text="Internal: tenant sounds upset", internal=True)
    world.acknowledge(case_id, date(2025, 11, 4))
    world.respond(case_id, date(2025, 11, 17), actions=[{"text": "replace the tap", "target": "2025-12-10"}])
    page = text_of(client.get(f"/complaints/{case_id}"))
    assert "Complaint received" in page and "Stage 1 reply sent" in page
    assert "Internal" not in page                       # staff-only notes never reach the tenant
    assert "replace the tap" in page and "Wednesday 10 December 2025" in page
    assert "Housing Ombudsman Service" in page and "0300 111 3000" in page
    letters = world.letters(case_id)
    assert len(letters) == 2
    for letter in letters:
        assert f'/letters/{letter["id"]}' in page
    assert "Ask for stage 2" in page and "until Monday 15 December 2025" in page
    assert "/site/torus/complaints.easy.html" in page and "/site/torus/index.html" in page


def test_a_letter_is_a_private_inline_pdf(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    world.acknowledge(case_id)
    letter = world.letters(case_id)[0]
    reply = client.get(f"/letters/{letter['id']}")
    assert reply.status_code == 200 and reply.mimetype == "application/pdf"
    assert reply.headers["Cache-Control"] == "no-store"
    assert reply.headers["Content-Disposition"] == f'inline; filename="{letter["id"]}-stage1_acknowledgement.pdf"'
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(reply.data)).pages)
    assert "Tess Tenant" in text


# -- stage 2 ----------------------------------------------------------------------------------


def test_stage_2_in_the_window_needs_no_reason(world, tess):
    tenant_id, client = tess
    case_id = world.replied(tenant_id)
    page = text_of(client.get(f"/complaints/{case_id}/stage-2"))
    assert "You do not have to give a reason" in page and "late_reason" not in page
    reply = post(client, f"/complaints/{case_id}/stage-2", {"reason": ""})
    assert reply.status_code == 302
    state = world.case(case_id).state
    assert state.status is c.Status.ESCALATION_REQUESTED and not state.escalation_late


def test_stage_2_after_the_window_asks_why_and_staff_decide(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id, date(2025, 9, 15))
    world.acknowledge(case_id, date(2025, 9, 16))
    world.respond(case_id, date(2025, 10, 1))
    page = text_of(client.get(f"/complaints/{case_id}"))
    assert "The time to ask for stage 2 ended on Wednesday 29 October 2025" in page
    refused = post(client, f"/complaints/{case_id}/stage-2", {"reason": "Still leaking"})
    assert refused.status_code == 400 and "Record why the request is late" in text_of(refused)
    assert "Still leaking" in text_of(refused)                      # what they typed is kept
    accepted = post(client, f"/complaints/{case_id}/stage-2",
                    {"reason": "Still leaking", "late_reason": "I was in hospital"})
    assert accepted.status_code == 302
    state = world.case(case_id).state
    assert state.status is c.Status.ESCALATION_REQUESTED and state.escalation_late


def test_connect_asks_which_parts_are_unresolved(world):
    customer = world.person("tenant", "cara@example.com", "Cara Connect", landlord="connect")
    case_id = world.replied(customer)
    page = text_of(world.client("cara@example.com").get(f"/complaints/{case_id}/stage-2"))
    assert "Which parts of your complaint are still not resolved? (optional)" in page


def test_stage_2_is_not_offered_before_a_reply(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    assert "Ask for stage 2" not in text_of(client.get(f"/complaints/{case_id}"))
    reply = client.get(f"/complaints/{case_id}/stage-2")
    assert reply.status_code == 302 and reply.headers["Location"].endswith(f"/complaints/{case_id}")


# -- adding information -----------------------------------------------------------------------


def test_information_before_the_reply_joins_the_current_stage(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    reply = post(client, f"/complaints/{case_id}/add-information", {"text": "The leak now reaches the hall"})
    assert reply.headers["Location"].endswith(f"/complaints/{case_id}")
    assert "We have added this to complaint" in text_of(client.get(reply.headers["Location"]))
    assert world.case(case_id).state.events[-1].get("text") == "The leak now reaches the hall"


def test_information_after_the_reply_becomes_a_new_linked_complaint(world, tess):
    tenant_id, client = tess
    case_id = world.replied(tenant_id)
    reply = post(client, f"/complaints/{case_id}/add-information", {"text": "Now the boiler has failed"})
    new_id = reply.headers["Location"].rsplit("/", 1)[-1]
    assert new_id != case_id
    page = text_of(client.get(reply.headers["Location"]))
    assert f"logged what you sent as a new complaint, {new_id}" in page
    assert world.case(new_id).state.summary == f"New points about complaint {case_id}"
    assert world.case(case_id).state.events[-1].get("new_complaint") is True


def test_empty_information_is_refused(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    reply = post(client, f"/complaints/{case_id}/add-information", {"text": "  "})
    assert reply.status_code == 400 and "Write the information you want to add" in text_of(reply)
