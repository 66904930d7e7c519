"""'Waiting for you': the approvals, agreements, appeals, reviews and payments a decision-maker may decide now.

Each item comes from the same domain predicates that check the step, so nothing listed is
refused when the person opens it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Iterable

from flask import url_for

from portal.conductwork import ConductFile
from portal.domain import complaints as c
from portal.domain.conduct import permissions as cp
from portal.domain.conduct.approvals import approval_refusal
from portal.domain.conduct.fold import reviews_due
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.domain.roles import Role
from portal.store import CaseSummary

_CHANGES = {"impose": "A communication protocol to authorise", "vary": "New protocol terms to authorise",
            "review": "New terms from a review to authorise"}


@dataclass(frozen=True)
class Waiting:
    """One decision waiting for this person: what it is, for whom, since when, and where to make it."""

    what: str
    who: str
    since: date
    url: str


def _conduct(actor: Actor, file: ConductFile, name: str, today: date) -> list[Waiting]:
    state, profile, found = file.state, file.profile, []
    for p in state.pending_proposals:
        if approval_refusal(actor, p, profile) is None:
            found.append(Waiting(_CHANGES.get(p.change, "A change to authorise"), name, p.on,
                                 url_for("staff.conduct_proposal", customer_id=file.customer_id, number=p.number)))
    latest = state.in_case(state.assessments, state.open_case)[-1:] if state.open_case else ()
    if latest and latest[0].awaiting_agreement and cp.can_agree_assessment(actor, profile) \
            and latest[0].by.id != actor.id:
        found.append(Waiting("An assessment to agree", name, latest[0].on,
                             url_for("staff.conduct_agree", customer_id=file.customer_id)))
    protocol = state.protocol
    if protocol and protocol.live_on(today) and protocol.open_appeal and cp.can_hear_appeal(actor, state, profile):
        found.append(Waiting("An appeal to hear", name, protocol.open_appeal.lodged_on,
                             url_for("staff.conduct_decide_appeal", customer_id=file.customer_id)))
    if cp.can_review(actor, profile):
        found += [Waiting("A protocol review due", name, due.review_on,
                          url_for("staff.conduct_review", customer_id=file.customer_id))
                  for due in reviews_due(state, today)]
    return found


def _complaint(actor: Actor, row: CaseSummary, profile: Profile) -> list[Waiting]:
    """A longer extension or an ex-gratia payment waiting on an open complaint, from its summary row."""
    found = []
    who = f"{row.customer_name} ({row.id})" if row.customer_name else row.id
    if row.approval_number and row.approval_by != actor.id and actor.role \
            and actor.role.at_least(Role(row.approval_role)):
        found.append(Waiting("More time past the standard to approve", who, row.approval_on,
                             url_for("staff.decide_extension", case_id=row.id, number=row.approval_number)))
    if row.ex_gratia_pence and row.ex_gratia_by != actor.id \
            and c.can_approve_ex_gratia(actor, profile, row.ex_gratia_pence):
        found.append(Waiting("An ex-gratia payment to decide", who, row.ex_gratia_on,
                             url_for("staff.decide_ex_gratia", case_id=row.id)))
    return found


def waiting_for(actor: Actor, files: Iterable[ConductFile], names: dict[str, str], rows: Iterable[CaseSummary],
                profile: Profile, today: date) -> list[Waiting]:
    """Everything this person may decide now, oldest first (complaints from the open cases' summary rows)."""
    found = [w for f in files for w in _conduct(actor, f, names.get(f.customer_id, f.customer_id), today)]
    found += [w for row in rows for w in _complaint(actor, row, profile)]
    return sorted(found, key=lambda w: w.since)
