"""The work queues (what is owed next, by when) with their filters and order, and complaint search."""

from __future__ import annotations

from datetime import date

import pytest
from test_staff_kit import TODAY, kit  # noqa: F401

from portal.domain import complaints as c
from portal.staff import queues as q


@pytest.fixture
def world(kit):
    officer = kit.person("officer")
    manager = kit.person("manager")
    people = {name: kit.customer(name=name, address=[f"{n} {street}", "Oldtown"])
              for n, (name, street) in enumerate((("Ann Early", "Elm Road"), ("Ben Today", "Oak Road"),
                                                  ("Cat Week", "Ash Road"), ("Dan Later", "Yew Road"),
                                                  ("Eve Reply", "Fir Road"), ("Fay Second", "Bay Road")), 1)}
    cases = {
        "early": kit.case(people["Ann Early"], officer, received_on=date(2025, 11, 17)),  # ack due 24 Nov: overdue
        "today": kit.case(people["Ben Today"], officer, received_on=date(2025, 11, 24)),  # due 1 Dec: today
        "week": kit.case(people["Cat Week"], officer, received_on=date(2025, 11, 26)),  # due 3 Dec
        "later": kit.case(people["Dan Later"], officer),  # due 8 Dec
        "reply": kit.case(people["Eve Reply"], officer, ((c.acknowledge_complaint, officer, {}),)),
        "second": kit.case(people["Fay Second"], officer, (
            (c.acknowledge_complaint, officer, {}),
            (c.respond_to_complaint, officer, {"outcome": "not_upheld", "reasons": "On time"}),
            (c.request_escalation, officer, {}), (c.escalate_complaint, manager, {}))),
    }
    return kit.client(officer), cases


def _order(html: str, ids: list[str]) -> list[str]:
    return sorted((i for i in ids if i in html), key=html.index)


def test_the_landing_page_has_a_table_per_queue_linking_each_case(world):
    client, cases = world
    html = client.get("/staff/").get_data(as_text=True)
    for heading in ("Acknowledgements", "Stage 1 replies", "Stage 2 acknowledgements", "Stage 2 replies",
                    "Outstanding actions", "Protocol reviews"):
        assert f">{heading} <" in html
    for case_id in cases.values():
        assert f'href="/staff/cases/{case_id}"' in html
    ack_section = html.split('id="queue-ack1"')[1].split("<section")[0]
    assert _order(ack_section, list(cases.values())) == [cases["early"], cases["today"], cases["week"],
                                                         cases["later"]]
    assert "Overdue by 5 working days" in ack_section and "Due today" in ack_section


@pytest.mark.parametrize("query, shown, hidden", [
    ("what=ack1&when=overdue", ["early"], ["today", "week", "later", "reply", "second"]),
    ("what=ack1&when=today", ["today"], ["early", "week", "later"]),
    ("what=ack1&when=week", ["today", "week"], ["early", "later"]),
    ("what=reply1", ["reply"], ["early", "second"]),
    ("stage=2", ["second"], ["early", "today", "reply"]),
])
def test_filters_on_the_page(world, query, shown, hidden):
    client, cases = world
    html = client.get(f"/staff/?{query}").get_data(as_text=True)
    for name in shown:
        assert cases[name] in html, name
    for name in hidden:
        assert cases[name] not in html, name


def test_sorting_latest_first(world):
    client, cases = world
    html = client.get("/staff/?what=ack1&sort=-due").get_data(as_text=True)
    assert _order(html, list(cases.values())) == [cases["later"], cases["week"], cases["today"], cases["early"]]
    assert 'aria-sort="descending"' in html


@pytest.mark.parametrize("text, found", [
    ("Cat Week", "week"), ("ash road", "week"), ("EARLY", "early"),
])
def test_search_by_name_or_address(world, text, found):
    client, cases = world
    html = client.get("/staff/search", query_string={"q": text}).get_data(as_text=True)
    assert cases[found] in html
    assert "1 complaint found" in html


def test_search_by_reference(world):
    client, cases = world
    html = client.get("/staff/search", query_string={"q": cases["reply"]}).get_data(as_text=True)
    assert f'href="/staff/cases/{cases["reply"]}"' in html


def test_customer_search_for_logging(world, kit):
    client, _ = world
    html = client.get("/staff/customers?q=oak").get_data(as_text=True)
    assert "Ben Today" in html and "Ann Early" not in html


def test_a_case_owing_a_reply_and_an_action_is_in_both_queues(kit):
    officer, manager = kit.person("officer"), kit.person("manager")
    customer = kit.customer(name="Gus Both")
    case_id = kit.case(customer, officer, (
        (c.acknowledge_complaint, officer, {}),
        (c.respond_to_complaint, officer, {"outcome": "upheld", "reasons": "Late",
                                           "actions": [{"text": "Fix the door", "target": "2025-12-03"}]}),
        (c.request_escalation, officer, {}), (c.escalate_complaint, manager, {}),
        (c.acknowledge_complaint, officer, {}),
    ))
    html = kit.client(officer).get("/staff/").get_data(as_text=True)
    reply2 = html.split('id="queue-reply2"')[1].split("<section")[0]
    actions = html.split('id="queue-actions"')[1].split("<section")[0]
    assert case_id in reply2 and case_id in actions
    assert "Wed 3 Dec 2025" in actions


def test_service_requests_queue_with_their_48_hour_date(kit):
    """Torus 3.1 and 3.5: a service enquiry is resolved within 48 hours (2 working days)."""
    from portal import casework
    from portal.data import get_profile

    officer = kit.person("officer")
    customer = kit.customer(name="Gus Gutter")
    ids = []
    with kit.app.app_context():
        for on in (date(2025, 11, 26), TODAY):
            case = casework.open_complaint(c.log_service_request, kit.actor(officer), customer, today=on,
                                           now=None, profile=get_profile("torus"), summary="Gutter blocked",
                                           channel="phone", received_on=on)
            ids.append(case.id)
    html = kit.client(officer).get("/staff/?what=requests").get_data(as_text=True)
    section = html.split('id="queue-requests"')[1]
    assert section.index(ids[0]) < section.index(ids[1])
    assert "28 Nov 2025" in section and "Overdue" in section and "3 Dec 2025" in section
    overdue = kit.client(officer).get("/staff/?what=requests&when=overdue").get_data(as_text=True)
    assert ids[0] in overdue and ids[1] not in overdue
