"""Easy Read pages: the picture-left layout, and the rulebook linter that guards them.

The layout turns each point (a paragraph that starts with a picture, plus any list
after it) into a picture beside its sentences, one sentence per line. The linter reads
the Jinja-expanded Markdown line by line, so every problem names the `.easy.md` line.
The line-by-line rules live in `easyrules.py`; the page-wide ones (sections, pictures,
hard words, front matter, stylesheets, the theme's own lines) are here.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from portal.documents import easyrules as rules
from portal.documents.hardwords import pattern
from portal.documents.markdown import Expanded, tree_extension
from portal.documents.pictures import SCHEME, PictureTable
from portal.documents.readability import grade
from portal.documents.records import Figures, Issue
from portal.domain.profile import Profile

MAX_PAGES = 12
MOST_IMPORTANT = "the most important things"
WORDS_TO_KNOW = "words to know"
HELP = "how to get help and complain"
KEY_POINTS = (3, 5)
CONTENTS_HERE = '<div class="contents-here"></div>'
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]*)\)")


@dataclass(frozen=True)
class Rulebook:
    """What a page is checked against besides its text: the picture table and the hard words."""

    pictures: PictureTable
    hard_words: tuple[str, ...] = ()


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


@dataclass
class _Tally:
    """What the linter counts on its way through a page, for the build report."""

    said: list[rules.Sentence] = field(default_factory=list)
    per_point: list[int] = field(default_factory=list)
    pictures: dict[str, str] = field(default_factory=dict)
    hard: dict[str, None] = field(default_factory=dict)


def lint(expanded: Expanded, profile: Profile, *, path: Path | str, rulebook: Rulebook,
         letter: bool = False) -> tuple[list[Issue], Figures]:
    """Check an expanded Easy Read page (or letter) against the rulebook; return its issues and figures.

    A letter is held to every rule except the opening and closing sections a page must have."""
    blocks = _blocks(expanded)
    in_glossary = [b for b in blocks if b.section.lower() == WORDS_TO_KNOW]
    known = rules.glossary([line for b in in_glossary if b.kind == "paragraph" for line in b.lines])
    found: list[rules.Found] = []
    tally = _Tally()
    for i, block in enumerate(blocks):
        if block.kind == "heading":
            if block.level == 1:
                found.append((block.lines[0].number, "heading", "no '#' headings in the body: sections are '## Heading'"))
            found += rules.check_items([rules.Line(block.lines[0].number, _HEADING.match(block.lines[0].marked).group(2))])
            continue
        if block.kind == "paragraph":
            following = blocks[i + 1].kind if i + 1 < len(blocks) else ""
            found += rules.check_point(block.lines, before_list=following == "list",
                                       in_glossary=block.section.lower() == WORDS_TO_KNOW)
            found += _check_picture(block.lines[0], rulebook.pictures, tally)
            text = rules.point_text(block.lines)
            sentences = [s for line in text for s in rules.sentences(line)]
            tally.said += sentences
            tally.per_point.append(len(sentences))
        else:
            if i == 0 or blocks[i - 1].kind not in ("paragraph", "list"):  # a loose list continues
                found.append((block.lines[0].number, "picture",
                              "a list belongs to a point: put a picture and a sentence before it"))
            text = rules.list_items(block.lines)
            found += rules.check_items(text)
            tally.said += [rules.Sentence(item.number, item.marked) for item in text]
        found += rules.check_style(text, known)
        found += rules.check_links(text)
    found += _check_hard_words(blocks, rulebook.hard_words, known, tally, values_too=not letter)
    found += _check_sections(blocks, profile, bool(in_glossary), expanded, letter=letter)
    issues = sorted({Issue(str(path), n, rule, msg) for n, rule, msg in found},
                    key=lambda x: (x.line, x.rule, x.message))
    return issues, _figures(tally)


def _check_picture(first: rules.Line, table: PictureTable, tally: _Tally) -> list[rules.Found]:
    """A point's picture is named from the picture table, which gives its meaning (the alt text)."""
    match = rules.PICTURE.match(first.marked)
    if not match:
        return []
    alt, url = match.groups()
    if not url.startswith(SCHEME):
        return [(first.number, "picture", f"pictures are named from the picture table: ![]({SCHEME}NAME), not {url!r}")]
    name = url[len(SCHEME):]
    picture = table.get(name)
    if picture is None:
        return [(first.number, "picture", f"no picture {name!r} in {table.path.name}: declare it there first")]
    tally.pictures[name] = picture.means
    if alt.strip():
        return [(first.number, "picture", f"write ![]({SCHEME}{name}): what the picture means ({picture.means!r}) "
                                          f"is declared once, in {table.path.name}")]
    return []


def _is_term(word: str, terms: frozenset[str]) -> bool:
    """A glossary term explains a hard word it is, or contains ('Housing Ombudsman' explains 'ombudsman')."""
    regex = pattern(word)
    return any(regex.search(t) for t in terms)


def _check_hard_words(blocks: Sequence[_Block], words: Sequence[str], known: rules.Glossary,
                      tally: _Tally, *, values_too: bool) -> list[rules.Found]:
    """Each hard word is explained in 'Words to know', and bold where the page first uses it.

    A page's profile values are checked too (a role title); a letter's values are what staff
    typed or the case holds, so only the template's own words are."""
    found: list[rules.Found] = []
    first_use: set[str] = set()
    patterns = [(w, pattern(w)) for w in words]
    for block in blocks:
        glossary = block.section.lower() == WORDS_TO_KNOW
        for line in block.lines:
            # In 'Words to know' a profile value may name a hard word (the SPSO's full name) to explain another.
            text = rules.without_addresses(rules.without_values(line.marked) if glossary or not values_too else line.raw)
            bold = [(0, len(text))] if block.kind == "heading" else [m.span() for m in rules.BOLD.finditer(text)]
            for word, regex in patterns:
                for match in regex.finditer(text):
                    tally.hard[word] = None
                    if not _is_term(word, known.terms):
                        found.append((line.number, "hard-word", f"{match.group(0)!r} is a hard word: use plain words, "
                                                                "or make it bold and explain it in '## Words to know'"))
                    elif word not in first_use and not glossary:
                        if not any(a <= match.start() and match.end() <= b for a, b in bold):
                            found.append((line.number, "hard-word", f"{match.group(0)!r} is a hard word: make it bold "
                                                                    "here, where the page first uses it"))
                    if not glossary:
                        first_use.add(word)
    return found


def _section_points(blocks: Sequence[_Block], name: str) -> list[_Block]:
    return [b for b in blocks if b.section.lower() == name and b.kind == "paragraph"]


def _links(blocks: Sequence[_Block]) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for b in blocks for line in b.lines for m in _LINK.finditer(line.raw)]


def _check_sections(blocks: list[_Block], profile: Profile, has_glossary: bool,
                    expanded: Expanded, *, letter: bool) -> list[rules.Found]:
    last_line = expanded.lines[-1] if expanded.lines else 1
    found = [] if letter else _check_way_in_and_out(blocks, profile, last_line)
    uses_bold = any("**" in line.marked for b in blocks for line in b.lines)
    if uses_bold and not has_glossary:
        found.append((last_line, "words-to-know", "bold words need a '## Words to know' section that explains them"))
    return found


def _check_way_in_and_out(blocks: list[_Block], profile: Profile, last_line: int) -> list[rules.Found]:
    """A page opens with 'The most important things' (3 to 5 points) and ends with help and complaints."""
    found = []
    headings = [b for b in blocks if b.level == 2]
    if not headings or headings[0].section.lower() != MOST_IMPORTANT:
        where = headings[0].lines[0].number if headings else last_line
        found.append((where, "most-important", "the first section must be '## The most important things'"))
    else:
        count = len(_section_points(blocks, MOST_IMPORTANT))
        low, high = KEY_POINTS
        if not low <= count <= high:
            found.append((headings[0].lines[0].number, "most-important",
                          f"'The most important things' has {count} points: give {low} to {high}"))
    if not headings or headings[-1].section.lower() != HELP:
        where = headings[-1].lines[0].number if headings else last_line
        found.append((where, "help", "the last section must be '## How to get help and complain'"))
    else:
        found += _check_help(blocks, profile, headings[-1].lines[0].number)
    return found


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _check_help(blocks: list[_Block], profile: Profile, where: int) -> list[rules.Found]:
    """The last section gives named links: our phone, email and website, a way to complain, the ombudsman."""
    links = _links([b for b in blocks if b.section.lower() == HELP])
    contact, omb = profile.contact, profile.ombudsman
    wanted = []
    if contact.phone:
        wanted.append((any(url == f"tel:{_digits(contact.phone)}" and contact.phone in text for text, url in links),
                       f"our phone as a link that shows the number: [{contact.phone}](tel:{_digits(contact.phone)})"))
    if contact.email:
        wanted.append((any(url == f"mailto:{contact.email}" for _, url in links),
                       f"our email as a link: [{contact.email}](mailto:{contact.email})"))
    if contact.website:
        wanted.append((any(url == contact.website and text.strip().lower() == "our website" for text, url in links),
                       f"our website as a link named 'our website': [our website]({contact.website})"))
    wanted.append((any("complain" in text.lower() for text, _ in links),
                   "a link that says how to complain (to the complaints page or its 'How to complain' section)"))
    omb_urls = {u for u in (omb.website, f"tel:{_digits(omb.phone or '')}", f"mailto:{omb.email}" if omb.email else "") if u}
    wanted.append((any(url in omb_urls for _, url in links),
                   f"the {omb.short_name}'s website or phone as a named link (omb.website, omb.phone)"))
    return [(where, "help", f"'How to get help and complain' needs {what}") for ok, what in wanted if not ok]


def _figures(tally: _Tally) -> Figures:
    counts = [rules.word_count(s.marked) for s in tally.said]
    return Figures(
        grade=grade([rules.readable(s.marked) for s in tally.said]),
        words=sum(counts), sentences=len(counts), longest=max(counts, default=0),
        points=len(tally.per_point), most_per_point=max(tally.per_point, default=0),
        hard_words=tuple(sorted(tally.hard)),
        pictures=tuple(f"{name}: {means}" for name, means in sorted(tally.pictures.items())),
    )


def check_front_matter(front: Mapping[str, object], text: str, path: Path | str,
                       hard_words: Sequence[str]) -> list[Issue]:
    """The title and standfirst are held to the sentence rule, and the title is in plain words."""
    issues = []
    lines = text.split("\n")
    for key in ("title", "summary"):
        value = str(front.get(key, ""))
        line = next((i for i, s in enumerate(lines, 1) if re.match(rf"\s*{key}\s*=", s)), 1)
        words = rules.word_count(value)
        if words > rules.MAX_WORDS:
            issues.append(Issue(str(path), line, "sentence-length", f"the {key} has {words} words: at most {rules.MAX_WORDS}"))
        if key == "title":
            issues += [Issue(str(path), line, "plain-title", f"the title uses the hard word {w!r}: use plain words")
                       for w in hard_words if pattern(w).search(value)]
    return issues


def page_count_issue(path: Path | str, pages: int) -> Issue | None:
    """The rule on length: an Easy Read PDF of more than MAX_PAGES pages fails the build."""
    if pages <= MAX_PAGES:
        return None
    return Issue(str(path), 1, "pages", f"the Easy Read PDF has {pages} pages; at most {MAX_PAGES} are allowed: "
                                        "move part of it into a separate Easy Read document and link the two")


class _ChromeText(HTMLParser):
    """The text of each block of a page outside its policy body (the theme's own lines)."""

    BLOCKS = {"p", "li", "h1", "h2", "h3", "title", "a"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth_in_body = 0
        self.stack: list[str] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.depth_in_body:
            self.depth_in_body += tag == "div"
            return
        if tag == "div" and "policy-body" in (dict(attrs).get("class") or ""):
            self.depth_in_body = 1
            return
        if tag in self.BLOCKS:
            self.stack.append(tag)
            self.texts.append("")

    def handle_endtag(self, tag):
        if self.depth_in_body:
            self.depth_in_body -= tag == "div"
        elif tag in self.BLOCKS and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and not self.depth_in_body:
            self.texts[-1] += data


def check_theme_text(html: str, template: Path | str) -> list[Issue]:
    """Every sentence the theme prints around an Easy Read body has at most MAX_WORDS words."""
    parser = _ChromeText()
    parser.feed(html)
    issues = []
    for text in parser.texts:
        for sentence in rules.sentences(rules.Line(1, " ".join(text.split()))):
            words = rules.word_count(sentence.marked)
            if words > rules.MAX_WORDS:
                issues.append(Issue(str(template), 1, "sentence-length",
                                    f"the theme prints a {words}-word sentence on Easy Read pages "
                                    f"(at most {rules.MAX_WORDS}): {sentence.marked[:60]!r}"))
    return sorted(set(issues), key=lambda i: i.message)


_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CSS_SIZE = re.compile(r"(?<![-\w])(width|height|font-size)\s*:\s*([\d.]+)(mm|cm|pt|px|rem)\b")
_TO_MM = {"mm": 1.0, "cm": 10.0, "pt": 25.4 / 72, "px": 25.4 / 96, "rem": 16 * 25.4 / 96}
PICTURE_MM = {"print": 30.0, "screen": 96 * 25.4 / 96}  # 30 mm in the PDF, 96 px on screen
TEXT_PT = 16.0


def check_stylesheet(css: str, path: Path | str, *, medium: str) -> list[Issue]:
    """The picture column and the text size: every `.picture` width and height in the stylesheet
    is at least 30 mm (print) or 96 px (screen); Easy Read text in print is at least 16 pt."""
    issues = []
    least = PICTURE_MM[medium]
    for rule in _CSS_RULE.finditer(css):
        selector, body = rule.group(1).strip(), rule.group(2)
        line = css.count("\n", 0, rule.start(2)) + 1
        for decl in _CSS_SIZE.finditer(body):
            prop, number, unit = decl.group(1), float(decl.group(2)), decl.group(3)
            size_mm = number * _TO_MM[unit]
            where = line + body.count("\n", 0, decl.start())
            if ".picture" in selector and prop in ("width", "height") and size_mm + 1e-6 < least:
                want = "30mm" if medium == "print" else "96px (6rem)"
                issues.append(Issue(str(path), where, "picture-size",
                                    f"{selector} {prop} is {number:g}{unit}: Easy Read pictures are at least {want}"))
            if medium == "print" and prop == "font-size" and re.search(r"\.easy\b(?!\s+\S)", selector) \
                    and selector.startswith("body") and size_mm / _TO_MM["pt"] + 1e-6 < TEXT_PT:
                issues.append(Issue(str(path), where, "text-size",
                                    f"{selector} font-size is {number:g}{unit}: Easy Read text is at least {TEXT_PT:g}pt"))
    return issues


def _layout(root: etree.Element, table: PictureTable) -> None:
    """Each paragraph that starts with a picture becomes a point: picture left, text right.
    The pictures take their alt text from the table; "The most important things" is boxed."""
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
        declared = table.get(picture.get("src", "")[len(SCHEME):])
        if declared is not None:
            picture.set("alt", declared.means)
        point = etree.Element("div", {"class": "point"})
        point.append(picture)
        text_box = etree.SubElement(point, "div", {"class": "point-text"})
        index = list(root).index(child)
        root.remove(child)
        root.insert(index, point)
        if child.text or len(child):
            text_box.append(child)
    _box_most_important(root)


def _box_most_important(root: etree.Element) -> None:
    """Put the first section in a box when it is 'The most important things'; the contents list follows it."""
    children = list(root)
    if not children or children[0].tag != "h2" or "".join(children[0].itertext()).strip().lower() != MOST_IMPORTANT:
        return
    end = next((i for i, c in enumerate(children[1:], 1) if c.tag == "h2"), len(children))
    box = etree.Element("div", {"class": "most-important"})
    for child in children[:end]:
        root.remove(child)
        box.append(child)
    root.insert(0, box)
    root.insert(1, etree.Element("div", {"class": "contents-here"}))


def layout_extensions(table: PictureTable) -> list:
    """Markdown extensions for an Easy Read page: line breaks kept, points laid out."""
    return ["nl2br", tree_extension(lambda root: _layout(root, table), "easy-read-layout")]
