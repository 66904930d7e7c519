"""Staff complete the annual report: comply or explain per provision, the analysis, versions kept,
and a finalised report published on the policy site (by the portal and again by build.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from portal import reporting
from tests.conftest import ROOT, csrf_token
from tests.reports.scenarios import sign_in


@pytest.fixture
def manager(english):
    app, w = english
    return sign_in(app, "manager"), app, w


def _form(client, **extra):
    page = client.get("/staff/reports/annual/written?period=2025").get_data(as_text=True)
    return page, {"csrf_token": csrf_token(page), **extra}


def test_explain_needs_words_and_nothing_typed_is_lost(manager):
    client, app, w = manager
    page, data = _form(client, comply_stage1_respond="Explain", analysis_improvements="Friday diary checks.")
    assert "Evidence: replied on time: 67% of 6." in page
    answer = client.post("/staff/reports/annual/written?period=2025", data=data)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400 and "Explain why the Code is not met." in html
    assert "Friday diary checks." in html


def test_drafts_then_a_finalised_version_is_kept_and_published(manager, tmp_path):
    client, app, w = manager
    _, data = _form(client, comply_stage1_acknowledge="Comply", comply_stage1_respond="Explain",
                    explain_stage1_respond="Two replies were late while a contractor was replaced.",
                    analysis_non_compliance="Stage 1 replies late in July.")
    assert client.post("/staff/reports/annual/written?period=2025", data=data).status_code == 302
    with app.app_context():
        draft = reporting.annual_draft("torus", 2025)
        assert draft["versions"] == [] and draft["finalised"] is False
        assert draft["answers"]["stage1_respond"]["comply"] == "Explain"
    from portal.documents.site import build

    build(ROOT / "content", Path(app.config["SITE_DIR"]), landlords=["torus"], pdf=False)  # the site as it was
    assert 'href="reports/index.html"' not in (Path(app.config["SITE_DIR"]) / "torus" / "index.html").read_text()
    _, data = _form(client, comply_stage1_acknowledge="Comply", analysis_non_compliance="None found.", finalise="y")
    assert client.post("/staff/reports/annual/written?period=2025", data=data).status_code == 302
    with app.app_context():
        doc = reporting.annual_draft("torus", 2025)
        assert len(doc["versions"]) == 1 and doc["finalised"] is True
        assert doc["versions"][0]["analysis"]["non_compliance"] == "None found."
        assert [h["what"] for h in doc["history"]] == ["Annual report draft saved", "Annual report finalised"]
        report = reporting.annual_report(2025)
        assert report.table("self_assessment").row("stage1_acknowledge")["Comply or explain"] == "Comply"
    site = Path(app.config["SITE_DIR"]) / "torus" / "reports"
    assert "Findings of non-compliance with the Code: None found." in (site / "annual-2025.html").read_text()
    assert (site / "annual-2025.pdf").read_bytes().startswith(b"%PDF")
    assert 'href="annual-2025.html"' in (site / "index.html").read_text()
    assert 'href="reports/index.html"' in (site.parent / "index.html").read_text()  # the landlord's index links it
    out = tmp_path / "site"
    built = subprocess.run([sys.executable, "build.py", "--no-pdf", "--landlord", "torus", "--out", str(out),
                            "--published", str(Path(app.instance_path) / "published")],
                           cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    assert (out / "torus" / "reports" / "annual-2025.pdf").is_file()
    assert re.search(r"Published reports: 3 files", built.stdout)
