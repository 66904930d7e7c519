"""How a case starts: a complaint received, a service request logged, or one turned into
the other. Checks what a new complaint says against the landlord's channels, its rule on
anonymous complaints and the third parties it accepts.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Mapping, Sequence

from portal.domain.calendar import add_months
from portal.domain.complaints.evidence import evidence_fields
from portal.domain.complaints.fold import History, as_state
from portal.domain.complaints.groups import group_member
from portal.domain.complaints.guards import (
    check_allowed, new_event, not_after_today, require_staff, require_text, to_date,
)
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.timeline import CHANNEL_WORDS
from portal.domain.errors import Collect, DomainError
from portal.domain.events import Actor, Event
from portal.domain.profile import CHANNELS, Profile


def _details(profile: Profile, actor: Actor, today: date, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check what a new complaint says and return it as event data."""
    rules = profile.complaints
    unknown = set(fields) - _DETAIL_FIELDS
    if unknown:
        raise TypeError(f"unknown complaint fields: {', '.join(sorted(unknown))}")
    checks = Collect()  # each answer is checked on its own: every error shows at once
    received_on = None
    with checks:
        received_on = to_date(fields.get("received_on") or today, "received_on",
                              "Enter the date the complaint was made.")
        not_after_today(received_on, today, "received_on", "the complaint was made")
        if not actor.is_staff and received_on != today:
            raise DomainError("A complaint sent to us online is received the day it is sent.", field="received_on")
    channel = fields.get("channel", "")
    with checks:
        if channel == "social_media" and rules.social_media == "redirect":
            raise DomainError(f"{profile.name} does not take complaints on social media: point the "
                              f"{profile.customer_word} to the online form.", field="channel")
        if channel not in rules.channels:
            raise DomainError(f"{profile.name} takes complaints {_channel_list(rules.channels)}.", field="channel")
    anonymous = bool(fields.get("anonymous"))
    with checks:
        if anonymous and rules.anonymous == "not_handled":
            raise DomainError(
                f"{profile.name}'s complaints policy does not cover anonymous complaints, so this cannot be "
                f"logged as one. Pass it to the team it concerns: it may still be looked into outside the "
                f"complaints process.",
                field="anonymous")
    rep = fields.get("on_behalf_of") or None
    with checks:
        if rep:
            require_text(rep.get("name"), "on_behalf_of",
                         f"Enter the name of the person complaining for the {profile.customer_word}.")
            relationship = rep.get("relationship", "")
            if relationship not in rules.third_parties:
                raise DomainError(f"Choose who they are to the {profile.customer_word}: "
                                  f"{', '.join(rules.third_parties)}.", field="on_behalf_of")
            rep = {"name": rep["name"].strip(), "relationship": relationship}
    issue_date = fields.get("issue_date")
    with checks:
        if issue_date:
            issue_date = to_date(issue_date, "issue_date", "Enter the date the problem started.")
            if received_on and issue_date > received_on:
                raise DomainError("The problem cannot have started after the complaint was made.",
                                  field="issue_date")
    limits = checks.check(_time_limit, profile, received_on, fields) if received_on else None
    summary = checks.check(require_text, fields.get("summary"), "summary", "Say what the complaint is about.")
    members = checks.check(_members, profile, fields.get("group_members") or ())
    checks.done()
    known_on, out_of_time, late_reason = limits
    return {
        "channel": channel,
        "received_on": received_on.isoformat(),
        "summary": summary,
        "what_went_wrong": (fields.get("what_went_wrong") or "").strip(),
        "when_it_happened": (fields.get("when_it_happened") or "").strip(),
        "outcome_wanted": (fields.get("outcome_wanted") or "").strip(),
        "on_behalf_of": rep,
        "anonymous": anonymous,
        "group_members": members,
        **_petition(profile, fields),
        "risk_of_harm": bool(fields.get("risk_of_harm")),
        "issue_date": issue_date.isoformat() if issue_date else None,
        "adjustments": [str(a).strip() for a in fields.get("adjustments") or () if str(a).strip()],
        "contact_preference": (fields.get("contact_preference") or "").strip(),
        **({"confirm_by": _confirm_by(fields["confirm_by"])} if fields.get("confirm_by") else {}),
        **({"evidence": evidence_fields(fields["evidence"])} if fields.get("evidence") else {}),
        "known_on": known_on.isoformat() if known_on else None,
        "out_of_time": out_of_time, "late_reason": late_reason,
    }


def _members(profile: Profile, raw: Sequence[Any]) -> list[dict[str, Any]]:
    """The named members; where every named member gets the reply (Connect 2.7), each needs a way to reach them."""
    members = [m for m in (group_member(r) for r in raw) if m["name"]]
    if profile.complaints.group == "reply_to_all_named":
        for m in members:
            if not (m["email"] or m["address"]):
                raise DomainError(f"Give an email or address for {m['name']}: the reply goes to every person "
                                  f"named in a group complaint.", field="group_members")
    return members


def _petition(profile: Profile, fields: Mapping[str, Any]) -> dict[str, Any]:
    """A petition or a collective organisation's letter, and (Torus 3.19) the roles it goes straight to."""
    if not fields.get("petition"):
        return {"petition": False}
    rules = profile.complaints
    routed = [r.value for r in rules.petition_to] if rules.group == "director_review" else []
    return {"petition": True, "routed_to": routed}


def _time_limit(profile: Profile, received_on: date, fields: Mapping[str, Any]) -> tuple[date | None, bool, str]:
    """When the customer knew of the problem, and (past the profile's time limit) the recorded reason
    the complaint is still taken on at discretion (SPSO model complaints handling procedure)."""
    known_on = fields.get("known_on")
    late_reason = (fields.get("late_reason") or "").strip()
    if not known_on:
        return None, False, ""
    known_on = to_date(known_on, "known_on", "Enter the date they first knew of the problem.")
    if known_on > received_on:
        raise DomainError("They cannot have known of the problem after the complaint was made.", field="known_on")
    months = profile.complaints.time_limit_months
    out_of_time = bool(months) and received_on > add_months(known_on, months)
    if out_of_time and not late_reason:
        raise DomainError(f"A complaint is normally made within {months} months of knowing of the problem. "
                          f"Record why this one is being taken on later.", field="late_reason")
    return known_on, out_of_time, late_reason if out_of_time else ""


_DETAIL_FIELDS = frozenset({
    "channel", "received_on", "summary", "what_went_wrong", "when_it_happened", "outcome_wanted",
    "on_behalf_of", "anonymous", "evidence", "group_members", "risk_of_harm", "issue_date", "adjustments",
    "contact_preference", "known_on", "late_reason", "petition", "confirm_by",
})


def _confirm_by(how: str) -> str:
    """How the sender of a complaint made without an account is still to be confirmed (see confirming.py)."""
    if how not in ("email", "phone"):
        raise DomainError("Give an email address or a phone number so we can reply.", field="confirm_by")
    return how


def _channel_list(channels: Sequence[str]) -> str:
    names = [CHANNEL_WORDS[c] for c in channels]
    return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else names[0]


def receive_complaint(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                      now: datetime | None = None, **fields: Any) -> Event:
    """Record a new complaint (from a customer online, or logged by staff)."""
    check_allowed(as_state(state_or_events, profile), EventKind.RECEIVED)
    return new_event(EventKind.RECEIVED, actor, today, now, **_details(profile, actor, today, fields))


def log_service_request(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                        summary: str, channel: str, received_on: date | str | None = None,
                        now: datetime | None = None) -> Event:
    """Log a first request for a service: not a complaint, but it can become one."""
    require_staff(actor, "log a service request")
    check_allowed(as_state(state_or_events, profile), EventKind.SERVICE_REQUEST_LOGGED)
    on = to_date(received_on or today, "received_on", "Enter the date of the request.")
    not_after_today(on, today, "received_on", "of the request")
    if channel not in CHANNELS:
        raise DomainError("Choose how the request was made.", field="channel")
    return new_event(EventKind.SERVICE_REQUEST_LOGGED, actor, today, now, received_on=on.isoformat(),
                     channel=channel, summary=require_text(summary, "summary", "Say what the request is about."))


def convert_service_request(state_or_events: History, profile: Profile, actor: Actor, today: date, *,
                            now: datetime | None = None, **fields: Any) -> Event:
    """Turn a service request into a complaint when the customer is unhappy with it."""
    require_staff(actor, "turn a service request into a complaint")
    state = as_state(state_or_events, profile)
    check_allowed(state, EventKind.CONVERTED_TO_COMPLAINT)
    data = _details(profile, actor, today, fields)
    if state.received_on and date.fromisoformat(data["received_on"]) < state.received_on:
        raise DomainError("The complaint cannot be made before the service request.", field="received_on")
    return new_event(EventKind.CONVERTED_TO_COMPLAINT, actor, today, now,
                     service_request_on=state.received_on.isoformat() if state.received_on else None, **data)
