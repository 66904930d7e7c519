"""Which files the site should contain, each with the content-hash key of its inputs.

A policy page's key covers its own file, its landlord's profile, the pictures it uses,
whether its sibling versions exist, the page templates, the tool versions and the build
code; its PDF's key adds the print stylesheet. The screen stylesheet is a file of its
own: changing it rebuilds nothing else.
An index page's key covers the front matter it lists, not the policy bodies, so
editing a policy's text rebuilds that policy's outputs and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from functools import cache

from portal.documents.cache import digest, file_sha
from portal.documents.pictures import picture_exists, picture_path, pictures_in
from portal.documents.records import Landlord, Site, Source, Target
from portal.documents.theme import SCREEN_CSS

_SIBLING_LINK = re.compile(r"\]\(\s*([a-z0-9][a-z0-9-]*(?:\.easy)?)\.md")


@cache
def _picture_sha(code: str) -> str:
    return file_sha(picture_path(code)) if picture_exists(code) else "missing"


def listing(landlord: Landlord) -> list[tuple[str, bool, dict]]:
    """What an index shows of a landlord's policies: names, versions and front matter."""
    return [(s.name, s.easy, dict(s.front_matter)) for s in landlord.sources]


def source_key(site: Site, landlord: Landlord, source: Source, *, pdf: bool) -> str:
    """The key of a policy's outputs: everything its page and PDF are made from."""
    names = {s.page for s in landlord.sources}
    siblings = {name: name in names for name in _SIBLING_LINK.findall(source.text)}
    counterpart = landlord.source(source.name, not source.easy) is not None
    pictures = {code: _picture_sha(code) for code in pictures_in(source.text)}
    return digest(site.base_key, landlord.sha, source.sha, counterpart, siblings, pictures, pdf)


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
        index_key = digest(site.base_key, landlord.sha, listing(landlord), pdf)
        targets.append(Target(f"{slug}/index.html", index_key, "landlord-index", slug))
    everyone = [(l.slug, l.sha, listing(l)) for l in site.landlords]
    targets.append(Target("index.html", digest(site.base_key, everyone, pdf), "site-index"))
    css = site.theme / SCREEN_CSS
    targets.append(Target(f"theme/{SCREEN_CSS}", file_sha(css), "asset", origin=css))
    codes = sorted({c for l in site.landlords for s in l.sources for c in pictures_in(s.text) if picture_exists(c)})
    targets += [Target(f"pictures/{c}.svg", _picture_sha(c), "picture", origin=picture_path(c)) for c in codes]
    return tuple(targets)


def prunable(rel: str, *, only: Collection[str], slugs: Collection[str]) -> bool:
    """May an old output no longer planned be deleted? Not if it belongs to a landlord left out of this build."""
    top = rel.split("/")[0] if "/" in rel else ""
    return not (top in slugs and top not in only)

