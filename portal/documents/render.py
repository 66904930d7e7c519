"""Render the stale outputs of a plan: policy pages (with the Easy Read linter), indexes,
copied assets, then the PDFs on all cores.

A policy whose page breaks a rule (Easy Read rulebook, URL lockdown, template error)
produces none of its outputs, so the site never serves a page that failed its checks.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from portal.documents import easyread, links, theme
from portal.documents.markdown import ContentError, Expanded, expand, to_html
from portal.documents.pictures import pictures_in
from portal.documents.published import REPORTS_INDEX
from portal.documents.records import Figures, Issue, Landlord, Output, PolicyLink, Site, Source, Target

Progress = Callable[[int, int, str], None]


def policy_links(landlord: Landlord, *, base: str = "", pdf: bool = True) -> list[PolicyLink]:
    """Each policy of a landlord with the addresses of the versions that exist."""
    found = []
    for name in landlord.policy_names():
        std, easy = landlord.source(name, False), landlord.source(name, True)
        main = std or easy
        found.append(PolicyLink(
            title=main.title,
            html_url=f"{base}{name}.html" if std else None,
            easy_url=f"{base}{name}.easy.html" if easy else None,
            pdf_url=f"{base}{name}.pdf" if std and pdf else None,
            easy_pdf_url=f"{base}{name}.easy.pdf" if easy and pdf else None,
            name=name, summary=str(main.front_matter.get("summary", "")),
        ))
    return found


def _line_of(needle: str, expanded: Expanded, default: int) -> int:
    """The source line a refused URL came from (a page link may have been written as `name.md`)."""
    for candidate in (needle, needle.replace(".html", ".md")):
        for line, number in zip(expanded.marked, expanded.lines):
            if candidate and candidate in line:
                return number
    return default


def _body(site: Site, landlord: Landlord, source: Source) -> tuple[Any, Figures | None, list[Issue]]:
    """Jinja, lint (Easy Read), Markdown and the URL lockdown for one policy file."""
    try:
        expanded = expand(source.text, landlord.profile, path=source.path, first_line=source.line)
    except ContentError as exc:
        return None, None, [Issue(exc.path, exc.line, "template", exc.message)]
    issues, figures = ([], None)
    if source.easy:
        words = site.words.for_landlord(landlord.slug)
        rulebook = easyread.Rulebook(site.pictures, words)
        issues, figures = easyread.lint(expanded, landlord.profile, path=source.path, rulebook=rulebook)
        issues += easyread.check_front_matter(source.front_matter, source.path.read_text(encoding="utf-8"),
                                              source.path, words)
    fragment = to_html(expanded.text, extensions=easyread.layout_extensions(site.pictures) if source.easy else ())
    names = {f"{s.page}.{ext}" for s in landlord.sources for ext in ("html", "pdf")}
    for refusal in links.check_html(fragment.html, siblings=names, pictures=site.pictures.pictures):
        line = _line_of(refusal.needle, expanded, source.line)
        issues.append(Issue(str(source.path), line, refusal.rule, refusal.message))
    for code in sorted(set(pictures_in(fragment.html)) - set(pictures_in(source.text))):
        issues.append(Issue(str(source.path), source.line, "picture",
                                     f"write picture names in the text itself (picture:{code}), not from a value"))
    return fragment, figures, issues


def render_pages(site: Site, stale: Sequence[Target], *, pdf: bool) -> tuple[list[Output], list[Any], list[Issue], dict[str, dict]]:
    """HTML outputs now, (PDF target, print HTML) for later; plus issues and Easy Read figures."""
    outputs: list[Output] = []
    jobs: list[tuple[Target, str]] = []
    issues: list[Issue] = []
    figures: dict[str, dict] = {}
    by_slug = {l.slug: l for l in site.landlords}
    for source in dict.fromkeys(t.source for t in stale if t.source is not None):
        landlord = by_slug[source.slug]
        fragment, figs, problems = _body(site, landlord, source)
        issues += problems
        if figs is not None:
            figures[str(source.path)] = asdict(figs)
        if problems:
            continue
        link = next(l for l in policy_links(landlord, pdf=pdf) if l.name == source.name)
        page = dict(profile=landlord.profile, source_title=source.title, fragment=fragment, easy=source.easy,
                    summary=str(source.front_matter.get("summary", "")), link=link, pictures=site.pictures)
        if source.easy:
            screen = theme.policy_page(site.theme, **page)
            chrome = easyread.check_theme_text(screen, site.theme / "policy.html")
            issues += chrome
            if chrome:
                continue
        for target in (t for t in stale if t.source == source):
            if target.kind == "page":
                meta = {"figures": asdict(figs)} if figs else {}
                outputs.append(Output(target.path, theme.policy_page(site.theme, **page).encode(), target.key, meta))
            else:
                html = theme.policy_page(site.theme, for_print=True, **page)
                jobs.append((target, html))
    for target in stale:
        if target.kind == "landlord-index":
            landlord = by_slug[target.slug]
            html = theme.landlord_page(site.theme, profile=landlord.profile, links=policy_links(landlord, pdf=pdf),
                                       reports=REPORTS_INDEX if target.slug in site.reports else "")
            outputs.append(Output(target.path, html.encode(), target.key))
        elif target.kind == "site-index":
            every = [(l.profile, policy_links(l, base=f"{l.slug}/", pdf=pdf)) for l in site.landlords]
            outputs.append(Output(target.path, theme.site_page(site.theme, landlords=every).encode(), target.key))
        elif target.kind in ("asset", "picture", "licence"):
            outputs.append(Output(target.path, Path(target.origin).read_bytes(), target.key))
    return outputs, jobs, issues, figures


def render_pdfs(site: Site, jobs: Sequence[tuple[Target, str]], *, workers: int | None = None,
                progress: Progress | None = None) -> tuple[list[Output], list[Issue]]:
    """Print the PDFs in parallel; an Easy Read PDF over the page limit is an issue, not an output.

    WeasyPrint may read only the content and theme folders (the pictures are in content/).
    """
    if not jobs:
        return [], []
    from portal.documents.pdf import PdfJob, render_many

    roots = (site.content.resolve(), site.theme.resolve())
    print_css = (theme.css_path(site.theme, for_print=True),)
    pdf_jobs = [PdfJob(target.path, html, roots, print_css) for target, html in jobs]
    by_name = {target.path: target for target, _ in jobs}
    outputs, issues = [], []
    for done, (name, result, error) in enumerate(render_many(pdf_jobs, workers=workers), start=1):
        target = by_name[name]
        if progress:
            progress(done, len(jobs), name)
        if result is None:
            issues.append(Issue(str(target.source.path), 1, "pdf", error))
            continue
        too_long = easyread.page_count_issue(target.source.path, result.pages) if target.source.easy else None
        if too_long:
            issues.append(too_long)
            continue
        outputs.append(Output(target.path, result.pdf, target.key, {"pages": result.pages}))
    return outputs, issues
