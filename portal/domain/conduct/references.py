"""Complaints a conduct step names must be the customer's own: never another person's, never made up."""

from __future__ import annotations

from typing import Any, Collection, Mapping

from portal.domain.conduct.protocol import ProtocolTerms
from portal.domain.errors import DomainError

# Protocol terms that list complaint references.
TERM_REFERENCES = ("decline_investigation", "close_abused_cases", "read_and_file")


def check_complaint_references(fields: Mapping[str, Any], owned: Collection[str]) -> None:
    """Refuse a step naming a complaint that is not one of `owned` (the customer's complaint ids)."""
    named = [("complaint_id", fields.get("complaint_id") or "")]
    terms = fields.get("terms")
    if isinstance(terms, ProtocolTerms):
        named += [(name, ref) for name in TERM_REFERENCES for ref in getattr(terms, name)]
    for field, ref in named:
        ref = str(ref).strip()
        if ref and ref not in owned:
            raise DomainError("That is not one of this customer's complaints. Check the reference: "
                              "it must be a complaint this customer made.", field=field)
