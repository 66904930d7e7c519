"""Separation of duties, tested by posting the forms directly: a named person never stands in for the one signed
in, nobody approves their own proposal or agrees their own assessment, and a conduct step names only the
customer's own complaints."""

from __future__ import annotations

from datetime import date

from test_staff_conduct import FACTORS, INCIDENT, ConductScene, _protocol_form, scene  # noqa: F401
from test_staff_kit import error_beside, kit, post  # noqa: F401

from portal.domain.conduct import actions as k


def test_naming_a_director_as_authoriser_does_not_vary_the_terms(scene, kit):
    """Old code took the posted `authorised_by` as the authoriser: a manager changed the terms during an appeal."""
    scene.to("protocol")
    director = scene.people["director"]
    response = post(scene.client("manager"), scene.url("protocol/vary"), _protocol_form(
        named_contact="Someone Else", reasons="Change", authorised_by=director))
    assert response.status_code == 302
    state = scene.file().state
    assert state.protocol.terms.named_contact == "Sam Patel"  # nothing changed yet
    assert director not in state.protocol.involved  # the director may still hear an appeal
    proposal = state.pending_proposals[0]
    assert proposal.by.id == scene.people["manager"] and proposal.change == "vary"
    # The director is asked, signed in as themselves, and only then do the terms change.
    page = scene.client("director").get(scene.url(f"proposals/{proposal.number}")).get_data(as_text=True)
    assert "Someone Else" not in page or "Change" in page
    assert post(scene.client("head_of_service"), scene.url(f"proposals/{proposal.number}"),
                {"decision": "approve"}).status_code == 302
    protocol = scene.file().state.protocol
    assert protocol.terms.named_contact == "Someone Else"
    assert protocol.authorised_by.id == scene.people["head_of_service"]
    assert "protocol_changed" in [letter["kind"] for letter in kit.letters(f"K-{scene.customer}")]


def test_terms_do_not_change_while_an_appeal_is_open(scene, kit):
    scene.to("appealed")
    response = post(scene.client("manager"), scene.url("protocol/vary"), _protocol_form(named_contact="X"))
    assert response.status_code == 200
    assert "only through that decision" in error_beside(response.get_data(as_text=True), "terms")
    assert not scene.file().state.pending_proposals
    assert "protocol/vary" not in scene.client("head_of_service").get(scene.url()).get_data(as_text=True)


def test_a_proposer_is_refused_their_own_proposal_page(kit):
    scene = ConductScene(kit, landlord="housing-solutions")
    scene.to("assessed")
    manager = scene.client("manager")
    assert post(manager, scene.url("protocol"), _protocol_form()).status_code == 302
    number = scene.file().state.pending_proposals[0].number
    page = manager.get(scene.url(f"proposals/{number}"))
    assert page.status_code == 403 and "someone else" in page.get_data(as_text=True)
    token_page = scene.client("manager")
    refused = post(token_page, scene.url(f"proposals/{number}"), {"decision": "approve"}, page_url=scene.url())
    assert refused.status_code == 403
    assert scene.file().state.protocol is None
    officer = post(scene.client("officer"), scene.url(f"proposals/{number}"), {"decision": "approve"},
                   page_url=scene.url())
    assert officer.status_code == 403 and scene.file().state.protocol is None


def test_a_director_cannot_agree_his_own_assessment(kit):
    """Old code accepted `agreed_by` = the poster's own id, hidden only from the drop-down."""
    scene = ConductScene(kit, landlord="torus")
    officer = scene.people["officer"]
    kit.conduct(scene.customer, ((k.record_incident, officer, INCIDENT),
                                 *((k.issue_warning, officer, {"level": level, "reasons": "Calls"})
                                   for level in _profile(kit, "torus").conduct.warnings)))
    director = scene.people["director"]
    data = {f"factors_{name}": "notes" for name in _profile(kit, "torus").conduct.assessment_factors}
    response = post(scene.client("director"), scene.url("assessment"),
                    {**data, "outcome": "protocol_recommended", "agreed_by": director})
    assert response.status_code == 302
    assessment = scene.file().state.assessments[-1]
    assert assessment.agreed_by is None and assessment.awaiting_agreement
    refused = post(scene.client("director"), scene.url("assessment/agree"), {}, page_url=scene.url())
    assert refused.status_code == 403 and "someone else" in refused.get_data(as_text=True)
    assert scene.file().state.assessments[-1].agreed_by is None
    assert post(kit.client(scene.other_director), scene.url("assessment/agree"), {}).status_code == 302
    assert scene.file().state.assessments[-1].agreed_by.id == scene.other_director


def _vexatious(scene, complaint_id: str):
    return post(scene.client("director"), scene.url("vexatious"), {
        "complaint_id": complaint_id, "presented_by": scene.people["officer"], "vexatious": "yes",
        "reasons": "Same points again"})


def test_a_vexatious_decision_names_only_this_customers_complaint(scene, kit):
    """Old code recorded a decision (and sent a letter) about another customer's complaint or a made-up id."""
    other = kit.customer(landlord="housing-solutions", name="Other Person")
    theirs = kit.case(other, scene.people["officer"], landlord="housing-solutions")
    for complaint_id in (theirs, "C-2025-<script>alert(1)</script>"):
        response = _vexatious(scene, complaint_id)
        assert response.status_code == 200
        assert "not one of this customer's complaints" in error_beside(response.get_data(as_text=True),
                                                                        "complaint_id")
    assert scene.file().version == 0 and kit.letters(f"K-{scene.customer}") == []


def test_an_incident_or_a_protocol_names_only_this_customers_complaints(scene, kit):
    other = kit.customer(landlord="housing-solutions", name="Other Person")
    theirs = kit.case(other, scene.people["officer"], landlord="housing-solutions")
    response = post(scene.client(), scene.url("incident"), {
        "kind": INCIDENT["kind"], "occurred_on": "2025-11-27", "channel": "phone",
        "description": INCIDENT["description"], "complaint_id": theirs})
    assert "not one of this customer's complaints" in error_beside(response.get_data(as_text=True), "complaint_id")
    scene.to("assessed")
    response = post(scene.client("head_of_service"), scene.url("protocol"), _protocol_form(
        use_decline_investigation="y", decline_investigation=theirs, reasons_decline_investigation="Abusive"))
    assert "not one of this customer's" in error_beside(response.get_data(as_text=True), "decline_investigation")
    assert scene.file().state.protocol is None


def test_when_everyone_senior_took_part_the_appeal_page_names_who_must_hear_it(kit):
    """Old code left a dead end: every director got "You took part" and nothing said who must hear it."""
    scene = ConductScene(kit, landlord="housing-solutions")
    scene.to("assessed")
    p = scene.people
    assert post(scene.client("director"), scene.url("protocol"), _protocol_form()).status_code == 302
    kit.conduct(scene.customer, (
        (k.complete_review, scene.other_director, {"outcome": "continue", "reasons": "Still calling daily"}),
        (k.lodge_appeal, p["officer"], {"grounds": "I need to phone about my leak", "received_by_channel": "letter"}),
    ))
    late = kit.case(scene.customer, p["officer"], landlord="housing-solutions", channel="letter",
                    summary="Damp in the back bedroom", received_on=date(2025, 10, 1))
    page = scene.client("officer").get(scene.url()).get_data(as_text=True)
    assert "I need to phone about my leak" in page  # the grounds
    assert "The calls stop others reaching us" in page  # the reasons of the decision appealed
    assert late in page and "Damp in the back bedroom" in page and "working days late" in page
    assert "Nobody here who took no part can hear this appeal" in page
    assert "It must be heard by Executive Team member or someone more senior" in page
    decide = scene.client("director").get(scene.url("appeal/decide"))
    assert decide.status_code == 403


def _profile(kit, slug: str = "housing-solutions"):
    from portal.data import get_profile
    with kit.app.app_context():
        return get_profile(slug)


def test_decision_makers_see_what_is_waiting_for_them_on_their_landing_page(kit):
    """Old code showed a director and an executive nothing waiting (protocols to authorise, appeals)."""
    scene = ConductScene(kit, landlord="housing-solutions")
    scene.to("assessed")
    assert post(scene.client("manager"), scene.url("protocol"), _protocol_form()).status_code == 302
    hos = scene.client("head_of_service").get("/staff/").get_data(as_text=True)
    assert "Waiting for you" in hos and "A communication protocol to authorise" in hos
    assert "Kim Caller" in hos and "/proposals/1" in hos
    mine = scene.client("manager").get("/staff/").get_data(as_text=True)
    assert "A communication protocol to authorise" not in mine  # never your own proposal
    assert post(scene.client("head_of_service"), scene.url("proposals/1"), {"decision": "approve"}).status_code == 302
    kit.conduct(scene.customer, ((k.lodge_appeal, scene.people["officer"],
                                  {"grounds": "Unfair", "received_by_channel": "letter"}),))
    director = scene.client("director").get("/staff/").get_data(as_text=True)
    assert "An appeal to hear" in director and "/appeal/decide" in director
    officer = scene.client("officer").get("/staff/").get_data(as_text=True)
    assert "Waiting for you" not in officer


def test_an_ex_gratia_payment_waiting_is_listed_for_the_role_that_decides_it(kit):
    """Old code listed no ex-gratia payment on anyone's landing page (the summary row did not say one waits)."""
    from portal.domain import complaints as c

    officer = kit.person("officer", landlord="thenue")
    executive = kit.person("executive", landlord="thenue")
    manager = kit.person("manager", landlord="thenue")
    customer = kit.customer(landlord="thenue", name="Gill Glasgow")
    case_id = kit.case(customer, officer, ((c.propose_ex_gratia, officer, {
        "amount_pence": 12000, "basis": "A ruined carpet", "substantiated": True}),),
        landlord="thenue", channel="letter", summary="Flood damage")
    landing = kit.client(executive).get("/staff/").get_data(as_text=True)
    waiting = landing.split('id="waiting-title"')[1].split("</section>")[0]
    assert "An ex-gratia payment to decide" in waiting and f"/staff/cases/{case_id}/ex-gratia/decide" in waiting
    assert "Gill Glasgow" in waiting
    for other in (officer, manager):  # the proposer, and a role below the approver's
        assert "An ex-gratia payment to decide" not in kit.client(other).get("/staff/").get_data(as_text=True)
    assert post(kit.client(executive), f"/staff/cases/{case_id}/ex-gratia/decide",
                {"decision": "approve", "version": str(kit.load(case_id).version)}).status_code == 302
    assert "An ex-gratia payment to decide" not in kit.client(executive).get("/staff/").get_data(as_text=True)
