"""Demo history: a year of finished complaints, one or two a month, so every report has figures.

Each goes through the real use cases: on time and late acknowledgements and replies, an
extension where the profile allows one, stage 2, a refused request for stage 2, an
ombudsman decision, an ex-gratia payment where the policy has them, and improvement
actions in the learning register (one done, one open).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Callable

from portal import learning
from portal.casework import Case, act, open_complaint
from portal.domain import complaints as c
from portal.domain.events import Actor
from portal.domain.profile import Profile
from portal.domain.roles import Role

MONTHS = 12
_SUBJECTS = ("a leaking roof over the kitchen", "a repair appointment that was missed twice",
             "mould in the bathroom", "the tone of a phone call", "a service charge that looks wrong",
             "noise from the flat above", "a broken entry phone", "waiting for a new boiler")
_OUTCOMES = ("upheld", "not_upheld", "partly_upheld", "resolved")
_CAUSES = ("The repairs diary was not checked before booking.", "We did not call back when we said we would.",
           "A contractor missed the visit and did not tell us.")


def _classified(profile: Profile, n: int) -> dict[str, str]:
    """The category and root cause a reply names, where the profile lists categories."""
    categories = profile.complaints.categories
    if not categories:
        return {}
    return {"category": categories[n % min(len(categories), 4)], "root_cause": _CAUSES[n % len(_CAUSES)]}


def load_history(clock: Any, profile: Profile, staff: dict[Role, Actor], tenants: list[str]) -> list[str]:
    """One complaint a month for the past year (two in every third month); returns their ids."""
    ids = []
    cal, today = clock.cal, clock.today
    handler, manager = staff[Role.COMPLAINTS_OFFICER], staff[Role.MANAGER]
    s1 = staff[profile.complaints.stage1.responder_role]
    s2 = staff[max(profile.complaints.stage2.responder_role, Role.DIRECTOR, key=lambda r: r.rank)]
    for n in range(MONTHS + MONTHS // 3):
        month_back = n % MONTHS + 1
        received = cal.day_zero(today - timedelta(days=30 * month_back + 3 * (n // MONTHS)))

        def step(case: Case, fn: Callable, actor: Actor, day: date, **fields: Any) -> Case:
            return act(case.id, fn, actor, today=day, now=clock.now(day), **fields)  # noqa: B023

        channel = profile.complaints.channels[n % len(profile.complaints.channels)]
        case = open_complaint(c.receive_complaint, handler, tenants[n % len(tenants)], today=received,
                              now=clock.now(received), profile=profile, channel=channel, received_on=received,
                              summary=_SUBJECTS[n % len(_SUBJECTS)])
        ids.append(case.id)
        day = received
        if profile.complaints.stage1.acknowledges:
            day = cal.add_working_days(received, 7 if n % 4 == 3 else 2)  # every fourth acknowledged late
            case = step(case, c.acknowledge_complaint, handler, day,
                        understanding=f"You told us about {case.state.summary}.", outcome_sought="Put it right.")
        rules = profile.complaints.stage1
        if rules.extension != "none" and n % 5 == 1:
            due = case.state.response_due
            case = step(case, c.extend_complaint, handler, cal.add_working_days(day, 3),
                        reason="We are waiting for a contractor's report.", new_due=cal.add_working_days(due, 5),
                        customer_agreed=True if rules.extension_needs_agreement else None)
        late = n % 3 == 2
        reply_day = cal.add_working_days(case.state.response_due, 2) if late else cal.add_working_days(day, 3)
        if reply_day >= today:
            continue  # still being investigated
        outcome = _OUTCOMES[n % len(_OUTCOMES)]
        money = 5000 if outcome in ("upheld", "resolved") else 0
        case = step(case, c.respond_to_complaint, s1, reply_day, outcome=outcome,
                    reasons="We checked the records and spoke to the people involved.",
                    remedy="We apologise and have put the problem right." if money else "",
                    compensation_pence=money, learning="Check the repairs diary each Friday." if late else "",
                    **_classified(profile, n))
        if n % 4 == 0 and reply_day + timedelta(days=10) < today:
            asked = cal.add_working_days(reply_day, 3)
            case = step(case, c.request_escalation, handler, asked, requested_on=asked,
                        reason="The problem came back.")
            if n % 8 == 4:
                step(case, c.refuse_escalation, s2, asked, reason="The points raised were answered in full.")
                continue
            case = step(case, c.escalate_complaint, handler, asked)
            start = asked
            if profile.complaints.stage2.acknowledges:
                start = cal.add_working_days(asked, 2)
                case = step(case, c.acknowledge_complaint, handler, start,
                            understanding="You are unhappy with our first reply.", outcome_sought="A new look.")
            if profile.complaints.stage2.extension != "none" and n % 8 == 0:
                case = step(case, c.extend_complaint, handler, cal.add_working_days(start, 4),
                            reason="An independent surveyor has to inspect the roof.",
                            new_due=cal.add_working_days(case.state.response_due, 5), customer_agreed=True)
            done = cal.add_working_days(start, 12)
            if done < today:
                case = step(case, c.respond_to_complaint, s2, done, outcome="partly_upheld",
                            reasons="A senior manager reviewed everything again.", compensation_pence=10000,
                            remedy="We have paid for the damage.", **_classified(profile, n + 1))
                if n == 8 and done + timedelta(days=20) < today:
                    on = done + timedelta(days=14)
                    step(case, c.refer_to_ombudsman, manager, on, referred_on=on)
                    step(case, c.record_ombudsman_decision, manager, on + timedelta(days=5), decision="determination",
                         finding="service_failure", decided_on=on + timedelta(days=5),
                         details="Pay a further £100 and review how repairs are booked.",
                         compensation_ordered_pence=10000)
        elif profile.ex_gratia and n % 6 == 1:
            scheme = profile.ex_gratia
            proposed = cal.add_working_days(reply_day, 1)
            step(case, c.propose_ex_gratia, handler, proposed, amount_pence=30000, basis="A ruined carpet",
                 debt_pence=5000, substantiated=True)
            step(case, c.decide_ex_gratia, staff[scheme.approver_role], cal.add_working_days(proposed, 2), approved=True)
    added = cal.day_zero(today - timedelta(days=200))
    done_action = learning.add_improvement(
        manager, profile.slug, what="Repairs diary checked every Friday, missed visits rebooked the same day",
        owner="Repairs manager", due=(added + timedelta(days=60)).isoformat(), complaints=ids[1:3],
        categories=["repairs"], today=added, now=clock.now(added))
    finished = added + timedelta(days=80)
    learning.complete_improvement(manager, done_action["key"], done_on=finished, version=done_action["version"],
                                  today=finished, now=clock.now(finished))
    learning.add_improvement(manager, profile.slug, what="Call customers back within one working day",
                             owner="Customer services lead", due=(today + timedelta(days=60)).isoformat(),
                             complaints=ids[3:4], categories=["communication"], today=today - timedelta(days=100),
                             now=clock.now(today - timedelta(days=100)))
    return ids
