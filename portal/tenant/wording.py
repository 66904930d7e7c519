"""How a complaint's dates and standing read to a tenant: what we owe them next, honestly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain import complaints as c
from portal.domain.profile import Profile

_OWED = {
    "acknowledgement": ("We will write to confirm we have your complaint by {on}.",
                        "Our letter confirming we have your complaint is late. It was due on {on}."),
    "stage 2 acknowledgement": ("We will write to confirm we have your stage 2 request by {on}.",
                                "Our letter confirming your stage 2 request is late. It was due on {on}."),
    "stage 1 reply": ("We will reply by {on}.", "Our reply is late. It was due on {on}."),
    "stage 2 reply": ("We will send our stage 2 reply by {on}.", "Our stage 2 reply is late. It was due on {on}."),
    "outstanding action": ("We will finish the next action we agreed by {on}.",
                           "An action we agreed to take is late. It was due on {on}."),
}

STATUS_TAGS = {
    c.Status.SERVICE_REQUEST: ("Service request", "tag-grey"),
    c.Status.AWAITING_ACKNOWLEDGEMENT: ("Received", ""),
    c.Status.INVESTIGATING: ("Being looked into", ""),
    c.Status.RESPONDED: ("Reply sent", "tag-done"),
    c.Status.ESCALATION_REQUESTED: ("Stage 2 asked for", ""),
    c.Status.WITH_CUSTOMER: ("Closed: actions being checked", "tag-done"),
    c.Status.CLOSED: ("Closed", "tag-grey"),
    c.Status.EXCLUDED: ("Not taken on", "tag-grey"),
}


@dataclass(frozen=True)
class NextDate:
    """The next thing we owe the tenant, as a sentence, and whether we are late with it."""

    text: str
    late: bool
    on: date


def next_date(state: c.ComplaintState, today: date) -> NextDate | None:
    """'We will reply by Friday 5 December 2025', or 'Our reply is late. It was due on ...'."""
    due = state.next_due(today)
    if due is None:
        return None
    on_time, late = _OWED.get(due.what, ("We owe you a {what} by {on}.", "Our {what} is late. It was due on {on}."))
    template = late if due.overdue else on_time
    return NextDate(template.format(on=c.long_date(due.on), what=due.what), due.overdue, due.on)


def provisional_note(state: c.ComplaintState, profile: Profile) -> str:
    """Why a reply date may still come sooner, while it is counted from the acknowledgement deadline."""
    if not state.response_due_is_provisional or state.response_due is None:
        return ""
    days = profile.complaints.stage(state.stage).respond_working_days
    return (f"This reply date may come sooner. We reply within {days} working days of confirming we have "
            f"your complaint. Until we send that letter, we count from the last day we could send it, "
            f"so {c.long_date(state.response_due)} is the latest date. When we write, we will give the exact date.")


def stage_label(state: c.ComplaintState) -> str:
    """'Stage 1', 'Stage 2', or 'Service request' before it became a complaint."""
    if state.status is c.Status.SERVICE_REQUEST:
        return "Service request"
    return f"Stage {state.stage}"


def status_tag(state: c.ComplaintState, today: date) -> tuple[str, str]:
    """A short label and its tag class; 'Late' wins when we owe something past its date."""
    if state.overdue(today):
        return "Late", "tag-late"
    return STATUS_TAGS.get(state.status, (state.status.label, ""))


def received_details(state: c.ComplaintState) -> dict:
    """What the tenant told us when the complaint was made (from the first received event)."""
    kinds = (c.EventKind.RECEIVED.value, c.EventKind.CONVERTED_TO_COMPLAINT.value)
    for event in state.events:
        if event.kind in kinds:
            return dict(event.data)
    return {}


ADJUSTMENT_WORDS = {
    "large_print": "Letters in large print",
    "easy_read": "Easy Read letters and information",
    "via_representative": "Contact through someone acting for you",
}


def adjustment_text(code: str) -> str:
    """A stored adjustment code ('another_language:Polish') in words."""
    head, _, detail = code.partition(":")
    if head == "another_language":
        return f"Information in another language: {detail}" if detail else "Information in another language"
    if head == "preferred_times":
        return f"Contact at these times: {detail}" if detail else "Contact at certain times"
    return ADJUSTMENT_WORDS.get(head, code)


_LATE_STATUS = {
    c.Status.AWAITING_ACKNOWLEDGEMENT: "We have your stage {stage} complaint.",
    c.Status.INVESTIGATING: "We are looking into your stage {stage} complaint.",
    c.Status.ESCALATION_REQUESTED: "You have asked us to look at your complaint again at stage 2.",
    c.Status.WITH_CUSTOMER: "This complaint is closed. We are checking that we do everything we agreed.",
}


def status_words(state: c.ComplaintState, today: date) -> str:
    """Where the complaint stands; when we are late, without repeating a date that has passed."""
    if state.overdue(today) and state.status in _LATE_STATUS:
        return _LATE_STATUS[state.status].format(stage=state.stage)
    return state.status_text
