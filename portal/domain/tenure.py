"""Tenures: what kind of home a customer holds, in the words housing systems use.

The Regulator of Social Housing's Tenant Satisfaction Measures count complaints per
1,000 homes separately for low-cost rental (LCRA) and low-cost home ownership (LCHO),
so every tenure here names the class it is counted in ("" for homes outside both).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Tenure:
    code: str
    words: str
    tsm_class: str  # "low_cost_rental" (LCRA), "low_cost_home_ownership" (LCHO) or "" (neither)
    aliases: tuple[str, ...] = ()


LCRA, LCHO = "low_cost_rental", "low_cost_home_ownership"
TENURES: tuple[Tenure, ...] = (
    Tenure("general_needs", "Low-cost rent (general needs)", LCRA,
           ("low cost rent", "low-cost rent", "general needs", "social rent", "affordable rent", "gn", LCRA)),
    Tenure("supported_housing", "Low-cost rent (supported housing)", LCRA, ("supported", "sh")),
    Tenure("older_people", "Low-cost rent (housing for older people)", LCRA,
           ("housing for older people", "hop", "sheltered")),
    Tenure("shared_ownership", "Shared ownership", LCHO, ("so", "shared owner", LCHO)),
    Tenure("leaseholder", "Leaseholder", "", ("leasehold", "right to buy leaseholder")),
    Tenure("market_rent", "Market or intermediate rent", "", ("market rent", "intermediate rent")),
)
_BY_KEY = {}
for _t in TENURES:
    for _key in (_t.code, _t.words, *_t.aliases):
        _BY_KEY[re.sub(r"[^a-z0-9]+", " ", _key.lower()).strip()] = _t


def tenure_from(text: str) -> Tenure | None:
    """The tenure a housing system's word or code stands for ('Shared Ownership', 'GN'), or None."""
    return _BY_KEY.get(re.sub(r"[^a-z0-9]+", " ", (text or "").lower()).strip())


def tenure_words(code: str) -> str:
    """A stored tenure code in words ('' when none is recorded)."""
    found = tenure_from(code)
    return found.words if found else ""


def tsm_class(code: str) -> str:
    """The Tenant Satisfaction Measures class a stored tenure is counted in ("" for neither, or none recorded)."""
    found = tenure_from(code)
    return found.tsm_class if found else ""
