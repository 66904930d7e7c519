"""How dates, money and a complaint's standing read in plain English for a tenant."""

from __future__ import annotations

from datetime import date

from portal.domain.complaints.kinds import Status
from portal.domain.profile import Profile


def long_date(day: date) -> str:
    """A date as a letter writes it: 'Tuesday 30 December 2025'."""
    return f"{day:%A} {day.day} {day:%B %Y}"


def money(pence: int) -> str:
    """Pence as pounds: 50000 -> '£500.00'."""
    return f"£{pence / 100:,.2f}"


def status_text(
    status: Status, stage: int, profile: Profile, *, anonymous: bool,
    acknowledgement_due: date | None, response_due: date | None,
    escalation_window_closes: date | None, final_reply: bool,
) -> str:
    """One or two short sentences telling the tenant where their complaint stands."""
    ombudsman = profile.ombudsman.name
    if status is Status.NEW:
        return "We have not received this complaint yet."
    if status is Status.SERVICE_REQUEST:
        return ("We are dealing with this as a request for a service, not a complaint. "
                "If you are not happy with how we deal with it, you can make a complaint.")
    if status is Status.EXCLUDED:
        return (f"We could not take this on as a complaint. Our letter explains why, and how "
                f"to ask the {ombudsman} to look at our decision.")
    if status is Status.ESCALATION_REQUESTED:
        return "You have asked us to look at your complaint again at stage 2. We will write to you soon."
    if status is Status.WITH_CUSTOMER:
        return ("This complaint is closed. We are checking that we do everything we agreed, "
                "and we will keep you updated.")
    if status is Status.CLOSED:
        if final_reply:
            return (f"This complaint is closed. Our stage {stage} reply was our final answer. "
                    f"If you are still unhappy, you can ask the {ombudsman} to look at it.")
        return "This complaint is closed."
    if anonymous:
        return "We are looking into this complaint. It was made without a name, so we cannot reply to anyone."
    if status is Status.AWAITING_ACKNOWLEDGEMENT and acknowledgement_due:
        return (f"We have your stage {stage} complaint. We will write to tell you we have it "
                f"by {long_date(acknowledgement_due)}.")
    if status in (Status.AWAITING_ACKNOWLEDGEMENT, Status.INVESTIGATING):
        when = f" We will send our reply by {long_date(response_due)}." if response_due else ""
        return f"We are looking into your stage {stage} complaint.{when}"
    # Status.RESPONDED: a stage 1 reply has been sent and stage 2 is still possible.
    if escalation_window_closes:
        return (f"We have sent our stage {stage} reply. If you are not happy with it, you can ask "
                f"for stage 2 until {long_date(escalation_window_closes)}.")
    return f"We have sent our stage {stage} reply. If you are not happy with it, you can ask for stage 2."
