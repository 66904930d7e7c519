"""Customer records staff change (what is kept, what is refused, who may) and long lists a page at a time."""

from __future__ import annotations

import html as html_text
import re
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from test_staff_kit import NOW, PASSWORD, csrf_token, error_beside, kit, post  # noqa: F401

from portal.domain import complaints as c
from portal.staff import paging
from portal.staff.customers import adjustment_answers, adjustment_codes

ADDRESS = ["4 Quay Street", "Oldtown", "AB1 9ZZ"]


@pytest.fixture
def officer(kit) -> tuple[str, object]:
    """(id, signed-in client) for a Torus officer."""
    return kit.staff_client("officer")


def _record(kit, **fields) -> str:
    fields = {"name": "Cara Change", "address": ADDRESS, "phone": "01234 111222", "email": "cara@example.com",
              "customer_ref": "T-4455", "vulnerability": "Hard of hearing",
              "adjustments": ["large_print", "another_language:Polish", "preferred_times:mornings",
                              "other:Ring the bell twice"], **fields}
    return kit.customer(**fields)


def _form(**changes) -> dict:
    """Everything the edit form sends for the customer `_record` makes, with `changes`."""
    return {"name": "Cara Change", "address": "\n".join(ADDRESS), "phone": "01234 111222",
            "email": "cara@example.com", "customer_ref": "T-4455", "adjustments": ["large_print"],
            "language": "Polish", "preferred_times": "mornings", "other_adjustment": "Ring the bell twice",
            "vulnerability": "Hard of hearing", **changes}


def _edit(customer_id: str) -> str:
    return f"/staff/customers/{customer_id}/edit"


def _field_value(html: str, field_id: str) -> str:
    """What an input or text area on the page holds."""
    area = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', html, re.S)
    if area:
        return html_text.unescape(area.group(1)).strip()
    tag = re.search(rf'<input[^>]*id="{field_id}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    return html_text.unescape(value.group(1)) if value else ""


def _ticked(html: str) -> set[str]:
    return set(re.findall(r'name="adjustments" value="([^"]+)" checked', html))


# -- changing a customer's record -----------------------------------------------------------


def test_the_customer_page_links_to_the_change_page(kit, officer):
    customer = _record(kit)
    html = officer[1].get(f"/staff/customers/{customer}").get_data(as_text=True)
    assert f'href="{_edit(customer)}"' in html


def test_the_change_page_is_filled_with_the_record_as_it_is(kit, officer):
    customer = _record(kit)
    page = officer[1].get(_edit(customer))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert _field_value(html, "name") == "Cara Change"
    assert _field_value(html, "address") == "4 Quay Street\nOldtown\nAB1 9ZZ"
    assert _field_value(html, "phone") == "01234 111222"
    assert _field_value(html, "email") == "cara@example.com"
    assert _field_value(html, "customer_ref") == "T-4455"
    assert _field_value(html, "language") == "Polish"
    assert _field_value(html, "preferred_times") == "mornings"
    assert _field_value(html, "other_adjustment") == "Ring the bell twice"
    assert _field_value(html, "vulnerability") == "Hard of hearing"
    assert _ticked(html) == {"large_print"}


def test_a_change_is_kept_with_one_noted_write_and_shown_on_the_customer_page(kit, officer, monkeypatch):
    staff_id, client = officer
    customer = _record(kit)
    before = kit.record(customer)
    form = _form(phone=" 07700 900123 ", adjustments=["large_print", "easy_read"], language="",
                 name="Cara Changed")
    page = client.get(_edit(customer))  # the token first, so only the save is counted
    writes = []
    Users = type(kit.app.extensions["store"].users)  # whichever backend the app runs on
    original = Users.update
    monkeypatch.setattr(Users, "update", lambda self, user_id, **kw: writes.append(user_id) or original(
        self, user_id, **kw))
    response = client.post(_edit(customer), data={**form, "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/customers/{customer}")
    assert writes == [customer]
    after = kit.record(customer)
    assert after["name"] == "Cara Changed" and after["phone"] == "07700 900123"
    assert sorted(after["adjustments"]) == sorted(["large_print", "easy_read", "preferred_times:mornings",
                                                   "other:Ring the bell twice"])
    assert after["address"] == ADDRESS and after["email"] == before["email"]  # untouched fields kept
    assert len(after["history"]) == len(before["history"]) + 1
    assert after["history"][-1]["by"] == staff_id
    assert after["history"][-1]["what"] == "Record changed: name, phone, reasonable adjustments"
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "record changed: name, phone, reasonable adjustments" in shown
    assert "07700 900123" in shown and "Easy Read versions" in shown


def test_sending_the_record_back_unchanged_writes_nothing(kit, officer):
    customer = _record(kit, adjustments=["easy_read", "large_print", "another_language:Polish",
                                         "another_language:Welsh"])
    before = kit.record(customer)
    html = officer[1].get(_edit(customer)).get_data(as_text=True)
    assert _field_value(html, "language") == "Polish; Welsh"  # both kept, in one field
    response = post(officer[1], _edit(customer), _form(adjustments=["large_print", "easy_read"],
                                                       language="Polish; Welsh", preferred_times="",
                                                       other_adjustment=""))
    assert response.status_code == 302
    assert kit.record(customer) == before
    assert "Nothing was changed" in officer[1].get(response.headers["Location"]).get_data(as_text=True)


def test_an_email_is_kept_in_lower_case_and_can_be_cleared_for_someone_without_an_account(kit, officer):
    customer = _record(kit)
    post(officer[1], _edit(customer), _form(email="  Cara.New@Example.COM "))
    assert kit.record(customer)["email"] == "cara.new@example.com"
    post(officer[1], _edit(customer), _form(email=""))
    after = kit.record(customer)
    assert after["email"] == ""
    assert after["history"][-1]["what"] == "Record changed: email"


@pytest.mark.parametrize("changes, field, message", [
    ({"name": "   "}, "name", "Enter the customer's full name"),
    ({"name": "N" * 201}, "name", "Keep this under 200 characters"),
    ({"email": "not an email"}, "email", "Enter an email address like name@example.com"),
    ({"email": "TAKEN@example.com"}, "email", "Another person's record already uses this email address"),
    ({"adjustments": ["large_print", "teleport"]}, "adjustments", "Choose from the options given"),
    ({"vulnerability": "v" * 10001}, "vulnerability", "Keep this under 10,000 characters"),
])
def test_a_change_against_the_rules_is_refused_beside_the_field_keeping_what_was_typed(
        kit, officer, changes, field, message):
    kit.customer(name="Tom Taken", email="taken@example.com")
    customer = _record(kit)
    before = kit.record(customer)
    response = post(officer[1], _edit(customer), _form(phone="0800 TYPED", **changes))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in error_beside(html, field)
    assert 'class="error-summary"' in html
    assert _field_value(html, "phone") == "0800 TYPED"
    assert kit.record(customer) == before


def _account(kit, email: str) -> str:
    """A tenant who registered: they sign in with `email`."""
    from portal.accounts import create_user

    with kit.app.app_context():
        return create_user(kind="tenant", email=email, name="Ada Account", password=PASSWORD, landlord="torus",
                           address=["7 Sign Street"])


def _signed_in(app, email: str):
    """A tenant's client signed in with a remember cookie too."""
    client = app.test_client()
    page = client.get("/sign-in")
    response = client.post("/sign-in", data={"email": email, "password": PASSWORD, "remember": "y",
                                             "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 302
    return client


def _account_form(**changes) -> dict:
    return {"name": "Ada Account", "address": "7 Sign Street", "email": "ada@example.com", **changes}


def test_changing_the_email_of_someone_who_signs_in_ends_their_sessions(app, kit, officer):
    tenant = _account(kit, "ada@example.com")
    session = _signed_in(app, "ada@example.com")
    remembered = app.test_client()
    remembered.set_cookie("remember_token", session.get_cookie("remember_token").value)
    assert session.get("/complaints").status_code == 200
    assert "signed out everywhere" in officer[1].get(_edit(tenant)).get_data(as_text=True)
    response = post(officer[1], _edit(tenant), _account_form(email="ada.new@example.com"))
    assert response.status_code == 302
    for client in (session, remembered):
        gone = client.get("/complaints")
        assert gone.status_code == 302 and "/sign-in" in gone.headers["Location"]
    assert _signed_in(app, "ada.new@example.com").get("/complaints").status_code == 200
    assert kit.record(tenant)["history"][-1]["what"] == "Record changed: email"


def test_other_changes_leave_someone_who_signs_in_signed_in(app, kit, officer):
    tenant = _account(kit, "ada@example.com")
    session = _signed_in(app, "ada@example.com")
    response = post(officer[1], _edit(tenant), _account_form(name="Ada Renamed", phone="01234 555666"))
    assert response.status_code == 302
    assert session.get("/complaints").status_code == 200
    assert kit.record(tenant)["name"] == "Ada Renamed"


def test_someone_who_signs_in_keeps_an_email(app, kit, officer):
    tenant = _account(kit, "ada@example.com")
    before = kit.record(tenant)
    session = _signed_in(app, "ada@example.com")
    response = post(officer[1], _edit(tenant), _account_form(email="", phone="0800 TYPED"))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "cannot be removed" in error_beside(html, "email")
    assert _field_value(html, "phone") == "0800 TYPED"
    assert kit.record(tenant) == before
    assert session.get("/complaints").status_code == 200


def test_a_new_name_and_address_reach_complaint_search_and_the_queues(kit, officer):
    staff_id, client = officer
    customer = _record(kit)
    case_id = kit.case(customer, staff_id)
    post(client, _edit(customer), _form(name="Zoe Newname", address="9 Fresh Road\nOldtown"))
    assert case_id in client.get("/staff/search?q=newname").get_data(as_text=True)
    assert case_id in client.get("/staff/search?q=fresh road").get_data(as_text=True)
    assert case_id not in client.get("/staff/search?q=quay street").get_data(as_text=True)
    assert "Zoe Newname" in client.get("/staff/?what=ack1").get_data(as_text=True)


def test_only_staff_of_the_customers_landlord_may_change_a_record(app, kit, officer):
    customer = _record(kit)
    before = kit.record(customer)
    _, other_landlord = kit.staff_client("director", landlord="connect")
    tenant = kit.client(kit.person(None, kind="tenant"))
    stranger = app.test_client()
    stranger_token = csrf_token(stranger.get("/sign-in").get_data(as_text=True))
    assert other_landlord.get(_edit(customer)).status_code == 404
    assert post(other_landlord, _edit(customer), _form(name="Hijacked"), page_url="/staff/").status_code == 404
    assert tenant.get(_edit(customer)).status_code == 403
    token = csrf_token(tenant.get("/account/password").get_data(as_text=True))
    assert tenant.post(_edit(customer), data={**_form(name="Hijacked"), "csrf_token": token}).status_code == 403
    sent = stranger.post(_edit(customer), data={**_form(name="Hijacked"), "csrf_token": stranger_token})
    for response in (stranger.get(_edit(customer)), sent):
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert kit.record(customer) == before


@pytest.mark.parametrize("kind, extra", [("staff", {"role": "director"}), ("advocate", {"acting_for": []})])
def test_staff_and_advocate_accounts_are_not_customers(kit, officer, kind, extra):
    user = kit.person(extra.pop("role", None), kind=kind, **extra)
    before = kit.record(user)
    assert officer[1].get(_edit(user)).status_code == 404
    refused = post(officer[1], _edit(user), {"name": "Renamed", "email": "new@example.com"}, page_url="/staff/")
    assert refused.status_code == 404
    assert kit.record(user) == before


def test_an_unknown_customer_is_not_found(officer):
    assert officer[1].get(_edit("U-999999")).status_code == 404


@pytest.mark.parametrize("codes, answers", [
    ([], {"adjustments": [], "language": "", "preferred_times": "", "contact_instead": "", "other_adjustment": ""}),
    (["interpreter", "another_language:BSL", "other:Large font"],
     {"adjustments": ["interpreter"], "language": "BSL", "preferred_times": "", "contact_instead": "", "other_adjustment": "Large font"}),
    (["preferred_times:after 4pm", "preferred_times:weekends", "another_language:"],
     {"adjustments": [], "language": "", "preferred_times": "after 4pm; weekends", "contact_instead": "", "other_adjustment": ""}),
    (["braille_letters"],  # a code this form does not offer stays on the record, in words
     {"adjustments": [], "language": "", "preferred_times": "", "contact_instead": "", "other_adjustment": "Braille letters"}),
    (["bsl", "contact_instead:Ana Lopez, 07700 900123"],  # what a tenant chose on "Your details"
     {"adjustments": ["bsl"], "language": "", "preferred_times": "", "contact_instead": "Ana Lopez, 07700 900123",
      "other_adjustment": ""}),
])
def test_stored_adjustments_as_the_forms_answers(codes, answers):
    assert adjustment_answers(codes) == answers


def test_the_forms_answers_as_stored_adjustments():
    assert adjustment_codes({"adjustments": ["easy_read"], "language": " Urdu ", "preferred_times": "",
                             "other_adjustment": "Call first"}) == ["easy_read", "another_language:Urdu",
                                                                    "other:Call first"]


# -- a page at a time -----------------------------------------------------------------------


@pytest.mark.parametrize("raw, number", [
    (None, 1), ("", 1), ("1", 1), ("2", 2), (" 3 ", 3), ("03", 3), ("4", 3), ("1000000000000000000000", 3),
    ("0", 1), ("000", 1), ("-2", 1), ("two", 1), ("1.5", 1), ("²", 1), ("٣", 1),
])
def test_the_page_asked_for_or_the_nearest_real_one(raw, number):
    page = paging.paginate(list(range(120)), raw)
    assert (page.number, page.pages, page.total) == (number, 3, 120)
    assert page.rows == tuple(range((number - 1) * 50, min(number * 50, 120)))


def test_pages_know_their_neighbours_and_what_they_show():
    first, last = paging.paginate(list(range(120)), "1"), paging.paginate(list(range(120)), "3")
    assert (first.previous, first.next, first.first_shown, first.last_shown) == (None, 2, 1, 50)
    assert (last.previous, last.next, last.first_shown, last.last_shown) == (2, None, 101, 120)
    empty = paging.paginate([], "5")
    assert (empty.number, empty.pages, empty.rows, empty.first_shown, empty.next) == (1, 1, (), 0, None)
    assert paging.PER_PAGE == 50


def _links(html: str) -> dict[str, str]:
    """The Previous and Next links of the page's pagination, unescaped."""
    return {rel: html_text.unescape(href) for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)"', html)}


def _rows(html: str, section: str = "") -> int:
    part = html.split(section, 1)[1].split("</table>", 1)[0] if section else html.split("</table>", 1)[0]
    return part.count("<tr>") - 1  # less the heading row


def _args(url: str) -> dict[str, str]:
    return dict(re.findall(r"[?&]([^=&]+)=([^&]*)", url))


@pytest.fixture
def busy(kit):
    """55 complaints all owing an acknowledgement, for customers whose names share 'Pager'."""
    officer = kit.person("officer")
    cases = []
    for n in range(55):
        customer = kit.customer(name=f"Pat Pager {n:02d}", address=[f"{n} Page Road", "Oldtown"])
        cases.append(kit.case(customer, officer, received_on=date(2025, 11, 3) + timedelta(days=n % 28)))
    return kit.client(officer), cases


def test_the_work_list_shows_its_first_fifty_and_links_to_the_rest(busy):
    client, cases = busy
    html = client.get("/staff/?when=all&stage=1&sort=-due").get_data(as_text=True)
    section = html.split('id="work-title"')[1].split("</section>")[0]
    assert "(55)" in section
    assert _rows(section, "<table") == 50
    assert "Showing 1 to 50 of 55" in section
    assert _args(_links(section)["next"]) == {"stage": "1", "sort": "-due", "page": "2"}


def test_a_queue_alone_turns_its_pages_keeping_the_filters(busy):
    client, cases = busy
    first = client.get("/staff/?what=ack1&when=all&stage=1&sort=-due").get_data(as_text=True)
    assert _rows(first, 'id="work-title"') == 50
    assert "Page 1 of 2" in first
    links = _links(first)
    assert set(links) == {"next"}
    assert _args(links["next"]) == {"what": "ack1", "stage": "1", "sort": "-due", "page": "2"}
    second = client.get(links["next"]).get_data(as_text=True)
    assert _rows(second, 'id="work-title"') == 5
    assert "Page 2 of 2" in second and "Showing 51 to 55 of 55" in second
    assert set(_links(second)) == {"prev"}
    assert _args(_links(second)["prev"])["page"] == "1"
    shown = [c for c in cases if c in first] + [c for c in cases if c in second]
    assert sorted(shown) == sorted(cases)  # every case once, over the two pages


@pytest.mark.parametrize("page, number", [("99", 2), ("abc", 1), ("0", 1), ("-1", 1)])
def test_a_page_out_of_range_shows_the_nearest_one(busy, page, number):
    client, _ = busy
    response = client.get(f"/staff/?what=ack1&page={page}")
    assert response.status_code == 200
    assert f"Page {number} of 2" in response.get_data(as_text=True)


def test_complaint_search_a_page_at_a_time(busy):
    client, cases = busy
    first = client.get("/staff/search?q=pager").get_data(as_text=True)
    assert "55 complaints found" in first
    assert _rows(first, "Complaints found") == 50
    assert _args(_links(first)["next"]) == {"q": "pager", "page": "2"}
    last = client.get("/staff/search?q=pager&page=7").get_data(as_text=True)
    assert _rows(last, "Complaints found") == 5 and "Page 2 of 2" in last


def test_customer_search_a_page_at_a_time(kit, officer):
    for n in range(51):
        kit.customer(name=f"Mo Many {n:02d}")
    first = officer[1].get("/staff/customers?q=many").get_data(as_text=True)
    assert "51 customers found" in first
    assert _rows(first, "Customers found") == 50
    second = officer[1].get(_links(first)["next"]).get_data(as_text=True)
    assert _args(_links(first)["next"]) == {"q": "many", "page": "2"}
    assert _rows(second, "Customers found") == 1 and "Mo Many 50" in second


def test_a_search_matching_more_than_a_thousand_says_so_and_pages_through_the_first_thousand(kit):
    from portal.store.summaries import MOST_COUNTED

    officer = kit.person("officer")
    customer = kit.customer(name="Sal Common")
    first = kit.case(customer, officer)
    store = kit.app.extensions["store"]
    record = store.complaints.get(first)
    store.complaints.create_many([{"landlord": "torus", "customer_id": customer, "events": record.events,
                                   "summary": record.summary} for _ in range(MOST_COUNTED)])
    client = kit.client(officer)
    html = client.get("/staff/search?q=common").get_data(as_text=True)
    assert "More than 1,000 complaints found for “common”" in html
    assert "Add a word, a postcode or a reference to narrow it." in html
    assert "Showing 1 to 50 of more than 1,000 complaints." in html and "Page 1 of 20" in html
    assert _rows(html, "Complaints found") == 50 and f"/staff/cases/{first}" in html  # oldest first
    last = client.get(_links(html)["next"].replace("page=2", "page=20")).get_data(as_text=True)
    assert "Showing 951 to 1,000 of more than 1,000 complaints." in last and "Page 20 of 20" in last
    assert _rows(last, "Complaints found") == 50 and set(_links(last)) == {"prev"}
    narrowed = client.get("/staff/search", query_string={"q": first}).get_data(as_text=True)
    assert "1 complaint found" in narrowed and "More than" not in narrowed


def test_open_service_requests_a_page_at_a_time(kit):
    from portal import casework
    from portal.data import get_profile

    officer = kit.person("officer")
    customer = kit.customer(name="Sid Service")
    with kit.app.app_context():
        for n in range(52):
            casework.open_complaint(c.log_service_request, kit.actor(officer), customer, today=date(2025, 11, 28),
                                    now=NOW, profile=get_profile("torus"), channel="phone",
                                    received_on=date(2025, 11, 28), summary=f"Bin {n} not emptied")
    client = kit.client(officer)
    everything = client.get("/staff/").get_data(as_text=True)
    assert _rows(everything, 'id="work-title"') == 50 and "Showing 1 to 50 of 52" in everything
    alone = client.get("/staff/?what=requests&page=2").get_data(as_text=True)
    assert _rows(alone, 'id="work-title"') == 2 and "Page 2 of 2" in alone
    assert ">Service request</td>" in alone and ">Acknowledgement</td>" not in alone


def test_protocol_reviews_a_page_at_a_time(kit, officer, monkeypatch):
    from portal import conductwork

    people = [kit.customer(name=f"Rex Review {n:02d}") for n in range(53)]
    due = [SimpleNamespace(customer_id=p, review_on=date(2025, 12, 5)) for p in people]
    monkeypatch.setattr(conductwork, "review_list", lambda landlord, today: due)
    first = officer[1].get("/staff/conduct/reviews").get_data(as_text=True)
    assert _rows(first, "<table") == 50 and "Page 1 of 2" in first
    second = officer[1].get(_links(first)["next"]).get_data(as_text=True)
    assert _rows(second, "<table") == 3 and "Rex Review 52" in second


def test_two_people_editing_at_once_the_second_sees_both_values_and_nothing_is_lost(kit, officer):
    """Old code saved the second edit over the first without a word."""
    customer = _record(kit)
    first = officer[1]
    second = kit.staff_client("officer")[1]
    first_page = first.get(_edit(customer)).get_data(as_text=True)
    second_page = second.get(_edit(customer)).get_data(as_text=True)
    version = _field_value(first_page, "version")
    assert version.isdigit()
    saved = first.post(_edit(customer), data={**_form(phone="07700 900001"), "version": version,
                                              "csrf_token": csrf_token(first_page)})
    assert saved.status_code == 302
    clash = second.post(_edit(customer), data={**_form(phone="07700 900002"), "version": version,
                                               "csrf_token": csrf_token(second_page)})
    html = clash.get_data(as_text=True)
    assert clash.status_code == 200 and "Someone else changed this record" in html
    assert "07700 900001" in html and "07700 900002" in html  # both values, side by side
    assert kit.record(customer)["phone"] == "07700 900001"  # the first edit is kept
    again = second.post(_edit(customer), data={**_form(phone="07700 900002"),
                                               "version": _field_value(html, "version"),
                                               "csrf_token": csrf_token(html)})
    assert again.status_code == 302 and kit.record(customer)["phone"] == "07700 900002"
