"""Conduct work: each step of the unacceptable-behaviour process succeeds (event, letter) or, with a rule
broken, shows the message beside its field, keeps what was typed and stores nothing."""

from __future__ import annotations

from datetime import date

import pytest
from test_staff_kit import TODAY, error_beside, kit, post  # noqa: F401

from portal.domain.conduct import actions as k
from portal.domain.conduct.protocol import ProtocolTerms

LANDLORD = "housing-solutions"  # initial then formal warnings; a Head of Service authorises; a Director hears appeals
INCIDENT = {"kind": "unreasonable_contact_levels", "occurred_on": date(2025, 11, 27), "channel": "phone",
            "description": "Phoned the repairs line 25 times in one day about the same leak"}
FACTORS = {"instances": "25 calls in a day", "contact_length_frequency": "All day, every day",
           "language": "Polite", "customer_needs": "No needs known; offered large print"}


class ConductScene:
    def __init__(self, kit, landlord: str = LANDLORD):
        self.kit = kit
        self.people = {role: kit.person(role, landlord=landlord)
                       for role in ("officer", "manager", "head_of_service", "director")}
        self.other_director = kit.person("director", landlord=landlord, name="Ola Other")
        self.customer = kit.customer(landlord=landlord, name="Kim Caller", address=["4 Bell Road", "Oldtown"])

    def client(self, role: str = "officer"):
        return self.kit.client(self.people[role])

    def url(self, path: str = "") -> str:
        return f"/staff/conduct/{self.customer}" + (f"/{path}" if path else "")

    def file(self):
        return self.kit.conduct(self.customer)

    def to(self, stage: str) -> None:
        """Bring the file to a stage: incident, warned, assessed, protocol, appealed."""
        p = self.people
        order = ["incident", "warned", "assessed", "protocol", "appealed"]
        steps = [
            (k.record_incident, p["officer"], INCIDENT),
            (k.issue_warning, p["officer"], {"level": "initial", "reasons": "Too many calls"}),
            (k.issue_warning, p["officer"], {"level": "formal", "reasons": "Calls carried on"}),
            (k.complete_assessment, p["manager"], {"factors": FACTORS, "outcome": "protocol_recommended"}),
            (k.impose_protocol, p["head_of_service"], {
                "terms": ProtocolTerms(named_contact="Sam Patel", no_personal_contact=True,
                                       reasons={"named_contact": "One person keeps track",
                                                "no_personal_contact": "Staff were shouted at"}),
                "reasons": "The calls stop others reaching us", "adjustments_considered": "Large print offered"}),
            (k.lodge_appeal, p["officer"], {"grounds": "I need to phone", "received_by_channel": "letter"}),
        ]
        upto = {"incident": 1, "warned": 3, "assessed": 4, "protocol": 5, "appealed": 6}[stage]
        assert stage in order
        self.kit.conduct(self.customer, tuple(steps[:upto]))


@pytest.fixture
def scene(kit) -> ConductScene:
    return ConductScene(kit)


def _letters(kit, customer: str) -> list[str]:
    return [letter["kind"] for letter in kit.letters(f"K-{customer}")]


def _protocol_form(**extra) -> dict:
    return {"reasons": "The calls stop others reaching us", "adjustments_considered": "Large print offered",
            "use_named_contact": "y", "named_contact": "Sam Patel", "named_contact_details": "0800 678 1000",
            "reasons_named_contact": "One person keeps track",
            **extra}


# -- success --------------------------------------------------------------------------------


def test_record_an_incident_signed_off_by_a_director(scene, kit):
    response = post(scene.client(), scene.url("incident"), {
        "kind": "aggressive_abusive", "sub_kind": "verbal", "occurred_on": "2025-11-28", "channel": "phone",
        "description": "Swore at the officer and called her useless",
        "immediate_action": "Ended the call after one warning",
        "immediate_action_signed_off_by": scene.people["director"]})
    assert response.status_code == 302
    incident = scene.file().state.incidents[-1]
    assert incident.signed_off_by.id == scene.people["director"]
    assert incident.occurred_on == date(2025, 11, 28)


def test_warnings_in_the_policys_order_each_with_a_letter(scene, kit):
    scene.to("incident")
    client = scene.client()
    assert post(client, scene.url("warning"), {"level": "initial", "reasons": "Calls"}).status_code == 302
    assert post(client, scene.url("warning"), {"level": "formal", "reasons": "More calls"}).status_code == 302
    assert _letters(kit, scene.customer) == ["initial_warning", "formal_warning"]


def test_complete_the_assessment_on_the_policys_factors(scene, kit):
    scene.to("warned")
    data = {f"factors_{name}": text for name, text in FACTORS.items()}
    response = post(scene.client("manager"), scene.url("assessment"), {**data, "outcome": "protocol_recommended"})
    assert response.status_code == 302
    assessment = scene.file().state.assessments[-1]
    assert assessment.factors == FACTORS and assessment.incidents_counted == (1,)


def test_impose_a_protocol_built_from_the_form(scene, kit):
    scene.to("assessed")
    officer = scene.people["officer"]
    first, second = (kit.case(scene.customer, officer, landlord=LANDLORD, channel="letter") for _ in range(2))
    response = post(scene.client("head_of_service"), scene.url("protocol"), _protocol_form(
        use_set_times="y", set_times_days=["1", "3"], set_times_start="10:00", set_times_end="12:00",
        set_times_channels=["phone"], reasons_set_times="Forty calls a week",
        use_decline_investigation="y", decline_investigation=f"{first}, {second}",
        reasons_decline_investigation="Both pursued abusively",
        use_read_and_file="y", read_and_file="C-2025-000003", reasons_read_and_file="Not in this policy"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    protocol = scene.file().state.protocol
    assert protocol.terms.named_contact == "Sam Patel"
    assert protocol.terms.set_times.weekdays == (1, 3)
    assert protocol.terms.decline_investigation == (first, second)
    assert protocol.terms.read_and_file == ()  # not a restriction this landlord's policy allows
    assert protocol.review_on == date(2026, 6, 1)
    assert _letters(kit, scene.customer) == ["initial_warning", "formal_warning", "protocol_imposed"]
    page = scene.client().get(scene.url()).get_data(as_text=True)
    assert "A communication protocol is in force" in page and "Sam Patel deals with your contact" in page


def test_vary_starts_from_the_terms_in_force(scene, kit):
    scene.to("protocol")
    client = scene.client("head_of_service")
    page = client.get(scene.url("protocol/vary")).get_data(as_text=True)
    assert 'value="Sam Patel"' in page
    response = post(client, scene.url("protocol/vary"), _protocol_form(reasons="Calls have dropped"))
    assert response.status_code == 302
    assert scene.file().state.protocol.terms.no_personal_contact is False
    assert "protocol_changed" in _letters(kit, scene.customer)


def test_record_an_appeal_and_a_director_not_involved_decides_it(scene, kit):
    scene.to("protocol")
    assert post(scene.client(), scene.url("appeal"), {"grounds": "I need to phone about repairs",
                                                      "received_by_channel": "letter"}).status_code == 302
    assert scene.file().state.protocol.open_appeal is not None
    response = post(scene.client("director"), scene.url("appeal/decide"),
                    {"outcome": "dismissed", "reasons": "The calls were still too many"})
    assert response.status_code == 302
    assert scene.file().state.protocol.appeals[-1].outcome.value == "dismissed"
    assert "appeal_outcome" in _letters(kit, scene.customer)


def test_an_appeal_decided_with_new_terms(scene, kit):
    scene.to("appealed")
    response = post(scene.client("director"), scene.url("appeal/decide"), {
        "outcome": "varied", "reasons": "Phone contact can return on set days",
        "use_set_times": "y", "set_times_days": ["0"], "set_times_start": "09:00", "set_times_end": "10:00",
        "set_times_channels": ["phone"], "reasons_set_times": "One call a week is enough"})
    assert response.status_code == 302
    assert scene.file().state.protocol.terms.set_times.weekdays == (0,)


def test_review_continues_and_end_finishes(scene, kit):
    scene.to("protocol")
    assert post(scene.client("manager"), scene.url("review"),
                {"outcome": "continue", "reasons": "Still calling daily"}).status_code == 302
    assert scene.file().state.protocol.reviews[-1].outcome.value == "continue"
    assert post(scene.client("manager"), scene.url("protocol/end"),
                {"reason": "The calls have stopped"}).status_code == 302
    assert scene.file().state.protocol.ended_on == TODAY
    assert _letters(kit, scene.customer)[-2:] == ["review_outcome", "protocol_changed"]


def test_decide_a_complaint_is_vexatious(scene, kit):
    case_id = kit.case(scene.customer, scene.people["officer"], landlord=LANDLORD, channel="phone",
                       summary="The same complaint for the ninth time")
    response = post(scene.client("director"), scene.url("vexatious"), {
        "complaint_id": case_id, "presented_by": scene.people["officer"], "vexatious": "yes",
        "reasons": "Decided three times already"})
    assert response.status_code == 302
    assert scene.file().state.vexatious[-1].complaint_id == case_id
    assert "vexatious_decision" in _letters(kit, scene.customer)


def test_the_review_list_and_the_no_personal_contact_list(scene, kit):
    scene.to("protocol")
    client = scene.client()
    assert "Kim Caller" in client.get("/staff/conduct/no-personal-contact").get_data(as_text=True)
    assert "Kim Caller" not in client.get("/staff/conduct/reviews").get_data(as_text=True)  # review in June
    kit.app.config["TODAY"] = "2026-05-25"  # two weeks before the review
    reviews = client.get("/staff/conduct/reviews").get_data(as_text=True)
    assert "Kim Caller" in reviews and "Mon 1 Jun 2026" in reviews
    kit.app.config["TODAY"] = "2026-06-02"
    assert "Overdue" in client.get("/staff/conduct/reviews").get_data(as_text=True)
    queue = client.get("/staff/?what=reviews&when=overdue").get_data(as_text=True)
    assert "Kim Caller" in queue


# -- a rule broken ----------------------------------------------------------------------------

ERRORS = [
    # (stage reached first, role, path, data, field beside which the message shows, message, typed value)
    (None, "officer", "incident", {"kind": "unreasonable_demands", "occurred_on": "2025-11-28", "channel": "phone",
                                   "description": "He was very angry and upset"},
     "description", "Being angry, forceful or persistent is not by itself unacceptable", "very angry"),
    (None, "officer", "incident", {"kind": "aggressive_abusive", "occurred_on": "2025-11-28", "channel": "phone",
                                   "description": "Threw a chair in reception"},
     "sub_kind", "Choose one of", "Threw a chair"),
    ("incident", "officer", "warning", {"level": "formal", "reasons": "Kept reasons"}, "level",
     "Give the initial warning before the formal warning", "Kept reasons"),
    ("warned", "manager", "assessment", {"factors_instances": "Many", "factors_contact_length_frequency": "Daily",
                                         "factors_language": "", "factors_customer_needs": "Kept needs",
                                         "outcome": "protocol_recommended"},
     "factors_language", "Record your notes on 'language'", "Kept needs"),
    ("assessed", "head_of_service", "protocol", {"reasons": "Kept reasons", "adjustments_considered": "None"},
     "terms", "Choose at least one restriction", "Kept reasons"),
    ("assessed", "head_of_service", "protocol", _protocol_form(reasons_named_contact=""),
     "reasons_named_contact", "Give the reason for 'One named member of staff'", "Sam Patel"),
    ("assessed", "head_of_service", "protocol", _protocol_form(named_contact_details=""),
     "named_contact_details", "Enter the phone number or email the customer should use", "Sam Patel"),
    ("assessed", "head_of_service", "protocol", {**_protocol_form(), "use_written_only": "y",
                                                 "channels_allowed": ["phone", "letter"],
                                                 "reasons_written_only": "Kept why"},
     "channels_allowed", "only be limited to writing", "Kept why"),
    ("assessed", "head_of_service", "protocol", {**_protocol_form(), "use_set_times": "y",
                                                 "set_times_days": ["1"], "set_times_start": "14:00",
                                                 "set_times_end": "12:00", "reasons_set_times": "Kept why"},
     "set_times", "must start before they end", "Kept why"),
    ("incident", "head_of_service", "protocol", _protocol_form(), "",
     "Complete an assessment that recommends a protocol first", "Sam Patel"),
    ("protocol", "head_of_service", "protocol/vary", _protocol_form(reasons=""), "reasons",
     "Say why the terms are changing", "Sam Patel"),
    ("protocol", "officer", "appeal", {"grounds": "Kept grounds"}, "received_by_channel",
     "Say how the customer's appeal reached us", "Kept grounds"),
    ("appealed", "director", "appeal/decide", {"outcome": "varied", "reasons": "Kept reasons"}, "terms",
     "Choose at least one restriction", "Kept reasons"),
    ("protocol", "manager", "review", {"outcome": "continue", "reasons": ""}, "reasons",
     "Say what the review found", ""),
    ("appealed", "head_of_service", "review", {"outcome": "vary", "reasons": "Kept reasons",
                                               **{k: v for k, v in _protocol_form().items() if k != "reasons"}},
     "terms", "the terms change only through that decision", "Kept reasons"),
    ("appealed", "director", "appeal/decide", {"outcome": "maybe", "reasons": "Kept reasons"}, "outcome",
     "Choose one of: Upheld, Not upheld, Partly upheld", "Kept reasons"),
    ("protocol", "manager", "protocol/end", {"reason": " "}, "reason", "Say why it is ending", ""),
]


@pytest.mark.parametrize("stage, role, path, data, field, message, typed", ERRORS)
def test_a_broken_rule_shows_beside_its_field_and_stores_nothing(scene, kit, stage, role, path, data, field,
                                                                  message, typed):
    if stage:
        scene.to(stage)
    before, letters = scene.file().version, len(kit.letters(f"K-{scene.customer}"))
    response = post(scene.client(role), scene.url(path), data)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    if field:
        assert message in error_beside(html, field), html[:3000]
    else:
        assert message in html and "There is a problem" in html
    if typed:
        assert typed in html
    assert scene.file().version == before and len(kit.letters(f"K-{scene.customer}")) == letters


def test_immediate_action_signed_off_by_someone_too_junior(scene, kit):
    html = post(scene.client(), scene.url("incident"), {
        "kind": "aggressive_abusive", "sub_kind": "threats", "occurred_on": "2025-11-28", "channel": "in_person",
        "description": "Threatened to wait outside the office for the officer", "immediate_action": "Asked to leave",
        "immediate_action_signed_off_by": scene.people["manager"]}).get_data(as_text=True)
    assert "signed off by a Director" in error_beside(html, "immediate_action_signed_off_by")
    assert scene.file().version == 0


def test_the_vexatious_case_must_be_presented_by_someone_else(scene, kit):
    case_id = kit.case(scene.customer, scene.people["officer"], landlord=LANDLORD, channel="phone",
                       summary="Again")
    html = post(scene.client("director"), scene.url("vexatious"), {
        "complaint_id": case_id, "presented_by": scene.people["director"], "vexatious": "yes",
        "reasons": "Kept reasons"}).get_data(as_text=True)
    assert "presented by another member of staff" in error_beside(html, "presented_by")
    assert scene.file().version == 0


def test_thenue_records_the_police_report_it_owes(kit):
    """Thenue Customer Behaviour 4.2: violence, abuse or harassment towards staff will be reported to the police."""
    scene = ConductScene(kit, "thenue")
    scene.kit.conduct(scene.customer, ((k.record_incident, scene.people["officer"], {
        "kind": "aggressive_abusive", "sub_kind": "threats", "occurred_on": date(2025, 11, 27), "channel": "phone",
        "description": "Said he would come to the office and hurt the officer"}),))
    page = scene.client().get(scene.url()).get_data(as_text=True)
    assert "Owed</strong> for incident 1" in page and "Record a report to the police" in page
    response = post(scene.client(), scene.url("police-report"), {
        "incident": "1", "reported_on": "2025-11-28", "reference": "CR/2025/7781", "reported_by": ""})
    assert response.status_code == 302
    report = scene.file().state.police_reports[-1]
    assert (report.reference, report.reported_by.id) == ("CR/2025/7781", scene.people["officer"])
    page = scene.client().get(scene.url()).get_data(as_text=True)
    assert "reference CR/2025/7781" in page and "Owed</strong>" not in page


def test_a_protocol_closes_the_complaints_it_names_and_a_new_one_prompts_a_review(scene, kit):
    """Housing Solutions 6.5.4: open complaints named are closed, with a letter; Torus 3.28 (all profiles keep
    new issues open): a new complaint under the protocol is taken on and brings its review forward."""
    from portal import conductwork
    from portal.domain import complaints as c

    officer = scene.people["officer"]
    named = kit.case(scene.customer, officer, landlord=LANDLORD, summary="The ninth complaint about one fence")
    scene.to("assessed")
    terms = ProtocolTerms(named_contact="Sam Patel", close_abused_cases=(named,),
                          reasons={"named_contact": "One person keeps track",
                                   "close_abused_cases": "The complaints process is being misused"})
    kit.conduct(scene.customer, ((k.impose_protocol, scene.people["head_of_service"], {
        "terms": terms, "reasons": "Calls stop others reaching us", "adjustments_considered": "Large print"}),))
    state = kit.load(named).state
    assert state.status is c.Status.CLOSED
    assert [x["kind"] for x in kit.letters(named)][-1] == "exclusion"
    fresh = kit.case(scene.customer, officer, landlord=LANDLORD, summary="A new leak in the bathroom")
    assert kit.load(fresh).state.is_open
    with kit.app.app_context():
        reviews = conductwork.review_list(LANDLORD, TODAY)
    assert [r.review_on for r in reviews if r.customer_id == scene.customer] == [TODAY]  # brought forward
