"""Render one letter: body from its Markdown template, checked, in the shared page layout.

The body is checked for every element its front matter declares, so a letter that would
leave out the ombudsman's details or the reasons for a decision is never sent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from portal.documents.pictures import project_table
from portal.documents.theme import print_picture, with_pictures
from portal.domain.profile import Profile
from portal.domain.roles import Role
from portal.letters import markup
from portal.letters.templates import (
    LAYOUT, LETTERS_DIR, STYLESHEET, LetterError, applies_to, layout_env, load_template, markdown_env,
)


@dataclass(frozen=True)
class RenderedLetter:
    """A rendered letter: its HTML, the elements checked in it, and the PDF once made."""

    kind: str
    title: str
    html: str
    elements: tuple[str, ...]
    pdf: bytes | None = None

    @property
    def digest(self) -> str:
        """A content hash of the HTML, for caching the PDF and spotting duplicates."""
        return hashlib.sha256(self.html.encode("utf-8")).hexdigest()


def _plain(value: Any) -> Any:
    """A copy of the context with every string plain text (no Markup, no control characters)."""
    if isinstance(value, Enum):
        return value
    if isinstance(value, str):
        return markup.clean_chars(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


_EVERY_LETTER = {"letter_date": date, "reference": str, "customer": dict, "sender": dict}


def _variables(profile: Profile, context: Mapping[str, Any], large_print: bool) -> dict[str, Any]:
    variables = _plain(context)
    for key, kind in _EVERY_LETTER.items():
        if not isinstance(variables.get(key), kind):
            raise LetterError(f"the context needs {key!r} ({kind.__name__}), not {variables.get(key)!r}")
    variables.setdefault("representative", None)
    sender = variables["sender"]
    if not isinstance(sender, dict) or "role" not in sender or "name" not in sender:
        raise LetterError("the context needs sender = {name, role}")
    try:
        role = Role(sender["role"])
    except ValueError:
        raise LetterError(f"sender role {sender['role']!r} is not a role") from None
    variables.update(
        profile=profile,
        omb=profile.ombudsman,
        complaints=profile.complaints,
        conduct=profile.conduct,
        title=profile.title,
        sender_title=profile.title(role),
        large_print=large_print,
    )
    return variables


def render_letter_html(
    kind: str,
    *,
    profile: Profile,
    context: Mapping[str, Any],
    large_print: bool = False,
    folder: Path = LETTERS_DIR,
    easy: bool = False,
) -> RenderedLetter:
    """Render a letter to HTML, raising LetterError if a declared element is missing or empty.

    `easy` lays the body out as Easy Read points, each picture read from the project's symbols."""
    folder = Path(folder)
    template = load_template(kind, folder)
    name = template.path.name
    if not applies_to(template, profile):
        raise LetterError(f"{name}: {profile.name} does not send this kind of letter (see 'applies')")
    variables = _variables(profile, context, large_print)
    try:
        body_template = markdown_env(folder).get_template(f"{kind}.md")
        body = markup.render_markdown(lambda: body_template.render(variables), easy=easy)
    except jinja2.TemplateSyntaxError as exc:
        raise LetterError(f"{exc.filename or name}, line {exc.lineno}: {exc.message}") from None
    except (jinja2.TemplateError, markup.TemplateFault) as exc:
        raise LetterError(f"{name}: {exc}") from None
    _check_elements(name, template.elements, body)
    if easy:
        body = with_pictures(body, print_picture(project_table()))
    try:
        page = layout_env(folder).get_template(LAYOUT).render(
            variables, title=template.title, body=Markup(body), css=Markup(_stylesheet(folder)), easy=easy,
        )
    except jinja2.TemplateError as exc:
        raise LetterError(f"{LAYOUT} (for {name}): {exc}") from None
    return RenderedLetter(kind=kind, title=template.title, html=page, elements=template.elements)


def _check_elements(name: str, declared: tuple[str, ...], body: str) -> None:
    texts = markup.element_texts(body)
    for element in declared:
        if element not in texts:
            raise LetterError(f"{name}: declared element {element!r} is missing from the letter")
        if not texts[element]:
            raise LetterError(f"{name}: element {element!r} rendered empty")
    extra = sorted(set(texts) - set(declared))
    if extra:
        raise LetterError(f"{name}: element {extra[0]!r} is in the letter but not declared in its front matter")


def render_letter(
    kind: str,
    *,
    profile: Profile,
    context: Mapping[str, Any],
    large_print: bool = False,
    folder: Path = LETTERS_DIR,
    easy: bool = False,
) -> RenderedLetter:
    """Render a letter to HTML and a tagged PDF (PDF/UA-1), checked as render_letter_html."""
    letter = render_letter_html(kind, profile=profile, context=context, large_print=large_print, folder=folder,
                                easy=easy)
    folder = Path(folder).resolve()
    roots = [folder, project_table().symbols.resolve()] if easy else [folder]
    from portal.documents.pdf import render_pdf  # imported here: WeasyPrint costs ~30 MB a server process that renders no PDF never needs

    pdf = render_pdf(letter.html, base_url=folder, allowed_roots=roots)
    return replace(letter, pdf=pdf)


def _stylesheet(folder: Path) -> str:
    path = folder / STYLESHEET
    return _read_css(path, path.stat().st_mtime_ns)


@lru_cache(maxsize=8)
def _read_css(path: Path, mtime: int) -> str:
    css = path.read_text(encoding="utf-8")
    if "</" in css:
        raise LetterError(f"{path.name}: a stylesheet must not contain '</'")
    return css
