"""One complaint's page and the list: the next date once, plain badges, true order, the ombudsman after the end."""

from __future__ import annotations

import re
from datetime import date

import pytest

from portal.domain import complaints as c
from portal.domain.events import Actor
from portal.domain.roles import Role
from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import (  # noqa: F401  (world is a fixture)
    case_id_from,
    make_complaint,
    staff,
    text_of,
    world,
)


def _box(page: str) -> str:
    match = re.search(r'<div class="panel[^"]*" id="next">(.*?)</div>', page, re.S)
    assert match, "no 'what happens next' box"
    return match.group(1)


def test_the_next_date_is_given_once_in_one_box(world, tess):
    _, client = tess
    case_id = case_id_from(make_complaint(client))
    page = text_of(client.get(f"/complaints/{case_id}"))
    assert page.count("Monday 8 December 2025") == 1          # the acknowledgement date, once
    box = _box(page)
    assert "What happens next" in box and "Monday 8 December 2025" in box
    assert "by <strong>Monday 22 December 2025</strong> at the latest" in box   # the reply date stands alone
    assert "We will write to tell you we have it" not in page


def test_newest_first_goes_by_the_date_made_not_the_date_logged(world, tess):
    tenant_id, client = tess
    recent = world.complaint(tenant_id, date(2025, 11, 28), summary="Made on the 28th")
    posted = world.complaint(tenant_id, date(2025, 11, 11), summary="Posted on the 11th")  # logged later
    page = text_of(client.get("/complaints"))
    assert page.index(recent) < page.index(posted)


@pytest.mark.parametrize("steps, words", [
    ((), "Received at stage 1"),
    (("ack",), "Being looked into at stage 1"),
    (("ack", "reply"), "Stage 1 reply sent"),
    (("ack", "reply", "ask"), "Stage 2 asked for"),
])
def test_badges_read_as_one_plain_phrase(world, tess, steps, words):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    if "ack" in steps:
        world.acknowledge(case_id)
    if "reply" in steps:
        world.respond(case_id)
    if "ask" in steps:
        world.act(case_id, c.request_escalation, actor=Actor(tenant_id, "Tess Tenant"), reason="Still leaking")
    for url in ("/complaints", f"/complaints/{case_id}"):
        page = text_of(client.get(url))
        tags = re.findall(r'<strong class="tag[^"]*">([^<]*)</strong>', page)
        assert tags == [words]
        assert "Stage 2 asked for · Stage 1" not in page and 'class="meta">Stage 1<' not in page


def test_a_service_request_badge_does_not_say_it_twice(world, tess):
    tenant_id, client = tess
    with world.app.app_context():
        from portal.casework import open_complaint
        from portal.data import get_profile
        from tests.web.test_tenant_support import NOW, OFFICER
        case = open_complaint(c.log_service_request, OFFICER, tenant_id, today=date(2025, 12, 1), now=NOW,
                              profile=get_profile("torus"), channel="phone", summary="Broken gate")
    page = text_of(client.get("/complaints"))
    row = page[page.index(case.id):]
    assert row[:row.index("</tr>")].count("Service request") == 1


@pytest.mark.parametrize("risk, words", [("yes", "Yes: you told us someone is at risk of harm"), ("no", "No")])
def test_what_you_told_us_includes_the_risk_answer(tess, risk, words):
    _, client = tess
    case_id = case_id_from(make_complaint(client, {"risk": {"risk": risk}}))
    page = text_of(client.get(f"/complaints/{case_id}"))
    told = page[page.index("What you told us"):]
    assert "Is anyone at risk of harm" in told and words in told


def _final_reply(world, tenant_id: str, landlord_role: Role = Role.MANAGER) -> str:
    """A complaint answered at stage 1, taken to stage 2 and answered there (the final reply), on 1 December."""
    case_id = world.replied(tenant_id, date(2025, 11, 3))
    world.act(case_id, c.request_escalation, date(2025, 11, 10), actor=Actor(tenant_id, "Tess Tenant"),
              reason="Still leaking")
    with world.app.app_context():
        from portal.data import get_profile
        profile = get_profile(world.user(tenant_id)["landlord"])
    world.act(case_id, c.escalate_complaint, date(2025, 11, 11), actor=staff(profile.complaints.stage2.responder_role))
    world.acknowledge(case_id, date(2025, 11, 12))
    world.act(case_id, c.respond_to_complaint, date(2025, 12, 1), actor=staff(profile.complaints.stage2.responder_role),
              outcome="upheld", reasons="The repair was missed twice", category="Repairs", root_cause="Not booked")
    return case_id


def test_after_the_final_reply_the_ombudsman_is_the_next_step_with_a_date(world, tess):
    tenant_id, client = tess
    case_id = _final_reply(world, tenant_id)
    page = text_of(client.get(f"/complaints/{case_id}"))
    box = _box(page)
    assert "Housing Ombudsman Service" in box and "Tuesday 1 December 2026" in box   # 12 months from the reply
    doing = page[page.index("What you can do"):page.index("What has happened")]
    assert doing.index("Ask the Housing Ombudsman Service") < doing.index("Make a new complaint")
    assert 'id="ombudsman"' in page and "0300 111 3000" in page


def test_in_scotland_the_spso_date_counts_from_when_the_problem_was_known(app, world):
    tenant_id = world.tenant(landlord="thenue")
    client = world.client("tess@example.com")
    case_id = world.complaint(tenant_id, date(2025, 11, 3), issue_date=date(2025, 10, 20))
    world.respond(case_id, date(2025, 11, 4))   # frontline stage: no acknowledgement
    world.act(case_id, c.request_escalation, date(2025, 11, 5), actor=Actor(tenant_id, "Tess Tenant"), reason="No")
    with world.app.app_context():
        from portal.data import get_profile
        role = get_profile("thenue").complaints.stage2.responder_role
    world.act(case_id, c.escalate_complaint, date(2025, 11, 5), actor=staff(role))
    world.acknowledge(case_id, date(2025, 11, 6))
    world.act(case_id, c.respond_to_complaint, date(2025, 11, 20), actor=staff(role), outcome="upheld",
              reasons="Missed", category="Repairs", root_cause="Not booked")
    box = _box(text_of(client.get(f"/complaints/{case_id}")))
    assert "Scottish Public Services Ombudsman" in box and "Tuesday 20 October 2026" in box
    assert "when you first knew about the problem" in box


def test_before_the_final_reply_there_is_no_ombudsman_deadline(world, tess):
    tenant_id, client = tess
    case_id = world.replied(tenant_id, date(2025, 11, 28))
    box = _box(text_of(client.get(f"/complaints/{case_id}")))
    assert "so by" not in box


def test_reporting_without_a_name_is_explained_without_signing_in(world):
    page = world.client().get("/complaints/anonymous")
    text = text_of(page)
    assert page.status_code == 200 and "Reporting a problem without giving your name" in text
    assert "You are signed in" not in text and "0800 678 1894" in text
