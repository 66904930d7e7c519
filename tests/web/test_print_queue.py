"""Letters by post: the print queue, one batch PDF for windowed envelopes, and the posted date shown."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader
from test_staff_kit import NOW, error_beside, kit, post  # noqa: F401

from portal.domain import complaints as c

WRITTEN = date(2025, 11, 24)  # a Monday, a week before the tests' today


@pytest.fixture
def scene(kit):
    officer = kit.person("complaints_officer")
    by_post = kit.customer(name="Pat Post", address=["3 Quay Street", "Oldtown", "AB1 9ZZ"])
    online = kit.person(None, kind="tenant", name="Olive Online", address=["1 Web Way", "Oldtown"])
    asked = kit.person(None, kind="tenant", name="Percy Paper", address=["2 Ink Lane", "Oldtown"],
                       adjustments=["post_only"])
    cases = {who: kit.case(who, officer, ((c.acknowledge_complaint, officer, {}, WRITTEN),), received_on=WRITTEN)
             for who in (by_post, online, asked)}
    return kit, officer, cases, by_post, online, asked


def test_letters_for_post_are_queued_and_online_ones_are_not(scene):
    kit, officer, cases, by_post, online, asked = scene
    page = kit.client(officer).get("/staff/post").get_data(as_text=True)
    assert "Pat Post" in page and "Percy Paper" in page
    assert "Olive Online" not in page


@pytest.mark.parametrize("envelope", ["DL", "C5"])
def test_the_batch_is_one_pdf_with_each_address_on_a_cover_sheet(scene, envelope):
    kit, officer, cases, by_post, online, asked = scene
    response = kit.client(officer).get(f"/staff/post/batch.pdf?envelope={envelope}")
    assert response.mimetype == "application/pdf"
    pages = PdfReader(BytesIO(response.data)).pages
    letters = [kit.letters(cases[by_post])[0], kit.letters(cases[asked])[0]]
    from portal.data import get_store

    with kit.app.app_context():
        letter_pages = sum(len(PdfReader(BytesIO(get_store().letters.pdf_bytes(l["id"]))).pages) for l in letters)
    assert len(pages) == 2 + letter_pages  # a cover sheet before each letter
    covers = [p.extract_text() for p in pages if "Envelope:" in p.extract_text()]
    assert len(covers) == 2
    assert "3 Quay Street" in covers[0] and "AB1 9ZZ" in covers[0]
    assert f"Envelope: {envelope}" in covers[0]


def test_marking_posted_empties_the_queue_and_shows_the_date(scene):
    kit, officer, cases, by_post, online, asked = scene
    staff = kit.client(officer)
    letter = kit.letters(cases[asked])[0]["id"]
    response = post(staff, "/staff/post/posted", {"letter": [letter], "posted_on": "2025-11-25"},
                    page_url="/staff/post")
    assert response.status_code == 302
    queue = staff.get("/staff/post").get_data(as_text=True)
    assert "Percy Paper" not in queue and "Pat Post" in queue
    case_page = staff.get(f"/staff/cases/{cases[asked]}").get_data(as_text=True)
    assert "Posted Tue 25 Nov 2025" in case_page
    tenant_page = kit.client(asked).get(f"/complaints/{cases[asked]}").get_data(as_text=True)
    assert "Posted" in tenant_page


def test_a_bad_posted_date_is_refused_beside_the_field(scene):
    kit, officer, cases, *_ = scene
    response = post(kit.client(officer), "/staff/post/posted", {"posted_on": "not a date"}, page_url="/staff/post")
    assert response.status_code == 400
    assert 'id="posted_on-error"' in response.get_data(as_text=True)


def test_where_the_profile_says_so_a_posted_letter_counts_as_received_later(scene, app):
    import dataclasses

    kit, officer, cases, by_post, online, asked = scene
    profiles = app.extensions["profiles"]
    torus = profiles["torus"]
    profiles["torus"] = dataclasses.replace(
        torus, complaints=dataclasses.replace(torus.complaints, posted_received_working_days=2))
    staff = kit.client(officer)
    letter = kit.letters(cases[asked])[0]["id"]
    post(staff, "/staff/post/posted", {"letter": [letter], "posted_on": "2025-11-28"}, page_url="/staff/post")
    page = staff.get(f"/staff/cases/{cases[asked]}").get_data(as_text=True)
    assert "Posted Fri 28 Nov 2025, counts as received Tue 2 Dec 2025" in page  # two working days, past a weekend


def _deeming(app, days: int = 2) -> None:
    import dataclasses

    profiles = app.extensions["profiles"]
    torus = profiles["torus"]
    profiles["torus"] = dataclasses.replace(
        torus, complaints=dataclasses.replace(torus.complaints, posted_received_working_days=days))


def _replied_by_post(kit, officer, customer) -> str:
    """A stage 1 reply (Wednesday 26 November) to a customer who gets letters by post."""
    replied = date(2025, 11, 26)
    return kit.case(customer, officer, (
        (c.acknowledge_complaint, officer, {}, WRITTEN),
        (c.respond_to_complaint, officer, {"outcome": "upheld", "reasons": "The repair was missed."}, replied),
    ), received_on=WRITTEN)


def test_a_posted_stage1_reply_moves_the_time_to_ask_for_stage2_where_the_profile_deems_receipt(scene, app):
    kit, officer, cases, by_post, online, asked = scene
    _deeming(app)
    case_id = _replied_by_post(kit, officer, by_post)
    assert kit.load(case_id).state.escalation_window_closes == date(2025, 12, 24)  # 28 days from the reply
    reply = next(letter for letter in kit.letters(case_id) if letter["kind"] == "stage1_response")
    staff = kit.client(officer)
    response = post(staff, "/staff/post/posted", {"letter": [reply["id"]], "posted_on": "2025-11-28"},
                    page_url="/staff/post")
    assert response.status_code == 302
    state = kit.load(case_id).state
    assert state.escalation_window_closes == date(2025, 12, 30)  # 28 days from Tuesday 2 December
    [posted] = [e for e in state.events if e.kind == "letter_posted"]
    assert (posted.get("posted_on"), posted.get("counts_from"), posted.by) == ("2025-11-28", "2025-12-02", officer)
    assert "It counts as reaching the customer on Tuesday 2 December 2025" in staff.get(
        f"/staff/cases/{case_id}").get_data(as_text=True)
    # Marking it again (the store's update lost after the event was written) adds nothing to the case.
    from portal import posting

    with app.test_request_context():
        posting.mark_posted(reply["id"], date(2025, 11, 28), kit.actor(officer), app.extensions["profiles"]["torus"],
                            today=date(2025, 12, 1), now=NOW)
    assert [e.kind for e in kit.load(case_id).state.events].count("letter_posted") == 1


def test_with_no_deemed_rule_a_posted_reply_leaves_the_window_alone(scene, app):
    kit, officer, cases, by_post, online, asked = scene
    case_id = _replied_by_post(kit, officer, by_post)
    reply = next(letter for letter in kit.letters(case_id) if letter["kind"] == "stage1_response")
    post(kit.client(officer), "/staff/post/posted", {"letter": [reply["id"]], "posted_on": "2025-11-28"},
         page_url="/staff/post")
    state = kit.load(case_id).state
    assert state.escalation_window_closes == date(2025, 12, 24)
    assert [e.get("counts_from") for e in state.events if e.kind == "letter_posted"] == [""]


@pytest.mark.parametrize("posted_on, message", [("2025-11-21", "before it was written"), ("2025-12-02", "future")])
def test_an_impossible_posted_date_is_refused_beside_the_field_and_the_ticks_kept(scene, posted_on, message):
    kit, officer, cases, by_post, online, asked = scene
    letters = [kit.letters(cases[asked])[0]["id"]]
    response = post(kit.client(officer), "/staff/post/posted", {"letter": letters, "posted_on": posted_on},
                    page_url="/staff/post")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in error_beside(html, "posted_on")
    assert f'value="{letters[0]}" id="letter-{letters[0]}" checked' in html
    other = kit.letters(cases[by_post])[0]["id"]
    assert f'value="{other}" id="letter-{other}">' in html  # not ticked, so not ticked now
    assert not any(e.kind == "letter_posted" for e in kit.load(cases[asked]).state.events)
    assert kit.letters(cases[asked])[0]["post"]["state"] == "queued"
