"""Hard words for Easy Read: a common list and one per landlord, in `content/easyread/words.toml`.

A hard word on an Easy Read page must be replaced by plain words, or be bold at its first
use and explained in "Words to know"; the linter holds every page to this list.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

WORDS_FILE = Path("easyread") / "words.toml"


@dataclass(frozen=True)
class HardWords:
    """The common hard words, each landlord's own, and any problems with the file."""

    path: Path
    common: tuple[str, ...] = ()
    by_landlord: dict[str, tuple[str, ...]] = field(default_factory=dict)
    problems: tuple[tuple[int, str], ...] = ()  # (line, message)

    def for_landlord(self, slug: str) -> tuple[str, ...]:
        """The words a landlord's pages are held to: the common list and its own."""
        return tuple(dict.fromkeys([*self.common, *self.by_landlord.get(slug, ())]))


def _words(value: object) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
        return None
    return tuple(" ".join(w.lower().split()) for w in value)


def load_words(content: Path) -> HardWords:
    """Read the hard-words file of a content folder: `common = [...]` and `[landlords] slug = [...]`."""
    path = Path(content) / WORDS_FILE
    if not path.is_file():
        return HardWords(path, problems=((1, f"no hard-words list {path}"),))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        return HardWords(path, problems=((1, f"the hard-words list is not valid TOML: {exc}"),))
    problems = [(1, f"unknown key {key!r} (known: common, landlords)") for key in sorted(set(data) - {"common", "landlords"})]
    common = _words(data.get("common", []))
    if common is None:
        problems.append((1, "'common' must be a list of words"))
    landlords = data.get("landlords", {})
    by_landlord = {}
    for slug, words in (landlords.items() if isinstance(landlords, dict) else ()):
        found = _words(words)
        if found is None:
            problems.append((1, f"landlords.{slug} must be a list of words"))
        else:
            by_landlord[slug] = found
    return HardWords(path, common or (), by_landlord, tuple(problems))


def pattern(word: str) -> re.Pattern:
    """A hard word anywhere in text: any case, whole words, an 's' plural allowed."""
    parts = [re.escape(p) for p in word.split()]
    return re.compile(r"(?<![\w-])" + r"\s+".join(parts) + r"(?:s|es)?(?![\w-])", re.I)
