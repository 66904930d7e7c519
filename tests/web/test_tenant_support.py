"""Set-up the tenant tests share (no tests here): people, complaints at each stage, protocols.

Staff steps go through the real use cases (`casework.act`, `conductwork.act_conduct`),
so the letters and dates the tenant pages show are the ones the product makes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from typing import Any

import pytest

from portal import accounts
from portal.casework import act, open_complaint
from portal.conductwork import act_conduct
from portal.data import get_profile, get_store
from portal.domain import complaints as c
from portal.domain.conduct.actions import (
    agree_assessment, complete_assessment, impose_protocol, issue_warning, record_incident,
)
from portal.domain.events import Actor
from portal.domain.conduct.protocol import ProtocolTerms, restrictions_used
from portal.domain.roles import Role
from tests.conftest import csrf_token

TODAY = date(2025, 12, 1)  # the app fixture's frozen clock: a Monday
NOW = datetime(2025, 12, 1, 10, 30, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"
SUMMARY = "The kitchen tap has leaked for six weeks"


def staff(role: Role, n: int = 1) -> Actor:
    """A member of staff at `role` (actors need no account to act through the use cases)."""
    return Actor(f"S-{role.value}-{n}", f"{role.value.replace('_', ' ').title()} {n}", role)


OFFICER = staff(Role.OFFICER)


class World:
    """Accounts, signed-in clients and complaints for one test, on the `app` fixture's store."""

    def __init__(self, app):
        self.app = app

    # -- people -----------------------------------------------------------------------
    def person(self, kind: str, email: str, name: str, landlord: str = "", **fields: Any) -> str:
        with self.app.app_context():
            return accounts.create_user(kind=kind, email=email, name=name, password=PASSWORD,
                                        landlord=landlord or self.app.config["LANDLORD"], **fields)

    def tenant(self, email: str = "tess@example.com", name: str = "Tess Tenant", **fields: Any) -> str:
        return self.person("tenant", email, name, **fields)

    def advocate(self, email: str = "ada@example.com", name: str = "Ada Advocate", acting_for: tuple[str, ...] = (),
                 **fields: Any) -> str:
        """An advocate account, named by each tenant in `acting_for`."""
        advocate_id = self.person("advocate", email, name, acting_for=list(acting_for), **fields)
        with self.app.app_context():
            for tenant_id in acting_for:
                record = get_store().users.get(tenant_id)
                get_store().users.update(tenant_id, advocates=[*record.get("advocates", ()), advocate_id])
        return advocate_id

    def user(self, user_id: str) -> dict:
        with self.app.app_context():
            return get_store().users.get(user_id)

    def client(self, email: str | None = None):
        """A fresh client, signed in as `email` (anonymous when None)."""
        client = self.app.test_client()
        if email:
            page = client.get("/sign-in")
            reply = client.post("/sign-in", data={"email": email, "password": PASSWORD,
                                                  "csrf_token": csrf_token(page.get_data(as_text=True))})
            assert reply.status_code == 302, reply.get_data(as_text=True)
        return client

    # -- complaints -------------------------------------------------------------------
    def complaint(self, customer_id: str, on: date = TODAY, summary: str = SUMMARY, **fields: Any) -> str:
        """A complaint: made online today by the customer, or logged by staff on an earlier day."""
        with self.app.app_context():
            record = get_store().users.get(customer_id)
            profile = get_profile(record["landlord"])
            if on == TODAY:
                actor, fields = Actor(customer_id, record["name"]), {"channel": "online", **fields}
            else:
                actor, fields = OFFICER, {"channel": "phone", "received_on": on, **fields}
            case = open_complaint(c.receive_complaint, actor, customer_id, today=on, now=NOW, profile=profile,
                                  summary=summary, **fields)
            return case.id

    def act(self, case_id: str, step, on: date = TODAY, actor: Actor = OFFICER, **fields: Any):
        with self.app.app_context():
            return act(case_id, step, actor, today=on, now=NOW, **fields)

    def acknowledge(self, case_id: str, on: date = TODAY, **fields: Any):
        fields = {"understanding": "A leak under the sink is not fixed", "outcome_sought": "Fix the leak", **fields}
        return self.act(case_id, c.acknowledge_complaint, on, **fields)

    def respond(self, case_id: str, on: date = TODAY, **fields: Any):
        with self.app.app_context():
            role = get_profile(get_store().complaints.get(case_id).landlord).complaints.stage1.responder_role
        fields = {"outcome": "upheld", "reasons": "The repair was missed", "category": "Repairs",
                  "root_cause": "The visit was not booked", **fields}
        return self.act(case_id, c.respond_to_complaint, on, staff(role), **fields)

    def replied(self, customer_id: str, on: date = TODAY, **fields: Any) -> str:
        """A complaint acknowledged and answered at stage 1 on `on`."""
        case_id = self.complaint(customer_id, on)
        self.acknowledge(case_id, on)
        self.respond(case_id, on, **fields)
        return case_id

    def letters(self, case_id: str) -> list[dict]:
        with self.app.app_context():
            return get_store().letters.for_case(case_id)

    def case(self, case_id: str):
        from portal.casework import load_case
        with self.app.app_context():
            return load_case(case_id)

    # -- conduct ----------------------------------------------------------------------
    def protocol(self, customer_id: str, on: date = TODAY, **terms: Any):
        """A communication protocol in force from `on`, through the profile's whole process."""
        with self.app.app_context():
            profile = get_profile(get_store().users.get(customer_id)["landlord"])
            rules = profile.conduct
            reasons = {code: "Many calls a day" for code in restrictions_used(ProtocolTerms(**terms))}

            def step(fn, actor, **fields):
                return act_conduct(customer_id, fn, actor, today=on, now=NOW, **fields)

            step(record_incident, OFFICER, kind="unreasonable_contact_levels", occurred_on=on, channel="phone",
                 description="Phoned the repairs line 14 times in one day about the same leak")
            for level in rules.warnings:
                step(issue_warning, OFFICER, level=level, reasons="Repeated calls after being told the date")
            step(complete_assessment, staff(rules.assessor_role), outcome="protocol_recommended",
                 factors={f: f"notes on {f}" for f in rules.assessment_factors})
            if rules.assessment_agreed_by:
                step(agree_assessment, staff(rules.assessment_agreed_by, 2))
            return step(impose_protocol, staff(rules.authoriser_role, 3), terms=ProtocolTerms(**terms, reasons=reasons),
                        reasons="Contact stopped other repairs being booked",
                        adjustments_considered="Large print considered")


SET_TIMES_NAMED = {"named_contact": "Sam Patel"}


def text_of(reply) -> str:
    """A response's body as text."""
    return reply.get_data(as_text=True)


def post(client, url: str, data: dict[str, Any] | None = None, follow: bool = False):
    """POST a form the way a browser does: read the page's CSRF token first."""
    page = client.get(url)
    if page.status_code != 200:
        page = client.get("/complaints/new")
    token = csrf_token(text_of(page))
    return client.post(url, data={"csrf_token": token, **(data or {})}, follow_redirects=follow)


ANSWERS: dict[str, dict[str, Any]] = {
    "triage": {"triage": "complaint"},
    "risk": {"risk": "no"},
    "what": {"summary": SUMMARY, "what_went_wrong": "I reported it three times and no one came."},
    "when": {"issue_day": "20", "issue_month": "10", "issue_year": "2025", "when_it_happened": "Since October"},
    "outcome": {"outcome_wanted": "Fix the tap and say sorry"},
    "contact": {"contact": "email", "detail": ""},
    "adjustments": {"adjustments": ["large_print"]},
    "evidence": {},
}


def make_complaint(client, answers: dict[str, dict[str, Any]] | None = None, *, send: bool = True):
    """Walk the complaint form from the start page; returns the last response."""
    answers = {**ANSWERS, **(answers or {})}
    reply = post(client, "/complaints/new")
    assert reply.status_code == 302, text_of(reply)
    for _ in range(20):
        location = reply.headers["Location"]
        match = re.search(r"/complaints/new/([a-z-]+)", location)
        if not match or match.group(1) == "check":
            break
        step = match.group(1)
        if step == "first-request":
            reply = post(client, location)
            continue
        reply = post(client, location, answers[step])
        assert reply.status_code == 302, f"{step}: {text_of(reply)}"
    if not send:
        return reply
    return post(client, "/complaints/new/check")


def case_id_from(reply) -> str:
    """The complaint id a 'submitted' redirect points at."""
    match = re.search(r"/complaints/(C-\d{4}-\d+)/submitted", reply.headers.get("Location", ""))
    assert match, reply.headers.get("Location")
    return match.group(1)


@pytest.fixture
def world(app) -> World:
    return World(app)
