"""The policy site builds from a fresh clone alone (nothing outside it), with the pictures' credit
and licence on every Easy Read page and PDF, and every Easy Read PDF at most 12 pages."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.documents.pictures import LICENCE_URL, PICTURE_URL, load_table

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
OUTSIDE, MACHINE = "../" + "shared", "/" + "work/"  # spelt apart so this file does not match itself


def _tracked() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [p for p in out.decode().split("\0") if p]


@pytest.fixture(scope="module")
def clone(tmp_path_factory) -> Path:
    """The files git tracks, copied alone into an empty folder (as a fresh clone has them)."""
    where = tmp_path_factory.mktemp("fresh") / "clone"
    for rel in _tracked():
        source = ROOT / rel
        if source.is_file():
            (where / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, where / rel)
    assert not (where.parent / "shared").exists()
    return where


def _build(clone: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "build.py", "--out", "site", *args], cwd=clone,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def built(clone) -> Path:
    """The whole site as HTML, then one landlord's PDFs (PDFs are slow; one landlord shows the rule)."""
    html = _build(clone, "--no-pdf")
    assert html.returncode == 0, html.stdout + html.stderr
    pdfs = _build(clone, "--landlord", "torus", "--jobs", "2")
    assert pdfs.returncode == 0, pdfs.stdout + pdfs.stderr
    return clone / "site"


def test_no_code_or_content_points_outside_the_project():
    for rel in _tracked():
        if rel.endswith((".py", ".md", ".toml", ".html", ".css", ".cfg", ".sh")) or rel.startswith(".ci/"):
            text = (ROOT / rel).read_text(encoding="utf-8", errors="replace")
            assert OUTSIDE not in text and MACHINE not in text, rel


def test_the_symbols_used_are_in_the_project_with_their_licence():
    table = load_table(CONTENT)
    folder = CONTENT / "easyread" / "mulberry"
    assert "creativecommons.org/licenses/by-sa/4.0" in (folder / "LICENSE.txt").read_text()
    kept = {p.stem for p in folder.glob("*.svg")}
    assert kept == {p.symbol for p in table.pictures.values()}  # every one used, nothing more
    tracked = set(_tracked())
    assert {f"content/easyread/mulberry/{s}.svg" for s in kept} <= tracked
    assert "content/easyread/mulberry/LICENSE.txt" in tracked


def test_every_declared_picture_is_used_somewhere():
    table = load_table(CONTENT)
    used = set()
    for path in [*CONTENT.glob("policies/*/*.easy.md"), *(ROOT / "letters").glob("easy/*.md")]:
        used |= set(PICTURE_URL.findall(path.read_text()))
    assert set(table.pictures) - used == set()


def test_every_easy_read_page_credits_the_pictures_and_links_the_licence(built):
    pages = sorted(built.glob("*/*.easy.html"))
    assert len(pages) == len(list(CONTENT.glob("policies/*/*.easy.md")))
    for page in pages:
        html = page.read_text()
        assert "Mulberry Symbols" in html and f'href="{LICENCE_URL}"' in html, page
        assert "openmoji" not in html.lower()
        for src in re.findall(r'<img[^>]*src="([^"]+)"', html):
            assert src.startswith("../pictures/") and (page.parent / src).is_file(), (page, src)
    assert "creativecommons.org/licenses/by-sa/4.0" in (built / "pictures" / "LICENSE.txt").read_text()


def test_every_easy_read_pdf_credits_the_pictures_and_has_at_most_12_pages(built):
    pdfs = sorted((built / "torus").glob("*.easy.pdf"))
    assert len(pdfs) == len(list((CONTENT / "policies" / "torus").glob("*.easy.md")))
    for pdf in pdfs:
        reader = PdfReader(pdf)
        assert len(reader.pages) <= 12, pdf
        last = reader.pages[-1].extract_text()
        assert "Mulberry Symbols" in last and "CC BY-SA 4.0" in last, pdf
