"""Long lists a page at a time, so a queue or search page stays one size however much work there is.

The page comes from the `page` query argument. A number past the end shows the last page and
anything that is not a whole number of 1 or more shows the first: a stale or mistyped link
still lands somewhere useful instead of on an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

from portal.store import Found

PER_PAGE = 50
_MOST_DIGITS = 9  # a longer number is past the end of any list we keep (and int() of it is not free)
_MOST_PAGES = 10**_MOST_DIGITS


@dataclass(frozen=True)
class Page:
    """One page of a list: its rows, which page it is, how many pages and rows there are in all."""

    rows: tuple[Any, ...]
    number: int
    pages: int
    total: int
    per_page: int = PER_PAGE
    more: bool = False  # more rows than `total` matched: the store stopped counting, and the pages stop there

    @property
    def previous(self) -> int | None:
        """The page before this one, or None on the first."""
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        """The page after this one, or None on the last."""
        return self.number + 1 if self.number < self.pages else None

    @property
    def first_shown(self) -> int:
        """The position in the whole list of the first row shown (0 when there are none)."""
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last_shown(self) -> int:
        """The position in the whole list of the last row shown."""
        return (self.number - 1) * self.per_page + len(self.rows)


def page_number(raw: str | None, pages: int) -> int:
    """The page to show for the `page` argument: past the end is the last page, nonsense the first."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    digits = text.lstrip("0")
    if not digits:
        return 1
    return min(int(digits), pages) if len(digits) <= _MOST_DIGITS else pages


def paginate(items: Sequence[Any], raw: str | None = None, per_page: int = PER_PAGE) -> Page:
    """The page of `items` the `page` argument asks for (see `page_number`)."""
    pages = max(1, -(-len(items) // per_page))
    number = page_number(raw, pages)
    start = (number - 1) * per_page
    return Page(rows=tuple(items[start:start + per_page]), number=number, pages=pages, total=len(items),
                per_page=per_page)


def fetch_page(fetch: Callable[[int, int], Found], raw: str | None = None, per_page: int = PER_PAGE) -> Page:
    """The page the `page` argument asks for, read from the store a page at a time (see `page_number`)."""
    wanted = page_number(raw, _MOST_PAGES)
    found = fetch((wanted - 1) * per_page, per_page)
    pages = max(1, -(-found.total // per_page))
    number = min(wanted, pages)
    if number != wanted:  # past the end: the last page
        found = fetch((number - 1) * per_page, per_page)
    return Page(rows=found.rows, number=number, pages=pages, total=found.total, per_page=per_page, more=found.more)
