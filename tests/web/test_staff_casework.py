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


# -- risk of harm ------------------------------------------------------------------------------------------------


def test_a_risk_of_harm_shows_a_red_tag_in_the_queue_and_a_referral_is_owed_the_same_day(kit):
    """Old code showed a flagged complaint as one acknowledgement among others, with no flag and no referral."""
    officer, case_id = _case(kit)
    client = kit.client(officer)
    page = client.get("/staff/?what=referrals").get_data(as_text=True)
    referrals = page.split('id="work-title"', 1)[1].split("</section>", 1)[0]
    assert case_id in referrals and "Risk of harm" in referrals and "Due today" in referrals
    case_page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "tag-risk" in case_page and "Not referred yet" in case_page


def test_the_referral_records_who_was_told_and_when_and_the_tenant_and_letter_say_so(kit):
    officer, case_id = _case(kit)
    client = kit.client(officer)
    response = post(client, f"/staff/cases/{case_id}/refer", {"team": "health_and_safety",
                                                              "told": "Jo Safe, duty officer", "version": "1"})
    assert response.status_code == 302
    page = client.get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "Jo Safe, duty officer was told" in page and "Not referred yet" not in page
    state = kit.load(case_id).state
    tenant_view = [e for e in state.timeline(for_tenant=True) if e.kind == "referred"]
    assert tenant_view and "health and safety team" in tenant_view[0].text and "1 December 2025" in tenant_view[0].text
    assert "Jo Safe" not in tenant_view[0].text  # who was told is for staff
    assert post(client, f"/staff/cases/{case_id}/acknowledge", {"understanding": "Mould", "outcome_sought": "Treat it",
                                                                 "version": "2"}).status_code == 302
    from portal.casework import _details
    with kit.app.app_context():
        case = kit.load(case_id)
        details = _details(case, case.state.events[-1], case.state.received_on)
    assert details["acknowledgement"]["referral"]["team"] == "health and safety"


def test_a_referral_needs_the_team_and_who_was_told(kit):
    officer, case_id = _case(kit)
    html = post(kit.client(officer), f"/staff/cases/{case_id}/refer", {"told": " ", "version": "1"}).get_data(
        as_text=True)
    assert "Choose the team" in error_beside(html, "team")
    assert kit.load(case_id).version == 1
    html = post(kit.client(officer), f"/staff/cases/{case_id}/refer", {"team": "safeguarding", "told": " ",
                                                                       "version": "1"}).get_data(as_text=True)
    assert "Say who was told" in error_beside(html, "told")


def test_staff_can_refer_a_risk_the_complaint_did_not_flag_and_it_is_flagged_from_then(kit):
    officer, case_id = _case(kit, risk_of_harm=False)
    page = kit.client(officer).get(f"/staff/cases/{case_id}").get_data(as_text=True)
    assert "tag-risk" not in page and "Refer a risk of harm" in page
    assert post(kit.client(officer), f"/staff/cases/{case_id}/refer", {
        "team": "safeguarding", "told": "Sam Guard", "version": "1"}).status_code == 302
    assert "tag-risk" in kit.client(officer).get(f"/staff/cases/{case_id}").get_data(as_text=True)


# -- ownership ---------------------------------------------------------------------------------------------------


def test_new_complaints_land_in_intake_and_are_taken_assigned_and_reassigned_as_events(kit):
    """Old code had no owner, no intake list and no "my work"."""
    officer, case_id = _case(kit)
    other = kit.person("complaints_officer", name="Omar Other")
    manager = kit.person("manager", name="Mia Manager")
    landing = kit.client(officer).get("/staff/").get_data(as_text=True)
    assert case_id in landing.split('id="intake-title"', 1)[1].split("</section>", 1)[0]
    assert post(kit.client(officer), f"/staff/cases/{case_id}/assign", {"owner": officer, "version": "1"}) \
        .status_code == 302
    mine = kit.client(officer).get("/staff/").get_data(as_text=True).split('id="mine-title"', 1)[1]
    assert case_id in mine.split("</section>", 1)[0]
    # Someone else who is not a manager cannot move it.
    refused = kit.client(other).get(f"/staff/cases/{case_id}/assign")
    assert refused.status_code == 403 and "already has an owner" in refused.get_data(as_text=True)
    assert post(kit.client(manager), f"/staff/cases/{case_id}/assign", {"owner": other, "version": "2"}) \
        .status_code == 302
    state = kit.load(case_id).state
    titles = [e.title for e in state.timeline(for_tenant=False) if e.kind == "assigned"]
    assert titles == ["Taken by Priya Logger", "Reassigned to Omar Other"]
    assert not [e for e in state.timeline(for_tenant=True) if e.kind == "assigned"]
    team = kit.client(manager).get("/staff/").get_data(as_text=True)
    assert "Your team's workload" in team and "Omar Other" in team


def test_the_owner_must_be_allowed_to_take_the_next_step(kit):
    officer = kit.person("officer", name="Olu Officer")
    manager = kit.person("manager", name="Mia Manager")
    ack = {"understanding": "Leak", "outcome_sought": "Fix it"}
    case_id = kit.case(kit.customer(), officer, (
        (c.acknowledge_complaint, officer, ack),
        (c.respond_to_complaint, officer, {"outcome": "not_upheld", "reasons": "Fixed on time"}),
        (c.request_escalation, officer, {}), (c.escalate_complaint, manager, {}),
    ))
    html = post(kit.client(manager), f"/staff/cases/{case_id}/assign",
                {"owner": officer, "version": str(kit.load(case_id).version)}).get_data(as_text=True)
    assert "Olu Officer cannot own it" in error_beside(html, "owner")


# -- category and root cause ------------------------------------------------------------------------------------


def test_every_stage_reply_records_its_category_and_root_cause(kit):
    officer = kit.person("complaints_officer")
    case_id = kit.case(kit.customer(), officer, ((c.acknowledge_complaint, officer, {"understanding": "Leak"}),))
    page = kit.client(officer).get(f"/staff/cases/{case_id}/respond").get_data(as_text=True)
    assert "Damp and mould" in page and "root cause" in page.lower()
    response = post(kit.client(officer), f"/staff/cases/{case_id}/respond", {
        "outcome": "upheld", "reasons": "The fan was broken", "category": "Damp and mould",
        "root_cause": "The extractor fan was never serviced", "learning": "Service fans yearly",
        "version": str(kit.load(case_id).version)})
    assert response.status_code == 302
    reply = kit.load(case_id).state.events[-1]
    assert (reply.get("category"), reply.get("root_cause"), reply.get("learning")) == (
        "Damp and mould", "The extractor fan was never serviced", "Service fans yearly")


def test_the_risk_tag_shows_on_search_results_and_the_customer_page(kit):
    officer, case_id = _case(kit)
    client = kit.client(officer)
    customer = kit.load(case_id).customer_id
    for url in ("/staff/search?q=Mo+Mould", f"/staff/customers/{customer}"):
        html = client.get(url).get_data(as_text=True)
        assert case_id in html and "tag-risk" in html, url


# -- letters -----------------------------------------------------------------------------------------------------


def test_a_step_that_writes_shows_the_letter_before_it_is_sent(kit):
    """Old code sent every letter unseen."""
    officer, case_id = _case(kit)
    client = kit.client(officer)
    html = post(client, f"/staff/cases/{case_id}/acknowledge", {
        "understanding": "Black mould in the back bedroom", "outcome_sought": "Treat it", "version": "1",
        "preview": "1"}).get_data(as_text=True)
    assert "The letter, as it will be sent" in html and "Black mould in the back bedroom" in html
    assert kit.load(case_id).version == 1 and kit.letters(case_id) == []  # nothing kept, nothing sent
    assert "Black mould in the back bedroom</textarea>" in html  # what was typed is kept
    sent = post(client, f"/staff/cases/{case_id}/acknowledge", {
        "understanding": "Black mould in the back bedroom", "outcome_sought": "Treat it", "version": "1"})
    assert sent.status_code == 302 and len(kit.letters(case_id)) == 1


def test_the_reply_can_be_previewed_and_a_broken_rule_shows_instead_of_a_preview(kit):
    officer = kit.person("complaints_officer")
    case_id = kit.case(kit.customer(), officer, ((c.acknowledge_complaint, officer, {"understanding": "Leak"}),))
    version, letters = str(kit.load(case_id).version), len(kit.letters(case_id))
    data = {"outcome": "upheld", "reasons": "The fan was broken", "category": "Repairs", "root_cause": "No service",
            "version": version, "preview": "1", "action_text": ["Fit a new fan"], "action_target": ["2025-12-10"]}
    html = post(kit.client(officer), f"/staff/cases/{case_id}/respond", data).get_data(as_text=True)
    assert "The letter, as it will be sent" in html and "Fit a new fan" in html
    html = post(kit.client(officer), f"/staff/cases/{case_id}/respond",
                {**data, "action_target": [""]}).get_data(as_text=True)
    assert "The letter, as it will be sent" not in html and "target date" in error_beside(html, "actions")
    assert kit.load(case_id).version == int(version) and len(kit.letters(case_id)) == letters


def test_the_extend_form_shows_all_its_errors_at_once(kit):
    """Old code showed one error at a time."""
    officer = kit.person("complaints_officer")
    case_id = kit.case(kit.customer(), officer, ((c.acknowledge_complaint, officer, {"understanding": "Leak"}),))
    html = post(kit.client(officer), f"/staff/cases/{case_id}/extend", {
        "reason": " ", "new_due": "2025-12-20", "version": str(kit.load(case_id).version)}).get_data(as_text=True)
    assert "Explain why more time is needed" in error_beside(html, "reason")
    assert "is not a working day" in error_beside(html, "new_due")
