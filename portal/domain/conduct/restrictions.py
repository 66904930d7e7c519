"""Restrictions that act on complaints, and the new issue that prompts a review.

"Decline to investigate" and "close abused cases" (Housing Solutions 6.5.4; the Connect
appendix) name complaints in the protocol's terms; the use case closes or refuses each one
through the complaint's own step. A new, legitimate issue is still taken on as a complaint
under any restriction, and prompts a review of the restriction (Torus 3.28).
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from portal.domain.conduct.records import ConductState
from portal.domain.profile import Profile


def complaints_named(state: ConductState) -> dict[str, str]:
    """The complaints the live protocol's terms act on, each with its restriction."""
    protocol = state.protocol
    if protocol is None or protocol.ended_on is not None:
        return {}
    named = {cid: "close_abused_cases" for cid in protocol.terms.close_abused_cases}
    named.update({cid: "decline_investigation" for cid in protocol.terms.decline_investigation})
    return named


def review_prompt(state: ConductState, profile: Profile, received: Iterable[tuple[str, date]]) -> tuple[str, date] | None:
    """The first complaint made since the protocol started or was last reviewed (not one it names):
    a new issue, taken on its merits, that brings the review forward to the day it came in."""
    protocol = state.protocol
    if protocol is None or protocol.ended_on is not None or "new_issue" not in profile.conduct.always_allowed:
        return None
    last_review = max((r.on for r in protocol.reviews), default=None)
    named = complaints_named(state)
    new = [(cid, on) for cid, on in received
           if cid not in named and on >= protocol.start and (last_review is None or on > last_review)]
    return min(new, key=lambda item: item[1]) if new else None
