"""Letters by post: the print queue, one batch PDF for windowed envelopes, and the posted date shown."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from test_staff_kit import kit, post  # noqa: F401

from portal.domain import complaints as c


@pytest.fixture
def scene(kit):
    officer = kit.person("complaints_officer")
    by_post = kit.customer(name="Pat Post", address=["3 Quay Street", "Oldtown", "AB1 9ZZ"])
    online = kit.person(None, kind="tenant", name="Olive Online", address=["1 Web Way", "Oldtown"])
    asked = kit.person(None, kind="tenant", name="Percy Paper", address=["2 Ink Lane", "Oldtown"],
                       adjustments=["post_only"])
    cases = {who: kit.case(who, officer, ((c.acknowledge_complaint, officer, {}),))
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
    response = post(staff, "/staff/post/posted", {"letter": [letter], "posted_on": "2025-12-02"},
                    page_url="/staff/post")
    assert response.status_code == 302
    queue = staff.get("/staff/post").get_data(as_text=True)
    assert "Percy Paper" not in queue and "Pat Post" in queue
    case_page = staff.get(f"/staff/cases/{cases[asked]}").get_data(as_text=True)
    assert "Posted Tue 2 Dec 2025" in case_page
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
    post(staff, "/staff/post/posted", {"letter": [letter], "posted_on": "2025-12-05"}, page_url="/staff/post")
    page = staff.get(f"/staff/cases/{cases[asked]}").get_data(as_text=True)
    assert "Posted Fri 5 Dec 2025, counts as received Tue 9 Dec 2025" in page  # two working days, past a weekend
