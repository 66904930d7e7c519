"""The steps of the unacceptable-behaviour process: each checks the rules and returns one event.

Each `verb_noun(state, profile, actor, today, ...)` takes the folded state, the landlord
profile, the acting person and the business date, and returns the event to append, or
raises `DomainError` (a rule) / `PermissionDenied` (a role) with a plain message.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Mapping

from portal.domain.conduct.fold import counted_incidents
from portal.domain.conduct.kinds import (
    AbuseKind, AppealOutcome, AssessmentOutcome, ConductEventKind as K, IncidentKind, ReviewOutcome,
)
from portal.domain.conduct.permissions import (
    SIGNOFF_ROLE, appeal_refusal, can_agree_assessment, can_assess, can_decide_vexatious, can_hear_appeal, can_impose,
    can_record_incident, can_review, can_sign_off_immediate_action, can_warn, took_part,
)
from portal.domain.conduct.records import Assessment, Case, ConductState, Protocol, actor_data
from portal.domain.conduct.wording import APPEAL_WORDS, ASSESSMENT_WORDS, REVIEW_WORDS
from portal.domain.conduct.wording import a_title
from portal.domain.errors import Collect, DomainError, PermissionDenied
from portal.domain.events import Actor, Event, make_event
from portal.domain.profile import CHANNELS, Profile
from portal.domain.conduct.police import reports_owed
from portal.domain.conduct.protocol import ProtocolTerms, check_terms

# Words that say how someone felt or came across, not what they said or did.
_MOOD_WORDS = frozenset("""
    a an the and or but so very really extremely quite rather too was were is are be been being
    seemed appeared felt got became sounded he she they them customer tenant resident caller
    angry anger forceful persistent persistence determined upset frustrated annoyed cross
    emotional distressed loud raised voice demanding insistent unhappy not happy
""".split())


def _text(value: str | None, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def _enum(kind, value, field: str, words: Mapping | None = None):
    """The enum member for `value`, or an error naming the choices as the form shows them."""
    try:
        return kind(value)
    except ValueError:
        names = [words[k] if words else getattr(k, "label", k.value.replace("_", " ")) for k in kind]
        raise DomainError(f"Choose one of: {', '.join(names)}.", field=field) from None


def _event(event_kind: K, actor: Actor, today: date, now: datetime | None, /, **data) -> Event:
    return make_event(event_kind.value, actor, today, now, **data)


def _staff(actor: Actor, what: str) -> None:
    if not actor.is_staff:
        raise PermissionDenied(f"Only staff can {what}.")


def _live_protocol(state: ConductState, today: date) -> Protocol:
    protocol = state.protocol
    if protocol is None or not protocol.live_on(today):
        raise DomainError("There is no communication protocol in place.", field="protocol")
    return protocol


def _open_case(state: ConductState) -> Case:
    if state.open_case is None:
        raise DomainError("Record the behaviour first: there is no open case.", field="incident")
    return state.open_case


def describes_behaviour(description: str) -> bool:
    """False when a description only says the customer was angry, forceful or persistent."""
    words = set(re.findall(r"[a-z]+", description.lower()))
    return bool(words - _MOOD_WORDS)


def record_incident(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, kind: str, occurred_on: date,
    channel: str, description: str, sub_kind: str | None = None, immediate_action: str = "",
    immediate_action_signed_off_by: Actor | None = None, complaint_id: str = "", now: datetime | None = None,
) -> Event:
    """Record what the customer said or did: facts of words and actions, and any immediate action."""
    if not can_record_incident(actor):
        raise PermissionDenied("Only staff can record an incident.")
    checks = Collect()  # each answer is checked on its own: every error shows at once
    kind = checks.check(_enum, IncidentKind, kind, "kind")
    sub = None
    with checks:
        if kind is IncidentKind.AGGRESSIVE_ABUSIVE:
            sub = _enum(AbuseKind, sub_kind, "sub_kind").value
        elif sub_kind and kind is not None:
            raise DomainError("Only aggressive or abusive behaviour has a sub-kind.", field="sub_kind")
    with checks:
        if occurred_on is None:
            raise DomainError("Enter the date it happened.", field="occurred_on")
        if occurred_on > today:
            raise DomainError("The incident cannot be in the future.", field="occurred_on")
    with checks:
        if channel not in CHANNELS:
            raise DomainError(f"Choose how the contact came in: {', '.join(CHANNELS)}.", field="channel")
    with checks:
        text = _text(description, "description", "Describe what was said or done.")
        if not describes_behaviour(text):
            raise DomainError(
                "Describe what was said or done. Being angry, forceful or persistent is not by itself unacceptable.",
                field="description",
            )
    signed = None
    with checks:
        if immediate_action_signed_off_by is not None:
            if not immediate_action.strip():
                raise DomainError("There is no immediate action to sign off.", field="immediate_action_signed_off_by")
            if not can_sign_off_immediate_action(immediate_action_signed_off_by, profile):
                raise PermissionDenied(f"Immediate action is signed off by {a_title(profile.title(SIGNOFF_ROLE))} "
                                       "or more senior.",
                                       field="immediate_action_signed_off_by")
            signed = actor_data(immediate_action_signed_off_by)
    checks.done()
    return _event(
        K.INCIDENT_RECORDED, actor, today, now, behaviour=kind.value, sub_kind=sub,
        occurred_on=occurred_on.isoformat(), channel=channel, description=text,
        immediate_action=immediate_action.strip(), immediate_action_signed_off_by=signed,
        complaint_id=complaint_id,
    )


def issue_warning(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, level: str, reasons: str,
    complaint_id: str = "", now: datetime | None = None,
) -> Event:
    """Warn the customer, in the profile's order (an initial warning before a formal one)."""
    if not can_warn(actor, profile):
        raise PermissionDenied("Only staff can give a warning.")
    order = profile.conduct.warnings
    case = _open_case(state)
    checks = Collect()  # the level and the reasons are checked together: every error shows at once
    with checks:
        if level not in order:
            raise DomainError(f"{profile.name} does not use a '{level}' warning.", field="level")
        given = {w.level for w in state.in_case(state.warnings, case)}
        missing = [earlier for earlier in order[: order.index(level)] if earlier not in given]
        if missing:
            raise DomainError(f"Give the {missing[0]} warning before the {level} warning.", field="level")
    text = checks.check(_text, reasons, "reasons", "Say what behaviour the warning is about.")
    checks.done()
    return _event(K.WARNING_ISSUED, actor, today, now, level=level, reasons=text, complaint_id=complaint_id)


def complete_assessment(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, factors: Mapping[str, str],
    outcome: str, now: datetime | None = None,
) -> Event:
    """Assess the behaviour on the profile's factors; old closed cases are not counted.

    Where the profile asks for the assessment to be agreed, someone else agrees it afterwards
    (`agree_assessment`), signed in as themselves.
    """
    rules = profile.conduct
    if not can_assess(actor, profile):
        title = a_title(profile.title(rules.assessor_role))
        raise PermissionDenied(f"An assessment is completed by {title} or more senior.")
    _open_case(state)
    counted = counted_incidents(state, profile, today)
    checks = Collect()  # the outcome and every factor's notes are checked together: every error shows at once
    outcome = checks.check(_enum, AssessmentOutcome, outcome, "outcome", ASSESSMENT_WORDS)
    stray = sorted(set(factors) - set(rules.assessment_factors))
    if stray:
        raise DomainError(f"'{stray[0]}' is not one of the assessment factors.", field="factors")
    notes = {f: checks.check(_text, factors.get(f), f"factors.{f}", f"Record your notes on '{f}'.")
             for f in rules.assessment_factors}
    checks.done()
    return _event(
        K.ASSESSMENT_COMPLETED, actor, today, now, outcome=outcome.value, factors=notes,
        incidents_counted=[i.number for i in counted], instances=len(counted), agreed_by=None,
    )


def agree_assessment(state: ConductState, profile: Profile, actor: Actor, today: date, *,
                     now: datetime | None = None) -> Event:
    """Agree the open case's latest assessment: the profile's role, and never the person who wrote it."""
    role = profile.conduct.assessment_agreed_by
    if role is None:
        raise DomainError(f"{profile.name}'s policy does not ask for the assessment to be agreed.")
    case = _open_case(state)
    latest = next(reversed(state.in_case(state.assessments, case)), None)
    if latest is None or not latest.awaiting_agreement:
        raise DomainError("There is no assessment waiting to be agreed.")
    if not can_agree_assessment(actor, profile):
        raise PermissionDenied(f"The assessment must be agreed by {a_title(profile.title(role))}.")
    if actor.id == latest.by.id:
        raise PermissionDenied("You wrote this assessment, so someone else must agree it.")
    return _event(K.ASSESSMENT_AGREED, actor, today, now, assessment=latest.number)


def warnings_outstanding(state: ConductState, profile: Profile) -> tuple[str, ...]:
    """Warnings still owed before a protocol, unless immediate action was taken for abuse."""
    case = state.open_case
    if case is None:
        return profile.conduct.warnings
    for incident in state.in_case(state.incidents, case):
        if incident.kind is IncidentKind.AGGRESSIVE_ABUSIVE and incident.immediate_action:
            if profile.conduct.immediate_action != "director_signoff" or incident.signed_off_by:
                return ()
    given = {w.level for w in state.in_case(state.warnings, case)}
    return tuple(level for level in profile.conduct.warnings if level not in given)


def require_authoriser(actor: Actor, profile: Profile) -> None:
    """Refuse unless the person acting may authorise a protocol or new terms themselves."""
    _staff(actor, "record a protocol")
    if not can_impose(actor, profile):
        title = profile.title(profile.conduct.authoriser_role)
        raise PermissionDenied(f"A protocol is authorised by {a_title(title)} or more senior.")


def _no_open_appeal(protocol: Protocol) -> None:
    if protocol.open_appeal is not None:
        raise DomainError("An appeal against this protocol is waiting for a decision: the terms change only "
                          "through that decision.", field="terms")


def protocol_basis(state: ConductState, profile: Profile, today: date) -> Assessment:
    """The agreed assessment a new protocol would rest on; DomainError if one cannot be put in place now."""
    if state.protocol is not None and state.protocol.live_on(today):
        raise DomainError("A protocol is already in place: vary it instead.", field="terms")
    case = _open_case(state)
    used = {p.assessment for p in state.protocols}
    basis = next(reversed(state.in_case(state.assessments, case)), None)
    if basis is None or basis.outcome is not AssessmentOutcome.PROTOCOL_RECOMMENDED or basis.number in used:
        raise DomainError("Complete an assessment that recommends a protocol first.", field="assessment")
    if basis.awaiting_agreement:
        title = a_title(profile.title(profile.conduct.assessment_agreed_by))
        raise DomainError(f"The assessment must be agreed by {title} first.", field="assessment")
    unreported = reports_owed(state, profile)
    if unreported:
        raise DomainError(f"Record the police report for incident {unreported[0].number} first: {profile.name}'s "
                          "policy says incidents of violence or threats are reported to the police.",
                          field="police_report")
    owed = warnings_outstanding(state, profile)
    if owed:
        raise DomainError(f"Give the {owed[0]} warning first: the customer must have the chance to change "
                          "their behaviour.", field="warnings")
    return basis


def impose_protocol(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, terms: ProtocolTerms, reasons: str,
    adjustments_considered: str, start: date | None = None, ends_on: date | None = None,
    now: datetime | None = None,
) -> Event:
    """Put a communication protocol in place, authorised by the person acting (see approvals to propose one)."""
    require_authoriser(actor, profile)
    return imposition(state, profile, actor, today, terms=terms, reasons=reasons,
                      adjustments_considered=adjustments_considered, start=start, ends_on=ends_on, now=now)


def imposition(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, terms: ProtocolTerms, reasons: str,
    adjustments_considered: str, start: date | None = None, ends_on: date | None = None,
    now: datetime | None = None,
) -> Event:
    """The imposition's checks and event, before asking who may authorise it."""
    _staff(actor, "record a protocol")
    basis = protocol_basis(state, profile, today)
    start = start or today
    if start < basis.on:
        raise DomainError("The protocol cannot start before the assessment.", field="start")
    if ends_on is not None and ends_on <= start:
        raise DomainError("The end date must be after the start.", field="ends_on")
    check_terms(terms, profile, start=start)
    return _event(
        K.PROTOCOL_IMPOSED, actor, today, now, terms=terms.to_dict(), start=start.isoformat(),
        ends_on=ends_on.isoformat() if ends_on else None,
        reasons=_text(reasons, "reasons", "Say why contact is being restricted."),
        adjustments_considered=_text(adjustments_considered, "adjustments_considered",
                                     "Record how the customer's needs and protected characteristics were considered."),
        authorised_by=actor_data(actor), assessment=basis.number,
    )


def vary_protocol(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, terms: ProtocolTerms, reasons: str,
    adjustments_considered: str = "", now: datetime | None = None,
) -> Event:
    """Change the terms of the protocol in place, authorised by the person acting."""
    require_authoriser(actor, profile)
    return variation(state, profile, actor, today, terms=terms, reasons=reasons,
                     adjustments_considered=adjustments_considered, now=now)


def variation(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, terms: ProtocolTerms, reasons: str,
    adjustments_considered: str = "", now: datetime | None = None,
) -> Event:
    """The variation's checks and event, before asking who may authorise it."""
    _staff(actor, "record a protocol")
    _no_open_appeal(_live_protocol(state, today))
    check_terms(terms, profile, start=today)
    return _event(
        K.PROTOCOL_VARIED, actor, today, now, terms=terms.to_dict(),
        reasons=_text(reasons, "reasons", "Say why the terms are changing."),
        adjustments_considered=adjustments_considered.strip(), authorised_by=actor_data(actor),
    )


def lodge_appeal(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, grounds: str,
    lodged_on: date | None = None, received_by_channel: str = "", now: datetime | None = None,
) -> Event:
    """The customer or their advocate appeals the protocol (staff may log one received by letter or phone)."""
    protocol = _live_protocol(state, today)
    refusal = appeal_refusal(state, profile)
    if refusal:
        raise DomainError(refusal, field="grounds")
    checks = Collect()  # how it came, when and why are checked together: every error shows at once
    with checks:
        if actor.is_staff and received_by_channel not in CHANNELS:
            raise DomainError("Say how the customer's appeal reached us.", field="received_by_channel")
    lodged_on = lodged_on or today
    with checks:
        if lodged_on > today or lodged_on < protocol.imposed_on:
            raise DomainError("The appeal date must be between the decision and today.", field="lodged_on")
    grounds = checks.check(_text, grounds, "grounds", "Say why you disagree.")
    checks.done()
    return _event(K.APPEAL_LODGED, actor, today, now, grounds=grounds, lodged_on=lodged_on.isoformat(),
                  received_by_channel=received_by_channel)


def decide_appeal(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, outcome: str, reasons: str,
    terms: ProtocolTerms | None = None, now: datetime | None = None,
) -> Event:
    """Decide an appeal; never by anyone who took part in the decision appealed against."""
    protocol = _live_protocol(state, today)
    if protocol.open_appeal is None:
        raise DomainError("There is no appeal waiting for a decision.", field="outcome")
    if took_part(actor, state):
        raise PermissionDenied("You took part in this decision, so someone else must hear the appeal.")
    if not can_hear_appeal(actor, state, profile):
        title = a_title(profile.title(profile.conduct.appeal_role))
        raise PermissionDenied(f"Appeals are heard by {title} or more senior.")
    checks = Collect()  # the outcome, the new terms and the reasons are checked together
    outcome = checks.check(_enum, AppealOutcome, outcome, "outcome", APPEAL_WORDS)
    data = checks.check(_new_terms_data, outcome is AppealOutcome.VARIED, terms, profile, today)
    reasons = checks.check(_text, reasons, "reasons", "Give the reasons for the decision.")
    checks.done()
    return _event(K.APPEAL_DECIDED, actor, today, now, outcome=outcome.value, reasons=reasons, **data)


def _new_terms_data(varies: bool, terms: ProtocolTerms | None, profile: Profile, today: date) -> dict:
    if not varies:
        if terms is not None:
            raise DomainError("New terms are only given when the protocol is varied.", field="terms")
        return {}
    if terms is None:
        raise DomainError("Give the new terms.", field="terms")
    check_terms(terms, profile, start=today)
    return {"terms": terms.to_dict()}


def complete_review(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, outcome: str, reasons: str,
    terms: ProtocolTerms | None = None, now: datetime | None = None,
) -> Event:
    """Review the protocol: continue (next review a full period on), vary (if the reviewer may authorise) or end."""
    event = review(state, profile, actor, today, outcome=outcome, reasons=reasons, terms=terms, now=now)
    if event.get("outcome") == ReviewOutcome.VARY.value:
        require_authoriser(actor, profile)
    return event


def review(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, outcome: str, reasons: str,
    terms: ProtocolTerms | None = None, now: datetime | None = None,
) -> Event:
    """The review's checks and event, before asking who may authorise new terms."""
    protocol = _live_protocol(state, today)
    if not can_review(actor, profile):
        raise PermissionDenied(f"A review is completed by {a_title(profile.title(profile.conduct.assessor_role))} "
                               "or more senior.")
    checks = Collect()  # the outcome, the new terms and the reasons are checked together
    outcome = checks.check(_enum, ReviewOutcome, outcome, "outcome", REVIEW_WORDS)
    data = checks.check(_new_terms_data, outcome is ReviewOutcome.VARY, terms, profile, today)
    reasons = checks.check(_text, reasons, "reasons", "Say what the review found about the customer's behaviour.")
    checks.done()
    if outcome is ReviewOutcome.VARY:
        _no_open_appeal(protocol)
        data["authorised_by"] = actor_data(actor)
    return _event(K.REVIEW_COMPLETED, actor, today, now, outcome=outcome.value, reasons=reasons, **data)


def end_protocol(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, reason: str, now: datetime | None = None,
) -> Event:
    """End the protocol outside a review, for example because the behaviour has stopped."""
    _live_protocol(state, today)
    if not can_review(actor, profile):
        raise PermissionDenied(f"A protocol is ended by {a_title(profile.title(profile.conduct.assessor_role))} "
                               "or more senior.")
    return _event(K.PROTOCOL_ENDED, actor, today, now, reason=_text(reason, "reason", "Say why it is ending."))


def decide_vexatious(
    state: ConductState, profile: Profile, actor: Actor, today: date, *, complaint_id: str,
    presented_by: Actor, vexatious: bool, reasons: str, now: datetime | None = None,
) -> Event:
    """Decide whether a complaint is vexatious, on a case presented by another member of staff."""
    if not can_decide_vexatious(actor, profile):
        raise PermissionDenied(f"Only {a_title(profile.title(profile.conduct.vexatious_decider))} or more senior "
                               "decides that a complaint is vexatious.")
    checks = Collect()  # who presented it, the complaint and the reasons are checked together
    with checks:
        if not presented_by.is_staff or presented_by.id == actor.id:
            raise DomainError("The case must be presented by another member of staff.", field="presented_by")
    complaint_id = checks.check(_text, complaint_id, "complaint_id", "Say which complaint this is about.")
    reasons = checks.check(_text, reasons, "reasons", "Give the reasons for the decision.")
    checks.done()
    return _event(K.VEXATIOUS_DECISION, actor, today, now, complaint_id=complaint_id,
                  presented_by=actor_data(presented_by), vexatious=bool(vexatious), reasons=reasons)
