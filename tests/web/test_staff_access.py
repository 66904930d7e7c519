"""Every staff route walked as a stranger, a tenant, an advocate and each staff role, and across landlords."""

from __future__ import annotations

from datetime import date

import pytest
from test_staff_kit import csrf_token, kit  # noqa: F401

from portal.data import get_store
from portal.domain import complaints as c
from portal.domain.conduct import actions as k
from portal.domain.complaints.extensions import extend_or_propose
from portal.domain.conduct.approvals import propose_change

RANK = {"officer": 1, "complaints_officer": 1, "manager": 2, "head_of_service": 3, "director": 4,
        "executive": 5, "board": 6}
ROLES = tuple(RANK)

# Torus: the lowest role allowed on each limited page, read from its policy (RULES.md), not from the code.
# None: no role may (Torus has no ex-gratia scheme).
LOWEST = {
    "staff.respond": "manager",             # the world's case is at stage 2: a Service Manager or above
    "staff.escalate": "manager",            # the world's stage 2 request is late: a stage 2 responder decides
    "staff.refuse_escalation": "manager",
    "staff.propose_ex_gratia": None,
    "staff.send_to_stage2": None,           # Torus answers every complaint at stage 1 first
    "staff.decide_ex_gratia": None,
    "staff.send_to_stage2": None,           # Torus answers every complaint at stage 1 first (Thenue may not)
    "staff.conduct_assessment": "manager",  # Service Managers assess
    "staff.conduct_agree": "director",      # ... agreed by the Service Director
    "staff.conduct_impose": "manager",      # a Service Manager proposes; the Service Director authorises
    "staff.conduct_vary": "manager",
    "staff.conduct_review": "manager",
    "staff.conduct_end": "manager",
    "staff.conduct_decide_appeal": "director",  # a Director not involved in the decision
    "staff.conduct_vexatious": "director",
    "staff.conduct_proposal": "director",
    "staff.decide_extension": "manager",  # an officer asked for more time past the standard: a rank above decides
    "staff.assign": "manager",  # the stage 2 case needs a Service Manager as owner, and only managers assign  # the Service Director authorises (the proposer is someone else)
    "staff.import_customers": "manager",    # bringing records in from the housing system is a manager's job
    "staff.confirm_import": "manager",
    "staff.subject_access_queue": "manager",   # personal data of every kind: managers answer these requests
    "staff.new_subject_access": "manager",
    "staff.subject_access": "manager",
    "staff.subject_access_export": "manager",
    "staff.release_subject_access": "manager",
    "staff.reports": "manager",             # reports and the learning register: managers and above
    "staff.report": "manager",
    "staff.report_csv": "manager",
    "staff.learning_register": "manager",
    "staff.improvement_done": "manager",
    "staff.annual_written": "manager",
    "staff.ombudsman_referral": "manager",  # the ombudsman's news is recorded by a manager or above
    "staff.ombudsman_decision": "manager",
    "staff.confirm_contact": None,          # the world's cases were not sent without an account (see test_tenant_visitor)
}
POST_ONLY = {"staff.confirm_authority", "staff.confirm_import", "staff.release_subject_access",
             "staff.improvement_done", "staff.mark_posted"}


SCAN = b"%PDF-1.4\n% a scanned letter\n%%EOF\n"


def build_world(kit) -> dict:
    """Torus staff of every rank, a case at stage 2, a late stage 2 request, and a protocol under appeal."""
    people = {role: kit.person(role) for role in ROLES}
    author = kit.person("director", name="Dana Decider")  # took part in the protocol, so never hears its appeal
    officer = people["officer"]
    customer = kit.customer(name="Walter World", address=["9 World Way", "Oldtown"])
    with kit.app.app_context():
        scan = get_store().evidence.put(SCAN)
    stage2 = kit.case(customer, officer, (
        (c.add_evidence, officer, {"files": [{"sha256": scan, "name": "scan.pdf", "content_type": "application/pdf",
                                              "size": len(SCAN)}], "max_files": 10}),
        (c.acknowledge_complaint, officer, {}),
        (c.respond_to_complaint, officer, {"outcome": "not_upheld", "reasons": "The repair was on time"}),
        (c.request_escalation, officer, {}),
        (c.escalate_complaint, officer, {}),
        (c.acknowledge_complaint, officer, {}),
    ))
    late = kit.case(customer, officer, (
        (c.acknowledge_complaint, officer, {}, date(2025, 9, 2)),
        (c.respond_to_complaint, officer, {"outcome": "upheld", "reasons": "We were slow",
                                           "actions": [{"text": "Fix the gutter", "target": "2025-09-30"}]},
         date(2025, 9, 3)),
        (c.request_escalation, officer, {"late_reason": "They were in hospital"}),
    ), received_on=date(2025, 9, 1))
    restricted = kit.customer(name="Rita Restricted")
    kit.conduct(restricted, (
        (k.record_incident, officer, {"kind": "unreasonable_contact_levels", "occurred_on": date(2025, 11, 28),
                                      "channel": "phone", "description": "Called the repairs line 30 times in a day"}),
        (k.issue_warning, officer, {"level": "modify", "reasons": "Too many calls about one repair"}),
        (k.complete_assessment, people["manager"], {
            "factors": {"instances": "30 calls", "contact_length_frequency": "All day", "language": "Polite",
                        "customer_needs": "None known"},
            "outcome": "protocol_recommended"}),
        (k.agree_assessment, author, {}),
        (k.impose_protocol, author, {"terms": _terms(), "reasons": "Calls stop others getting through",
                                     "adjustments_considered": "None needed"}),
        (k.lodge_appeal, officer, {"grounds": "I need to call", "received_by_channel": "letter"}),
    ))
    proposed = kit.customer(name="Petra Proposed")  # a manager's protocol waiting for a director to authorise it
    kit.conduct(proposed, (
        (k.record_incident, officer, {"kind": "unreasonable_contact_levels", "occurred_on": date(2025, 11, 28),
                                      "channel": "phone", "description": "Called the repairs line 30 times in a day"}),
        (k.issue_warning, officer, {"level": "modify", "reasons": "Too many calls about one repair"}),
        (k.complete_assessment, author, {
            "factors": {"instances": "30 calls", "contact_length_frequency": "All day", "language": "Polite",
                        "customer_needs": "None known"}, "outcome": "protocol_recommended"}),
        (k.agree_assessment, people["executive"], {}),
        (propose_change, author, {"change": "impose", "terms": _terms(), "reasons": "Calls stop others",
                                  "adjustments_considered": "None needed"}),
    ))
    longer = kit.case(customer, officer, (
        (c.acknowledge_complaint, officer, {}),
        (extend_or_propose, officer, {"reason": "Waiting for a survey", "new_due": "2026-02-27",
                                      "good_reason": "The survey needs scaffolding"}),
    ))
    letter = kit.letters(stage2)[0]["id"]
    sar = kit.subject_access(customer, people["manager"], date(2025, 11, 20))
    return {"people": people, "customer": customer, "stage2": stage2, "late": late, "restricted": restricted,
            "letter": letter, "proposed": proposed, "longer": longer, "sar": sar, "scan": scan, "email": _one_email(kit.app)}


def _one_email(app) -> str:
    """The outbox file of one email, for the demo's Outbox page."""
    from portal import dispatch, mail
    from portal.mail.eml import file_name

    with app.app_context():
        mail.queue("staff_waiting", to="someone@example.com", key="walk", what="A test")
        dispatch.send_due()
    return file_name("walk")


def _terms():
    from portal.domain.conduct.protocol import ProtocolTerms

    return ProtocolTerms(named_contact="Sam Patel", reasons={"named_contact": "One person keeps track"})


def url_for_endpoint(endpoint: str, w: dict) -> str:
    """The URL of each staff endpoint in the world (KeyError for one nobody has listed)."""
    case, late, who, restricted = w["stage2"], w["late"], w["customer"], w["restricted"]
    fixed = {
        "staff.queues": "/staff/", "staff.search": "/staff/search?q=World", "staff.conduct_list": "/staff/conduct",
        "staff.review_list": "/staff/conduct/reviews", "staff.no_contact_list": "/staff/conduct/no-personal-contact",
        "staff.customers": "/staff/customers?q=World", "staff.new_customer": "/staff/customers/new",
        "staff.customer": f"/staff/customers/{who}", "staff.edit_customer": f"/staff/customers/{who}/edit",
        "staff.log_complaint": f"/staff/customers/{who}/complaints/new",
        "staff.log_service_request": f"/staff/customers/{who}/service-requests/new",
        "staff.case": f"/staff/cases/{case}", "staff.letter": f"/staff/letters/{w['letter']}.pdf",
        "staff.confirm_authority": f"/staff/cases/{case}/confirm-authority",
        "staff.case_evidence": f"/staff/cases/{case}/evidence",
        "staff.case_evidence_file": f"/staff/cases/{case}/evidence/{w['scan']}",
        "staff.complete_action": f"/staff/cases/{late}/actions/1.1/done",
        "staff.escalate": f"/staff/cases/{late}/escalate",
        "staff.refuse_escalation": f"/staff/cases/{late}/refuse-escalation",
        "staff.conduct_file": f"/staff/conduct/{restricted}",
        "staff.conduct_proposal": f"/staff/conduct/{w['proposed']}/proposals/1",
        "staff.decide_extension": f"/staff/cases/{w['longer']}/extension/3",
        "staff.outbox": "/staff/outbox", "staff.outbox_message": f"/staff/outbox/{w['email']}",
        "staff.print_queue": "/staff/post", "staff.print_batch": "/staff/post/batch.pdf?envelope=C5",
        "staff.mark_posted": "/staff/post/posted",
        "staff.import_customers": "/staff/customers/import",
        "staff.confirm_import": "/staff/customers/import/confirm",
        "staff.subject_access_queue": "/staff/subject-access",
        "staff.new_subject_access": f"/staff/customers/{who}/subject-access/new",
        "staff.subject_access": f"/staff/customers/{who}/subject-access/{w['sar']}",
        "staff.subject_access_export": f"/staff/customers/{who}/subject-access/{w['sar']}/export.zip",
        "staff.release_subject_access": f"/staff/customers/{who}/subject-access/{w['sar']}/release",
        "staff.reports": "/staff/reports", "staff.report": "/staff/reports/annual?period=2025",
        "staff.report_csv": "/staff/reports/annual/timeliness.csv?period=2025",
        "staff.learning_register": "/staff/reports/learning",
        "staff.improvement_done": "/staff/reports/learning/IA-00000000/done",
        "staff.annual_written": "/staff/reports/annual/written?period=2025",
    }
    if endpoint in fixed:
        return fixed[endpoint]
    case_steps = {
        "staff.convert": "convert", "staff.acknowledge": "acknowledge", "staff.extend": "extend",
        "staff.respond": "respond", "staff.request_escalation": "escalation-request", "staff.exclude": "exclude",
        "staff.close": "close", "staff.reopen": "reopen", "staff.note": "note", "staff.contact": "contact",
        "staff.confirm_contact": "confirm-by-phone",
        "staff.information": "information", "staff.propose_ex_gratia": "ex-gratia/propose",
        "staff.decide_ex_gratia": "ex-gratia/decide", "staff.send_to_stage2": "stage-2-now",
        "staff.refer": "refer", "staff.assign": "assign",
        "staff.ombudsman_referral": "ombudsman/referral", "staff.ombudsman_decision": "ombudsman/decision",
    }
    if endpoint in case_steps:
        return f"/staff/cases/{case}/{case_steps[endpoint]}"
    conduct_steps = {
        "staff.conduct_incident": "incident", "staff.conduct_warning": "warning",
        "staff.conduct_assessment": "assessment", "staff.conduct_impose": "protocol",
        "staff.conduct_agree": "assessment/agree",
        "staff.conduct_vary": "protocol/vary", "staff.conduct_end": "protocol/end", "staff.conduct_appeal": "appeal",
        "staff.conduct_decide_appeal": "appeal/decide", "staff.conduct_review": "review",
        "staff.conduct_vexatious": "vexatious", "staff.conduct_police": "police-report",
    }
    return f"/staff/conduct/{restricted}/{conduct_steps[endpoint]}"


def staff_endpoints(app) -> list[tuple[str, set[str]]]:
    """Every route of the staff blueprint, from the app itself, so a new route cannot be missed."""
    return sorted((rule.endpoint, set(rule.methods) - {"HEAD", "OPTIONS"})
                  for rule in app.url_map.iter_rules() if rule.endpoint.startswith("staff."))


def test_every_staff_route_has_a_place_in_the_walk(app, kit):
    w = build_world(kit)
    endpoints = staff_endpoints(app)
    assert len(endpoints) > 30
    for endpoint, _ in endpoints:
        assert url_for_endpoint(endpoint, w).startswith("/staff/")
    assert set(LOWEST) <= {e for e, _ in endpoints}


def test_strangers_are_sent_to_sign_in_everywhere(app, kit, client):
    w = build_world(kit)
    token = csrf_token(client.get("/sign-in").get_data(as_text=True))
    for endpoint, methods in staff_endpoints(app):
        url = url_for_endpoint(endpoint, w)
        for method in sorted(methods):
            response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code == 302, (endpoint, method)
            assert "/sign-in" in response.headers["Location"], (endpoint, method)


@pytest.mark.parametrize("kind, extra", [
    ("tenant", {}),
    ("advocate", {"acting_for": [], "pending_for": []}),
])
def test_tenants_and_advocates_are_refused_everywhere(app, kit, kind, extra):
    w = build_world(kit)
    user = kit.person(None, kind=kind, **extra)
    client = kit.client(user)
    token = csrf_token(client.get("/account/password").get_data(as_text=True))
    for endpoint, methods in staff_endpoints(app):
        url = url_for_endpoint(endpoint, w)
        for method in sorted(methods):
            response = client.open(url, method=method, data={"csrf_token": token} if method == "POST" else None)
            assert response.status_code in (403, 404), (endpoint, method, response.status_code)
    assert kit.load(w["stage2"]).version == 7  # nothing was added


def _allowed(endpoint: str, role: str) -> bool:
    if endpoint not in LOWEST:
        return True
    lowest = LOWEST[endpoint]
    return lowest is not None and RANK[role] >= RANK[lowest]


@pytest.mark.parametrize("role", ROLES)
def test_each_role_sees_what_its_policy_allows_and_no_more(app, kit, role):
    w = build_world(kit)
    client = kit.client(w["people"][role])
    versions = (kit.load(w["stage2"]).version, kit.load(w["late"]).version, kit.conduct(w["restricted"]).version)
    token = csrf_token(client.get("/staff/").get_data(as_text=True))
    for endpoint, methods in staff_endpoints(app):
        url = url_for_endpoint(endpoint, w)
        response = client.get(url)
        if endpoint in POST_ONLY:
            assert response.status_code == 405, endpoint
        elif _allowed(endpoint, role):
            assert response.status_code == 200, (endpoint, response.status_code)
        else:
            assert response.status_code == 403, (endpoint, response.status_code)
            assert "You cannot do this" in response.get_data(as_text=True)
            if "POST" in methods:
                refused = client.post(url, data={"csrf_token": token})
                assert refused.status_code == 403, (endpoint, "POST")
    after = (kit.load(w["stage2"]).version, kit.load(w["late"]).version, kit.conduct(w["restricted"]).version)
    assert after == versions  # looking and being refused changed nothing


def test_the_case_page_offers_only_what_the_role_may_do(kit):
    w = build_world(kit)
    officer = kit.client(w["people"]["officer"]).get(f"/staff/cases/{w['stage2']}").get_data(as_text=True)
    manager = kit.client(w["people"]["manager"]).get(f"/staff/cases/{w['stage2']}").get_data(as_text=True)
    reply = f'/staff/cases/{w["stage2"]}/respond'
    assert reply not in officer
    assert reply in manager
    conduct = f"/staff/conduct/{w['restricted']}"
    officer_file = kit.client(w["people"]["officer"]).get(conduct).get_data(as_text=True)
    director_file = kit.client(w["people"]["director"]).get(conduct).get_data(as_text=True)
    assert f"{conduct}/appeal/decide" not in officer_file
    assert f"{conduct}/appeal/decide" in director_file


def test_whoever_took_part_in_a_protocol_cannot_hear_its_appeal(kit):
    w = build_world(kit)
    author = next(u for u in _all_staff(kit) if u["name"] == "Dana Decider")
    client = kit.client(author["id"])
    url = f"/staff/conduct/{w['restricted']}/appeal/decide"
    page = client.get(url)
    assert page.status_code == 403
    assert "took part in this decision" in page.get_data(as_text=True)


def _all_staff(kit) -> list[dict]:
    from portal.data import get_store

    with kit.app.app_context():
        return get_store().users.all(kind="staff")


def test_staff_of_one_landlord_cannot_see_another_landlords_work(app, kit):
    w = build_world(kit)
    other_customer = kit.customer(landlord="connect", name="Otto Other", address=["1 Elsewhere"])
    connect_manager = kit.person("manager", landlord="connect")
    other_case = kit.case(other_customer, connect_manager, landlord="connect", channel="phone",
                          summary="Another landlord's complaint")
    kit.conduct(other_customer, ((k.record_incident, connect_manager, {
        "kind": "unreasonable_demands", "occurred_on": date(2025, 11, 28), "channel": "phone",
        "description": "Demanded a new kitchen within the hour"}),))
    torus = kit.client(w["people"]["board"])
    for path in ("", "/acknowledge", "/respond", "/note", "/exclude", "/extend"):
        assert torus.get(f"/staff/cases/{other_case}{path}").status_code == 404, path
    for path in (f"/staff/customers/{other_customer}", f"/staff/customers/{other_customer}/complaints/new",
                 f"/staff/conduct/{other_customer}", f"/staff/conduct/{other_customer}/incident"):
        assert torus.get(path).status_code == 404, path
    queues = torus.get("/staff/").get_data(as_text=True)
    assert other_case not in queues and w["stage2"] in queues
    assert other_case not in torus.get("/staff/search?q=Other").get_data(as_text=True)
    assert "Otto Other" not in torus.get("/staff/customers?q=Otto").get_data(as_text=True)
    assert "Otto Other" not in torus.get("/staff/conduct").get_data(as_text=True)
    # ... and the other way round, including a letter
    connect = kit.client(connect_manager)
    assert connect.get(f"/staff/cases/{w['stage2']}").status_code == 404
    assert connect.get(f"/staff/letters/{w['letter']}.pdf").status_code == 404
    assert connect.get(f"/staff/cases/{other_case}").status_code == 200
    assert "Otto Other" in connect.get("/staff/conduct").get_data(as_text=True)
