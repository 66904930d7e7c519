"""Risk of harm: a complaint flagged as health and safety or safeguarding is referred first, the same working day.

The referral records which team was told, who there, and when; it is owed from the day the
complaint was received within the profile's `risk_referral_working_days` (0: that working day).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.guards import (
    check_allowed, new_event, not_after_today, require_staff, require_text, to_date,
)
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.state import ComplaintState, Due
from portal.domain.errors import Collect, DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile

TEAMS = {"health_and_safety": "health and safety", "safeguarding": "safeguarding"}
OWED_REFERRAL = "risk referral"
# A summary row's `risk`: flagged and not yet referred, or referred.
RISK_UNREFERRED, RISK_REFERRED = "unreferred", "referred"


@dataclass(frozen=True)
class Referral:
    """Who was told about a risk of harm, in which team, and when."""

    team: str
    told: str
    on: date
    by: str

    @property
    def team_words(self) -> str:
        """The team in words: 'health and safety'."""
        return TEAMS.get(self.team, self.team.replace("_", " "))


def refer_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *, team: str,
                    told: str, told_on: date | str | None = None, now: datetime | None = None) -> Event:
    """Record that the health and safety or safeguarding team was told about the risk, and who was told."""
    require_staff(actor, "record a referral")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.REFERRED)
    checks = Collect()  # the team, the person and the date are checked together: every error shows at once
    with checks:
        if team not in TEAMS:
            raise DomainError("Choose the team that was told: health and safety, or safeguarding.", field="team")
    told = checks.check(require_text, told, "told", "Say who was told: their name, or the duty line you reported it to.")
    with checks:
        on = not_after_today(to_date(told_on or today, "told_on", "Enter the date they were told."), today,
                             "told_on", "they were told")
        if state.received_on and on < state.received_on:
            raise DomainError("They cannot have been told before the complaint was received.", field="told_on")
    checks.done()
    return new_event(EventKind.REFERRED, actor, today, now, team=team, told=told, told_on=on.isoformat())


def referrals(state: ComplaintState) -> tuple[Referral, ...]:
    """Every referral recorded on the complaint, oldest first."""
    return tuple(Referral(e.get("team", ""), e.get("told", ""), e.date("told_on") or e.on, e.by_name)
                 for e in state.events if e.kind == EventKind.REFERRED.value)


def is_flagged(state: ComplaintState) -> bool:
    """True if someone may be at risk of harm: the complaint said so, or staff have referred a risk."""
    return state.risk_of_harm or any(e.kind == EventKind.REFERRED.value for e in state.events)


def referral_due(state: ComplaintState, today: date) -> Due | None:
    """The referral still owed on a flagged open complaint, with its date and lateness; None once made."""
    if not is_flagged(state) or referrals(state) or not state.is_open or state.received_on is None:
        return None
    on = state.calendar.add_working_days(state.received_on, state.profile.complaints.risk_referral_working_days)
    late = state.calendar.working_days_between(on, today) if today > on else 0
    return Due(what=OWED_REFERRAL, on=on, overdue=today > on, working_days_late=late)


def risk_level(state: ComplaintState) -> str:
    """The risk as the read model's row keeps it: '' (none), 'unreferred' or 'referred'."""
    if not is_flagged(state):
        return ""
    return RISK_REFERRED if referrals(state) else RISK_UNREFERRED

