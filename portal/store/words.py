"""A word index: which records hold a word starting with what staff typed, without a scan.

Search over every complaint ever stored must not cost more as history grows, so each
record's text is split into words kept in a sorted list; a query looks up the records
of its longest word by prefix (a bisect), then checks the whole phrase on those alone.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterable

_WORD = re.compile(r"[0-9a-z]+")


def words(text: str) -> set[str]:
    """The lower-case words (letters and digits) of a text."""
    return set(_WORD.findall(text.lower()))


class WordIndex:
    """Record ids by the words of their text; not thread-safe (callers hold their own lock)."""

    def __init__(self) -> None:
        self._ids: dict[str, set[str]] = {}
        self._sorted: list[str] = []
        self._text: dict[str, str] = {}

    def put(self, record_id: str, text: str) -> None:
        """Index (or re-index) a record's text."""
        text = " ".join(text.lower().split())
        old = self._text.get(record_id)
        if old == text:
            return
        if old is not None:
            self.drop(record_id)
        self._text[record_id] = text
        for word in words(text):
            holders = self._ids.get(word)
            if holders is None:
                holders = self._ids[word] = set()
                bisect.insort(self._sorted, word)
            holders.add(record_id)

    def drop(self, record_id: str) -> None:
        """Forget a record."""
        text = self._text.pop(record_id, None)
        for word in words(text or ""):
            holders = self._ids.get(word)
            if holders is None:
                continue
            holders.discard(record_id)
            if not holders:
                del self._ids[word]
                del self._sorted[bisect.bisect_left(self._sorted, word)]

    def find(self, phrase: str, among: Iterable[str] | None = None) -> set[str]:
        """Ids whose text holds a word starting with the phrase's longest word, and the phrase itself."""
        needle = " ".join(phrase.lower().split())
        typed = _WORD.findall(needle)
        if not typed:
            return set()
        longest = max(typed, key=len)
        found: set[str] = set()
        start = bisect.bisect_left(self._sorted, longest)
        for word in self._sorted[start:]:
            if not word.startswith(longest):
                break
            found |= self._ids[word]
        if among is not None:
            found &= set(among)
        return {i for i in found if needle in self._text[i]}
