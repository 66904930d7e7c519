"""Markdown from the template only; every value from outside goes in as inert text.

Each `{{ value }}` in a letter template becomes a private token before Markdown runs, and
the HTML-escaped text replaces the token afterwards. A customer who types `<script>`,
`{{7*7}}` or `![x](file:///etc/passwd)` sees those characters printed, never obeyed.
Elements (`{% call element("outcome") %}`) are rendered the same way into
`<section data-element="outcome">` so the renderer can check each one is there.
"""

from __future__ import annotations

import html
import re
import threading
import unicodedata
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from urllib.parse import urlparse

import markdown

from portal.documents import easyread
from portal.documents.markdown import DATA_END, DATA_START
from portal.documents.pictures import project_table
from portal.letters.formats import long_date
from portal.letters.kinds import ELEMENTS

_OPEN, _CLOSE = "\ue000", "\ue001"  # private-use characters: Markdown leaves them alone
_TOKEN = re.compile(f"{_OPEN}([vb])(\\d+){_CLOSE}")
_BLOCK_PARAGRAPH = re.compile(f"<p>\\s*({_OPEN}b\\d+{_CLOSE})\\s*</p>")
_LINK_SCHEMES = ("http", "https", "mailto")
_local = threading.local()


class TemplateFault(ValueError):
    """A template did something letters never allow (raised inside a render)."""


@dataclass(frozen=True)
class Inline:
    """HTML built here from escaped parts (a link), stashed whole as one inline value."""

    html: str


@dataclass(frozen=True)
class Block:
    """HTML built here from escaped parts (paragraphs), stashed whole as one block."""

    html: str


@dataclass
class _Stash:
    values: list[str] = field(default_factory=list)
    blocks: list[str] = field(default_factory=list)
    in_element: str = ""
    easy: bool = False  # an Easy Read letter: points laid out picture-left
    capture: bool = False  # return the Markdown for the Easy Read linter, values marked, instead of HTML

    def inline(self, fragment: str) -> str:
        self.values.append(fragment)
        return f"{_OPEN}v{len(self.values) - 1}{_CLOSE}"

    def block(self, fragment: str) -> str:
        self.blocks.append(fragment)
        return f"\n\n{_OPEN}b{len(self.blocks) - 1}{_CLOSE}\n\n"


_stash: ContextVar[_Stash] = ContextVar("letter_stash")


def clean_chars(value: object) -> str:
    """Text with control characters and the renderer's token characters dropped."""
    return "".join(
        ch for ch in str(value)
        if ch in "\n\t" or (ch not in (_OPEN, _CLOSE) and unicodedata.category(ch) not in ("Cc", "Cs"))
    )


def clean_text(value: object) -> str:
    """Text from outside as escaped HTML, with control and token characters dropped."""
    return html.escape(clean_chars(value), quote=True)


def finalize(value: object) -> str:
    """Jinja's finalize hook: swap every printed value for a token (see the module doc)."""
    if value is None:
        raise TemplateFault("a template printed an empty value (None); guard it with {% if %}")
    stash = _stash.get()
    if stash.capture:  # free text typed by staff is not held to the Easy Read rules; values are marked
        return "" if isinstance(value, Block) else f"{DATA_START}{_plain_value(value)}{DATA_END}"
    if isinstance(value, Block):
        return stash.block(value.html)
    if isinstance(value, Inline):
        return stash.inline(value.html)
    if isinstance(value, date):
        return stash.inline(clean_text(long_date(value)))
    return stash.inline(clean_text(value))


def _plain_value(value: object) -> str:
    if isinstance(value, Inline):
        return re.sub(r"<[^>]+>", "", value.html)
    return long_date(value) if isinstance(value, date) else clean_chars(value)


def paragraphs(text: object) -> Block:
    """Free text typed by staff or a customer as paragraphs: blank lines split, newlines break."""
    parts = [p.strip() for p in re.split(r"\n\s*\n", str(text).replace("\r\n", "\n")) if p.strip()]
    stash = _stash.get(None)
    opening = '<p class="typed">' if stash is not None and stash.easy else "<p>"  # in the text column
    return Block("\n".join(f"{opening}{clean_text(p).replace(chr(10), '<br>')}</p>" for p in parts))


def quoted(text: object) -> str:
    """A customer's summary inside a sentence: in quotation marks, without its own closing full stop."""
    return f"\u201c{str(text).strip().rstrip('.').strip()}\u201d"


def link(url: str, text: str | None = None) -> Inline:
    """A link to a web or email address from the profile; anything else prints as plain text."""
    label = clean_text(text or url.removeprefix("mailto:").removeprefix("https://"))
    if urlparse(url).scheme not in _LINK_SCHEMES:
        return Inline(label)
    return Inline(f'<a href="{clean_text(url)}">{label}</a>')


def element(name: str, caller: Callable[[], str]) -> str:
    """`{% call element("name") %}`: the body as a section the renderer can check."""
    if name not in ELEMENTS:
        raise TemplateFault(f"unknown element {name!r}; known elements: {', '.join(ELEMENTS)}")
    stash = _stash.get()
    if stash.in_element:
        raise TemplateFault(f"element {name!r} is inside element {stash.in_element!r}; elements cannot nest")
    stash.in_element = name
    try:
        body = caller() if stash.capture else to_html(caller(), easy=stash.easy)
    finally:
        stash.in_element = ""
    if stash.capture:
        return body
    return stash.block(f'<section class="element" data-element="{name}">\n{body}\n</section>')


def to_html(source: str, *, easy: bool = False) -> str:
    """Markdown to HTML with one Markdown instance per thread (they are not thread-safe);
    an Easy Read letter's points are laid out picture-left, each picture's alt text from the table."""
    name = "easy_md" if easy else "md"
    md = getattr(_local, name, None)
    if md is None:
        extensions = ["sane_lists", *(easyread.layout_extensions(project_table()) if easy else ())]
        md = markdown.Markdown(extensions=extensions, output_format="html")
        setattr(_local, name, md)
    return md.reset().convert(source)


def render_source(render: Callable[[], str]) -> str:
    """Run a template render for the Easy Read linter: Markdown out, values between DATA marks,
    free-text blocks left out."""
    token = _stash.set(_Stash(easy=True, capture=True))
    try:
        return render()
    finally:
        _stash.reset(token)


def render_markdown(render: Callable[[], str], *, easy: bool = False) -> str:
    """Run a template render with a fresh stash, convert it, and put the values back."""
    stash = _Stash(easy=easy)
    token = _stash.set(stash)
    try:
        source = render()
    finally:
        _stash.reset(token)
    out = to_html(source, easy=easy)
    # Blocks first (they hold value tokens), then values in one pass: escaped text
    # cannot carry a token, so nothing a customer typed is ever expanded.
    while _OPEN + "b" in out:
        out = _BLOCK_PARAGRAPH.sub(lambda m: m.group(1), out)
        out = _TOKEN.sub(lambda m: stash.blocks[int(m[2])] if m[1] == "b" else m[0], out)
    return _TOKEN.sub(lambda m: stash.values[int(m[2])], out)


class _SectionText(HTMLParser):
    """Collects the visible text of each `data-element` section."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: dict[str, str] = {}
        self.stack: list[str | None] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            name = dict(attrs).get("data-element")
            self.stack.append(name)
            if name is not None:
                self.texts.setdefault(name, "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "section" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        for name in self.stack:
            if name is not None:
                self.texts[name] += data


def element_texts(body_html: str) -> dict[str, str]:
    """Each element in rendered HTML with its visible text, stripped."""
    parser = _SectionText()
    parser.feed(body_html)
    parser.close()
    return {name: " ".join(text.split()) for name, text in parser.texts.items()}
