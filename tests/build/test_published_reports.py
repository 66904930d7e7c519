"""The policy site links each landlord's index to its published reports, once it has any (issue 14)."""

from __future__ import annotations

import subprocess
import sys

from portal.documents.published import copy_published
from portal.documents.site import build
from tests.build.easy_fixtures import CONTENT
from tests.conftest import ROOT

LINK = 'href="reports/index.html"'


def _publish(folder, slug: str = "torus") -> None:
    (folder / slug).mkdir(parents=True, exist_ok=True)
    (folder / slug / "annual-2025.html").write_text("<!DOCTYPE html><title>Annual complaints report 2025</title>")
    (folder / slug / "annual-2025.pdf").write_bytes(b"%PDF-1.7 report")


def test_the_index_links_to_the_reports_only_once_there_are_some(tmp_path):
    published, out = tmp_path / "published", tmp_path / "site"
    build(CONTENT, out, landlords=["torus", "thenue"], pdf=False, published=published)
    assert LINK not in (out / "torus" / "index.html").read_text()
    _publish(published)
    again = build(CONTENT, out, landlords=["torus", "thenue"], pdf=False, published=published)
    copy_published(published, out)
    assert "torus/index.html" in again.rendered and "thenue/index.html" not in again.rendered  # only that index
    index = (out / "torus" / "index.html").read_text()
    assert LINK in index and "Our published complaints reports" in index
    assert LINK not in (out / "thenue" / "index.html").read_text()  # nothing published for Thenue
    assert 'href="annual-2025.html"' in (out / "torus" / "reports" / "index.html").read_text()


def test_build_py_reads_the_published_folder(tmp_path):
    published, out = tmp_path / "published", tmp_path / "site"
    _publish(published)
    done = subprocess.run([sys.executable, "build.py", "--no-pdf", "--landlord", "torus", "--out", str(out),
                           "--published", str(published)], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert LINK in (out / "torus" / "index.html").read_text()
    assert (out / "torus" / "reports" / "index.html").is_file()


def test_a_report_published_between_builds_is_linked_at_once_and_the_next_build_agrees(tmp_path):
    from portal.documents.site import refresh_landlord_index

    published, out = tmp_path / "published", tmp_path / "site"
    assert refresh_landlord_index(CONTENT, out, "torus", published) is False  # no site yet: nothing to do
    build(CONTENT, out, landlords=["torus"], pdf=False, published=published)
    _publish(published)  # as the portal does when staff finalise the annual report
    assert refresh_landlord_index(CONTENT, out, "torus", published) is True
    index = (out / "torus" / "index.html").read_text()
    assert LINK in index
    again = build(CONTENT, out, landlords=["torus"], pdf=False, published=published)
    assert "torus/index.html" not in again.rendered  # already as the build would make it
    assert (out / "torus" / "index.html").read_text() == index
