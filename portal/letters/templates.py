"""Letter templates on disk: front matter, the two Jinja environments, and loading.

A template is Markdown + Jinja with TOML front matter between `+++` lines:
`title`, `elements` (what the letter must contain) and optionally `applies`, a Jinja
expression over `profile` saying which landlords send this kind of letter.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jinja2

from portal.domain.profile import Profile
from portal.letters import markup
from portal.letters.formats import long_date, money, quantity, with_article
from portal.letters.kinds import ELEMENTS, LETTER_KINDS, REQUIRED_ELEMENTS

LETTERS_DIR = Path(__file__).resolve().parents[2] / "letters"
LAYOUT = "letter.html"
STYLESHEET = "letter.css"
_FENCE = "+++"
_KEYS = {"title", "elements", "applies"}


class LetterError(ValueError):
    """A letter could not be rendered: a template or its context breaks the letter rules."""


@dataclass(frozen=True)
class LetterTemplate:
    """One letter kind's template file and what its front matter declares."""

    kind: str
    title: str
    elements: tuple[str, ...]
    applies: str
    path: Path


def split_front_matter(text: str, name: str) -> tuple[dict, str]:
    """The TOML front matter and the body; the body keeps its line numbers for errors."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != _FENCE:
        raise LetterError(f"{name}: no front matter (the file must start with a '+++' line)")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == _FENCE)
    except StopIteration:
        raise LetterError(f"{name}: front matter has no closing '+++' line") from None
    try:
        meta = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise LetterError(f"{name}: front matter is not valid TOML: {exc}") from None
    return meta, "\n" * end + "\n".join(lines[end + 1:])


def _check_meta(kind: str, meta: dict, name: str) -> LetterTemplate:
    unknown = sorted(set(meta) - _KEYS)
    if unknown:
        raise LetterError(f"{name}: front matter key {unknown[0]!r} is not known ({', '.join(sorted(_KEYS))})")
    title, elements, applies = meta.get("title"), meta.get("elements"), meta.get("applies", "true")
    if not isinstance(title, str) or not title.strip():
        raise LetterError(f"{name}: front matter needs a 'title' string")
    if not isinstance(elements, list) or not all(isinstance(e, str) for e in elements):
        raise LetterError(f"{name}: front matter needs an 'elements' list of strings")
    if not isinstance(applies, str):
        raise LetterError(f"{name}: front matter 'applies' must be a string (a Jinja expression)")
    for element in elements:
        if element not in ELEMENTS:
            raise LetterError(f"{name}: declares unknown element {element!r}")
    missing = sorted(REQUIRED_ELEMENTS.get(kind, frozenset()) - set(elements))
    if missing:
        raise LetterError(f"{name}: must declare element {missing[0]!r} (the rules require it for {kind})")
    return LetterTemplate(kind, title.strip(), tuple(elements), applies, Path(name))


def load_template(kind: str, folder: Path = LETTERS_DIR) -> LetterTemplate:
    """Read and check one kind's front matter (cached until the file changes)."""
    if kind not in LETTER_KINDS:
        raise LetterError(f"unknown letter kind {kind!r}; known kinds: {', '.join(LETTER_KINDS)}")
    path = Path(folder) / f"{kind}.md"
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise LetterError(f"{path.name}: no template for letter kind {kind!r} in {folder}") from None
    return _load(kind, path, mtime)


@lru_cache(maxsize=256)
def _load(kind: str, path: Path, mtime: int) -> LetterTemplate:
    meta, _ = split_front_matter(path.read_text(encoding="utf-8"), path.name)
    template = _check_meta(kind, meta, path.name)
    return LetterTemplate(template.kind, template.title, template.elements, template.applies, path)


def applies_to(template: LetterTemplate, profile: Profile) -> bool:
    """Whether this landlord sends this kind of letter, from the template's `applies` expression."""
    try:
        return bool(_expression(template.path.parent, template.applies)(profile=profile))
    except jinja2.TemplateError as exc:
        raise LetterError(f"{template.path.name}: 'applies' expression failed: {exc}") from None


@lru_cache(maxsize=128)
def _expression(folder: Path, source: str):
    return markdown_env(folder).compile_expression(source)


class _FrontMatterLoader(jinja2.FileSystemLoader):
    """Serves letter templates with the front matter blanked out (line numbers kept)."""

    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        if template.endswith(".md") and not template.startswith("_"):
            _, source = split_front_matter(source, template)
        return source, filename, uptodate


def _fail(message: str) -> None:
    raise markup.TemplateFault(message)


def _forbidden(name: str):
    def refuse(*_args, **_kwargs):
        raise markup.TemplateFault(f"the '{name}' filter is not allowed in letters: values are always text")
    return refuse


@lru_cache(maxsize=8)
def markdown_env(folder: Path) -> jinja2.Environment:
    """The environment for letter bodies: every printed value goes through markup.finalize."""
    env = jinja2.Environment(
        loader=_FrontMatterLoader(str(folder)),
        autoescape=False,  # values are escaped at finalize; Markdown sees tokens only
        finalize=markup.finalize,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(element=markup.element, link=markup.link, fail=_fail)
    env.filters.update(
        money=money, long_date=long_date, paragraphs=markup.paragraphs, article=with_article,
        quantity=quantity, quoted=markup.quoted, tel=lambda number: "tel:" + re.sub(r"\D", "", str(number)),
    )
    for name in ("safe", "escape", "e", "forceescape", "urlize", "xmlattr", "tojson"):
        env.filters[name] = _forbidden(name)
    return env


@lru_cache(maxsize=8)
def layout_env(folder: Path) -> jinja2.Environment:
    """The environment for the page layout: plain HTML autoescaping."""
    env = jinja2.Environment(  # letters/easy/ has no layout of its own: it uses letters/letter.html
        loader=jinja2.FileSystemLoader([str(folder), str(LETTERS_DIR)]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, long_date=long_date, article=with_article)
    return env
