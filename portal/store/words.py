"""A word index: which records hold a word starting with what staff typed, without a scan.

Search over every complaint ever stored must not cost more as history grows, so each
record's text is split into words kept in a sorted list; a query looks up the records
of its longest word by prefix (a bisect), then checks the whole phrase on those alone.
Records are numbered in slots and each word keeps a compact array of slots (4 bytes a
record, not a set entry of ~40), so the index of 50,000 complaints stays a few MB.
"""

from __future__ import annotations

import bisect
import re
from array import array

_WORD = re.compile(r"[0-9a-z]+")


def words(text: str) -> set[str]:
    """The lower-case words (letters and digits) of a text."""
    return set(_WORD.findall(text.lower()))


class WordIndex:
    """Record ids by the words of their text; not thread-safe (callers hold their own lock)."""

    def __init__(self) -> None:
        self._slot: dict[str, int] = {}
        self._keys: list[str] = []
        self._text: list[str] = []
        self._holders: dict[str, array] = {}
        self._sorted: list[str] = []

    def put(self, record_id: str, text: str) -> None:
        """Index (or re-index) a record's text."""
        text = " ".join(text.lower().split())
        slot = self._slot.get(record_id)
        if slot is None:
            slot = self._slot[record_id] = len(self._keys)
            self._keys.append(record_id)
            self._text.append("")
        old = self._text[slot]
        if old == text:
            return
        before, after = words(old), words(text)
        for word in before - after:
            self._release(word, slot)
        for word in after - before:
            holders = self._holders.get(word)
            if holders is None:
                holders = self._holders[word] = array("i")
                bisect.insort(self._sorted, word)
            holders.append(slot)
        self._text[slot] = text

    def drop(self, record_id: str) -> None:
        """Forget a record's text (its slot stays, empty)."""
        slot = self._slot.get(record_id)
        if slot is not None:
            for word in words(self._text[slot]):
                self._release(word, slot)
            self._text[slot] = ""

    def find(self, phrase: str) -> set[str]:
        """Ids whose text holds a word starting with the phrase's longest word, and the phrase itself."""
        needle = " ".join(phrase.lower().split())
        typed = _WORD.findall(needle)
        if not typed:
            return set()
        longest = max(typed, key=len)
        found: set[int] = set()
        start = bisect.bisect_left(self._sorted, longest)
        for word in self._sorted[start:]:
            if not word.startswith(longest):
                break
            found.update(self._holders[word])
        if needle != longest:  # more than one word typed: the whole phrase must be there
            found = {slot for slot in found if needle in self._text[slot]}
        return {self._keys[slot] for slot in found}

    def _release(self, word: str, slot: int) -> None:
        holders = self._holders.get(word)
        if holders is None:
            return
        holders.remove(slot)
        if not holders:
            del self._holders[word]
            del self._sorted[bisect.bisect_left(self._sorted, word)]
