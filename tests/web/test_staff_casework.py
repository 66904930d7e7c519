"""Casework a team can run on (issue 10): the whole complaint where staff act, risk, letters, offered steps."""

from __future__ import annotations

from test_staff_kit import error_beside, kit, post  # noqa: F401

from portal.domain import complaints as c

MOULD = {"channel": "phone", "summary": "Mould in the back bedroom",
         "what_went_wrong": "Black mould keeps coming back on the bedroom wall after two visits",
         "when_it_happened": "Since the winter started", "outcome_wanted": "Treat the mould and fix the cause",
         "contact_preference": "Text message after 5pm", "risk_of_harm": True,
         "adjustments": ["large_print"], "group_members": ["Sam Neighbour"]}


def _case(kit, **fields):
    officer = kit.person("complaints_officer", name="Priya Logger")
    customer = kit.customer(name="Mo Mould")
    return officer, kit.case(customer, officer, **{**MOULD, **fields})


def test_the_case_page_and_every_step_page_show_the_whole_complaint(kit):
    """Old code showed only the one-line summary to staff."""
    officer, case_id = _case(kit)
    client = kit.client(officer)
    for url in (f"/staff/cases/{case_id}", f"/staff/cases/{case_id}/acknowledge", f"/staff/cases/{case_id}/note"):
        html = client.get(url).get_data(as_text=True)
        for words in ("Black mould keeps coming back", "Since the winter started", "Treat the mould and fix",
                      "Text message after 5pm", "Yes: someone may be at risk", "Large print letters",
                      "Sam Neighbour", "logged by Priya Logger"):
            assert words in html, (url, words)


def test_the_acknowledgement_starts_from_the_customers_own_words(kit):
    officer, case_id = _case(kit)
    html = kit.client(officer).get(f"/staff/cases/{case_id}/acknowledge").get_data(as_text=True)
    understanding = html.split('id="understanding"', 1)[1].split("</textarea>", 1)[0]
    outcome = html.split('id="outcome_sought"', 1)[1].split("</textarea>", 1)[0]
    assert "Black mould keeps coming back" in understanding and "Mould in the back bedroom" in understanding
    assert "Treat the mould and fix the cause" in outcome


def test_after_the_final_stage_2_reply_stage_2_is_not_offered_again(kit):
    """Old code offered "Record a request for stage 2", which then failed."""
    first, second = kit.person("director"), kit.person("executive")  # stage 2 is answered by someone else
    ack = {"understanding": "Leak", "outcome_sought": "Fix it"}
    case_id = kit.case(kit.customer(), first, (
        (c.acknowledge_complaint, first, ack),
        (c.respond_to_complaint, first, {"outcome": "not_upheld", "reasons": "Fixed on time"}),
        (c.request_escalation, first, {}),
        (c.escalate_complaint, first, {}),
        (c.acknowledge_complaint, first, ack),
        (c.respond_to_complaint, second, {"outcome": "not_upheld", "reasons": "Stage 2 agrees"}),
    ))
    html = kit.client(second).get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Record a request for stage 2" not in html and "escalation-request" not in html


def test_an_acknowledgement_with_both_boxes_blank_still_says_what_the_complaint_is(kit):
    """Old code sent a letter whose "what we understand" section was empty."""
    officer, case_id = _case(kit)
    response = post(kit.client(officer), f"/staff/cases/{case_id}/acknowledge",
                    {"understanding": "  ", "outcome_sought": "", "version": "1"})
    assert response.status_code == 302
    event = kit.load(case_id).state.events[-1]
    assert event.get("understanding") == "You told us your complaint is about \u201cMould in the back bedroom\u201d."
