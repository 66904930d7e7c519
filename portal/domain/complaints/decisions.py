"""Decisions that move a complaint off the plain path of one stage: asking for stage 2,
accepting or refusing that request, and refusing to take a complaint on at all.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime
from typing import Any

from portal.domain.complaints.guards import (
    check_allowed, new_event, not_after_today, require_text, to_date,
)
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.permissions import (
    direct_stage2_refusal, escalation_decision_refusal, exclude_refusal,
)
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.state import ComplaintState
from portal.domain.complaints.wording import long_date
from portal.domain.errors import Collect, DomainError, PermissionDenied
from portal.domain.conduct.records import VexatiousDecision
from portal.domain.events import Actor, Event, actor_data
from portal.domain.profile import Profile
from portal.domain.roles import holds_rank


def escalation_request_refusal(state: ComplaintState, profile: Profile) -> str | None:
    """Why stage 2 cannot be asked for on this complaint at all, or None (the window is checked on the date)."""
    if state.anonymous:
        return "An anonymous complaint cannot go to stage 2: there is no one to reply to."
    if state.stage == 2:
        return (f"This complaint has already been to stage 2, the final stage. If the "
                f"{profile.customer_word} is still unhappy, they can go to the {profile.ombudsman.name}.")
    return None


def request_escalation(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                       requested_on: date | str | None = None, reason: str = "", late_reason: str = "",
                       now: datetime | None = None) -> Event:
    """Record a request for stage 2; after the window it needs a recorded reason and a staff decision."""
    state = as_state(state_or_events, profile)
    refusal = escalation_request_refusal(state, profile)
    if refusal:
        raise DomainError(refusal)
    check_allowed(state, EventKind.ESCALATION_REQUESTED)
    checks = Collect()  # the date and the reasons are checked together: every error shows at once
    on = late = None
    with checks:
        on = to_date(requested_on or today, "requested_on", "Enter the date stage 2 was asked for.")
        not_after_today(on, today, "requested_on", "stage 2 was asked for")
        if on < state.stage1.responded_on:
            raise DomainError("Stage 2 cannot be asked for before the stage 1 reply was sent.", field="requested_on")
    reason = (reason or "").strip()
    with checks:
        if profile.complaints.stage1.escalation_reason_required and not reason:
            raise DomainError("Say why the stage 1 reply did not resolve the complaint.", field="reason")
    late_reason = (late_reason or "").strip()
    with checks:
        late = on is not None and not state.escalation_open(on)  # past the window, or (no window) already closed
        if late and not late_reason:
            when = (f"The time to ask for stage 2 ended on {long_date(state.escalation_window_closes)}."
                    if state.escalation_window_closes else "This complaint has been closed.")
            raise DomainError(f"{when} Record why the request is late: staff will decide whether to accept it.",
                              field="late_reason")
    checks.done()
    return new_event(
        EventKind.ESCALATION_REQUESTED, actor, today, now, requested_on=on.isoformat(),
        reason=reason, late_reason=late_reason, late=late,
        asked_unresolved=profile.complaints.stage1.escalation_asks_unresolved,
    )


def escalate_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                       note: str = "", now: datetime | None = None) -> Event:
    """Accept a request for stage 2: the stage 2 clock runs from the date it was asked for."""
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.ESCALATED)
    refusal = escalation_decision_refusal(actor, profile, late=state.escalation_late, refusing=False)
    if refusal:
        raise PermissionDenied(refusal)
    return new_event(EventKind.ESCALATED, actor, today, now, note=(note or "").strip())


def refuse_escalation(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                      reason: str, now: datetime | None = None) -> Event:
    """Refuse a request for stage 2, with the reason the customer will be given."""
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.ESCALATION_REFUSED)
    refusal = escalation_decision_refusal(actor, profile, late=state.escalation_late, refusing=True)
    if refusal:
        raise PermissionDenied(refusal)
    return new_event(EventKind.ESCALATION_REFUSED, actor, today, now,
                     reason=require_text(reason, "reason", "Give the reason stage 2 is refused: the letter must explain it."))


def send_to_stage2(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                   reason: str, now: datetime | None = None) -> Event:
    """Move a complex complaint straight to stage 2 without a stage 1 reply, where the profile allows it."""
    state = as_state(state_or_events, profile)
    if not profile.complaints.stage1.direct_to_stage2:
        raise DomainError(f"{profile.name}'s policy has every complaint answered at stage 1 first.")
    check_allowed(state, EventKind.SENT_TO_STAGE2)
    if state.stage != 1:
        raise DomainError("This complaint is already at stage 2.")
    refusal = direct_stage2_refusal(actor, profile)
    if refusal:
        raise PermissionDenied(refusal)
    return new_event(EventKind.SENT_TO_STAGE2, actor, today, now, reason=require_text(
        reason, "reason", f"Say why the complaint is complex enough to go straight to stage 2: the "
        f"{profile.customer_word} is told."))


RESTRICTIONS_ON_COMPLAINTS = {
    "decline_investigation": "We will not investigate this complaint, because of the way it has been pursued",
    "close_abused_cases": "We have closed this case, because the process was being misused",
}


def apply_restriction(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                      restriction: str, reasons: str, now: datetime | None = None) -> Event:
    """Close or refuse a complaint a communication protocol names (Housing Solutions 6.5.4; the Connect
    appendix), with the reason the customer is given in writing."""
    if not actor.is_staff:
        raise PermissionDenied("Only staff can apply a restriction to a complaint.")
    if restriction not in RESTRICTIONS_ON_COMPLAINTS or restriction not in profile.conduct.restrictions:
        raise DomainError(f"{profile.name}'s policy has no such restriction on complaints.", field="restriction")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.RESTRICTED)
    return new_event(EventKind.RESTRICTED, actor, today, now, restriction=restriction,
                     reasons=require_text(reasons, "reasons", "Give the reason: the customer is told in writing."))


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (the last day of a shorter month)."""
    years, month0 = divmod(day.month - 1 - months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def _check_too_old(state: ComplaintState, profile: Profile) -> None:
    rules = profile.complaints
    if rules.too_old_months <= 0:
        raise DomainError(f"{profile.name}'s policy sets no time limit, so no complaint is too old.", field="reason")
    if state.risk_of_harm:
        kinds = " or ".join(k.replace("_", " ") for k in rules.too_old_exceptions) or "health and safety or safeguarding"
        raise DomainError(f"This complaint is flagged as a {kinds} matter, so it cannot be refused for its age.",
                          field="reason")
    if state.issue_date is None:
        raise DomainError("Record when the problem started before refusing the complaint as too old.", field="reason")
    limit = months_before(state.received_on, rules.too_old_months)
    if state.issue_date >= limit:
        raise DomainError(f"The problem started on {long_date(state.issue_date)}, not more than "
                          f"{rules.too_old_months} months before the complaint was made, so it is not too old.",
                          field="reason")


def _cited_decision(profile: Profile, decision: VexatiousDecision | None) -> dict[str, Any]:
    """The recorded vexatious decision an exclusion rests on, checked: presented by an officer, decided by
    the profile's vexatious decider (Torus unacceptable service user policy 3.13)."""
    title = profile.title(profile.conduct.vexatious_decider)
    if decision is None or not decision.vexatious:
        raise DomainError(f"An officer must first present the case to the {title}, and the {title} decide that "
                          f"this complaint is vexatious. Record that decision on the customer's conduct file.",
                          field="reason")
    if not holds_rank(decision.decided_by.role, profile.conduct.vexatious_decider) or decision.presented_by is None:
        raise DomainError(f"The decision on file was not made by the {title} on a case presented to them.",
                          field="reason")
    return {"on": decision.on.isoformat(), "decided_by": actor_data(decision.decided_by),
            "presented_by": actor_data(decision.presented_by), "reasons": decision.reasons}


def exclude_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                      reason: str, explanation: str, vexatious_decision: VexatiousDecision | None = None,
                      now: datetime | None = None) -> Event:
    """Refuse to take a complaint on, for a reason the policy lists, explained in writing.

    Where the reason needs it, the exclusion cites the recorded vexatious decision on this complaint.
    """
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.EXCLUDED)
    rule = profile.complaints.exclusion(reason)
    if rule is None:
        labels = "; ".join(e.label for e in profile.complaints.exclusions)
        raise DomainError(f"{profile.name}'s policy does not allow that reason. The reasons are: {labels}.", field="reason")
    refusal = exclude_refusal(actor, profile, reason)
    if refusal:
        raise PermissionDenied(refusal, field="reason")
    checks = Collect()  # the reason's own rules and the explanation are checked together
    with checks:
        if reason == "too_old":
            _check_too_old(state, profile)
    cited = checks.check(lambda: {"decision": _cited_decision(profile, vexatious_decision)}
                         if rule.needs_vexatious_decision else {})
    explanation = checks.check(
        require_text, explanation, "explanation",
        f"Explain why the complaint is not being taken on. The letter must give the reasons and say the "
        f"{profile.customer_word} can ask the {profile.ombudsman.name} to review the decision.")
    checks.done()
    return new_event(EventKind.EXCLUDED, actor, today, now, reason=reason, explanation=explanation,
                     route=rule.route, **cited)
