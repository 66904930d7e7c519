"""The facts a report needs about one complaint, taken from its fold and events once.

`case_facts` runs in the same write as each event (casework keeps the result in the
complaint's summary row), so a report over a year reads these small rows and never
folds a case. Everything is a date, a count or a code: no names, no free text beyond
the extension and refusal reasons the reports must list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Mapping

from portal.domain.calendar import calendar_for
from portal.domain.complaints.kinds import EventKind
from portal.domain.complaints.state import ComplaintState
from portal.domain.events import Event
from portal.domain.profile import Profile

FORMAT = 2  # bump when the shape changes, so old rows are recomputed


@dataclass(frozen=True, slots=True)
class Extension:
    """One extension: when, why, the new date, and whether the code allowed it."""

    on: date
    reason: str
    new_due: date
    customer_agreed: bool | None
    in_code: bool


@dataclass(frozen=True, slots=True)
class StageFacts:
    """One stage's clock: what was owed by when, what was done when, and what was decided."""

    number: int
    started_on: date
    acknowledgement_due: date | None
    acknowledged_on: date | None
    target: date | None  # the reply date before any extension (the strict measure)
    due: date | None  # after every extension
    allowed_due: date | None  # after the extensions the code allows (the code measure)
    responded_on: date | None
    outcome: str | None
    compensation_pence: int
    remedy: bool
    category: str
    root_cause: str
    working_days: int | None  # from the stage's day zero to the reply
    extensions: tuple[Extension, ...] = ()

    @property
    def acknowledged_on_time(self) -> bool | None:
        """None if no acknowledgement is owed or none was sent yet."""
        if self.acknowledgement_due is None or self.acknowledged_on is None:
            return None
        return self.acknowledged_on <= self.acknowledgement_due

    @property
    def on_time(self) -> bool | None:
        """Replied by the date the code allows (extensions in line with it count)."""
        if self.responded_on is None or self.allowed_due is None:
            return None
        return self.responded_on <= self.allowed_due

    @property
    def on_time_strict(self) -> bool | None:
        """Replied by the first reply date, ignoring every extension."""
        if self.responded_on is None or self.target is None:
            return None
        return self.responded_on <= self.target


@dataclass(frozen=True, slots=True)
class ExGratiaFacts:
    """One ex-gratia payment decision, with the level of authority it needed."""

    proposed_on: date
    decided_on: date | None
    approved: bool | None
    amount_pence: int
    debt_pence: int
    net_pence: int
    approver: str  # the role whose limit it falls under


@dataclass(frozen=True, slots=True)
class OmbudsmanFacts:
    """A referral to the ombudsman or one of its decisions."""

    on: date
    kind: str  # "referred" or a decision: determination, order, complaint_handling_failure_order
    finding: str = ""
    compensation_ordered_pence: int = 0


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One complaint, as the reports see it."""

    id: str
    tenure: str
    channel: str
    received_on: date
    anonymous: bool
    status: str
    stages: tuple[StageFacts, ...]
    escalation_requested_on: date | None = None
    escalation_refused_on: date | None = None
    escalation_refused_reason: str = ""
    excluded_on: date | None = None
    exclusion_code: str = ""
    outstanding_actions: int = 0
    action_targets: tuple[date, ...] = ()  # target dates of actions not yet done
    ex_gratia: tuple[ExGratiaFacts, ...] = ()
    ombudsman: tuple[OmbudsmanFacts, ...] = ()
    learning: tuple[str, ...] = field(default=())

    def stage(self, number: int) -> StageFacts | None:
        """The facts of stage 1 or 2, or None if it never started (stages are kept in order)."""
        if number == 1:
            return self.stages[0]
        return self.stages[1] if len(self.stages) > 1 else None


def _in_code(profile: Profile, stage: int, event: Event, due_before: date, target: date) -> bool:
    """An extension is in line with the code if made before the reply was late, and within the
    code's limit or beyond it with a good reason recorded (Code 5.8: no more than the limit
    "without good reason")."""
    if event.on > due_before:
        return False
    limit = profile.reports.extension_limit(stage) if profile.reports else 0
    if not limit or (event.get("beyond_standard") and (event.get("good_reason") or "").strip()):
        return True
    return event.date("new_due") <= calendar_for(profile.nation).add_working_days(target, limit)


def _stage(state: ComplaintState, number: int, events: list) -> StageFacts | None:
    view = state.stage_view(number)
    if view is None:
        return None
    profile = state.profile
    replies = [e for e in events if e.kind == EventKind.RESPONDED and e.get("stage", 1) == number]
    reply = replies[-1] if replies and view.responded_on else None
    extensions, due, allowed, clean = [], view.original_response_due, view.original_response_due, True
    for e in events:
        if e.kind != EventKind.EXTENDED or e.get("stage", 1) != number or e.on < view.started_on:
            continue
        new_due = e.date("new_due")
        ok = _in_code(profile, number, e, due, view.original_response_due)
        extensions.append(Extension(e.on, e.get("reason", ""), new_due, e.get("customer_agreed"), ok))
        clean = clean and ok
        if clean:
            allowed = new_due
        due = new_due
    cal = calendar_for(profile.nation)
    return StageFacts(
        number=number, started_on=view.started_on, acknowledgement_due=view.acknowledgement_due,
        acknowledged_on=view.acknowledged_on, target=view.original_response_due, due=view.response_due,
        allowed_due=allowed, responded_on=view.responded_on, outcome=view.outcome,
        compensation_pence=reply.get("compensation_pence", 0) if reply else 0,
        remedy=bool(reply and (reply.get("remedy") or reply.get("compensation_pence"))),
        category=reply.get("category", "") if reply else "", root_cause=reply.get("root_cause", "") if reply else "",
        working_days=cal.working_days_between(view.day_zero, view.responded_on) if view.responded_on else None,
        extensions=tuple(extensions),
    )


def case_facts(case_id: str, state: ComplaintState, tenure: str = "") -> CaseFacts | None:
    """The report facts of a complaint, or None for a service request that never became one."""
    if state.received_on is None or state.stage1 is None:
        return None
    profile, events = state.profile, list(state.events)
    stages = tuple(s for s in (_stage(state, 1, events), _stage(state, 2, events)) if s)
    refused = next((e for e in reversed(events) if e.kind == EventKind.ESCALATION_REFUSED), None)
    excluded = next((e for e in reversed(events) if e.kind == EventKind.EXCLUDED), None)
    scheme = profile.ex_gratia
    ex_gratia = tuple(
        ExGratiaFacts(
            g.proposed_on, g.decided_on, g.approved, g.approved_pence if g.approved_pence is not None else g.amount_pence,
            g.debt_pence, g.approved_net_pence if g.approved_net_pence is not None else g.net_pence,
            "" if scheme is None else (scheme.approver_role if g.amount_pence <= scheme.approver_limit_pence
                                       else scheme.above_limit_role).value)
        for g in state.ex_gratia)
    ombudsman = []
    for e in events:
        if e.kind == EventKind.OMBUDSMAN_REFERRED:
            ombudsman.append(OmbudsmanFacts(e.date("referred_on"), "referred"))
        elif e.kind == EventKind.OMBUDSMAN_DECIDED:
            ombudsman.append(OmbudsmanFacts(e.date("decided_on"), e.get("decision"), e.get("finding", ""),
                                            e.get("compensation_ordered_pence", 0)))
    outstanding = state.outstanding_actions
    return CaseFacts(
        id=case_id, tenure=tenure, channel=state.channel, received_on=state.received_on,
        anonymous=state.anonymous, status=state.status.value, stages=stages,
        escalation_requested_on=state.escalation_requested_on,
        escalation_refused_on=refused.on if refused and state.stage2 is None else None,
        escalation_refused_reason=refused.get("reason", "") if refused and state.stage2 is None else "",
        excluded_on=excluded.on if excluded and state.exclusion_code else None,
        exclusion_code=state.exclusion_code or "",
        outstanding_actions=len(outstanding), action_targets=tuple(a.target for a in outstanding if a.target),
        ex_gratia=ex_gratia, ombudsman=tuple(ombudsman),
        learning=tuple(e.get("learning") for e in events if e.kind == EventKind.RESPONDED and e.get("learning")),
    )


# -- rows: facts as plain JSON for the summary row, and back ----------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def to_row(facts: CaseFacts) -> dict[str, Any]:
    """Facts as plain data (ISO dates) for the complaint's summary row."""
    row = _plain(asdict(facts))
    del row["id"]  # the row sits under the complaint's id already
    return {"format": FORMAT, **row}


@lru_cache(maxsize=8192)
def _parsed(value: str) -> date:
    return date.fromisoformat(value)


def _day(value: str | None) -> date | None:
    """A date from its ISO text; one shared object per day, so many cases' facts stay small."""
    return _parsed(value) if value else None


_STAGE_DATES = ("started_on", "acknowledgement_due", "acknowledged_on", "target", "due", "allowed_due",
                "responded_on")


def _stage_from(raw: Mapping[str, Any]) -> StageFacts:
    data = dict(raw)
    for key in _STAGE_DATES:
        data[key] = _day(data[key])
    data["extensions"] = tuple(
        Extension(_day(x["on"]), x["reason"], _day(x["new_due"]), x["customer_agreed"], x["in_code"])
        for x in data["extensions"])
    return StageFacts(**data)


def from_row(case_id: str, row: Mapping[str, Any] | None, tenure: str = "") -> CaseFacts | None:
    """Facts back from a summary row, with the customer's tenure now; None if missing or stale."""
    if not row or row.get("format") != FORMAT:
        return None
    data = {k: v for k, v in row.items() if k != "format"}
    data["id"], data["tenure"] = case_id, tenure
    for key in ("received_on", "escalation_requested_on", "escalation_refused_on", "excluded_on"):
        data[key] = _day(data[key])
    data["stages"] = tuple(_stage_from(s) for s in data["stages"])
    data["action_targets"] = tuple(_day(d) for d in data["action_targets"])
    data["ex_gratia"] = tuple(ExGratiaFacts(_day(g["proposed_on"]), _day(g["decided_on"]), g["approved"],
                                            g["amount_pence"], g["debt_pence"], g["net_pence"], g["approver"])
                              for g in data["ex_gratia"])
    data["ombudsman"] = tuple(OmbudsmanFacts(_day(o["on"]), o["kind"], o["finding"], o["compensation_ordered_pence"])
                              for o in data["ombudsman"])
    data["learning"] = tuple(data["learning"])
    return CaseFacts(**data)
