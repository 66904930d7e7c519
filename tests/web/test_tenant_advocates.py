"""Advocates: naming one, what they see, complaining for someone new (awaiting confirmation)."""

from __future__ import annotations

import pytest

from tests.web.test_tenant_support import (  # noqa: F401  (world is a fixture)
    SUMMARY,
    case_id_from,
    make_complaint,
    post,
    text_of,
    world,
)


@pytest.fixture
def pair(world):
    """Tess (a tenant) and Ada (an advocate account), both signed in, not yet linked."""
    tess = world.tenant()
    ada = world.advocate()
    return tess, ada, world.client("tess@example.com"), world.client("ada@example.com")


def test_a_tenant_names_an_advocate_who_then_sees_their_complaints(world, pair):
    tess, ada, tess_client, ada_client = pair
    case_id = world.complaint(tess)
    world.acknowledge(case_id)
    assert ada_client.get(f"/complaints/{case_id}").status_code == 404
    reply = post(tess_client, "/advocates", {"email": "ADA@example.com "})
    assert reply.status_code == 302
    assert world.user(tess)["advocates"] == [ada] and world.user(ada)["acting_for"] == [tess]
    assert "Ada Advocate" in text_of(tess_client.get("/advocates"))
    people = text_of(ada_client.get("/people"))
    assert "Tess Tenant" in people and f"/people/{tess}" in people
    listing = text_of(ada_client.get("/complaints"))
    assert case_id in listing and SUMMARY in listing
    assert ada_client.get(f"/complaints/{case_id}").status_code == 200
    letter = world.letters(case_id)[0]["id"]
    assert ada_client.get(f"/letters/{letter}").status_code == 200
    assert ada_client.get(f"/people/{tess}/contact-arrangements").status_code == 200


@pytest.mark.parametrize("email", ["nobody@example.com", "tess@example.com"])
def test_only_an_advocate_account_can_be_named(world, pair, email):
    tess, _, tess_client, _ = pair
    reply = post(tess_client, "/advocates", {"email": email})
    assert reply.status_code == 400 and "We could not find an account" in text_of(reply)
    assert "advocates" not in world.user(tess)


def test_removing_an_advocate_ends_their_access(world, pair):
    tess, ada, tess_client, ada_client = pair
    case_id = world.complaint(tess)
    post(tess_client, "/advocates", {"email": "ada@example.com"})
    assert ada_client.get(f"/complaints/{case_id}").status_code == 200
    reply = post(tess_client, f"/advocates/{ada}/remove")
    assert reply.status_code == 302
    assert world.user(ada)["acting_for"] == [] and world.user(tess)["advocates"] == []
    assert ada_client.get(f"/complaints/{case_id}").status_code == 404
    tess_history = [line["what"] for line in world.user(tess)["history"]]
    assert tess_history[-2:] == [f"Named Ada Advocate ({ada}) to act for them", f"Stopped {ada} acting for them"]
    assert world.user(ada)["history"][-1] == {**world.user(ada)["history"][-1], "by": tess,
                                               "what": f"No longer acts for {tess}"}


def test_an_advocate_complains_for_someone_they_act_for(world):
    tess = world.tenant()
    world.advocate(acting_for=(tess,))
    client = world.client("ada@example.com")
    reply = make_complaint(client, {"who": {"person": tess, "relationship": "mp"}})
    case = world.case(case_id_from(reply))
    assert case.customer_id == tess
    assert (case.state.representative.name, case.state.representative.relationship) == ("Ada Advocate", "mp")
    assert client.get(f"/complaints/{case.id}").status_code == 200


def test_an_advocate_complains_for_someone_new_awaiting_confirmation(world):
    ada = world.advocate()
    client = world.client("ada@example.com")
    person = {"name": "Pat Person", "address": "1 High Street\nLeeds", "phone": "0113 000 0000",
              "email": "pat@example.com"}
    reply = make_complaint(client, {"who": {"person": "new", "relationship": "relative"}, "person": person})
    case_id = case_id_from(reply)
    customer_id = world.case(case_id).customer_id
    record = world.user(customer_id)
    assert record["kind"] == "tenant" and record["password_hash"] == "" and record["email"] == ""
    assert record["address"] == ["1 High Street", "Leeds"] and record["contact_email"] == "pat@example.com"
    assert world.user(ada)["pending_for"] == [customer_id] and not world.user(ada).get("acting_for")
    confirmation = text_of(client.get(reply.headers["Location"]))
    assert "Awaiting confirmation" in confirmation and case_id in confirmation
    people = text_of(client.get("/people"))
    assert "Pat Person" in people and "Awaiting confirmation" in people and case_id in people
    assert client.get(f"/complaints/{case_id}").status_code == 404      # not until staff confirm
    assert client.get(f"/people/{customer_id}").status_code == 404
    with world.app.app_context():                                         # what the staff confirm action does
        from portal.data import get_store
        get_store().users.update(ada, pending_for=[], acting_for=[customer_id])
    assert client.get(f"/complaints/{case_id}").status_code == 200


def test_a_new_person_needs_a_name_and_address(world):
    world.advocate()
    client = world.client("ada@example.com")
    post(client, "/complaints/new")
    post(client, "/complaints/new/who", {"person": "new", "relationship": "advocate"})
    reply = post(client, "/complaints/new/person", {"name": "", "address": ""})
    assert reply.status_code == 400
    assert "Enter their full name" in text_of(reply) and "Enter their address" in text_of(reply)


def test_an_advocate_cannot_pick_someone_they_do_not_act_for(world):
    stranger = world.tenant()
    world.advocate()
    client = world.client("ada@example.com")
    post(client, "/complaints/new")
    reply = post(client, "/complaints/new/who", {"person": stranger, "relationship": "advocate"})
    assert reply.status_code == 400 and "Select who the complaint is for" in text_of(reply)


@pytest.mark.parametrize("email, path, goes_to", [
    ("ada@example.com", "/advocates", "/people"),
    ("tess@example.com", "/people", "/advocates"),
])
def test_each_side_is_sent_to_its_own_page(world, pair, email, path, goes_to):
    reply = world.client(email).get(path)
    assert reply.status_code == 302 and reply.headers["Location"].endswith(goes_to)


PAT = {"name": "Pat Person", "address": "1 High Street\nLeeds", "phone": "0113 000 0000", "email": "pat@example.com"}


def test_an_advocate_s_questions_name_the_person_helped(world):
    tess = world.tenant(name="Maria Lopez")
    world.advocate(acting_for=(tess,))
    client = world.client("ada@example.com")
    reply = make_complaint(client, {"who": {"person": tess, "relationship": "mp"}}, send=False)
    assert reply.headers["Location"].endswith("/check")
    for step, words in (("contact", "How should we contact Maria Lopez?"),
                        ("adjustments", "What would help Maria Lopez? (optional)"),
                        ("outcome", "What would put things right for Maria Lopez?")):
        page = text_of(client.get(f"/complaints/new/{step}"))
        assert words in page, step
        assert "How should we contact you?" not in page and "What would help you?" not in page
    check = text_of(client.get("/complaints/new/check"))
    assert "<dd class=\"pre\">Maria Lopez</dd>" in check
    assert "How we should contact Maria Lopez" in check and "What would help Maria Lopez" in check


def test_the_check_page_names_someone_new_not_someone_else(world):
    world.advocate()
    client = world.client("ada@example.com")
    make_complaint(client, {"who": {"person": "new", "relationship": "relative"}, "person": PAT}, send=False)
    check = text_of(client.get("/complaints/new/check"))
    assert "<dd class=\"pre\">Pat Person</dd>" in check and "Someone else" not in check


def test_a_complaint_just_made_for_someone_new_is_listed_for_the_advocate(world):
    world.advocate()
    client = world.client("ada@example.com")
    case_id = case_id_from(make_complaint(client, {"who": {"person": "new", "relationship": "relative"},
                                                   "person": PAT}))
    listing = text_of(client.get("/complaints"))
    assert "waiting for confirmation" in listing and case_id in listing and "Pat Person" in listing
    assert f'href="/complaints/{case_id}"' not in listing   # not to be opened until staff confirm
