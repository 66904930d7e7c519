"""Realistic sample contexts for every letter kind, counted from a landlord's profile.

check_templates renders each template with these, so an undefined variable or a missing
element fails the build; the tests use them as fixtures. Each kind has several variants
so every branch of a template (upheld and not, a debt deducted or not) is rendered.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from portal.domain.calendar import add_months, calendar_for
from portal.domain.profile import Profile
from portal.domain.roles import Role

SAMPLE_DAY = date(2025, 12, 5)  # a Friday, so working-day counts cross a weekend

_TERMS = {
    "written_only": "Contact us in writing only, by letter or email, not by phone or in person.",
    "third_party_only": "Contact us only through your advocate or another person acting for you.",
    "no_personal_contact": "Do not contact members of staff personally, including on social media.",
    "set_times": "Phone us only on Tuesdays and Thursdays, between 10am and 12 noon.",
    "named_contact": "Contact only your named contact, who will deal with all your enquiries.",
    "appointment_only": "Visit our offices only when you have an appointment.",
    "issues_per_period": "Raise no more than two new issues each month.",
    "health_and_safety_only": "For the next three months, contact us only about health and safety issues.",
    "read_and_file": "We will read and file letters about your closed complaint, and reply only to new information.",
    "return_documents": "We will return documents that are not about an open matter.",
    "decline_investigation": "We will not investigate complaints that repeat ones we have already answered.",
    "close_abused_cases": "Open cases may be closed if our processes continue to be misused.",
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _base(profile: Profile, today: date, role: Role, stage: int = 1) -> dict[str, Any]:
    return {
        "letter_date": today,
        "reference": f"{profile.slug[:3].upper()}-2025-0142",
        "customer": {
            "name": "Ms Aisha Khan",
            "address": ["Flat 3", "12 Mill Street", "Oldtown", "AB1 2CD"],
            "email": "aisha.khan@example.org",
        },
        "representative": None,
        "sender": {"name": "Sam Taylor", "role": role},
        "case": {
            "received_on": today - timedelta(days=21),
            "summary": "the leak through your bathroom ceiling and the repairs that followed",
            "stage": stage,
        },
    }


def _with(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


def _represented(base: dict[str, Any]) -> dict[str, Any]:
    customer = {**base["customer"], "address": []}
    return _with(base, customer=customer, representative={"name": "Mr Tom Ellis", "relationship": "advocate"})


def _protocol(profile: Profile, today: date, named: bool = True, deadline: bool = True) -> dict[str, Any]:
    codes = [c for c in profile.conduct.restrictions if c != "named_contact"][:3]
    return {
        "reasons": "Between August and November you phoned our staff more than 40 times about the same "
                   "repair, and on two calls you shouted and swore at the person helping you.",
        "terms": [_TERMS[c] for c in codes],
        "start": today,
        "review_date": add_months(today, profile.conduct.review_months),
        "named_contact": "Jordan Lee, Housing Officer" if named else "",
        "always_allowed": ["write to us about anything at any time"],
        "appeal_role_title": profile.title(profile.conduct.appeal_role),
        "appeal_deadline": today + timedelta(days=28) if deadline else None,
    }


def _complaint(kind: str, profile: Profile, today: date) -> list[dict[str, Any]]:
    rules = profile.complaints
    cal = calendar_for(profile.nation)
    officer = Role.COMPLAINTS_OFFICER
    if kind in ("stage1_acknowledgement", "stage2_acknowledgement"):
        stage = rules.stage(1 if kind.startswith("stage1") else 2)
        base = _base(profile, today, officer, stage.number)
        ack = {
            "understanding": "You told us water has come through your bathroom ceiling three times since "
                             "June, and the repairs we booked were not done.",
            "outcome_sought": "You would like the leak fixed for good and the ceiling redecorated.",
            "response_due": cal.add_working_days(today, stage.respond_working_days),
        }
        return [_with(base, acknowledgement=ack),
                _with(_represented(base), acknowledgement={**ack, "outcome_sought": ""})]
    if kind == "extension":
        stage = rules.stage1 if rules.stage1.extension != "none" else rules.stage2
        base = _base(profile, today, officer, stage.number)
        ext = {"reason": "We are waiting for a report from the roofing contractor, who inspected on 3 December.",
               "new_due": cal.add_working_days(today, max(stage.extension_working_days, 10)),
               "customer_agreed": True}
        return [_with(base, extension=ext), _with(base, extension={**ext, "customer_agreed": False})]
    if kind in ("stage1_response", "stage2_response"):
        stage = rules.stage(1 if kind.startswith("stage1") else 2)
        base = _base(profile, today, stage.responder_role, stage.number)
        window = rules.stage1.escalation_window_calendar_days
        upheld = {
            "outcome": "upheld",
            "reasons": "Our records show the repair was booked twice and cancelled both times without telling "
                       "you.\n\nThat should not have happened, and we are sorry.",
            "remedy": "We have apologised, and we will fix the leak and redecorate the ceiling.",
            "compensation_pence": 17500,
            "actions": [{"text": "Replace the leaking pipe under the bath", "target": today + timedelta(days=10)},
                        {"text": "Redecorate the bathroom ceiling", "target": today + timedelta(days=24)}],
            "escalation_deadline": (today + timedelta(days=window) if window else
                                    add_months(today, rules.stage1.escalation_window_months_after_reply)
                                    if rules.stage1.escalation_window_months_after_reply else None)
                                   if stage.number == 1 else None,
        }
        not_upheld = {**upheld, "outcome": "not_upheld", "remedy": "", "compensation_pence": 0, "actions": [],
                      "escalation_deadline": None,
                      "reasons": "The leak came from the flat above, which is privately owned."}
        partly = {**upheld, "outcome": "partly_upheld", "compensation_pence": 0}
        resolved = {**upheld, "outcome": "resolved", "remedy": "", "compensation_pence": 5000}
        return [_with(base, response=r) for r in (upheld, not_upheld, partly, resolved)]
    if kind == "escalation_refused":
        return [_with(_base(profile, today, officer), escalation_refused={
            "reason": "We have not yet sent our stage 1 reply, so there is nothing yet to review at stage 2. "
                      "We will reply by 12 December."})]
    if kind == "exclusion":
        base = _base(profile, today, Role.MANAGER)
        contexts = [_with(base, exclusion={
            "code": e.code, "reason_label": e.label, "route": e.route,
            "explanation": "You first raised this with us in 2023, and our decision then was final."})
            for e in rules.exclusions[:2] + tuple(x for x in rules.exclusions[2:] if x.route)]
        return contexts
    if kind == "service_request_redirect":
        base = _base(profile, today, Role.OFFICER)
        base["case"] = {**base["case"], "summary": "your dripping kitchen tap"}
        request = {"route": "We have booked a plumber to fix your dripping kitchen tap. They will phone you "
                            "to arrange a time.", "due": cal.add_working_days(today, 2)}
        return [_with(base, service_request=request), _with(base, service_request={**request, "due": None})]
    raise KeyError(kind)


def _conduct(kind: str, profile: Profile, today: date) -> list[dict[str, Any]]:
    conduct = profile.conduct
    base = _base(profile, today, conduct.assessor_role)
    if kind in ("initial_warning", "formal_warning"):
        warning = {
            "incidents": [
                {"occurred_on": today - timedelta(days=11), "description": "On the phone, you swore at the adviser "
                                                                           "and called them names."},
                {"occurred_on": today - timedelta(days=4), "description": "At our office, you shouted at the "
                                                                          "receptionist and would not leave."},
            ],
            "behaviour_expected": "Please speak to our staff calmly and politely, even when you disagree with us.",
            "consequences": "If this happens again, we may end the call or ask you to leave the office.",
        }
        role = Role.OFFICER if kind == "initial_warning" else conduct.assessor_role
        return [_with(base, sender={"name": "Sam Taylor", "role": role}, warning=warning)]
    protocol = _protocol(profile, today)
    authoriser = {"name": "Sam Taylor", "role": conduct.authoriser_role}
    if kind == "protocol_imposed":
        return [_with(base, sender=authoriser, protocol=protocol),
                _with(_represented(base), sender=authoriser,
                      protocol=_protocol(profile, today, named=False, deadline=False))]
    next_review = add_months(today, conduct.review_months)
    reasons = "Since the arrangements started you have written to us about new issues only, and politely."
    if kind in ("protocol_changed", "review_outcome"):
        decisions = ("vary", "end") if kind == "protocol_changed" else ("continue", "vary", "end")
        return [_with(base, protocol={**protocol, "review_date": next_review},
                      review={"decision": d, "reasons": reasons, "next_review": next_review}) for d in decisions]
    if kind == "appeal_outcome":
        sender = {"name": "Alex Morgan", "role": conduct.appeal_role}
        return [_with(base, sender=sender, protocol=protocol, appeal={"decision": d, "reasons": reasons})
                for d in ("not_upheld", "partly_upheld", "upheld")]
    if kind == "vexatious_decision":
        sender = {"name": "Alex Morgan", "role": conduct.vexatious_decider}
        why = "This is the ninth complaint about the same fence, which we answered in full at stage 2 in May."
        return [_with(base, sender=sender, vexatious={"decision": d, "reasons": why})
                for d in ("vexatious", "not_vexatious")]
    if kind == "ex_gratia_decision":
        rules = profile.ex_gratia
        if rules is None:
            return []
        sender = {"name": "Alex Morgan", "role": rules.approver_role}
        claim = {"approved": True, "amount_pence": 32000, "debt_pence": 12050, "net_pence": 19950,
                 "reason": "Your carpet was ruined by the leak from our pipe, and you sent us the receipt."}
        big = rules.approver_limit_pence + 25000
        return [_with(base, sender=sender, ex_gratia=c) for c in (
            claim,
            {**claim, "net_pence": claim["amount_pence"]},  # not deducted: hardship
            {**claim, "amount_pence": big, "debt_pence": 0, "net_pence": big},
            {**claim, "debt_pence": 50000, "net_pence": 0},
            {**claim, "approved": False, "amount_pence": 0, "debt_pence": 0, "net_pence": 0,
             "reason": "Your home insurance covers this loss in full."},
        )]
    raise KeyError(kind)


_CONDUCT_KINDS = ("initial_warning", "formal_warning", "protocol_imposed", "protocol_changed", "review_outcome",
                  "appeal_outcome", "vexatious_decision", "ex_gratia_decision")


def sample_contexts(kind: str, profile: Profile, today: date = SAMPLE_DAY) -> list[dict[str, Any]]:
    """Every sample context for one kind: the usual case first, then the other branches."""
    if kind in _CONDUCT_KINDS:
        return _conduct(kind, profile, today)
    return _complaint(kind, profile, today)


def sample_context(kind: str, profile: Profile, today: date = SAMPLE_DAY) -> dict[str, Any]:
    """The usual sample context for one kind of letter."""
    return sample_contexts(kind, profile, today)[0]
