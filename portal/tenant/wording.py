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

# Each badge is one phrase in plain words; "{stage}" is filled in where the stage matters.
STATUS_TAGS = {
    c.Status.SERVICE_REQUEST: ("Service request", "tag-grey"),
    c.Status.AWAITING_ACKNOWLEDGEMENT: ("Received at stage {stage}", ""),
    c.Status.INVESTIGATING: ("Being looked into at stage {stage}", ""),
    c.Status.RESPONDED: ("Stage {stage} reply sent", "tag-done"),
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
    """One plain phrase and its tag class ('Being looked into at stage 1'); 'Late' wins when we owe something."""
    if state.overdue(today):
        return f"Late: stage {state.stage}", "tag-late"
    words, css = STATUS_TAGS.get(state.status, (state.status.label, ""))
    return words.format(stage=state.stage), css


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
    "phone_calls": "Phone calls rather than letters",
    "interpreter": "An interpreter",
    "bsl": "A British Sign Language interpreter",
}


def adjustment_text(code: str) -> str:
    """A stored adjustment code ('another_language:Polish') in words."""
    head, _, detail = code.partition(":")
    if head == "another_language":
        return f"Information in another language: {detail}" if detail else "Information in another language"
    if head == "contact_instead":
        return f"Contact someone else instead: {detail}" if detail else "Contact someone else instead"
    if head == "preferred_times":
        return f"Contact at these times: {detail}" if detail else "Contact at certain times"
    return ADJUSTMENT_WORDS.get(head, code)


_STANDING = {
    c.Status.AWAITING_ACKNOWLEDGEMENT: "We have your stage {stage} complaint.",
    c.Status.INVESTIGATING: "We are looking into your stage {stage} complaint.",
    c.Status.RESPONDED: "We have sent our stage {stage} reply.",
    c.Status.ESCALATION_REQUESTED: "You have asked us to look at your complaint again at stage 2.",
    c.Status.WITH_CUSTOMER: "This complaint is closed. We are checking that we do everything we agreed.",
}


def status_words(state: c.ComplaintState, today: date) -> str:
    """Where the complaint stands, with no date in it: the 'what happens next' line gives the date once."""
    if state.status in _STANDING and not state.anonymous:
        return _STANDING[state.status].format(stage=state.stage)
    if state.status is c.Status.CLOSED and state.final_reply_sent:
        return f"This complaint is closed. Our stage {state.stage} reply was our final answer."
    return state.status_text


def reply_date(state: c.ComplaintState, today: date) -> date | None:
    """The reply date, when it is not already the next thing we owe (so the box never says it twice)."""
    due = state.next_due(today)
    if state.response_due is None or state.status not in (
            c.Status.AWAITING_ACKNOWLEDGEMENT, c.Status.INVESTIGATING, c.Status.ESCALATION_REQUESTED):
        return None
    return None if due is not None and due.on == state.response_due else state.response_due


@dataclass(frozen=True)
class OmbudsmanStep:
    """After our final reply: go to the ombudsman, and the date by which they normally take it."""

    name: str
    by: date
    counted_from: str


def ombudsman_step(state: c.ComplaintState, profile: Profile) -> OmbudsmanStep | None:
    """The ombudsman as the next step once our final reply is sent, with the profile's time limit."""
    if not state.final_reply_sent or state.anonymous:
        return None
    omb = profile.ombudsman
    final = max((r.on for r in state.responders), default=state.received_on)
    if omb.time_limit_from == "first_aware":
        start, words = state.issue_date or state.received_on, "from when you first knew about the problem"
    else:
        start, words = final, "from our final reply"
    if start is None:
        return None
    return OmbudsmanStep(omb.name, c.months_before(start, -omb.time_limit_months), words)
