"""Easy Read pages: the picture-left layout, and the rulebook linter that guards them.

The layout turns each point (a paragraph that starts with a picture, plus any list
after it) into a picture beside its sentences, one sentence per line. The linter reads
the Jinja-expanded Markdown line by line, so every problem names the `.easy.md` line.
The rules themselves live in `easyrules.py`.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from pathlib import Path

from portal.documents import easyrules as rules
from portal.documents.markdown import Expanded, tree_extension
from portal.documents.readability import grade
from portal.documents.records import Figures, Issue
from portal.domain.profile import Profile

MAX_PAGES = 24
WORDS_TO_KNOW = "words to know"
CONTACT_US = "contact us"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass
class _Block:
    kind: str  # heading | paragraph | list
    section: str
    lines: list[rules.Line] = field(default_factory=list)

    @property
    def level(self) -> int:
        """The heading level (2 for '## ...'); 0 for a block that is not a heading."""
        heading = _HEADING.match(self.lines[0].raw)
        return len(heading.group(1)) if heading else 0


def _blocks(expanded: Expanded) -> list[_Block]:
    blocks: list[_Block] = []
    section, current = "", None
    for marked, number in zip(expanded.marked, expanded.lines):
        if not marked.strip():
            current = None
            continue
        line = rules.Line(number, marked)
        heading = _HEADING.match(line.raw)
        if heading:
            section = heading.group(2) if len(heading.group(1)) == 2 else section
            blocks.append(_Block("heading", section, [line]))
            current = None
        elif current is None or (current.kind == "list" and not rules.LIST_ITEM.match(line.raw) and not line.raw[:1].isspace()):
            current = _Block("list" if rules.LIST_ITEM.match(line.raw) else "paragraph", section, [line])
            blocks.append(current)
        else:
            current.lines.append(line)
    return blocks


def lint(expanded: Expanded, profile: Profile, *, path: Path | str) -> tuple[list[Issue], Figures]:
    """Check an expanded Easy Read page against the rulebook; return its issues and figures."""
    blocks = _blocks(expanded)
    in_glossary = [b for b in blocks if b.section.lower() == WORDS_TO_KNOW]
    known = rules.glossary([line for b in in_glossary if b.kind == "paragraph" for line in b.lines])
    found: list[rules.Found] = []
    said: list[rules.Sentence] = []
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            if block.level == 1:
                found.append((block.lines[0].number, "heading", "no '#' headings in the body: sections are '## Heading'"))
            continue
        if block.kind == "paragraph":
            following = blocks[i + 1].kind if i + 1 < len(blocks) else ""
            found += rules.check_point(block.lines, before_list=following == "list",
                                       in_glossary=block.section.lower() == WORDS_TO_KNOW)
            text = rules.point_text(block.lines)
            said += [s for line in text for s in rules.sentences(line)]
        else:
            if i == 0 or blocks[i - 1].kind not in ("paragraph", "list"):  # a loose list continues
                found.append((block.lines[0].number, "picture",
                              "a list belongs to a point: put a picture and a sentence before it"))
            text = rules.list_items(block.lines)
            found += rules.check_items(text)
            said += [rules.Sentence(item.number, item.marked) for item in text]
        found += rules.check_style(text, known)
    found += _check_sections(blocks, profile, bool(in_glossary), expanded)
    issues = sorted({Issue(str(path), n, rule, msg) for n, rule, msg in found},
                    key=lambda x: (x.line, x.rule, x.message))
    return issues, _figures(said)


def _check_sections(blocks: list[_Block], profile: Profile, has_glossary: bool,
                    expanded: Expanded) -> list[tuple[int, str, str]]:
    found = []
    headings = [b for b in blocks if b.level == 2]
    last_line = expanded.lines[-1] if expanded.lines else 1
    if not headings or headings[-1].section.lower() != CONTACT_US:
        where = headings[-1].lines[0].number if headings else last_line
        found.append((where, "contact-us", "the last section must be '## Contact us'"))
    else:
        text = " ".join(line.raw for b in blocks if b.section.lower() == CONTACT_US for line in b.lines)
        ours = [v for v in (profile.contact.phone, profile.contact.email, profile.contact.website,
                            profile.contact.address) if v]
        omb = [v for v in (profile.ombudsman.phone, profile.ombudsman.website,
                           profile.ombudsman.email, profile.ombudsman.address) if v]
        where = headings[-1].lines[0].number
        if ours and not any(v in text for v in ours):
            found.append((where, "contact-us", "'Contact us' must give our contact details from the profile (contact.*)"))
        if not any(v in text for v in omb):
            found.append((where, "contact-us", "'Contact us' must give the ombudsman's contact details (omb.*)"))
    uses_bold = any("**" in line.marked for b in blocks for line in b.lines)
    if uses_bold and not has_glossary:
        found.append((last_line, "words-to-know", "bold words need a '## Words to know' section that explains them"))
    return found


def _figures(sentences: list[rules.Sentence]) -> Figures:
    counts = [rules.word_count(s.marked) for s in sentences]
    return Figures(
        grade=grade([rules.readable(s.marked) for s in sentences]),
        words=sum(counts), sentences=len(counts), longest=max(counts, default=0),
    )


def page_count_issue(path: Path | str, pages: int) -> Issue | None:
    """The rule on length: an Easy Read PDF of more than MAX_PAGES pages fails the build."""
    if pages <= MAX_PAGES:
        return None
    return Issue(str(path), 1, "pages", f"the Easy Read PDF has {pages} pages; at most {MAX_PAGES} are allowed")


def _layout(root: etree.Element) -> None:
    """Each paragraph that starts with a picture becomes a point: picture left, text right."""
    text_box = None
    for child in list(root):
        if child.tag in ("ul", "ol") and text_box is not None:
            root.remove(child)
            text_box.append(child)
            continue
        text_box = None
        picture = child[0] if child.tag == "p" and len(child) else None
        if picture is None or picture.tag != "img" or (child.text or "").strip():
            continue
        child.remove(picture)
        if len(child) and child[0].tag == "br" and not (picture.tail or "").strip():
            picture.tail = child[0].tail
            child.remove(child[0])
        child.text, picture.tail = (picture.tail or "").lstrip(), None
        picture.set("class", "picture")
        point = etree.Element("div", {"class": "point"})
        point.append(picture)
        text_box = etree.SubElement(point, "div", {"class": "point-text"})
        index = list(root).index(child)
        root.remove(child)
        root.insert(index, point)
        if child.text or len(child):
            text_box.append(child)


def layout_extensions() -> list:
    """Markdown extensions for an Easy Read page: line breaks kept, points laid out."""
    return ["nl2br", tree_extension(_layout, "easy-read-layout")]
