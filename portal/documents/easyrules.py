"""The Easy Read rulebook, one small check per rule, over Jinja-expanded Markdown lines.

Text arrives "marked": each value printed from the profile sits between DATA marks.
Profile values count as one word, never split a sentence, and are not held to the
writer's style rules (an address may have capitals), except that a one-word value in
capitals (an ombudsman's initials) is still an acronym that needs explaining.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from portal.documents.markdown import DATA_END, DATA_START

MAX_WORDS = 15
MAX_SENTENCES = 2
_SPAN = re.compile(f"{DATA_START}(.*?){DATA_END}")
_SLOT = re.compile("\ue005(.)")
PICTURE = re.compile(r"^\s*!\[([^\]]*)\]\(([^)\s]*)\)\s*")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_ITALIC = re.compile(r"(?<![\w*\\])\*(?![\s*])[^*]+?(?<![\s\\])\*(?![\w*])|(?<![\w\\])_(?![\s_])[^_]+?(?<!\s)_(?!\w)|<(?:em|i)\b")
_UNDERLINE = re.compile(r"<(?:u|ins)\b|text-decoration\s*:\s*underline", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[.?!])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9£\ue005])")
_GLOSSARY_ENTRY = re.compile(r"^\*\*[^*]+\*\*\s+means\b")
_LINK = re.compile(r"(?<!!)\[([^\]]*)\]\(([^)\s]*)\)")
_RAW_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:co\.uk|org\.uk|gov\.uk|scot|com|org|net)\b", re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_PHONE = re.compile(r"^\+?\d[\d ]{7,}\d$")
_ADDRESSY = re.compile(r"[@/]|www\.|\d\s+\d|\.[a-z]{2,}\b")
NUMBER_WORDS = frozenset(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy "
    "eighty ninety hundred thousand million billion dozen".split()
)
PLAIN_CAPS = frozenset({"OK"})  # capitals everyone reads as a word, not an acronym to explain
# "one" as a pronoun, not a number: "no one", "the one you want".
_PRONOUN_ONE = frozenset("no the this that which each every any".split())

Found = tuple[int, str, str]  # (line, rule, message)


@dataclass(frozen=True)
class Line:
    """One source line of Markdown, with profile values between DATA marks."""

    number: int
    marked: str

    @property
    def raw(self) -> str:
        """The line as printed, profile values unmarked."""
        return _SPAN.sub(r"\1", self.marked)


@dataclass(frozen=True)
class Sentence:
    """One sentence or list item, at its source line."""

    number: int
    marked: str


@dataclass(frozen=True)
class Glossary:
    """What 'Words to know' explains: its bold terms (lower case) and the acronyms it uses."""

    terms: frozenset[str]
    acronyms: frozenset[str]


def _mask(marked: str) -> tuple[str, list[str]]:
    values: list[str] = []

    def slot(match: re.Match) -> str:
        values.append(match.group(1))
        return "\ue005" + chr(0xE100 + len(values) - 1)

    return _SPAN.sub(slot, marked), values


def _unmask(masked: str, values: list[str]) -> str:
    return _SLOT.sub(lambda m: f"{DATA_START}{values[ord(m.group(1)) - 0xE100]}{DATA_END}", masked)


def plain(marked: str) -> str:
    """The words of a line without Markdown: pictures dropped, links as their text."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", marked)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\{:?[^}]*\}\s*$", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<![\w\\])[*_](?=\S)|(?<=\S)(?<!\\)[*_](?!\w)", "", text)
    text = LIST_ITEM.sub("", text).replace("\\", "")
    return " ".join(text.split())


def _tokens(marked: str) -> list[str]:
    masked, _ = _mask(plain(marked))
    return [t for t in masked.split() if "\ue005" in t or any(c.isalnum() for c in t)]


def word_count(marked: str) -> int:
    """Words in a sentence; a profile value (a phone number, an address) counts as one."""
    return len(_tokens(marked))


def sentences(line: Line) -> list[Sentence]:
    """The sentences on one line (there should be one), split after . ? or !."""
    masked, values = _mask(plain(line.marked))
    return [Sentence(line.number, _unmask(part, values)) for part in _SENTENCE_BREAK.split(masked) if part.strip()]


def readable(marked: str) -> str:
    """A sentence for the readability formula: profile values kept unless they are addresses or numbers in groups."""
    text = _SPAN.sub(lambda m: "" if _ADDRESSY.search(m.group(1)) else m.group(1), plain(marked))
    return " ".join(text.split())


def point_text(lines: Sequence[Line]) -> list[Line]:
    """The text lines of a point: its lines with the leading picture taken off."""
    out = []
    for i, line in enumerate(lines):
        marked = PICTURE.sub("", line.marked, count=1) if i == 0 else line.marked
        if marked.strip():
            out.append(Line(line.number, marked))
    return out


def list_items(lines: Sequence[Line]) -> list[Line]:
    """The items of a Markdown list, continuation lines joined to their item."""
    items: list[Line] = []
    for line in lines:
        if LIST_ITEM.match(line.marked) or not items:
            items.append(Line(line.number, LIST_ITEM.sub("", line.marked, count=1)))
        else:
            items[-1] = Line(items[-1].number, f"{items[-1].marked} {line.marked.strip()}")
    return items


def glossary(lines: Sequence[Line]) -> Glossary:
    """The terms and acronyms the 'Words to know' section explains."""
    terms, acronyms = set(), set()
    for line in point_text(lines):
        bold = re.match(r"^\s*\*\*(.+?)\*\*", line.raw)
        if bold:
            terms.add(plain(bold.group(1)).lower())
        acronyms.update(t for t in _words(plain(line.raw)) if _is_caps(t))
    return Glossary(frozenset(terms), frozenset(acronyms))


def _words(text: str) -> list[str]:
    return [w.strip(".,;:!?()\"'“”‘’") for w in text.split()]


def _is_caps(word: str) -> bool:
    word = re.sub(r"['’]s$", "", word)
    return sum(c.isalpha() for c in word) >= 2 and word.upper() == word and not any(c.islower() for c in word)


def _ends_well(masked: str, *, may_introduce: bool) -> bool:
    text = masked.rstrip("\"'”’) ")
    ends_with_value = re.search("\ue005.$", text) is not None
    return ends_with_value or text.endswith((".", "?", "!")) or (may_introduce and text.endswith(":"))


def check_point(lines: Sequence[Line], *, before_list: bool, in_glossary: bool) -> list[Found]:
    """Picture first, then one sentence per line, at most 2 sentences of at most 15 words (one idea a point)."""
    found: list[Found] = []
    first = lines[0]
    picture = PICTURE.match(first.marked)
    if not picture:
        found.append((first.number, "picture", "each point starts with a picture: ![](picture:NAME), NAME from the picture table"
                      " (a line holding only a {% tag %} prints a blank line, which starts a new point;"
                      " '{%-' or '-%}' removes it)"))
    text = point_text(lines)
    if picture and not text:
        found.append((first.number, "picture", "a picture needs a sentence after it, on the next line"))
    count = 0
    for i, line in enumerate(text):
        if "![" in line.marked:
            found.append((line.number, "picture", "one picture per point, at its start"))
        if LIST_ITEM.match(line.marked):
            found.append((line.number, "list-spacing", "leave a blank line before a list, or it shows as plain text"))
        parts = sentences(line)
        count += len(parts)
        if len(parts) > 1:
            found.append((line.number, "one-sentence-per-line", f"{len(parts)} sentences on one line: put each on its own line"))
        found += _lengths(parts)
        last = i == len(text) - 1
        if parts and not _ends_well(_mask(plain(line.marked))[0], may_introduce=last and before_list):
            found.append((line.number, "line-end", "end each sentence with '.', '?' or '!' (one sentence per line)"))
    if count > MAX_SENTENCES:
        found.append((first.number, "point-length", f"{count} sentences beside one picture: at most {MAX_SENTENCES} (one idea a point), so split it"))
    if in_glossary and text and not _GLOSSARY_ENTRY.match(text[0].raw.strip()):
        found.append((text[0].number, "words-to-know", "each point in Words to know reads: picture, then '**word** means ...'"))
    return found


def check_items(items: Sequence[Line]) -> list[Found]:
    """Each list item is held to the sentence-length rule."""
    return _lengths([Sentence(item.number, item.marked) for item in items])


def _lengths(parts: Sequence[Sentence]) -> list[Found]:
    return [(s.number, "sentence-length", f"sentence has {n} words: at most {MAX_WORDS}")
            for s in parts if (n := word_count(s.marked)) > MAX_WORDS]


def check_style(lines: Sequence[Line], known: Glossary) -> list[Found]:
    """No italics, underline, capitals or unexplained acronyms; numbers as digits; bold words explained."""
    found: list[Found] = []
    for line in lines:
        masked, values = _mask(line.marked)
        unbolded = BOLD.sub(lambda m: m.group(1) or m.group(2), masked)
        if _ITALIC.search(unbolded):
            found.append((line.number, "italics", "no italics: use plain words, or bold for a word to know"))
        if _UNDERLINE.search(masked):
            found.append((line.number, "underline", "no underlining"))
        found += [(line.number, rule, msg) for rule, msg in _capitals(plain(masked), values, known)]
        found += [(line.number, "number-words", f"write numbers as digits, not {w!r}") for w in _number_words(plain(masked))]
        for match in BOLD.finditer(line.marked):
            term = plain(_SPAN.sub(r"\1", match.group(1) or match.group(2))).lower()
            if term not in known.terms:
                found.append((line.number, "words-to-know", f"bold {term!r} is not explained in '## Words to know'"))
    return found


def _capitals(masked_plain: str, values: list[str], known: Glossary) -> list[tuple[str, str]]:
    found, run = [], []
    for word in _words(masked_plain) + [""]:
        if "\ue005" not in word and _is_caps(word) and word not in PLAIN_CAPS:
            run.append(word)
            continue
        if len(run) > 1:
            found.append(("caps", f"no capital-letter runs: {' '.join(run)!r}"))
        elif run and re.sub(r"['’]s$", "", run[0]) not in known.acronyms:
            found.append(("acronym", f"{run[0]!r}: explain it in '## Words to know' or use words"))
        run = []
    for value in values:
        if " " not in value.strip() and _is_caps(value.strip()) and value.strip() not in known.acronyms:
            found.append(("acronym", f"{value.strip()!r} (from the profile): explain it in '## Words to know'"))
    return found


def _number_words(masked_plain: str) -> list[str]:
    words = [w.lower() for w in _words(masked_plain)]
    out = []
    for i, word in enumerate(words):
        parts = word.split("-")
        if not any(p in NUMBER_WORDS for p in parts):
            continue
        if word == "one" and (i and words[i - 1] in _PRONOUN_ONE or i + 1 < len(words) and words[i + 1] == "another"):
            continue
        out.append(word)
    return out


def without_addresses(raw: str) -> str:
    """A line with picture and link addresses blanked (same length, so positions still match)."""
    blank = lambda m: " " * len(m.group(0))  # noqa: E731
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", blank, raw)
    return re.sub(r"(?<=\])\([^)]*\)", blank, text)


def without_values(marked: str) -> str:
    """A line's own words: each profile value dropped."""
    return _SPAN.sub(" ", marked)


def check_links(lines: Sequence[Line]) -> list[Found]:
    """No raw addresses: a website, email or phone number is a named link (https:, mailto:, tel:)."""
    found: list[Found] = []
    for line in lines:
        outside = _LINK.sub(" ", re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", line.marked))
        for match in _LINK.finditer(line.marked):
            if _RAW_URL.search(_EMAIL.sub("", _SPAN.sub(r"\1", match.group(1)))):
                found.append((line.number, "raw-url", f"link text {match.group(1)!r} is an address: "
                                                      "name the link instead, like [our website](https://...)"))
        bare = _SPAN.sub(r"\1", outside)
        if _RAW_URL.search(_EMAIL.sub("", bare)):
            found.append((line.number, "raw-url", "a raw web address: make it a named link, like [our website](https://...)"))
        if _EMAIL.search(bare):
            found.append((line.number, "raw-url", "an email address on its own: make it a link, [name@example.org](mailto:name@example.org)"))
        if any(_PHONE.match(value.strip()) for value in _SPAN.findall(outside)):
            found.append((line.number, "raw-url", "a phone number on its own: make it a link that shows it, [0300 123 4567](tel:03001234567)"))
    return found
