"""The staff test kit (people, customers, cases, signed-in clients, form posts), and tests of the kit's footing.

Other `test_staff_*` modules import `kit` from here: `from test_staff_kit import kit  # noqa: F401`
(`csrf_token` is re-exported from tests/conftest.py for them).
"""

from __future__ import annotations

import html as html_text
import re
from datetime import date, datetime, timezone
from typing import Any

import pytest

from tests.conftest import csrf_token

PASSWORD = "staff password 2025"
TODAY = date(2025, 12, 1)  # a Monday (tests/conftest.py freezes the clock here)
NOW = datetime(2025, 12, 1, 10, 0, tzinfo=timezone.utc)
REPLY_TAGS = {"category": "Repairs", "root_cause": "The repair was not booked when it was reported"}


class StaffKit:
    """Factories for staff tests: each person gets their own signed-in test client."""

    def __init__(self, app):
        self.app = app
        self._count = 0

    def _email(self, stem: str) -> str:
        self._count += 1
        return f"{stem}{self._count}@example.com"

    def person(self, role: str | None, *, kind: str = "staff", landlord: str = "torus", name: str = "",
               **fields: Any) -> str:
        """A user who can sign in (staff by default); returns the user id."""
        from portal.accounts import create_user

        extra = {"role": role} if role else {}
        with self.app.app_context():
            return create_user(kind=kind, email=self._email(role or kind), password=PASSWORD,
                               name=name or f"{(role or kind).replace('_', ' ').title()} {self._count}",
                               landlord=landlord, **extra, **fields)

    def record(self, user_id: str) -> dict:
        """A user as stored now."""
        from portal.data import get_store

        with self.app.app_context():
            return get_store().users.get(user_id)

    def actor(self, user_id: str):
        """A stored user as the domain's Actor."""
        from portal.accounts import User

        return User.from_record(self.record(user_id)).actor

    def client(self, user_id: str):
        """A fresh test client signed in as the user."""
        client = self.app.test_client()
        page = client.get("/sign-in")
        response = client.post("/sign-in", data={"email": self.record(user_id)["email"], "password": PASSWORD,
                                                 "csrf_token": csrf_token(page.get_data(as_text=True))})
        assert response.status_code == 302, "sign-in failed"
        return client

    def staff_client(self, role: str, landlord: str = "torus", **fields: Any):
        """(user id, signed-in client) for a new member of staff."""
        user_id = self.person(role, landlord=landlord, **fields)
        return user_id, self.client(user_id)

    def customer(self, landlord: str = "torus", **fields: Any) -> str:
        """A customer record made the way staff make one (no password)."""
        from portal.staff.customers import create_customer

        fields = {"name": "Casey Customer", "address": ["1 High Street", "Oldtown", "AB1 2CD"], **fields}
        with self.app.app_context():
            return create_customer(landlord=landlord, **fields)

    def case(self, customer_id: str, by: str, steps: tuple = (), *, landlord: str = "torus", **fields: Any) -> str:
        """A complaint received by `by`, then each (step, actor id, fields[, business date]) applied; the case id."""
        from portal import casework
        from portal.data import get_profile
        from portal.domain import complaints as c

        fields = {"channel": "phone", "summary": "The kitchen leak is still not fixed", **fields}
        with self.app.app_context():
            received = fields.get("received_on") or TODAY
            case = casework.open_complaint(c.receive_complaint, self.actor(by), customer_id, today=received,
                                           now=NOW, profile=get_profile(landlord), **fields)
            for step, who, kwargs, *on in steps:
                if step is c.respond_to_complaint:  # every reply names a category and a root cause
                    kwargs = {**REPLY_TAGS, **kwargs}
                casework.act(case.id, step, self.actor(who), today=on[0] if on else TODAY, now=NOW, **kwargs)
            return case.id

    def load(self, case_id: str):
        """The case as stored now."""
        from portal import casework

        with self.app.app_context():
            return casework.load_case(case_id)

    def conduct(self, customer_id: str, steps: tuple = ()):
        """Apply (step, actor id, fields) to a customer's conduct file; returns the file."""
        from portal import conductwork

        with self.app.app_context():
            for step, who, kwargs, *on in steps:
                conductwork.act_conduct(customer_id, step, self.actor(who), today=on[0] if on else TODAY, now=NOW,
                                        **kwargs)
            return conductwork.load_conduct(customer_id)

    def letters(self, case_id: str) -> list[dict]:
        """The letters kept for a case (or 'K-<customer>' for conduct)."""
        from portal.data import get_store

        with self.app.app_context():
            return get_store().letters.for_case(case_id)

    def subject_access(self, customer_id: str, by: str, received_on: date) -> str:
        """A subject access request from the customer, recorded by `by`; its date (the URL's last part)."""
        from portal.data import get_profile, get_store
        from portal.staff.subject_access import open_request

        with self.app.app_context():
            open_request(get_store().users.get(customer_id), received_on, by=by, profile=get_profile("torus"))
        return received_on.isoformat()


def post(client, url: str, data: dict[str, Any] | None = None, page_url: str | None = None):
    """GET the form page for its CSRF token, then POST the data (lists become repeated fields)."""
    page = client.get(page_url or url)
    token = csrf_token(page.get_data(as_text=True)) if page.status_code == 200 else "none"
    return client.post(url, data={**(data or {}), "csrf_token": token})


def error_beside(html: str, field_id: str) -> str:
    """The error message shown beside a field (or field group), or ''."""
    match = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</p>', html, re.S)
    if not match:
        return ""
    return html_text.unescape(re.sub(r"<[^>]+>|\s+", " ", match.group(1))).replace("Error:", "").strip()


@pytest.fixture
def kit(app) -> StaffKit:
    return StaffKit(app)


# -- the kit's own footing -----------------------------------------------------------------


def test_staff_sign_in_lands_on_the_queues(kit):
    user_id, client = kit.staff_client("officer")
    page = client.get("/staff/")
    assert page.status_code == 200
    assert "My work" in page.get_data(as_text=True)
    assert kit.record(user_id)["role"] == "officer"


def test_a_customer_made_by_staff_cannot_sign_in(kit, client):
    without = kit.record(kit.customer(name="Nora No-Email"))
    assert without["email"] == "" and without["password_hash"] == "" and without["kind"] == "tenant"
    with_email = kit.record(kit.customer(name="Ed Email", email="ed@example.com"))
    page = client.get("/sign-in")
    response = client.post("/sign-in", data={"email": with_email["email"], "password": PASSWORD,
                                             "csrf_token": csrf_token(page.get_data(as_text=True))})
    assert response.status_code == 200  # the form again, not a redirect into the portal
    assert "not right" in response.get_data(as_text=True)
