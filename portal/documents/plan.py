"""Which files the site should contain, each with the content-hash key of its inputs.

A policy page's key covers its own file, its landlord's profile, the pictures it uses
(symbol and meaning) and, for Easy Read, the hard words it is held to,
whether its sibling versions exist, the page templates, the tool versions and the build
code; its PDF's key adds the print stylesheet. The screen stylesheet is a file of its
own: changing it rebuilds nothing else.
An index page's key covers the front matter it lists, not the policy bodies, so
editing a policy's text rebuilds that policy's outputs and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from portal.documents.cache import digest, file_sha
from portal.documents.pictures import LICENCE_FILE, pictures_in
from portal.documents.records import Landlord, Site, Source, Target
from portal.documents.theme import SCREEN_CSS

_SIBLING_LINK = re.compile(r"\]\(\s*([a-z0-9][a-z0-9-]*(?:\.easy)?)\.md")


def listing(landlord: Landlord) -> list[tuple[str, bool, dict]]:
    """What an index shows of a landlord's policies: names, versions and front matter."""
    return [(s.name, s.easy, dict(s.front_matter)) for s in landlord.sources]


def source_key(site: Site, landlord: Landlord, source: Source, *, pdf: bool) -> str:
    """The key of a policy's outputs: everything its page and PDF are made from."""
    names = {s.page for s in landlord.sources}
    siblings = {name: name in names for name in _SIBLING_LINK.findall(source.text)}
    counterpart = landlord.source(source.name, not source.easy) is not None
    pictures = {name: site.pictures.sha(name) for name in pictures_in(source.text)}
    words = site.words.for_landlord(landlord.slug) if source.easy else ()
    return digest(site.base_key, landlord.sha, source.sha, counterpart, siblings, pictures, words, pdf)


def plan(site: Site, *, pdf: bool, only: Collection[str]) -> tuple[Target, ...]:
    """Every output of the chosen landlords, plus the shared files (site index, CSS, pictures)."""
    targets: list[Target] = []
    for landlord in site.landlords:
        if landlord.slug not in only:
            continue
        slug = landlord.slug
        for source in landlord.sources:
            key = source_key(site, landlord, source, pdf=pdf)
            targets.append(Target(f"{slug}/{source.page}.html", digest(key, "page"), "page", slug, source))
            if pdf:
                targets.append(Target(f"{slug}/{source.page}.pdf", digest(key, "pdf", site.print_key), "pdf", slug, source))
        index_key = digest(site.base_key, landlord.sha, listing(landlord), pdf, *(["reports"] if slug in site.reports else []))
        targets.append(Target(f"{slug}/index.html", index_key, "landlord-index", slug))
    everyone = [(l.slug, l.sha, listing(l)) for l in site.landlords]
    targets.append(Target("index.html", digest(site.base_key, everyone, pdf), "site-index"))
    css = site.theme / SCREEN_CSS
    targets.append(Target(f"theme/{SCREEN_CSS}", file_sha(css), "asset", origin=css))
    table = site.pictures
    names = sorted({n for l in site.landlords for s in l.sources for n in pictures_in(s.text) if table.get(n)})
    names = [n for n in names if table.file(n).is_file()]
    targets += [Target(f"pictures/{n}.svg", table.sha(n), "picture", origin=table.file(n)) for n in names]
    licence = table.symbols / LICENCE_FILE
    if names and licence.is_file():
        targets.append(Target(f"pictures/{LICENCE_FILE}", file_sha(licence), "licence", origin=licence))
    return tuple(targets)


def prunable(rel: str, *, only: Collection[str], slugs: Collection[str]) -> bool:
    """May an old output no longer planned be deleted? Not if it belongs to a landlord left out of this build."""
    top = rel.split("/")[0] if "/" in rel else ""
    return not (top in slugs and top not in only)

