"""Where a search matched a complaint: its reference, the customer's name, address, postcode or phone,
the summary, or the complaint's own words (shown in context, the match marked).

Worked out from the page's summary rows alone, by the rule the search itself uses: the
typed phrase, with runs of space made one and case ignored, appears in the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from portal.store import CaseSummary

_POSTCODE = re.compile(r"\b[a-z]{1,2}[0-9][a-z0-9]? ?[0-9][a-z]{2}\b")
_AROUND = 60  # characters of context either side of a match in the complaint's words


@dataclass(frozen=True)
class Match:
    """One place the search matched: what it was, and the words around it with the match marked."""

    where: str
    context: Markup = Markup("")


def _plain(text: str) -> str:
    return " ".join(text.lower().split())


def _marked(text: str, needle: str, around: int | None = None) -> Markup:
    """`text` (already plain) with the first `needle` marked, cut to `around` characters either side."""
    at = text.find(needle)
    start, end = (0, len(text)) if around is None else (max(0, at - around), at + len(needle) + around)
    if start:  # begin and end on whole words
        start = text.find(" ", start, at) + 1 or start
    if end < len(text):
        cut = text.rfind(" ", at + len(needle), end)
        end = cut if cut > 0 else end
    before, after = text[start:at], text[at + len(needle):end]
    return Markup("{}{}<mark>{}</mark>{}{}").format("…" if start else "", escape(before), needle, escape(after),
                                                    "…" if end < len(text) else "")


def _in_address(address: str, needle: str) -> Match | None:
    plain = _plain(address)
    if needle not in plain:
        return None
    postcode = next((m for m in _POSTCODE.finditer(plain) if needle in m.group(0)), None)
    return Match("postcode" if postcode else "address")


def where_matched(row: CaseSummary, text: str) -> list[Match]:
    """Each place the typed text matched this complaint, reference first and the complaint's words last."""
    needle = _plain(text)
    if not needle:
        return []
    found = [Match(where) for where, value in (("reference", row.id), ("name", row.customer_name))
             if needle in _plain(value)]
    address = _in_address(row.address, needle)
    found += [address] if address else []
    digits = re.sub(r"\D", "", needle)
    if row.phone and (needle in _plain(row.phone) or (digits and digits == re.sub(r"\D", "", row.phone))):
        found.append(Match("phone"))
    if needle in _plain(row.summary):
        found.append(Match("summary", _marked(_plain(row.summary), needle)))
    words = row.search_text[row.words_from:]
    if needle in words:
        found.append(Match("the complaint's words", _marked(words, needle, _AROUND)))
    return found or [Match("customer reference")]
