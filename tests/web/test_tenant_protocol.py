"""Contact arrangements on the tenant side: the page, the appeal, and how messages are handled."""

from __future__ import annotations

from datetime import time

import pytest

from portal.domain import complaints as c
from portal.domain.conduct.protocol import IssueLimit, SetTimes
from tests.web.test_tenant_support import (  # noqa: F401  (world is a fixture)
    ANSWERS,
    case_id_from,
    make_complaint,
    post,
    text_of,
    world,
)

NAMED = {"named_contact": "Sam Patel", "set_times": SetTimes((1, 3), time(10), time(12))}
THIRD_PARTY = {"third_party_only": "Jo Bloggs at Citizens Advice"}


@pytest.fixture
def tess(world):
    tenant_id = world.tenant()
    return tenant_id, world.client("tess@example.com")


def test_without_a_protocol_the_page_says_so(tess):
    _, client = tess
    page = text_of(client.get("/contact-arrangements"))
    assert "There are no special arrangements for how you contact us." in page
    assert "Appeal this decision" not in page
    assert "special arrangements for how you contact us</h2>" not in text_of(client.get("/complaints"))


def test_a_protocol_is_explained_in_plain_words(world, tess):
    tenant_id, client = tess
    world.protocol(tenant_id, **NAMED)
    page = text_of(client.get("/contact-arrangements"))
    for words in ("How you can contact us", "Sam Patel deals with your contact with us",
                  "on Tuesday and Thursday, 10am to 12 noon", "You can always contact us about",
                  "emergency repair", "When we will look at this again", "Monday 1 June 2026",
                  "If you disagree", "Appeal this decision", "How you can contact us from now on"):
        assert words in page, words
    listing = text_of(client.get("/complaints"))
    assert "We have special arrangements for how you contact us" in listing
    assert 'href="/contact-arrangements"' in listing


def test_an_appeal_is_lodged_once(world, tess):
    tenant_id, client = tess
    world.protocol(tenant_id, **NAMED)
    empty = post(client, "/contact-arrangements/appeal", {"grounds": ""})
    assert empty.status_code == 400 and "Say why you disagree with the decision" in text_of(empty)
    sent = post(client, "/contact-arrangements/appeal", {"grounds": "I only call when repairs are missed"})
    assert sent.status_code == 302
    page = text_of(client.get("/contact-arrangements"))
    assert "A Service Director, or someone more senior, who was not involved in the decision is looking" in page
    assert "We received your appeal on Monday 1 December 2025" in page
    assert "They will decide by Wednesday 31 December 2025" in page   # 20 working days (profile), less bank holidays
    assert "Appeal this decision" not in page
    again = client.get("/contact-arrangements/appeal")
    assert again.status_code == 302


def test_there_is_nothing_to_appeal_without_a_protocol(tess):
    _, client = tess
    reply = client.get("/contact-arrangements/appeal")
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/contact-arrangements")


def _to_topic(client):
    post(client, "/complaints/new")
    post(client, "/complaints/new/triage", ANSWERS["triage"])


def test_the_topic_is_asked_only_under_a_protocol(world, tess):
    tenant_id, client = tess
    post(client, "/complaints/new")
    assert post(client, "/complaints/new/triage", ANSWERS["triage"]).headers["Location"].endswith("/risk")
    world.protocol(tenant_id, **NAMED)
    _to_topic(client)
    assert client.get("/complaints/new/risk").status_code == 200
    assert post(client, "/complaints/new/triage", ANSWERS["triage"]).headers["Location"].endswith("/topic")


def test_a_refused_message_is_explained_not_dropped(world, tess):
    tenant_id, client = tess
    world.protocol(tenant_id, **THIRD_PARTY)
    _to_topic(client)
    reply = post(client, "/complaints/new/topic", {"topic": "new_issue"})
    assert reply.status_code == 200
    assert "Please ask Jo Bloggs at Citizens Advice to contact us for you." in text_of(reply)
    assert client.get("/complaints/new/check").headers["Location"].endswith("/complaints/new/topic")


@pytest.mark.parametrize("topic", ["emergency_repair", "health_and_safety"])
def test_emergencies_and_safety_are_never_blocked(world, tess, topic):
    tenant_id, client = tess
    world.protocol(tenant_id, **THIRD_PARTY)
    _to_topic(client)
    reply = post(client, "/complaints/new/topic", {"topic": topic})
    assert reply.status_code == 302 and reply.headers["Location"].endswith("/complaints/new/risk")
    assert "0800 678 1894" in text_of(client.get("/complaints/new/risk"))
    sent = make_complaint(client, {"topic": {"topic": topic}})
    assert world.case(case_id_from(sent)).state.status is c.Status.AWAITING_ACKNOWLEDGEMENT


def test_a_new_issue_is_always_considered_under_an_issue_limit(world, tess):
    tenant_id, client = tess
    world.complaint(tenant_id)
    world.protocol(tenant_id, issues_per_period=IssueLimit(1, 4))
    make_complaint(client, {"topic": {"topic": "new_issue"}}, send=False)
    assert "A new issue is always looked at on its merits" in text_of(client.get("/complaints/new/check"))


def test_an_issue_over_the_limit_is_taken_for_the_next_period(world, tess):
    tenant_id, client = tess
    world.complaint(tenant_id)
    world.protocol(tenant_id, issues_per_period=IssueLimit(1, 4))
    make_complaint(client, {"topic": {"topic": "general"}}, send=False)
    page = text_of(client.get("/complaints/new/check"))
    assert "How we will handle this" in page and "deal with it in the next period" in page
    sent = post(client, "/complaints/new/check")
    landing = text_of(client.get(sent.headers["Location"], follow_redirects=True))
    assert "deal with it in the next period, from Monday 29 December 2025" in landing


def test_an_existing_complaint_goes_to_add_information(world, tess):
    tenant_id, client = tess
    world.complaint(tenant_id)
    world.protocol(tenant_id, **NAMED)
    _to_topic(client)
    reply = post(client, "/complaints/new/topic", {"topic": "existing_case"})
    assert reply.status_code == 200 and 'choose "Add information"' in text_of(reply)


def test_a_closed_case_under_read_and_file_is_kept_on_file(world, tess):
    tenant_id, client = tess
    case_id = world.replied(tenant_id)
    world.act(case_id, c.close_complaint)
    world.protocol(tenant_id, read_and_file=(case_id,))
    page = text_of(client.get(f"/complaints/{case_id}/add-information"))
    assert "We will read what you send and keep it on file" in page
    reply = post(client, f"/complaints/{case_id}/add-information", {"text": "Another point about the tap"})
    assert reply.headers["Location"].endswith(f"/complaints/{case_id}")
    with world.app.app_context():
        from portal.casework import customer_cases
        assert len(customer_cases(tenant_id)) == 1          # filed, not made a new complaint
    assert world.case(case_id).state.events[-1].get("text") == "Another point about the tap"


def test_information_the_protocol_refuses_is_not_taken_and_the_page_says_why(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    world.protocol(tenant_id, **THIRD_PARTY)
    page = text_of(client.get(f"/complaints/{case_id}/add-information"))
    assert "Please ask Jo Bloggs at Citizens Advice to contact us for you." in page and "<textarea" not in page
    before = world.case(case_id).version
    reply = post(client, f"/complaints/{case_id}/add-information", {"text": "More"})
    assert reply.status_code == 400 and world.case(case_id).version == before


def test_a_complaint_already_made_is_offered_only_to_someone_with_one(world, tess):
    tenant_id, client = tess
    world.protocol(tenant_id, **NAMED)
    _to_topic(client)
    page = text_of(client.get("/complaints/new/topic"))
    assert "A complaint you have already made" not in page and "A new issue" in page
    refused = post(client, "/complaints/new/topic", {"topic": "existing_case"})
    assert refused.status_code == 400


def test_under_set_times_the_page_never_says_any_usual_way(world, tess):
    tenant_id, client = tess
    world.protocol(tenant_id, **NAMED)
    page = text_of(client.get("/contact-arrangements"))
    assert "any of the usual ways" not in page
    assert "on Tuesday and Thursday, 10am to 12 noon" in page
    assert "To reach them, phone us on 0800 678 1894 or email info@torus.co.uk and ask for them by name" in page


def test_the_named_contact_s_own_details_are_shown(world, tess):
    tenant_id, client = tess
    world.protocol(tenant_id, named_contact="Sam Patel", named_contact_details="sam.patel@torus.example")
    page = text_of(client.get("/contact-arrangements"))
    assert "Sam Patel deals with your contact with us. You can reach them on sam.patel@torus.example." in page


def test_before_an_appeal_the_page_says_who_decides_and_how_soon(world, tess):
    tenant_id, client = tess
    world.protocol(tenant_id, **NAMED)
    page = text_of(client.get("/contact-arrangements"))
    assert "A Service Director, or someone more senior, who was not involved in the decision" in page
    assert "decide within 20 working days of getting your appeal" in page
    form = text_of(client.get("/contact-arrangements/appeal"))
    assert "within 20 working days" in form
