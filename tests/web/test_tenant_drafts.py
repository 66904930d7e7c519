"""A draft complaint is kept on the server for 24 hours, across sign-in and devices."""

from __future__ import annotations

from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import ANSWERS, make_complaint, post, text_of, world  # noqa: F401


def test_a_draft_follows_the_person_to_a_new_sign_in_on_another_device(world, tess):
    _, phone = tess
    post(phone, "/complaints/new")
    post(phone, "/complaints/new/triage", ANSWERS["triage"])
    post(phone, "/complaints/new/risk", ANSWERS["risk"])
    post(phone, "/complaints/new/what", ANSWERS["what"])
    laptop = world.client("tess@example.com")           # a second device, a fresh sign-in
    page = laptop.get("/complaints/new/what")
    assert page.status_code == 200 and ANSWERS["what"]["summary"] in text_of(page)
    assert laptop.get("/complaints/new/check").headers["Location"].endswith("/complaints/new/when")


def test_someone_else_never_gets_the_draft(world, tess):
    _, client = tess
    post(client, "/complaints/new")
    post(client, "/complaints/new/triage", ANSWERS["triage"])
    world.tenant("other@example.com", "Other Person")
    other = world.client("other@example.com")
    assert other.get("/complaints/new/risk").headers["Location"].endswith("/complaints/new")


def test_once_sent_the_draft_is_gone_everywhere(world, tess):
    _, client = tess
    make_complaint(client)
    laptop = world.client("tess@example.com")
    assert laptop.get("/complaints/new/check").headers["Location"].endswith("/complaints/new")
