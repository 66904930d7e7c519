"""The satisfaction survey after a complaint closes: two questions, one answer per complaint, kept for reports."""

from __future__ import annotations

from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import post, text_of, world  # noqa: F401  (world is a fixture)
from portal.domain import complaints as c


def _closed(world, tenant_id: str) -> str:
    case_id = world.replied(tenant_id)
    world.act(case_id, c.close_complaint)
    return case_id


def test_after_closure_the_survey_is_offered_and_kept_once(world, tess):
    tenant_id, client = tess
    case_id = _closed(world, tenant_id)
    assert "Tell us how we did" in text_of(client.get(f"/complaints/{case_id}"))
    form = text_of(client.get(f"/complaints/{case_id}/satisfaction"))
    assert "<h1>How satisfied are you with how we handled your complaint?</h1>" in form
    assert "Very satisfied" in form and "Very dissatisfied" in form and "Why did you give that answer?" in form
    sent = post(client, f"/complaints/{case_id}/satisfaction", {"score": "2", "why": "It took too long"})
    assert sent.status_code == 302
    with world.app.app_context():
        from portal.data import get_store
        (answer,) = list(get_store().surveys.all("torus"))
    assert (answer["case_id"], answer["score"], answer["why"], answer["stage"]) == (case_id, 2, "It took too long", 1)
    again = post(client, f"/complaints/{case_id}/satisfaction", {"score": "5", "why": "Changed my mind"})
    assert again.status_code == 302
    with world.app.app_context():
        assert [a["score"] for a in get_store().surveys.all("torus")] == [2]
    assert "Tell us how we did" not in text_of(client.get(f"/complaints/{case_id}"))


def test_no_survey_while_the_complaint_is_open(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    assert "Tell us how we did" not in text_of(client.get(f"/complaints/{case_id}"))
    early = client.get(f"/complaints/{case_id}/satisfaction")
    assert early.status_code == 302 and early.headers["Location"].endswith(f"/complaints/{case_id}")
    assert post(client, f"/complaints/{case_id}/satisfaction", {"score": "5"}).status_code == 302
    with world.app.app_context():
        from portal.data import get_store
        assert get_store().surveys.get(case_id) is None


def test_the_score_is_required_and_checked(world, tess):
    tenant_id, client = tess
    case_id = _closed(world, tenant_id)
    for score in ("", "9"):
        reply = post(client, f"/complaints/{case_id}/satisfaction", {"score": score, "why": "Kept words"})
        page = text_of(reply)
        assert reply.status_code == 400 and "Select how satisfied you are" in page and "Kept words" in page
        assert "<title>Error: " in page


def test_someone_else_cannot_answer(world, tess):
    tenant_id, _ = tess
    case_id = _closed(world, tenant_id)
    world.tenant("other@example.com", "Other Person")
    assert world.client("other@example.com").get(f"/complaints/{case_id}/satisfaction").status_code == 404
