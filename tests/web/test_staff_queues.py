"""The work queues (what is owed next, by when) with their filters and order, and complaint search."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from test_staff_kit import TODAY, kit  # noqa: F401

from portal.domain import complaints as c
from portal.domain.complaints.ownership import assign_complaint


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


def _work(html: str) -> str:
    return html.split('id="work-title"')[1].split("</section>")[0]


def _due_dates(table: str) -> list[date]:
    cells = re.findall(r"<tr>\s*<td>(?:\w{3} )?(\d{1,2} \w{3} \d{4})", table)
    return [datetime.strptime(cell, "%d %b %Y").date() for cell in cells]


def test_one_work_list_holds_everything_owed_overdue_first_then_by_due_date(world):
    client, cases = world
    html = client.get("/staff/").get_data(as_text=True)
    assert html.count("<table class=\"queue work-list\">") == 1 and 'id="queue-ack1"' not in html
    table = _work(html)
    for case_id in cases.values():
        assert f'href="/staff/cases/{case_id}"' in table
    assert _order(table, list(cases.values()))[0] == cases["early"]
    dates = _due_dates(table)
    assert len(dates) == len(cases) and dates == sorted(dates)
    assert "Overdue by 5 working days" in table and "Due today" in table
    for column in ("What is owed", "Reference", "Customer", "Stage", "Owner", "Risk", "Adjustments"):
        assert f">{column}</th>" in table
    assert ">Acknowledgement</td>" in table and ">Stage 2 acknowledgement</td>" in table and "Nobody yet" in table


def test_the_work_list_filters_by_owner_risk_and_adjustments(kit):
    officer, other, manager = kit.person("officer"), kit.person("officer", name="Olu Other"), kit.person("manager")
    mine = kit.case(kit.customer(name="Mia Mine"), officer, ((assign_complaint, officer,
                                                             {"owner": kit.actor(officer)}),))
    theirs = kit.case(kit.customer(name="Tom Theirs"), officer, ((assign_complaint, manager,
                                                                 {"owner": kit.actor(other)}),))
    risky = kit.case(kit.customer(name="Rae Risk"), officer, risk_of_harm=True)
    helped = kit.case(kit.customer(name="Al Adjusted", adjustments=["large_print"]), officer)
    client = kit.client(officer)

    def shown(query: str) -> set[str]:
        table = _work(client.get(f"/staff/?{query}").get_data(as_text=True))
        return {case for case in (mine, theirs, risky, helped) if case in table}
    assert shown("owner=me") == {mine}
    assert shown("owner=unassigned") == {risky, helped}
    assert shown(f"owner={other}") == {theirs}
    assert shown("risk=risk") == shown("risk=unreferred") == {risky}
    assert shown("risk=none") == {mine, theirs, helped}
    assert shown("adjustments=yes") == {helped}
    table = _work(client.get("/staff/?adjustments=yes").get_data(as_text=True))
    assert "Large print letters" in table
    everything = _work(client.get("/staff/").get_data(as_text=True))
    assert "Olu Other" in everything and "Risk of harm</strong> Not yet referred" in everything
    assert ">Risk referral</td>" in everything
    assert f'<option value="{other}">Olu Other</option>' in client.get("/staff/").get_data(as_text=True)


def test_the_work_list_pages_fifty_at_a_time_and_unknown_filters_fall_back(kit):
    officer = kit.person("officer")
    customer = kit.customer(name="Pat Pages")
    for n in range(51):
        kit.case(customer, officer, summary=f"Page case {n}")
    client = kit.client(officer)
    first = _work(client.get("/staff/?owner=nobody-at-all&risk=<x>").get_data(as_text=True))
    assert first.count('<td class="ref">') == 50 and "Page 1 of 2" in first
    second = _work(client.get("/staff/?page=2").get_data(as_text=True))
    assert second.count('<td class="ref">') == 1 and "Page 2 of 2" in second


def test_staff_pages_use_the_full_width_and_references_never_break(app):
    css = (Path(app.static_folder) / "staff.css").read_text()
    assert re.search(r"(^|\n)\.width \{ max-width: none; \}", css)
    assert re.search(r"td\.ref[^{]*\{ white-space: nowrap; \}", css)


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
    client = kit.client(officer)
    reply2 = _work(client.get("/staff/?what=reply2").get_data(as_text=True))
    actions = _work(client.get("/staff/?what=actions").get_data(as_text=True))
    assert case_id in reply2 and case_id in actions
    assert "Wed 3 Dec 2025" in actions and "Wed 3 Dec 2025" not in reply2
    both = _work(client.get("/staff/").get_data(as_text=True))
    assert both.count(f">{case_id}</a>") == 2


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
    section = _work(html)
    assert section.index(ids[0]) < section.index(ids[1])
    assert "28 Nov 2025" in section and "Overdue" in section and "3 Dec 2025" in section
    overdue = kit.client(officer).get("/staff/?what=requests&when=overdue").get_data(as_text=True)
    assert ids[0] in overdue and ids[1] not in overdue


@pytest.fixture
def mould(kit):
    officer = kit.person("officer")
    customer = kit.customer(name="Nia Mould-Free", address=["7 Oak Road", "Oldtown", "AB1 2CD"], phone="01632 960123")
    case_id = kit.case(customer, officer, summary="Damp in the back bedroom", risk_of_harm=True,
                       what_went_wrong="Black mould spreads over the wall where my daughter sleeps; she has asthma.")
    return kit.client(officer), case_id


def _result(client, text: str) -> str:
    html = client.get("/staff/search", query_string={"q": text}).get_data(as_text=True)
    return html.split("Complaints found")[1].split("</table>")[0]


@pytest.mark.parametrize("text, where", [
    ("01632 960123", "Matched: phone"), ("ab1 2cd", "Matched: postcode"), ("oak road", "Matched: address"),
    ("damp", "Matched: summary: “<mark>damp</mark> in the back bedroom”"),
])
def test_search_says_where_it_matched(mould, text, where):
    client, case_id = mould
    result = _result(client, text)
    assert case_id in result and where in result and "tag-risk" in result


def test_search_finds_the_complaints_own_words_and_shows_them_in_context(mould):
    client, case_id = mould
    result = _result(client, "asthma")
    assert case_id in result
    assert re.search(r"Matched: the complaint(&#39;|')s words: “…spreads over the wall where my "
                     r"daughter sleeps; she has <mark>asthma</mark>.”", result)
    both = _result(client, "mould")
    assert "Matched: name" in both and "over the wall" in both and "<mark>mould</mark> spreads" in both
