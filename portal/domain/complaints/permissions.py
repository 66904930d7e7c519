"""Who may do what to a complaint: pure predicates the views and the transitions share.

Each `*_refusal` function returns the plain reason a person may not act (or None), so a
view can hide a button with the `can_*` predicate and a transition can explain a refusal
with the very same rule.
"""

from __future__ import annotations

from portal.domain.complaints.state import ComplaintState
from portal.domain.events import Actor
from portal.domain.profile import Profile


def is_staff(actor: Actor) -> bool:
    """True for a member of staff (customers and advocates have no role)."""
    return actor.role is not None


def respond_refusal(actor: Actor, state: ComplaintState, profile: Profile, stage: int) -> str | None:
    """Why `actor` may not send the written reply at `stage`, or None if they may."""
    if actor.role is None:
        return "Only a member of staff can send a written reply."
    rules = profile.complaints.stage(stage)
    if not actor.role.at_least(rules.responder_role):
        return (f"A stage {stage} reply must come from a {profile.title(rules.responder_role)} "
                f"or someone more senior.")
    investigator = profile.complaints.petition_investigator
    if stage == 1 and state.routed_to and investigator and not actor.role.at_least(investigator):
        return (f"A petition is investigated by a {profile.title(investigator)} or someone more senior, "
                f"who sends the reply.")
    if stage == 2:
        earlier = state.responders_at(1)
        if rules.responder_not_stage1 and any(r.actor_id == actor.id for r in earlier):
            return "The stage 2 reply must come from someone who did not answer stage 1."
        seniors = [r for r in earlier if r.role is not None and r.role.rank > actor.role.rank]
        if rules.responder_not_junior and seniors:
            return (f"The stage 2 reply cannot come from someone junior to the person who answered "
                    f"stage 1 ({profile.title(seniors[0].role)}).")
    return None


def can_respond(actor: Actor, state: ComplaintState, profile: Profile, stage: int) -> bool:
    """True if `actor` may send the written reply at `stage`."""
    return respond_refusal(actor, state, profile, stage) is None


def exclude_refusal(actor: Actor, profile: Profile, reason_code: str) -> str | None:
    """Why `actor` may not refuse a complaint for `reason_code`, or None if they may."""
    if actor.role is None:
        return "Only a member of staff can decide not to take on a complaint."
    rule = profile.complaints.exclusion(reason_code)
    if rule and rule.decider and not actor.role.at_least(rule.decider):
        return (f"Only a {profile.title(rule.decider)} or someone more senior can decide that "
                f"'{rule.label}'.")
    return None


def can_exclude(actor: Actor, profile: Profile, reason_code: str) -> bool:
    """True if `actor` may refuse a complaint for `reason_code` (some reasons need a senior decider)."""
    return exclude_refusal(actor, profile, reason_code) is None


def escalation_decision_refusal(actor: Actor, profile: Profile, late: bool, refusing: bool) -> str | None:
    """Why `actor` may not accept or refuse a stage 2 request, or None if they may.

    Accepting an in-time request is routine; refusing one, or accepting a late one, is a
    judgement, so it needs someone who could answer stage 2.
    """
    if actor.role is None:
        return "Only a member of staff can decide a request for stage 2."
    senior = profile.complaints.stage2.responder_role
    if (late or refusing) and not actor.role.at_least(senior):
        return (f"A {profile.title(senior)} or someone more senior must decide this request, "
                f"because it {'was made late' if late else 'is being refused'}.")
    return None


def can_decide_escalation(actor: Actor, profile: Profile, late: bool = False, refusing: bool = False) -> bool:
    """True if `actor` may accept (or, with `refusing`, refuse) a request for stage 2."""
    return escalation_decision_refusal(actor, profile, late, refusing) is None


def direct_stage2_refusal(actor: Actor, profile: Profile) -> str | None:
    """Why `actor` may not send a complaint straight to stage 2, or None: it takes someone who could answer it."""
    if actor.role is None:
        return "Only a member of staff can send a complaint straight to stage 2."
    senior = profile.complaints.stage2.responder_role
    if not actor.role.at_least(senior):
        return f"A {profile.title(senior)} or someone more senior decides that a complaint goes straight to stage 2."
    return None
