"""Every tenant form handler, fuzzed: no input gives a server error, and a refused form keeps what was typed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from portal.tenant.forms import TEXT_MAX, clean
from tests.conftest import csrf_token
from tests.web.test_tenant_support import make_complaint, post, text_of, world  # noqa: F401

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# any text, huge text (past the cap), dates that do not exist, and nothing at all
TEXT = st.one_of(
    st.text(max_size=80),
    st.text(min_size=1, max_size=12).map(lambda s: (s * (TEXT_MAX // len(s) + 2))[: TEXT_MAX + 40]),
    st.sampled_from(["31", "02", "2025", "0", "-1", "٣", "１２", "99999", "<b>x</b>", "{{7*7}}", " \r\n "]),
)
CHOICE = st.one_of(TEXT, st.sampled_from(["yes", "no", "complaint", "repair", "email", "large_print",
                                          "another_language", "new", "advocate", "general"]))

# The fields each form page posts (text fields are checked for being kept when refused).
STEP_FIELDS = {
    "triage": ({"triage": CHOICE}, ()),
    "risk": ({"risk": CHOICE}, ()),
    "what": ({"summary": TEXT, "what_went_wrong": TEXT}, ("summary", "what_went_wrong")),
    "when": ({"issue_day": TEXT, "issue_month": TEXT, "issue_year": TEXT, "when_it_happened": TEXT},
             ("issue_day", "issue_month", "issue_year", "when_it_happened")),
    "outcome": ({"outcome_wanted": TEXT}, ("outcome_wanted",)),
    "contact": ({"contact": CHOICE, "detail": TEXT}, ("detail",)),
    "adjustments": ({"adjustments": st.lists(CHOICE, max_size=4), "language": TEXT, "preferred_times": TEXT},
                    ("language", "preferred_times")),
}


def _form(fields: dict) -> st.SearchStrategy[dict]:
    """Any subset of the fields: missing fields are part of the fuzz."""
    return st.fixed_dictionaries({}, optional=fields)


def _kept(page: str, data: dict, names) -> None:
    for name in names:
        typed = clean(data.get(name, ""))
        if typed:
            assert str(escape(typed)) in page, name


@pytest.fixture
def signed_in(world):
    tenant_id = world.tenant()
    client = world.client("tess@example.com")
    return world, tenant_id, client, csrf_token(text_of(client.get("/complaints/new")))


@pytest.mark.parametrize("step", sorted(STEP_FIELDS))
def test_complaint_pages_never_fail(signed_in, step):
    _, _, client, token = signed_in
    post(client, "/complaints/new")
    fields, texts = STEP_FIELDS[step]

    @FUZZ
    @given(data=_form(fields))
    def check(data):
        reply = client.post(f"/complaints/new/{step}", data={"csrf_token": token, **data})
        assert reply.status_code in (302, 400), reply.status_code
        if reply.status_code == 400:
            _kept(text_of(reply), data, texts)

    check()


def test_the_person_page_of_an_advocate_never_fails(world):
    world.advocate()
    client = world.client("ada@example.com")
    post(client, "/complaints/new")
    post(client, "/complaints/new/who", {"person": "new", "relationship": "advocate"})
    token = csrf_token(text_of(client.get("/complaints/new/person")))

    @FUZZ
    @given(data=_form({"name": TEXT, "address": TEXT, "phone": TEXT, "email": TEXT}))
    def check(data):
        reply = client.post("/complaints/new/person", data={"csrf_token": token, **data})
        assert reply.status_code in (302, 400)
        if reply.status_code == 400:
            _kept(text_of(reply), data, ("name", "address", "phone"))

    check()


def test_sending_whatever_was_accepted_never_fails(signed_in):
    _, _, client, token = signed_in

    @FUZZ
    @given(summary=TEXT, wrong=TEXT, outcome=TEXT)
    def check(summary, wrong, outcome):
        make_complaint(client, send=False)
        client.post("/complaints/new/what", data={"csrf_token": token, "summary": summary, "what_went_wrong": wrong})
        client.post("/complaints/new/outcome", data={"csrf_token": token, "outcome_wanted": outcome})
        reply = client.post("/complaints/new/check", data={"csrf_token": token})
        assert reply.status_code in (302, 400)

    check()


@pytest.mark.parametrize("path, fields, texts", [
    ("stage-2", {"reason": TEXT, "late_reason": TEXT}, ("reason",)),
    ("add-information", {"text": TEXT}, ("text",)),
])
def test_complaint_forms_never_fail(signed_in, path, fields, texts):
    world, tenant_id, client, token = signed_in
    case_id = world.replied(tenant_id)

    @FUZZ
    @given(data=_form(fields))
    def check(data):
        reply = client.post(f"/complaints/{case_id}/{path}", data={"csrf_token": token, **data})
        assert reply.status_code in (302, 400)
        if reply.status_code == 400:
            _kept(text_of(reply), data, texts)

    check()


def test_the_appeal_form_never_fails(signed_in):
    world, tenant_id, client, token = signed_in
    world.protocol(tenant_id, named_contact="Sam Patel")

    @FUZZ
    @given(data=_form({"grounds": TEXT}))
    def check(data):
        reply = client.post("/contact-arrangements/appeal", data={"csrf_token": token, **data})
        assert reply.status_code in (302, 400)
        if reply.status_code == 400:
            _kept(text_of(reply), data, ("grounds",))

    check()


def test_naming_an_advocate_never_fails(signed_in):
    _, _, client, token = signed_in

    @FUZZ
    @given(data=_form({"email": TEXT}))
    def check(data):
        reply = client.post("/advocates", data={"csrf_token": token, **data})
        assert reply.status_code in (302, 400)
        if reply.status_code == 400:
            _kept(text_of(reply), data, ("email",))

    check()
