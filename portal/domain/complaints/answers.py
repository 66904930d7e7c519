"""The whole complaint as it was made: every intake answer, the channel, and who logged it when.

Staff need the customer's own words (not only the one-line summary) on every page where
they act, and the acknowledgement starts from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.state import ComplaintState
from portal.domain.complaints.timeline import CHANNEL_WORDS
from portal.domain.roles import Role

_STARTS = (EventKind.RECEIVED.value, EventKind.CONVERTED_TO_COMPLAINT.value, EventKind.SERVICE_REQUEST_LOGGED.value)


@dataclass(frozen=True)
class IntakeAnswers:
    """What the complaint said when it was made, and how it reached us."""

    summary: str
    what_went_wrong: str
    when_it_happened: str
    issue_date: date | None
    outcome_wanted: str
    contact_preference: str
    risk_of_harm: bool
    adjustments: tuple[str, ...]
    representative: str  # "name (relationship)", or ""
    group_members: tuple[str, ...]
    channel: str  # in words: "by phone"
    logged_by: str  # the member of staff who logged it, or "" when the customer sent it
    logged_by_role: Role | None
    logged_on: date | None
    logged_at: str  # ISO timestamp of recording


def intake_answers(state: ComplaintState) -> IntakeAnswers | None:
    """The answers of the event that started the complaint (the latest, once a service request is converted)."""
    start = next((e for e in reversed(state.events) if e.kind in _STARTS), None)
    if start is None:
        return None
    rep = start.get("on_behalf_of") or {}
    return IntakeAnswers(
        summary=start.get("summary", ""), what_went_wrong=start.get("what_went_wrong", ""),
        when_it_happened=start.get("when_it_happened", ""), issue_date=start.date("issue_date"),
        outcome_wanted=start.get("outcome_wanted", ""), contact_preference=start.get("contact_preference", ""),
        risk_of_harm=bool(start.get("risk_of_harm")), adjustments=tuple(start.get("adjustments") or ()),
        representative=f"{rep['name']} ({rep.get('relationship', '')})" if rep.get("name") else "",
        group_members=tuple(start.get("group_members") or ()),
        channel=CHANNEL_WORDS.get(start.get("channel", ""), start.get("channel", "")),
        logged_by=start.by_name if start.by_role else "", logged_by_role=start.by_role,
        logged_on=start.on, logged_at=start.at,
    )


def acknowledgement_draft(state: ComplaintState) -> dict[str, str]:
    """The acknowledgement's understanding and outcome sought, started from the customer's own words."""
    answers = intake_answers(state)
    if answers is None:
        return {"understanding": "", "outcome_sought": ""}
    said = " ".join(part for part in (answers.what_went_wrong, answers.when_it_happened) if part)
    understanding = f"{answers.summary}. {said}".strip() if said and said != answers.summary else answers.summary
    return {"understanding": understanding.replace("..", "."), "outcome_sought": answers.outcome_wanted}


def latest_category(state: ComplaintState) -> str:
    """The category the latest stage reply gave the complaint ('' before any reply)."""
    replies = [e for e in state.events if e.kind == EventKind.RESPONDED.value and e.get("category")]
    return replies[-1].get("category", "") if replies else ""
