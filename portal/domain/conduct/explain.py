"""A communication protocol in plain English, for the tenant's page and the letter.

It answers what the customer needs to know: how and when to contact us, who deals
with them, what we can deal with, what is always allowed, when the arrangements will
be looked at again and how to appeal (and who hears the appeal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.calendar import calendar_for
from portal.domain.conduct.contact import ALWAYS_ALLOWED_REASONS
from portal.domain.conduct.records import ConductState, Protocol
from portal.domain.profile import Profile
from portal.domain.conduct.wording import CHANNEL_WORDS, a_title, describe_set_times, spoken_date, word_list
from portal.domain.conduct.protocol import CONTACT_CHANNELS, ProtocolTerms, channels_open


@dataclass(frozen=True)
class Section:
    """A heading and its short sentences."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ProtocolExplanation:
    """What the tenant page renders: a summary, then headed sections of short sentences."""

    in_place: bool
    summary: str
    sections: tuple[Section, ...] = ()
    review_on: date | None = None
    appeal_heard_by: str = ""
    appeal_decided_by: date | None = None  # set once an appeal is lodged

    def lines(self) -> list[str]:
        """Everything as a flat list of lines: summary, then each heading and its sentences."""
        out = [self.summary]
        for section in self.sections:
            out.append(section.heading)
            out.extend(section.lines)
        return out


def explain_protocol(state: ConductState, profile: Profile, today: date | None = None) -> ProtocolExplanation:
    """Explain the current protocol (or say there is none) in plain English."""
    protocol = state.protocol
    live = protocol is not None and (protocol.live_on(today) if today else protocol.ended_on is None)
    if not live:
        return ProtocolExplanation(False, "There are no special arrangements for how you contact us.")
    terms = protocol.terms
    starts = "From" if today and protocol.start > today else "Since"
    summary = f"{starts} {spoken_date(protocol.start)} we have asked you to contact us in a particular way."
    if protocol.ends_on:
        summary += f" These arrangements end on {spoken_date(protocol.ends_on)} at the latest."
    heard_by = profile.title(profile.conduct.appeal_role)
    decided_by = _appeal_due(protocol, profile)
    sections = (
        Section("How you can contact us", _how(terms, profile)),
        Section("What we can deal with", _what(terms)),
        Section("You can always contact us about", tuple(
            ALWAYS_ALLOWED_REASONS[code] for code in profile.conduct.always_allowed)),
        Section("Why we have done this", (protocol.reasons,)),
        Section("When we will look at this again", (
            f"We will look at these arrangements again by {spoken_date(protocol.review_on)}. "
            "We will write to tell you whether they continue, change or end.",
        )),
        Section("If you disagree", _appeal(protocol, heard_by, profile, decided_by)),
    )
    return ProtocolExplanation(True, summary, tuple(s for s in sections if s.lines), protocol.review_on, heard_by,
                               decided_by)


def _appeal_due(protocol: Protocol, profile: Profile) -> date | None:
    """The date an open appeal will be decided by: the profile's working days from the day it was lodged."""
    if protocol.open_appeal is None:
        return None
    days = profile.conduct.appeal_decision_working_days
    return calendar_for(profile.nation).add_working_days(protocol.open_appeal.lodged_on, days)


def _limits_how(terms: ProtocolTerms) -> bool:
    """True when anything limits how or when the customer may contact us."""
    return bool(channels_open(terms) != CONTACT_CHANNELS or terms.set_times or terms.appointment_only
                or terms.third_party_only or terms.no_personal_contact or terms.named_contact)


def _how(terms: ProtocolTerms, profile: Profile) -> tuple[str, ...]:
    lines = []
    if terms.third_party_only:
        lines.append(f"Please contact us through {terms.third_party_only}. We will deal with them on your behalf.")
    open_channels = channels_open(terms)
    if terms.no_personal_contact:
        lines.append("Your name is on our 'no personal contact' list. You can contact us in writing or "
                     "through someone acting for you, but not by phone or in person.")
    if open_channels != CONTACT_CHANNELS:
        lines.append(f"You can contact us {word_list([CHANNEL_WORDS[c] for c in open_channels], 'or')}.")
    elif not _limits_how(terms):
        lines.append("You can contact us in any of the usual ways.")
    if terms.set_times:
        ways = word_list([CHANNEL_WORDS[c] for c in terms.set_times.channels], "or")
        lines.append(f"We take contact from you {ways} {describe_set_times(terms.set_times)}.")
    if terms.appointment_only:
        lines.append("If you want to visit the office, please book an appointment first.")
    if terms.named_contact:
        lines.append(f"{terms.named_contact} deals with your contact with us. {_reach(terms, profile)}")
    return tuple(lines)


def _reach(terms: ProtocolTerms, profile: Profile) -> str:
    """How to reach the named contact: their own details, or our main line asking for them by name."""
    if terms.named_contact_details:
        return f"You can reach them on {terms.named_contact_details}."
    ways = [f"phone us on {profile.contact.phone}"] if profile.contact.phone else []
    ways += [f"email {profile.contact.email}"] if profile.contact.email else []
    if not ways:
        return "Write to us and ask for them by name."
    return f"To reach them, {word_list(ways, 'or')} and ask for them by name."


def _what(terms: ProtocolTerms) -> tuple[str, ...]:
    lines = []
    if terms.topics:
        lines.append(f"We can deal with these subjects: {word_list(terms.topics)}.")
    limit = terms.issues_per_period
    if limit:
        issues = "1 issue" if limit.issues == 1 else f"{limit.issues} issues"
        every = "every week" if limit.weeks == 1 else f"every {limit.weeks} weeks"
        lines.append(f"We can deal with up to {issues} {every}. If you raise more, we will note them "
                     "and deal with them in the next period.")
    if terms.health_and_safety_only_until:
        lines.append(f"Until {spoken_date(terms.health_and_safety_only_until)}, we can only deal with "
                     "health and safety matters.")
    if terms.read_and_file:
        lines.append(f"These cases are closed: {word_list(terms.read_and_file)}. If you write to us about them, we "
                     "will read what you send and keep it on file. We will only reply if it gives us "
                     "significant new information.")
    if terms.return_documents:
        lines.append("If you send us documents that are not relevant, we will send them back to you.")
    if terms.decline_investigation:
        ids = word_list(terms.decline_investigation)
        lines.append(f"We will not investigate these complaints any further: {ids}.")
    if terms.close_abused_cases:
        lines.append(f"We have closed these cases: {word_list(terms.close_abused_cases)}.")
    return tuple(lines)


def _appeal(protocol: Protocol, heard_by: str, profile: Profile, decided_by: date | None) -> tuple[str, ...]:
    who = f"{_cap(a_title(heard_by))}, or someone more senior, who was not involved in the decision"
    appeal = protocol.open_appeal
    limit = profile.conduct.appeals_per_protocol
    if appeal is not None and decided_by is not None:
        return (f"We received your appeal on {spoken_date(appeal.lodged_on)}. {who} is looking at it. "
                f"They will decide by {spoken_date(decided_by)} and write to tell you.",)
    if limit and len(protocol.appeals) >= limit:
        return ("Your appeal has been decided. You can only appeal against this decision once.",)
    days = profile.conduct.appeal_decision_working_days
    once = " You can appeal once." if limit == 1 else ""
    return (f"You can appeal against these arrangements. Tell us why you disagree. {who} will look at it "
            f"again, decide within {days} working days of getting your appeal, and write to you.{once}",)

def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
