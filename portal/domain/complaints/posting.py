"""Letters by post: when a posted letter counts as received, and what counts from it.

Where a landlord's policy says a posted letter is deemed received some working days after
posting (`complaints.posted_received_working_days`; 0: it says nothing), the time to ask
for stage 2 runs from that day when the stage 1 reply went by post. The posting is a
`letter_posted` event naming the event whose letter it was.
"""

from __future__ import annotations

from datetime import date, datetime

from portal.domain.calendar import calendar_for
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.guards import check_allowed, new_event, not_after_today, require_staff
from portal.domain.complaints.kinds import EventKind
from portal.domain.errors import DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import Profile


def deemed_received(posted_on: date, profile: Profile) -> date | None:
    """The day a letter posted on `posted_on` counts as received, or None where the profile sets no rule."""
    days = profile.complaints.posted_received_working_days
    return calendar_for(profile.nation).add_working_days(posted_on, days) if days else None


def record_posting(state_or_events: History, profile: Profile, actor: Actor, today: date, *, letter_event: int,
                   posted_on: date, now: datetime | None = None) -> Event:
    """Record that the letter of event number `letter_event` (1 = the first event) went in the post."""
    require_staff(actor, "record a letter as posted")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.LETTER_POSTED)
    if not 1 <= letter_event <= len(state.events):
        raise DomainError("That letter does not belong to this complaint.")
    not_after_today(posted_on, today, "posted_on", "it was posted")
    if posted_on < state.events[letter_event - 1].on:
        raise DomainError("A letter cannot be posted before it was written.", field="posted_on")
    received = deemed_received(posted_on, profile)
    return new_event(EventKind.LETTER_POSTED, actor, today, now, letter_event=letter_event,
                     posted_on=posted_on.isoformat(), counts_from=received.isoformat() if received else "")


def posted(state_or_events: History, profile: Profile, letter_event: int) -> date | None:
    """The day the letter of event `letter_event` was last recorded as posted, or None."""
    state = as_state(state_or_events, profile)
    return next((e.date("posted_on") for e in reversed(state.events)
                 if e.kind == EventKind.LETTER_POSTED.value and e.get("letter_event") == letter_event), None)
