"""A communication protocol, as it applies to what a tenant sends online.

The portal never drops a message silently: it asks the domain how a contact is handled
and says so. Emergency repairs and health and safety reports are never blocked here,
whatever the profile's protocol would otherwise say about the channel.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from portal.casework import customer_cases
from portal.conductwork import ConductFile, load_conduct
from portal.domain.conduct.fold import protocol_in_force
from portal.domain.conduct.contact import ContactDecision, Handling, contact_decision
from portal.domain.conduct.records import Protocol
from portal.domain.profile import Profile

LONDON = ZoneInfo("Europe/London")
SAFETY_TOPICS = ("emergency_repair", "health_and_safety")
SAFETY_MESSAGE = ("We always deal with an emergency repair or a risk to health or safety, whatever other "
                  "arrangements are in place. If it is urgent, phone us as well.")


def conduct_for(customer_id: str, profile: Profile) -> ConductFile:
    """The customer's conduct file (empty when nothing has been recorded)."""
    return load_conduct(customer_id, profile=profile)


def in_force(file: ConductFile, today: date) -> Protocol | None:
    """The protocol restricting contact today, if any."""
    return protocol_in_force(file.state, today)


def issues_this_period(customer_id: str, protocol: Protocol, today: date) -> int:
    """How many complaints the customer has made in the current period of an issue limit."""
    limit = protocol.terms.issues_per_period
    if limit is None:
        return 0
    length = timedelta(weeks=limit.weeks)
    start = protocol.start + length * ((today - protocol.start) // length)
    return sum(1 for case in customer_cases(customer_id)
               if case.state.received_on and start <= case.state.received_on <= today)


def handling(file: ConductFile, *, topic: str, now: datetime, case_id: str | None = None,
             by_representative: bool = False) -> ContactDecision:
    """How a message sent online about `topic` is handled under the customer's protocol."""
    local = now.astimezone(LONDON)
    protocol = in_force(file, local.date())
    issues = issues_this_period(file.customer_id, protocol, local.date()) if protocol else 0
    decision = contact_decision(file.state, file.profile, channel="online", when=local, topic=topic,
                                case_id=case_id, issues_this_period=issues, by_representative=by_representative)
    if topic in SAFETY_TOPICS and not decision.allowed:
        return ContactDecision(True, Handling.NORMAL, SAFETY_MESSAGE, always_allowed_reason=SAFETY_MESSAGE)
    return decision
