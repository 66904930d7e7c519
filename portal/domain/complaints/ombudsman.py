"""What the ombudsman did with a complaint: the referral, and its determination or order.

The ombudsman's decisions are facts the landlord receives, not steps it takes, so staff
record them on the case (a manager or above) and the annual report counts them.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.domain.complaints.guards import (
    check_allowed, new_event, not_after_today, pence, require_text, to_date,
)
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.kinds import OMBUDSMAN_DECISIONS as DECISIONS, OMBUDSMAN_FINDINGS as FINDINGS
from portal.domain.errors import Collect, DomainError, PermissionDenied
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile
from portal.domain.roles import Role

RECORDER = Role.MANAGER


def ombudsman_refusal(actor: Actor, doing: str = "record what the ombudsman did") -> str | None:
    """Why `actor` may not record the ombudsman's news on a case, or None if they may."""
    if actor.role is None or not actor.role.at_least(RECORDER):
        return f"Only a manager or someone more senior can {doing}."
    return None


def _recorder(actor: Actor, doing: str) -> None:
    refusal = ombudsman_refusal(actor, doing)
    if refusal:
        raise PermissionDenied(refusal)


def refer_to_ombudsman(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                       referred_on: date | str, note: str = "", now: datetime | None = None) -> Event:
    """Record that the ombudsman took up the complaint, on the date it told us."""
    _recorder(actor, "record an ombudsman referral")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.OMBUDSMAN_REFERRED)
    on = not_after_today(to_date(referred_on, "referred_on", "Enter the date the ombudsman told us."),
                         today, "referred_on", "of the referral")
    if state.received_on and on < state.received_on:
        raise DomainError("The referral cannot be before the complaint was received.", field="referred_on")
    return new_event(EventKind.OMBUDSMAN_REFERRED, actor, today, now, referred_on=on.isoformat(),
                     note=(note or "").strip())


def record_ombudsman_decision(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                              decision: str, finding: str, decided_on: date | str, details: str,
                              compensation_ordered_pence: int = 0, now: datetime | None = None) -> Event:
    """Record the ombudsman's determination, order or complaint-handling failure order."""
    _recorder(actor, "record an ombudsman decision")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.OMBUDSMAN_DECIDED)
    checks = Collect()  # every box is checked together: every error shows at once
    with checks:
        if decision not in DECISIONS:
            raise DomainError("Choose what the ombudsman issued: a determination, an order or a "
                              "complaint-handling failure order.", field="decision")
    with checks:
        if finding not in FINDINGS:
            raise DomainError("Choose the ombudsman's finding.", field="finding")
    on = checks.check(lambda: not_after_today(
        to_date(decided_on, "decided_on", "Enter the date of the ombudsman's decision."),
        today, "decided_on", "of the decision"))
    details = checks.check(require_text, details, "details", "Say what the ombudsman decided or ordered.")
    ordered = checks.check(pence, compensation_ordered_pence, "compensation_ordered_pence", "the compensation ordered")
    checks.done()
    return new_event(
        EventKind.OMBUDSMAN_DECIDED, actor, today, now, decision=decision, finding=finding,
        decided_on=on.isoformat(), details=details, compensation_ordered_pence=ordered,
    )
