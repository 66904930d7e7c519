"""The URL lockdown for policy pages: what a rendered policy may point at (and alt text).

A policy may show the pictures its picture table declares (`picture:NAME`) and link to its sibling pages,
to `#sections`, and to `https:`, `mailto:` and `tel:` addresses. Anything else (a
`file:` URL, `http:`, a path that climbs out of the policy folder, a raw `<script>`
or a CSS `url()`) fails the build before WeasyPrint or a browser could load it. The
PDF renderer's restricted fetcher is the second lock behind this one.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from html.parser import HTMLParser

from portal.documents.pictures import SCHEME

URL_ATTRIBUTES = {"src", "href", "srcset", "data", "poster", "action", "formaction",
                  "background", "cite", "longdesc", "xlink:href", "manifest", "ping"}
REFUSED_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "link", "meta",
                "base", "form", "input", "button", "video", "audio", "source", "track",
                "svg", "math", "canvas", "template", "applet"}
LINK_SCHEMES = ("https://", "mailto:", "tel:")
_SIBLING = re.compile(r"^[a-z0-9][a-z0-9-]*(?:\.easy)?\.(?:html|pdf)(?:#[\w-]*)?$")


@dataclass(frozen=True)
class Refusal:
    """One thing in a page the lockdown refuses: the offending text and why."""

    needle: str  # the URL or tag, to find the source line it came from
    message: str
    rule: str = "lockdown"


class _Scanner(HTMLParser):
    def __init__(self, siblings: Collection[str], pictures: Collection[str]):
        super().__init__(convert_charrefs=True)
        self.siblings = siblings
        self.pictures = pictures
        self.refusals: list[Refusal] = []

    def handle_starttag(self, tag, attrs):
        if tag in REFUSED_TAGS:
            self.refusals.append(Refusal(f"<{tag}", f"<{tag}> is not allowed in a policy"))
            return
        if tag == "img" and not (dict(attrs).get("alt") or "").strip():
            src = dict(attrs).get("src") or "<img"
            self.refusals.append(Refusal(src, "a picture needs alt text: declare what it means in the picture table", "alt-text"))
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self.refusals.append(Refusal(name, f"event attribute {name!r} is not allowed"))
            elif name == "style" and re.search(r"url\s*\(|@import|expression\s*\(", value, re.I):
                self.refusals.append(Refusal(value, "CSS that loads a resource is not allowed"))
            elif name in URL_ATTRIBUTES:
                why = self._check(tag, name, value)
                if why:
                    self.refusals.append(Refusal(value, why))

    handle_startendtag = handle_starttag

    def _check(self, tag: str, name: str, url: str) -> str | None:
        if tag == "img" and name == "src":
            code = url[len(SCHEME):] if url.startswith(SCHEME) else None
            if code is None:
                return f"image {url!r} refused: pictures are named from the picture table, like picture:telephone"
            if code not in self.pictures:
                return f"no picture {code!r} in the picture table (content/easyread/pictures.toml)"
            return None
        if tag == "a" and name == "href":
            if url.startswith("#") or url.startswith(LINK_SCHEMES):
                return None
            if _SIBLING.match(url):
                page = url.split("#")[0]
                return None if page in self.siblings else f"link to {url!r}: no such policy page"
            return (f"link {url!r} refused: use https://, mailto:, tel:, #section "
                    "or a sibling policy (name.md)")
        return f"{name}={url!r} on <{tag}> refused: only pictures and links may point elsewhere"


def check_html(html: str, *, siblings: Collection[str] = (), pictures: Collection[str] = ()) -> list[Refusal]:
    """Every URL, tag or style in a page fragment that the lockdown refuses."""
    scanner = _Scanner(siblings, pictures)
    scanner.feed(html)
    scanner.close()
    return scanner.refusals
