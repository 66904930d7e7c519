"""Whole pages from the theme (content/theme/): Jinja layouts around rendered policy bodies.

A policy page is rendered twice from one body: for the screen (links to the site's
own CSS and copied pictures) and for print (no screen CSS; pictures read straight
from the project's copy of the symbols in content/, which the PDF fetcher allows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from portal.documents.markdown import Fragment
from portal.documents.easyread import CONTENTS_HERE
from portal.documents.pictures import HOME_URL, LICENCE_URL, PICTURE_URL, PictureTable
from portal.documents.records import PolicyLink
from portal.domain.profile import Profile

SCREEN_CSS = "site.css"
PRINT_CSS = "print.css"
TEMPLATES = ("base.html", "policy.html", "landlord.html", "index.html")
# Templates the portal and the theme both load, as "shared/NAME" (the portal finds them in its own folder).
SHARED_TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "shared"


@dataclass(frozen=True)
class Version:
    """A link from one version of a policy to another."""

    label: str
    href: str
    pdf: bool = False


@cache
def environment(folder: str) -> jinja2.Environment:
    """The theme's templates, and the portal's shared ones (the report table) as "shared/NAME"."""
    shared = jinja2.PrefixLoader({"shared": jinja2.FileSystemLoader(SHARED_TEMPLATES)})
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader([shared, jinja2.FileSystemLoader(folder)]), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def _render(theme: Path, template: str, **context: Any) -> str:
    context.setdefault("print", False)
    context.setdefault("easy", False)
    context.setdefault("description", "")
    context.setdefault("author", "")
    return environment(str(theme)).get_template(template).render(
        symbols_url=HOME_URL, licence_url=LICENCE_URL, **context)


def versions(link: PolicyLink, *, current: str | None = None) -> list[Version]:
    """The versions of a policy that exist, except the one being read."""
    labels = (
        ("html", link.html_url, "Standard version", False),
        ("easy", link.easy_url, "Easy Read version", False),
        ("pdf", link.pdf_url, "Standard version (PDF)", True),
        ("easy_pdf", link.easy_pdf_url, "Easy Read version (PDF)", True),
    )
    return [Version(label, url, pdf) for kind, url, label, pdf in labels if url and kind != current]


def with_pictures(html: str, url: Callable[[str], str]) -> str:
    """Point every `picture:NAME` image at a real file: `url(name)` gives its address."""
    return PICTURE_URL.sub(lambda m: url(m.group(1)), html)


def screen_picture(name: str) -> str:
    """A picture's address from a landlord's folder of the built site."""
    return f"../pictures/{name}.svg"


def print_picture(table: PictureTable) -> Callable[[str], str]:
    """Pictures' addresses for WeasyPrint: the symbol files in the content folder."""
    return lambda name: table.file(name).resolve().as_uri() if table.get(name) else name


def policy_page(theme: Path, *, profile: Profile, source_title: str, summary: str, fragment: Fragment,
                easy: bool, link: PolicyLink, pictures: PictureTable, for_print: bool = False) -> str:
    """One policy as a whole HTML page, for the screen or for WeasyPrint.

    An Easy Read page has its contents list after "The most important things" box."""
    body = with_pictures(fragment.html, print_picture(pictures) if for_print else screen_picture)
    before, _, after = body.partition(CONTENTS_HERE) if easy else ("", "", body)
    return _render(
        theme, "policy.html", print=for_print, easy=easy, landlord=profile, title=source_title,
        summary=summary, description=summary, author=profile.legal_name,
        key_points=Markup(before), body=Markup(after),
        versions=versions(link, current="easy" if easy else "html"),
        contents=fragment.headings[1:] if easy else () if for_print else fragment.headings,
        site_name=f"{profile.name} policies", home="index.html", root="../",
        policy_date=profile.dated(link.name),
    )


def landlord_page(theme: Path, *, profile: Profile, links: Sequence[PolicyLink], reports: str = "") -> str:
    """A landlord's index: each policy with its four versions, and a link to its published reports if any."""
    policies = [
        {"title": link.title, "summary": link.summary, "href": link.html_url or link.easy_url,
         "versions": versions(link, current="html" if link.html_url else "easy")}
        for link in links
    ]
    return _render(theme, "landlord.html", landlord=profile, policies=policies, reports=reports,
                   site_name=f"{profile.name} policies", home="index.html", root="../",
                   author=profile.legal_name, description=f"Policies of {profile.name}")


def site_page(theme: Path, *, landlords: Sequence[tuple[Profile, Sequence[PolicyLink]]]) -> str:
    """The overall index: every landlord and its policies."""
    entries = [
        {"name": p.name, "href": f"{p.slug}/index.html",
         "policies": [{"title": link.title, "href": link.html_url or link.easy_url} for link in links]}
        for p, links in landlords
    ]
    return _render(theme, "index.html", landlords=entries, site_name="Housing policies",
                   home="index.html", root="", description="Policies of each landlord")


def report_page(theme: Path, *, profile: Profile, report: Any, charts: dict[str, str], show: Callable,
                for_print: bool = False) -> str:
    """A complaints report as a whole HTML page, for the site's `<slug>/reports/` or for WeasyPrint."""
    return _render(theme, "report.html", print=for_print, landlord=profile, report=report, show=show,
                   charts=charts, site_name=f"{profile.name} policies",
                   home="../index.html", root="../../", author=profile.legal_name,
                   description=f"{report.title}, {report.period.label}")


def css_path(theme: Path, *, for_print: bool) -> Path:
    """The theme's stylesheet for the screen or for the PDFs."""
    return theme / (PRINT_CSS if for_print else SCREEN_CSS)

