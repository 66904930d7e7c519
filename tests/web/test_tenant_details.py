"""'Your details': phone, address, how we contact you and the help you need; recorded, seen by staff, in letters."""

from __future__ import annotations

import pytest

from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import ANSWERS, make_complaint, post, text_of, world  # noqa: F401

GOOD = {"phone": "0161 496 0000", "address": "1 Mill Lane\nSalford\nM5 4WT", "contact": "phone",
        "help": ["large_print", "interpreter", "contact_instead"], "language": "Polish",
        "contact_instead": "My daughter, Ana Lopez, 07700 900123"}


def test_a_tenant_has_a_details_page_beside_password(tess):
    _, client = tess
    home = text_of(client.get("/complaints"))
    assert 'href="/your-details"' in home
    page = text_of(client.get("/your-details"))
    assert "Phone number" in page and "How we contact you" in page and "Help you need" in page


def test_changing_details_keeps_them_as_adjustments_with_history(world, tess):
    tenant_id, client = tess
    reply = post(client, "/your-details/change", GOOD)
    assert reply.status_code == 302, text_of(reply)
    record = world.user(tenant_id)
    assert record["phone"] == "0161 496 0000" and record["address"] == ["1 Mill Lane", "Salford", "M5 4WT"]
    assert record["contact_preference"] == "phone"
    assert record["adjustments"] == ["large_print", "interpreter", "another_language:Polish",
                                     "contact_instead:My daughter, Ana Lopez, 07700 900123"]
    last = record["history"][-1]
    assert last["by"] == tenant_id and "Changed phone number from nothing to '0161 496 0000'" in last["what"]
    assert "Changed reasonable adjustments" in last["what"]
    page = text_of(client.get("/your-details"))
    assert "Letters in large print" in page and "Information in another language: Polish" in page
    assert "Contact someone else instead: My daughter" in page and "Changed phone number" in page
    post(client, "/your-details/change", {**GOOD, "phone": "0161 496 0001"})
    assert "Changed phone number from '0161 496 0000' to '0161 496 0001'" in world.user(tenant_id)["history"][-1]["what"]


def test_by_phone_with_no_number_asks_for_it_on_the_same_page(world, tess):
    tenant_id, client = tess
    reply = post(client, "/your-details/change", {**GOOD, "phone": ""})
    page = text_of(reply)
    assert reply.status_code == 400 and "Enter the phone number we should call" in page
    assert 'href="#phone"' in page and "<title>Error: " in page
    assert "My daughter, Ana Lopez" in page            # nothing else entered is lost
    assert "phone" not in world.user(tenant_id) or not world.user(tenant_id)["phone"]


@pytest.mark.parametrize("change, message", [
    ({"phone": "call me"}, "Enter a phone number, like"),
    ({"help": ["interpreter"], "language": ""}, "Enter the language you need an interpreter for"),
    ({"contact": "letter", "address": ""}, "Enter the address we should write to"),
])
def test_bad_details_get_a_message_beside_the_field(tess, change, message):
    _, client = tess
    reply = post(client, "/your-details/change", {**GOOD, **change})
    assert reply.status_code == 400 and message in text_of(reply)


def test_staff_see_the_adjustments_the_tenant_chose(world, tess):
    tenant_id, client = tess
    post(client, "/your-details/change", GOOD)
    from portal.domain.roles import Role
    staff_id = world.person("staff", "officer@torus.example", "Olu Officer", role=Role.COMPLAINTS_OFFICER.value)
    page = text_of(world.client("officer@torus.example").get(f"/staff/customers/{tenant_id}"))
    assert "Large print letters" in page and "Information in Polish" in page
    assert "Contact someone else instead: My daughter, Ana Lopez" in page
    assert staff_id


def test_by_phone_at_intake_with_no_number_asks_for_it(world, tess):
    tenant_id, client = tess
    post(client, "/complaints/new")
    for step in ("triage", "risk", "what", "when", "outcome"):
        post(client, f"/complaints/new/{step}", ANSWERS[step])
    reply = post(client, "/complaints/new/contact", {"contact": "phone", "detail": ""})
    assert reply.status_code == 400 and "Enter the phone number we should call" in text_of(reply)
    make_complaint(client, {"contact": {"contact": "phone", "detail": "0161 496 0000"}})
    record = world.user(tenant_id)
    assert record["phone"] == "0161 496 0000" and record["contact_preference"] == "phone"


def test_letters_follow_the_contact_details(world, tess):
    tenant_id, client = tess
    post(client, "/your-details/change", {**GOOD, "help": [], "contact": "phone"})
    case_id = world.complaint(tenant_id)
    world.acknowledge(case_id)
    with world.app.app_context():
        from portal.data import get_store
        from pypdf import PdfReader
        from io import BytesIO
        letter = world.letters(case_id)[-1]
        text = " ".join(p.extract_text() for p in PdfReader(BytesIO(get_store().letters.pdf_bytes(letter["id"]))).pages)
    assert "1 Mill Lane" in text and "By email" not in text
    assert "0161 496 0000" in text
