"""axe-core in Debian's Chromium finds no violations on the built policy site.

For each landlord: its index, a standard policy page and an Easy Read page (built from
the real content/), plus the overall index.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.documents.site import build

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
CHROMIUM = Path("/usr/bin/chromium")
SLUGS = sorted(p.stem for p in (CONTENT / "landlords").glob("*.toml"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (/usr/bin/chromium)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The real content built once (HTML only: axe reads pages, not PDFs); Torus has a published report."""
    out = tmp_path_factory.mktemp("axe") / "site"
    published = out.parent / "published" / "torus"
    published.mkdir(parents=True)
    (published / "annual-2025.html").write_text("<!DOCTYPE html><title>Annual report</title>")
    report = build(CONTENT, out, pdf=False, published=published.parent)
    return out, report


def _first(slug: str, easy: bool) -> str | None:
    names = sorted((CONTENT / "policies" / slug).glob("*.easy.md" if easy else "*.md"))
    names = [n for n in names if n.name.endswith(".easy.md") == easy]
    return f"{slug}/{names[0].name[:-3]}.html" if names else None


PAGES = ["index.html"] + [page for slug in SLUGS for page in (
    f"{slug}/index.html", _first(slug, easy=False) or f"{slug}/(no standard policy yet)",
    _first(slug, easy=True) or f"{slug}/(no Easy Read policy yet)")]


def _violations(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [{"id": v["id"], "impact": v.get("impact"), "help": v["help"],
             "nodes": [n.get("target") for n in v.get("nodes", [])][:5]}
            for v in results.response["violations"]]


@pytest.mark.parametrize("rel", PAGES)
def test_no_axe_violations(rel, site, page):
    if "(" in rel:
        pytest.skip(f"{rel.split('/')[0]}: {rel.split('/', 1)[1][1:-1]}")
    out, report = site
    path = out / rel
    problems = [str(i) for i in report.issues if rel.split("/")[-1].replace(".html", ".") in Path(i.path).name + "."]
    assert path.exists(), f"{rel} was not built: {problems or [str(i) for i in report.issues]}"
    page.goto(path.as_uri())
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert page.evaluate("getComputedStyle(document.body).fontSize") in (("22px",) if ".easy." in rel else ("19px",))
    violations = _violations(page)
    assert not violations, f"axe-core violations on {rel}: {violations}"
