"""Who may take each step of the unacceptable-behaviour process: pure predicates for views.

Every minimum role comes from the profile's [conduct] table. Separation of duty: an
appeal is never heard by anyone who assessed, agreed, authorised, imposed, varied or
reviewed the protocol appealed against.
"""

from __future__ import annotations

from typing import Iterable

from portal.domain.conduct.records import ConductState
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.domain.roles import Role, holds_rank

# "director_signoff" in a profile means immediate action is signed off by a Director.
SIGNOFF_ROLE = Role.DIRECTOR


def can_record_incident(actor: Actor) -> bool:
    """Any member of staff records behaviour they met or were told of."""
    return actor.is_staff


def can_warn(actor: Actor, profile: Profile) -> bool:
    """Any member of staff may give a warning (an initial warning may come from an officer)."""
    return actor.is_staff


def can_sign_off_immediate_action(actor: Actor, profile: Profile) -> bool:
    """Where the profile asks for sign-off, a Director (or above) signs off immediate action."""
    return holds_rank(actor.role, SIGNOFF_ROLE)


def can_assess(actor: Actor, profile: Profile) -> bool:
    """The profile's assessor role, or anyone senior to it, completes an assessment."""
    return holds_rank(actor.role, profile.conduct.assessor_role)


def can_agree_assessment(actor: Actor, profile: Profile) -> bool:
    """Where the profile asks for an assessment to be agreed, its role (or above) agrees it."""
    role = profile.conduct.assessment_agreed_by
    return role is not None and holds_rank(actor.role, role)


def can_impose(actor: Actor, profile: Profile) -> bool:
    """The profile's authoriser role, or anyone senior, authorises or varies a protocol."""
    return holds_rank(actor.role, profile.conduct.authoriser_role)


def can_review(actor: Actor, profile: Profile) -> bool:
    """Reviews and endings are for the manager level that assesses, or above."""
    return holds_rank(actor.role, profile.conduct.assessor_role)


def took_part(actor: Actor, state: ConductState) -> bool:
    """True if the actor assessed, agreed, authorised, imposed, varied or reviewed the latest protocol."""
    protocol = state.protocol
    return protocol is not None and actor.id in protocol.involved


def can_hear_appeal(actor: Actor, state: ConductState, profile: Profile) -> bool:
    """Senior enough under the profile's appeal role and not involved in the decision."""
    return holds_rank(actor.role, profile.conduct.appeal_role) and not took_part(actor, state)


def can_decide_vexatious(actor: Actor, profile: Profile) -> bool:
    """Only the profile's vexatious decider (or above) excludes a complaint as vexatious."""
    return holds_rank(actor.role, profile.conduct.vexatious_decider)


def appeal_hearer_role(actors: Iterable[Actor], state: ConductState, profile: Profile) -> Role | None:
    """None if one of `actors` (the landlord's staff) may hear the open appeal; else the role that must hear it.

    When everyone senior enough took part, the appeal goes to the rank above the most senior of them.
    """
    people = [a for a in actors if holds_rank(a.role, profile.conduct.appeal_role)]
    if any(can_hear_appeal(a, state, profile) for a in people):
        return None
    floor = max((a.role.rank for a in people), default=profile.conduct.appeal_role.rank - 1)
    above = [r for r in Role if r.rank > floor and r.rank >= profile.conduct.appeal_role.rank]
    return min(above, key=lambda r: r.rank) if above else Role.BOARD


def appeal_refusal(state: ConductState, profile: Profile) -> str | None:
    """Why the customer may not appeal the latest protocol now, or None if they may."""
    protocol = state.protocol
    if protocol is None:
        return "There is no communication protocol in place."
    if protocol.open_appeal is not None:
        return "An appeal is already being considered."
    limit = profile.conduct.appeals_per_protocol
    if limit and len(protocol.appeals) >= limit:
        return (f"The decision to put this protocol in place has already had the one further look "
                f"{profile.name}'s policy allows.")
    return None


def can_lodge_appeal(state: ConductState, profile: Profile) -> bool:
    """True if the customer may appeal the latest protocol now."""
    return appeal_refusal(state, profile) is None
