"""The contact query: may this customer contact us this way, now, about this, and what happens?

The answer is never silent: a refused or deferred contact always says what to do
instead. Topics the profile lists as always allowed pass: emergency repairs and health
and safety matters are never restricted; new issues are always considered on their
merits, though still by the channels and times the protocol sets.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from portal.domain.calendar import calendar_for
from portal.domain.conduct.fold import protocol_in_force
from portal.domain.conduct.records import ConductState, Protocol
from portal.domain.errors import DomainError
from portal.domain.profile import CHANNELS, Profile
from portal.domain.conduct.wording import CHANNEL_WORDS, describe_set_times, spoken_date, spoken_time, word_list
from portal.domain.conduct.protocol import WRITTEN_CHANNELS, SetTimes, channels_open

TOPICS = ("emergency_repair", "health_and_safety", "new_issue", "existing_case", "general")
NEVER_RESTRICTED = ("emergency_repair", "health_and_safety")  # where the profile lists them
UNCOUNTED_TOPICS = ("existing_case",)  # follow-ups on an issue already raised are not new issues

ALWAYS_ALLOWED_REASONS = {
    "emergency_repair": "You can always contact us about an emergency repair, including by phone, "
                        "whatever other arrangements are in place.",
    "health_and_safety": "You can always contact us about a risk to health or safety, in any way.",
    "new_issue": "A new issue is always looked at on its merits.",
}


class Handling(str, Enum):
    """What happens to a contact (allowed or not)."""

    NORMAL = "normal"
    NAMED_CONTACT = "named_contact"
    BY_APPOINTMENT = "by_appointment"
    WRITTEN_REPLY_ONLY = "written_reply_only"
    VIA_THIRD_PARTY = "via_third_party"
    COUNTED_TOWARDS_LIMIT = "counted_towards_limit"
    NEXT_PERIOD = "next_period"
    READ_AND_FILE = "read_and_file"
    OUTSIDE_SET_TIMES = "outside_set_times"
    OTHER_CHANNEL = "other_channel"
    NOT_COVERED = "not_covered"


@dataclass(frozen=True)
class ContactDecision:
    """The answer to the contact query, with a message to show the customer."""

    allowed: bool
    handling: Handling
    message: str
    always_allowed_reason: str = ""
    named_contact: str = ""
    next_window: datetime | None = None
    next_period_starts: date | None = None
    issue_number: int | None = None  # this issue's place within the period's limit


def contact_decision(
    state: ConductState, profile: Profile, *, channel: str, when: datetime, topic: str,
    case_id: str | None = None, issues_this_period: int = 0, by_representative: bool = False,
) -> ContactDecision:
    """Decide whether a contact by `channel` at `when` about `topic` is taken, and how."""
    if channel not in CHANNELS:
        raise DomainError(f"Unknown contact channel '{channel}'.", field="channel")
    today = when.date()
    protocol = protocol_in_force(state, today)
    if protocol is None:
        return ContactDecision(True, Handling.NORMAL, "You can contact us in any of the usual ways.")
    always = topic in profile.conduct.always_allowed
    if always and topic in NEVER_RESTRICTED:
        reason = ALWAYS_ALLOWED_REASONS[topic]
        return ContactDecision(True, Handling.NORMAL, f"{reason} Please tell us about it straight away.",
                               always_allowed_reason=reason)
    refused = _refuse_how(protocol, profile, channel, when, topic, by_representative)
    if refused is not None:
        return refused
    return _decide_what(protocol, profile, channel, today, topic, case_id, issues_this_period,
                        always, by_representative)


def _safety_note(profile: Profile, topic: str) -> str:
    if topic == "emergency_repair" and "health_and_safety" in profile.conduct.always_allowed:
        return (" If the repair puts anyone's health or safety at risk, tell us it is a health and "
                "safety matter: we always deal with those.")
    if topic == "new_issue" and "new_issue" in profile.conduct.always_allowed:
        return f" {ALWAYS_ALLOWED_REASONS['new_issue']}"
    return ""


def _refuse_how(protocol: Protocol, profile: Profile, channel: str, when: datetime, topic: str,
                by_representative: bool) -> ContactDecision | None:
    """A refusal because of who is contacting, the channel or the time; None if those are fine."""
    terms, note = protocol.terms, _safety_note(profile, topic)
    if terms.third_party_only and not by_representative:
        return ContactDecision(False, Handling.VIA_THIRD_PARTY,
                               f"Please ask {terms.third_party_only} to contact us for you.{note}")
    open_channels = channels_open(terms)
    if channel not in open_channels:
        ways = word_list([CHANNEL_WORDS[c] for c in open_channels], "or")
        return ContactDecision(False, Handling.OTHER_CHANNEL,
                               f"We cannot take contact from you {CHANNEL_WORDS[channel]} at the moment. "
                               f"Please contact us {ways}.{note}")
    st = terms.set_times
    if st is not None and channel in st.channels and not _in_window(st, when, profile):
        nxt = next_window(st, when, profile)
        others = [CHANNEL_WORDS[c] for c in open_channels if c not in st.channels]
        also = f" You can also contact us {word_list(others, 'or')} at any time." if others else ""
        when_text = f" The next time is {spoken_date(nxt.date())} at {spoken_time(nxt.time())}." if nxt else ""
        return ContactDecision(False, Handling.OUTSIDE_SET_TIMES,
                               f"We take contact from you {CHANNEL_WORDS[channel]} {describe_set_times(st)}."
                               f"{when_text}{also}{note}", next_window=nxt)
    return None


def _in_window(st: SetTimes, when: datetime, profile: Profile) -> bool:
    return st.covers(when.weekday(), when.time()) and calendar_for(profile.nation).is_working_day(when.date())


def next_window(st: SetTimes, after: datetime, profile: Profile) -> datetime | None:
    """The next start of a set-times window after `after`, skipping bank holidays."""
    working = calendar_for(profile.nation).is_working_day
    for offset in range(0, 29):
        day = after.date() + timedelta(days=offset)
        start = datetime.combine(day, st.start, tzinfo=after.tzinfo)
        if day.weekday() in st.weekdays and working(day) and start > after:
            return start
    return None


def _period(protocol: Protocol, today: date) -> tuple[date, date]:
    """The first and last day of the issue-limit period containing `today`."""
    length = timedelta(weeks=protocol.terms.issues_per_period.weeks)
    start = protocol.start + length * ((today - protocol.start) // length)
    return start, start + length - timedelta(days=1)


def _decide_what(protocol: Protocol, profile: Profile, channel: str, today: date, topic: str,
                 case_id: str | None, issues_this_period: int, always: bool,
                 by_representative: bool) -> ContactDecision:
    """Apply the limits on subjects: health and safety only, closed cases, topics, issue limits."""
    terms, bypassed = protocol.terms, False
    hs_until = terms.health_and_safety_only_until
    if hs_until is not None and today <= hs_until and topic != "health_and_safety":
        if not always:
            return ContactDecision(False, Handling.NOT_COVERED,
                                   f"Until {spoken_date(hs_until)} we can only deal with health and safety "
                                   "matters. Please contact us about this after that date.")
        bypassed = True
    if topic == "existing_case" and case_id and case_id in terms.read_and_file:
        closed = f"Case {case_id} is closed."
        if channel not in WRITTEN_CHANNELS:
            return ContactDecision(False, Handling.OTHER_CHANNEL,
                                   f"{closed} We do not take calls or visits about it. If you write to us, we "
                                   "will read what you send and keep it on file.")
        return ContactDecision(True, Handling.READ_AND_FILE,
                               f"{closed} We will read what you send and keep it on file. We will only reply "
                               "if it gives us significant new information.")
    covered = topic in terms.topics or (case_id is not None and case_id in terms.topics)
    if terms.topics and not covered:
        if not always:
            return ContactDecision(False, Handling.NOT_COVERED,
                                   f"At the moment we can only deal with these subjects: {word_list(terms.topics)}. "
                                   "If this is a new issue, tell us and we will look at it on its merits.")
        bypassed = True
    limit, issue_number, period = terms.issues_per_period, None, None
    if limit is not None and topic not in UNCOUNTED_TOPICS:
        period = _period(protocol, today)
        if issues_this_period < limit.issues:
            issue_number = issues_this_period + 1
        elif not always:
            nxt = period[1] + timedelta(days=1)
            return ContactDecision(True, Handling.NEXT_PERIOD,
                                   f"You have already raised {limit.issues} issues in this period, which runs to "
                                   f"{spoken_date(period[1])}. We have noted this one and will deal with it in "
                                   f"the next period, from {spoken_date(nxt)}.", next_period_starts=nxt)
        else:
            bypassed = True
    reason = ALWAYS_ALLOWED_REASONS[topic] if bypassed else ""
    return _accepted(protocol, channel, by_representative, reason, issue_number, period)


def _accepted(protocol: Protocol, channel: str, by_representative: bool, reason: str,
              issue_number: int | None, period: tuple[date, date] | None) -> ContactDecision:
    """An allowed contact: the main handling, and every arrangement that applies, in words."""
    terms, notes, handlings = protocol.terms, [], []
    if issue_number is not None:
        handlings.append(Handling.COUNTED_TOWARDS_LIMIT)
        notes.append(f"This counts as issue {issue_number} of the {terms.issues_per_period.issues} we can deal "
                     f"with in this period, which runs to {spoken_date(period[1])}.")
    if terms.third_party_only and by_representative:
        handlings.append(Handling.VIA_THIRD_PARTY)
        notes.append(f"We will deal with {terms.third_party_only} on your behalf.")
    if terms.no_personal_contact:
        handlings.append(Handling.WRITTEN_REPLY_ONLY)
        notes.append("We will reply in writing.")
    if channel == "in_person" and terms.appointment_only:
        handlings.append(Handling.BY_APPOINTMENT)
        notes.append("Please book an appointment before you visit the office.")
    if terms.named_contact:
        handlings.append(Handling.NAMED_CONTACT)
        notes.append(f"{terms.named_contact} will deal with it.")
    lead = f"{reason} " if reason else ""
    message = f"{lead}You can contact us about this {CHANNEL_WORDS[channel]}. {' '.join(notes)}".strip()
    return ContactDecision(True, handlings[0] if handlings else Handling.NORMAL, message,
                           always_allowed_reason=reason, named_contact=terms.named_contact,
                           issue_number=issue_number)
