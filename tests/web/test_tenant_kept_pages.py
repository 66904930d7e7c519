"""A complaint's page is kept rendered for its viewer, and never shown stale or to anyone else."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import replace

from flask import template_rendered

from portal.casework import case_of
from portal.data import get_store
from portal.domain.retention import scrub_event
from portal.projections import case_summary
from portal.rendered import Rendered
from tests.conftest import csrf_token
from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import SUMMARY, text_of, world  # noqa: F401  (world is a fixture)


@contextmanager
def renders(app):
    """The names of the templates rendered inside the block."""
    names: list[str] = []

    def note(_sender, template, context, **_extra):
        names.append(template.name)

    template_rendered.connect(note, app)
    try:
        yield names
    finally:
        template_rendered.disconnect(note, app)


def test_a_second_visit_is_served_without_rendering_and_reads_the_same(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    first = client.get(f"/complaints/{case_id}")
    with renders(world.app) as names:
        again = client.get(f"/complaints/{case_id}")
    assert names == []
    assert again.status_code == 200
    def without_token(page: str) -> str:
        return page.replace(csrf_token(page), "")

    assert without_token(text_of(again)) == without_token(text_of(first))


def test_a_new_step_shows_at_once(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    assert "Received at stage 1" in text_of(client.get(f"/complaints/{case_id}"))
    world.acknowledge(case_id)
    page = text_of(client.get(f"/complaints/{case_id}"))
    assert "Being looked into at stage 1" in page and "Received at stage 1" not in page


def test_a_letter_kept_without_a_new_step_shows_at_once(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    client.get(f"/complaints/{case_id}")
    with world.app.app_context():
        get_store().letters.add(case_id=case_id, customer_id=tenant_id, kind="note", title="A note about your visit",
                                pdf=b"%PDF-1.4 a note", created="2025-12-01T10:00:00+00:00")
    assert "A note about your visit" in text_of(client.get(f"/complaints/{case_id}"))


def test_events_rewritten_in_place_as_retention_does_are_shown_rewritten(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    assert SUMMARY in text_of(client.get(f"/complaints/{case_id}"))
    with world.app.app_context():
        store, record = get_store(), get_store().complaints.get(case_id)
        events = [scrub_event(e) for e in record.events]
        state = case_of(replace(record, events=tuple(events))).state
        row = case_summary(state, case_id=case_id, landlord=record.landlord, customer_id=tenant_id, customer=None,
                           version=world.app.extensions["projection_versions"][record.landlord])
        store.complaints.erase(case_id, events, row, expected_version=record.version)
    assert SUMMARY not in text_of(client.get(f"/complaints/{case_id}"))


def test_the_next_day_moves_the_dates(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    assert "Late" not in text_of(client.get(f"/complaints/{case_id}"))
    world.app.config["TODAY"] = "2025-12-12"  # past the acknowledgement date (Monday 8 December)
    assert "We are sorry." in text_of(client.get(f"/complaints/{case_id}"))


def test_a_message_to_show_once_is_shown_and_then_gone(world, tess):
    tenant_id, client = tess
    case_id = world.replied(tenant_id)
    client.get(f"/complaints/{case_id}")
    page = text_of(client.get(f"/complaints/{case_id}/stage-2"))
    reply = client.post(f"/complaints/{case_id}/stage-2", data={"csrf_token": csrf_token(page), "reason": ""},
                        follow_redirects=True)
    assert "You have asked for stage 2" in text_of(reply)
    assert "You have asked for stage 2" not in text_of(client.get(f"/complaints/{case_id}"))


def test_each_person_gets_their_own_page_and_a_live_form_token(world, tess):
    tenant_id, client = tess
    world.advocate(acting_for=(tenant_id,))
    ada = world.client("ada@example.com")
    case_id = world.complaint(tenant_id)
    mine = text_of(client.get(f"/complaints/{case_id}"))
    theirs = text_of(ada.get(f"/complaints/{case_id}"))
    assert "Complaints for Tess Tenant" in theirs and "Complaints for" not in mine
    assert "Ada Advocate" in text_of(ada.get(f"/complaints/{case_id}"))
    assert "Ada Advocate" not in text_of(client.get(f"/complaints/{case_id}"))
    kept = text_of(client.get(f"/complaints/{case_id}"))
    assert csrf_token(kept) != csrf_token(theirs)
    out = client.post("/sign-out", data={"csrf_token": csrf_token(kept)})
    assert out.status_code == 302 and client.get(f"/complaints/{case_id}").status_code == 302  # signed out


def test_a_name_change_shows_in_the_header_at_once(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    client.get(f"/complaints/{case_id}")
    with world.app.app_context():
        get_store().users.update(tenant_id, name="Tess Newname")
    assert "Tess Newname" in text_of(client.get(f"/complaints/{case_id}"))


def test_another_tenant_still_gets_404_for_a_kept_page(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    client.get(f"/complaints/{case_id}")
    world.tenant(email="tom@example.com", name="Tom Other")
    assert world.client("tom@example.com").get(f"/complaints/{case_id}").status_code == 404


def test_the_first_page_after_signing_in_does_not_rewrite_the_session_cookie(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    reply = client.get(f"/complaints/{case_id}")
    assert reply.status_code == 200 and "Set-Cookie" not in reply.headers


def test_kept_pages_are_bounded_and_compared_by_their_inputs():
    kept, rendered = Rendered(2), []

    def render(text):
        return lambda: rendered.append(text) or text

    assert kept.get("a", (1,), render("a1")) == "a1"
    assert kept.get("a", (1,), render("again")) == "a1"
    assert kept.get("a", (2,), render("a2")) == "a2"          # new inputs: rendered afresh
    kept.get("b", (1,), render("b1"))
    kept.get("c", (1,), render("c1"))                          # "a" was used least recently: it goes
    assert len(kept) == 2 and kept.get("a", (2,), render("a2 again")) == "a2 again"
    assert rendered == ["a1", "a2", "b1", "c1", "a2 again"]
    none = Rendered(0)
    none.get("a", (1,), render("x"))
    assert len(none) == 0
