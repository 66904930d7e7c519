"""Every letter as an accessible web page beside its PDF, for the customer and those acting for them only."""

from __future__ import annotations

import pytest

from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import text_of, world  # noqa: F401  (world is a fixture)


def test_a_letter_has_a_web_page_beside_its_pdf(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    world.acknowledge(case_id)
    (letter,) = world.letters(case_id)
    listing = text_of(client.get(f"/complaints/{case_id}"))
    assert f'href="/letters/{letter["id"]}/page"' in listing and f'href="/letters/{letter["id"]}"' in listing
    page = client.get(f"/letters/{letter['id']}/page")
    html = text_of(page)
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert '<html lang="en-GB"' in html and "<main>" in html and "<h1>" in html and "Dear Tess Tenant" in html
    assert "style-src 'unsafe-inline'" in page.headers["Content-Security-Policy"]
    assert "script-src" not in page.headers["Content-Security-Policy"]      # default-src 'none': no scripts
    assert page.headers["Cache-Control"] == "no-store"


def test_only_the_customer_reads_the_page(world, tess):
    tenant_id, _ = tess
    case_id = world.complaint(tenant_id)
    world.acknowledge(case_id)
    (letter,) = world.letters(case_id)
    world.tenant("other@example.com", "Other Person")
    assert world.client("other@example.com").get(f"/letters/{letter['id']}/page").status_code == 404


@pytest.mark.embedded_only  # deletes the page's file
def test_a_letter_kept_before_pages_existed_still_offers_its_pdf(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    world.acknowledge(case_id)
    (letter,) = world.letters(case_id)
    with world.app.app_context():
        from portal.data import get_store
        path = get_store().letter_pages._path(letter["sha256"])
    path.unlink()
    listing = text_of(client.get(f"/complaints/{case_id}"))
    assert f'/letters/{letter["id"]}/page' not in listing and f'href="/letters/{letter["id"]}"' in listing
    assert client.get(f"/letters/{letter['id']}/page").status_code == 404
