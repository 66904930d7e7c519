"""Who may decide a proposal: someone holding the role it names, and never the person who proposed it.

Shared by every approval (conduct changes, longer extensions), so the rule is said once.
"""

from __future__ import annotations

from portal.domain.conduct.wording import a_title
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.domain.roles import Role


def decider_refusal(actor: Actor, proposer_id: str, role: Role, profile: Profile, own: str) -> str | None:
    """Why `actor` may not decide a proposal made by `proposer_id` for `role` (`own`: said to the proposer)."""
    if actor.id == proposer_id:
        return own
    if actor.role is None or not actor.role.at_least(role):
        return f"This is decided by {a_title(profile.title(role))} or more senior."
    return None
