"""Security of every tenant route: who may read or change what, CSRF, caching, and inert input.

Routes are read from `app.url_map`, so a route added later is walked too; a route whose
URL needs a value this file does not know fails the test until it is taught one.
"""

from __future__ import annotations

import re
from datetime import time
from io import BytesIO

import pytest
from markupsafe import escape
from pypdf import PdfReader

from portal.domain.conduct.protocol import SetTimes
from portal.domain.events import Actor
from tests.web.test_tenant_support import case_id_from, make_complaint, post, text_of, world  # noqa: F401

OWNER_NAME = "Tess Tenant"


@pytest.fixture
def scene(world):
    """Tess with a replied complaint, letters and a protocol; Ada acts for her; Olly and Bob do not."""
    tess = world.tenant()
    ada = world.advocate(acting_for=(tess,))
    olly = world.tenant("olly@example.com", "Olly Other")
    bob = world.advocate("bob@example.com", "Bob Bystander")
    world.person("staff", "sue@example.com", "Sue Staff", role="officer")
    case_id = world.complaint(tess, summary="Secret summary of Tess")
    world.acknowledge(case_id)
    world.respond(case_id)
    world.protocol(tess, named_contact="Sam Patel", set_times=SetTimes((1, 3), time(10), time(12)))
    letters = world.letters(case_id)
    with world.app.app_context():
        from portal.data import get_store
        from portal.domain import complaints as c
        pdf = b"%PDF-1.4\n% Secret summary of Tess\n%%EOF\n"
        files = [{"sha256": get_store().evidence.put(pdf), "name": "tess.pdf", "content_type": "application/pdf",
                  "size": len(pdf)}]
    world.act(case_id, c.add_evidence, actor=Actor(tess, OWNER_NAME), files=files, max_files=10)
    world.act(case_id, c.close_complaint)  # closed, so the satisfaction survey opens too
    values = {"case_id": case_id, "letter_id": letters[0]["id"], "customer_id": tess, "advocate_id": ada,
              "step": "what", "sha": files[0]["sha256"], "token": "no-such-link"}
    return {"world": world, "tess": tess, "ada": ada, "olly": olly, "bob": bob, "case_id": case_id,
            "values": values}


def tenant_routes(app) -> list[tuple[str, str]]:
    """(method, url) for every tenant route, filled in with the owner's ids."""
    return [(rule.endpoint, rule) for rule in app.url_map.iter_rules() if rule.endpoint.startswith("tenant.")]


def urls(app, values) -> list[tuple[str, str]]:
    found = []
    for _endpoint, rule in tenant_routes(app):
        missing = set(rule.arguments) - set(values)
        assert not missing, f"{rule.rule}: teach test_tenant_access a value for {missing}"
        url = rule.build({k: values[k] for k in rule.arguments})[1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            found.append((method, url))
    return found


def test_every_route_is_walked(app, scene):
    walked = urls(app, scene["values"])
    assert len(walked) >= 20
    assert ("GET", f"/complaints/{scene['case_id']}") in walked


# Public: how to report without a name, and the complaint form itself (with its emailed link).
PUBLIC = re.compile(r"/complaints/(anonymous|new(/.*)?|link/.*)$")


def test_anonymous_visitors_are_sent_to_sign_in(app, scene):
    client = scene["world"].client()
    for method, url in urls(app, scene["values"]):
        reply = client.open(url, method=method)
        if PUBLIC.match(url) and method == "GET":
            assert reply.status_code in (200, 302, 404), url
            assert "Secret summary" not in text_of(reply) and reply.headers["Cache-Control"] == "no-store", url
            continue
        if method == "GET":
            assert reply.status_code == 302 and "/sign-in" in reply.headers["Location"], url
        else:
            assert reply.status_code == 400, url  # no CSRF token: refused before anything else


def test_staff_use_the_staff_area(app, scene):
    client = scene["world"].client("sue@example.com")
    for method, url in urls(app, scene["values"]):
        if method == "GET":
            assert client.get(url).status_code == 403, url


def _owner_data(scene) -> list[str]:
    return ["Secret summary of Tess", OWNER_NAME, "Sam Patel", "Ada Advocate"]


@pytest.mark.parametrize("who", ["olly@example.com", "bob@example.com"])
def test_no_one_else_reads_the_owners_things(app, scene, who):
    client = scene["world"].client(who)
    for method, url in urls(app, scene["values"]):
        if method != "GET":
            continue
        reply = client.get(url)
        assert reply.status_code in (200, 302, 404), url
        body = text_of(reply)
        for secret in _owner_data(scene):
            assert secret not in body, (url, secret)
        if any(v in url for v in (scene["case_id"], scene["values"]["letter_id"])):
            assert reply.status_code == 404, url
        if f"/people/{scene['tess']}" in url:
            assert reply.status_code == 404, url


@pytest.mark.parametrize("who", ["olly@example.com", "bob@example.com"])
def test_no_one_else_changes_the_owners_things(app, scene, who):
    world = scene["world"]
    client = world.client(who)
    before = (world.case(scene["case_id"]).version, world.user(scene["tess"]), world.user(scene["ada"]))
    payload = {"text": "x", "reason": "x", "late_reason": "x", "grounds": "x", "email": "bob@example.com"}
    for method, url in urls(app, scene["values"]):
        if method == "POST" and any(v in url for v in (scene["case_id"], scene["tess"], scene["ada"])):
            reply = post(client, url, payload)
            assert reply.status_code == 404, url
    after = (world.case(scene["case_id"]).version, world.user(scene["tess"]), world.user(scene["ada"]))
    assert before == after
    with world.app.app_context():
        from portal.conductwork import load_conduct
        assert load_conduct(scene["tess"]).state.protocol.open_appeal is None


@pytest.mark.parametrize("who", ["tess@example.com", "ada@example.com"])
def test_the_owner_and_their_advocate_reach_every_page(app, scene, who):
    client = scene["world"].client(who)
    post(client, "/complaints/new")                              # a draft, so the form's pages open
    ids = (scene["case_id"], scene["values"]["letter_id"], f"/people/{scene['tess']}/")
    for method, url in urls(app, scene["values"]):
        if method != "GET":
            continue
        reply = client.get(url)
        assert reply.status_code in ((200, 302, 404) if "/complaints/link/" in url else (200, 302)), url
        if any(i in url for i in ids) or url.endswith("/complaints/new/what"):
            assert reply.status_code == 200, url
        assert reply.headers["Cache-Control"] == "no-store", url
    assert "Secret summary of Tess" in text_of(client.get("/complaints"))


def test_guessing_sequential_ids_finds_nothing(app, scene):
    world = scene["world"]
    own = world.complaint(scene["olly"], summary="Olly's own complaint")
    year = own.split("-")[1]
    client = world.client("olly@example.com")
    for n in range(1, 8):
        case_id = f"C-{year}-{n:06d}"
        assert client.get(f"/complaints/{case_id}").status_code == (200 if case_id == own else 404), case_id
        assert client.get(f"/complaints/{case_id}/submitted").status_code == (200 if case_id == own else 404)
        assert client.get(f"/letters/L-{n:06d}").status_code == 404
        assert client.get(f"/people/U-{n:06d}").status_code == (302 if f"U-{n:06d}" == scene["olly"] else 404)
        assert client.get(f"/people/U-{n:06d}/contact-arrangements").status_code == (
            200 if f"U-{n:06d}" == scene["olly"] else 404)


def test_every_post_needs_a_csrf_token(app, scene):
    world = scene["world"]
    for who in ("tess@example.com", "ada@example.com"):
        client = world.client(who)
        post(client, "/complaints/new")                          # a draft, so step pages are reachable
        for method, url in urls(app, scene["values"]):
            if method == "POST":
                reply = client.post(url, data={"text": "x", "grounds": "x", "email": "x@example.com"})
                assert reply.status_code == 400, (who, url)
                assert "Your session has expired" in text_of(reply)


def test_authenticated_pages_are_not_cached(app, scene):
    client = scene["world"].client("tess@example.com")
    post(client, "/complaints/new")
    for method, url in urls(app, scene["values"]):
        if method == "GET":
            reply = client.get(url)
            assert reply.headers.get("Cache-Control") == "no-store", url


# -- input that must stay inert ---------------------------------------------------------------

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "{{7*7}}",
    "</textarea><script>alert(2)</script>",
    "<svg/onload=alert(3)>",
    "'; DROP TABLE users; --",
    "${7*7} {% raw %}",
]


def _inert(page: str, payload: str, shown: bool = True) -> None:
    """The payload is not live markup or a script link; when `shown`, it is there as escaped text."""
    assert not re.search(r'(href|src|action)\s*=\s*"?\s*javascript:', page, re.I)
    if any(ch in payload for ch in "<>\"'&"):
        assert payload not in page
    if shown:
        assert str(escape(payload)) in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_render_inert(world, payload):
    tess = world.tenant()
    client = world.client("tess@example.com")
    answers = {
        "what": {"summary": payload, "what_went_wrong": payload},
        "when": {"issue_day": "", "issue_month": "", "issue_year": "", "when_it_happened": payload},
        "outcome": {"outcome_wanted": payload},
        "contact": {"contact": "phone", "detail": payload},
        "adjustments": {"adjustments": ["another_language", "preferred_times"], "language": payload,
                        "preferred_times": payload},
    }
    make_complaint(client, answers, send=False)
    _inert(text_of(client.get("/complaints/new/check")), payload)
    case_id = case_id_from(post(client, "/complaints/new/check"))
    for url in ("/complaints", f"/complaints/{case_id}", f"/complaints/{case_id}/submitted"):
        _inert(text_of(client.get(url)), payload, shown=url != f"/complaints/{case_id}/submitted")
    _inert(text_of(client.get(f"/complaints/{case_id}/add-information")), payload, shown=False)
    refused = post(client, f"/complaints/{case_id}/add-information", {"text": payload + "x" * 6000})
    _inert(text_of(refused), payload)
    assert world.case(case_id).customer_id == tess


def test_payloads_in_names_render_inert(world):
    payload = '<script>alert("name")</script>'
    tess = world.tenant()
    world.advocate(name=payload)
    client = world.client("tess@example.com")
    post(client, "/advocates", {"email": "ada@example.com"})
    _inert(text_of(client.get("/advocates")), payload)
    ada = world.client("ada@example.com")
    _inert(text_of(ada.get("/people")), "Tess Tenant")
    make_complaint(ada, {"who": {"person": "new", "relationship": "advocate"},
                         "person": {"name": payload, "address": payload, "phone": "", "email": ""}})
    _inert(text_of(ada.get("/people")), payload)
    assert tess


def test_payloads_reach_letters_as_text(world):
    """A name and address typed by an advocate, and a summary staff copy, print as text in the PDF."""
    world.advocate()
    client = world.client("ada@example.com")
    name, address, summary = "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{7*7}} </textarea>"
    sent = make_complaint(client, {"who": {"person": "new", "relationship": "advocate"},
                                   "person": {"name": name, "address": address, "phone": "", "email": ""},
                                   "what": {"summary": summary, "what_went_wrong": "x"}})
    case_id = case_id_from(sent)
    world.acknowledge(case_id, understanding=summary)
    letter = world.letters(case_id)[0]
    with world.app.app_context():
        from portal.data import get_store
        pdf = get_store().letters.pdf_bytes(letter["id"])
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    flat = re.sub(r"\s+", " ", text)
    for payload in (name, address, summary):
        assert payload in flat, payload
