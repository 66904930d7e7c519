"""Policy text: TOML front matter, then Jinja over the landlord profile, then Markdown.

Jinja runs first (plain Jinja: no trim_blocks, `-` whitespace control as usual) so
every number in a policy comes from the profile. Two invisible markers survive the
Jinja step for the linter: each output line carries the number of the source line it
came from (so errors point at the `.easy.md` line a writer can open), and every
`{{ value }}` is bracketed (so the linter can tell profile data, such as an address,
from the writer's own words).
"""

from __future__ import annotations

import re
import tomllib
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markdown as md

from portal.domain.profile import Profile
from portal.domain.roles import Role

LINE_START, LINE_END = "\ue000", "\ue001"
DATA_START, DATA_END = "\ue002", "\ue003"
_LINE_MARK = re.compile(f"{LINE_START}(\\d+){LINE_END}")
_LEADING_MARKS = re.compile(f"(?:\\s|{LINE_START}\\d+{LINE_END})*")
_DATA_MARK = re.compile(f"[{DATA_START}{DATA_END}]")
FENCE = "+++"
FRONT_MATTER_KEYS = {"title": str, "summary": str, "order": int, "part_of": str}  # part_of: split from that policy
EXTENSIONS = ("tables", "toc", "sane_lists", "attr_list")


class ContentError(ValueError):
    """A policy file is malformed; names the file and line so a writer can fix it."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = str(path), line, message


@dataclass(frozen=True)
class Expanded:
    """A policy body after Jinja: Markdown text plus, per line, its source line number."""

    text: str
    marked: tuple[str, ...]  # the same lines, profile values still bracketed by DATA marks
    lines: tuple[int, ...]  # source line number (1-based, in the whole file) of each line


@dataclass(frozen=True)
class Fragment:
    """A policy body as an HTML fragment, with its section headings for a contents list."""

    html: str
    headings: tuple[tuple[str, str], ...]  # (id, text) of each level-2 heading


def split_front_matter(text: str, path: Path | str) -> tuple[dict[str, Any], str, int]:
    """Split `+++` TOML front matter from the body; return (front matter, body, body's first line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != FENCE:
        raise ContentError(path, 1, f"a policy starts with a '{FENCE}' line and TOML front matter")
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == FENCE)
    except StopIteration:
        raise ContentError(path, 1, f"the front matter has no closing '{FENCE}' line") from None
    try:
        data = tomllib.loads("\n".join(lines[1:end]))
    except tomllib.TOMLDecodeError as exc:
        raise ContentError(path, 2, f"front matter is not valid TOML: {exc}") from None
    for key, value in data.items():
        kind = FRONT_MATTER_KEYS.get(key)
        if kind is None:
            raise ContentError(path, 2, f"unknown front matter key {key!r} (known: {', '.join(FRONT_MATTER_KEYS)})")
        if not isinstance(value, kind) or isinstance(value, bool):
            raise ContentError(path, 2, f"front matter {key!r} must be {kind.__name__}, not {value!r}")
    if not data.get("title", "").strip():
        raise ContentError(path, 2, "front matter needs a title")
    return data, "\n".join(lines[end + 1:]), end + 2


def money(pence: int) -> str:
    """Pence as pounds for a page: 50000 -> '£500', 1250 -> '£12.50'."""
    pounds, rest = divmod(int(pence), 100)
    return f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"


def jinja_context(profile: Profile) -> dict[str, Any]:
    """The names a policy may use: the profile and its shorthands (see the content format)."""
    return {
        "profile": profile, "complaints": profile.complaints,
        "s1": profile.complaints.stage1, "s2": profile.complaints.stage2,
        "conduct": profile.conduct, "omb": profile.ombudsman, "contact": profile.contact,
        "eg": profile.ex_gratia,
    }


def _finalize(value: Any) -> str:
    if value is None or value == "":
        return ""
    return f"{DATA_START}{value}{DATA_END}"


def _environment(profile: Profile) -> jinja2.Environment:
    env = jinja2.Environment(
        autoescape=False, undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, finalize=_finalize,
    )
    env.filters["role"] = lambda role: profile.title(Role(role))
    env.filters["money"] = money
    env.filters["tel"] = lambda number: "tel:" + re.sub(r"\D", "", str(number))
    return env


_OPENERS = {"{{": "}}", "{%": "%}", "{#": "#}"}
_LEFT_STRIP = ("{{-", "{%-", "{#-")
_SPACE = " \t\r\n\f\v"


def _mark(number: int) -> str:
    return f"{LINE_START}{number}{LINE_END}"


def _mark_lines(body: str) -> str:
    """Put a line-number marker where each line's text starts, without changing what Jinja renders.

    A marker goes after a line's indent, except where Jinja whitespace control would
    have stripped across it: before a `{%-` tag, or after a `-%}` tag, whose stripped
    whitespace is moved into a comment (keeping Jinja's own line numbers) and followed by
    the marker of the line where the text resumes.
    """
    out: list[str] = []
    i, line, n = 0, 1, len(body)
    while i < n:
        if i == 0 or body[i - 1] == "\n":
            indent = len(body[i:]) - len(body[i:].lstrip(" \t"))
            rest = body[i + indent: body.find("\n", i) if "\n" in body[i:] else n]
            if rest.strip() and not rest.startswith(_LEFT_STRIP):
                out.append(body[i: i + indent] + _mark(line))
                i += indent
        opener = body[i: i + 2]
        if opener in _OPENERS:
            close = body.find(_OPENERS[opener], i + 2)
            close = n if close < 0 else close + 2
            tag = body[i:close]
            out.append(tag)
            line += tag.count("\n")
            i = close
            if tag.endswith(("-}}", "-%}", "-#}")):
                j = i
                while j < n and body[j] in _SPACE:
                    j += 1
                gap = body[i:j]
                line += gap.count("\n")
                if gap:
                    out.append("{#" + gap + "#}")
                if j < n and not body.startswith(_LEFT_STRIP, j) and body[j:j + 2] not in _OPENERS:
                    out.append(_mark(line))
                i = j
            continue
        out.append(body[i])
        line += body[i] == "\n"
        i += 1
    return "".join(out)


def _template_line(exc: BaseException) -> int | None:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return exc.lineno
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == "<template>"]
    return frames[-1].lineno if frames else None


def expand(body: str, profile: Profile, *, path: Path | str, first_line: int = 1) -> Expanded:
    """Run a policy body through Jinja with the profile; keep source line numbers per line."""
    try:
        rendered = _environment(profile).from_string(_mark_lines(body)).render(jinja_context(profile))
    except (jinja2.TemplateError, TypeError, ValueError, KeyError) as exc:
        line = _template_line(exc)
        where = first_line + line - 1 if line else first_line
        raise ContentError(path, where, f"template error: {exc}") from None
    marked, numbers, current = [], [], first_line
    for line in rendered.split("\n"):
        leading = _LEADING_MARKS.match(line)
        found = _LINE_MARK.findall(leading.group()) or _LINE_MARK.findall(line)[:1]
        if found:
            current = first_line + int(found[-1]) - 1
        numbers.append(current)
        marked.append(_LINE_MARK.sub("", line))
    text = "\n".join(_DATA_MARK.sub("", line) for line in marked)
    return Expanded(text=text, marked=tuple(marked), lines=tuple(numbers))


def to_html(text: str, *, extensions: Sequence[Any] = ()) -> Fragment:
    """Markdown (tables, toc, sane_lists, attr_list, plus any given) to an HTML fragment."""
    converter = md.Markdown(
        extensions=[*EXTENSIONS, tree_extension(_policy_links, "policy-links"),
                    tree_extension(_key_value_tables, "key-value-tables"), *extensions],
        extension_configs={"toc": {"toc_depth": "2-3"}},
    )
    html = converter.convert(text)
    headings = tuple((t["id"], t["name"]) for t in _walk(converter.toc_tokens) if t["level"] == 2)
    return Fragment(html=html, headings=headings)


def _walk(tokens: list[dict]) -> list[dict]:
    out = []
    for token in tokens:
        out.append(token)
        out.extend(_walk(token.get("children", [])))
    return out


_POLICY_LINK = re.compile(r"^([a-z0-9][a-z0-9-]*(?:\.easy)?)\.md(#[\w-]*)?$")


def _policy_links(root: Any) -> None:
    """A link to a sibling policy (`complaints.md`, `complaints.easy.md`) becomes a page link."""
    for a in root.iter("a"):
        found = _POLICY_LINK.match(a.get("href", ""))
        if found:
            a.set("href", f"{found.group(1)}.html{found.group(2) or ''}")


def _key_value_tables(root: Any) -> None:
    """A table with an empty header row (`| | |`) is a list of labelled values: it loses the
    header row and each row's first cell becomes its row header (empty headers fail axe-core)."""
    for table in root.iter("table"):
        head = table.find("thead")
        if head is None or any("".join(th.itertext()).strip() for th in head.iter("th")):
            continue
        table.remove(head)
        for row in table.iter("tr"):
            if len(row) and row[0].tag == "td":
                row[0].tag = "th"
                row[0].set("scope", "row")


def tree_extension(run: Callable[[Any], None], name: str) -> md.Extension:
    """Wrap a function over the element tree as a Markdown extension (run after inline parsing)."""

    class _Run(md.treeprocessors.Treeprocessor):
        def run(self, root):
            run(root)

    class _Extension(md.Extension):
        def extendMarkdown(self, converter):
            converter.treeprocessors.register(_Run(converter), name, 4)

    return _Extension()
