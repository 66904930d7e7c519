"""Complaints: the one import for callers (views, store, letters, CLI).

A complaint is an id plus an append-only list of events. `fold` derives its stage,
status and every due date from the events, the landlord's profile and the nation's
calendar; each verb_noun transition checks the policy's rules and returns the next event
or raises a DomainError with a plain message. The pieces live in sibling modules by
concept: kinds (vocabulary), state (the derived records), fold (events -> state),
intake, steps and decisions (transitions), permissions (who may act), timeline, and the
shared portal.domain.exgratia.
"""

from __future__ import annotations

from portal.domain.complaints.decisions import (
    escalate_complaint, escalation_request_refusal, exclude_complaint, months_before, refuse_escalation,
    request_escalation, send_to_stage2, apply_restriction,
)
from portal.domain.complaints.confirming import confirm_contact, to_confirm
from portal.domain.complaints.evidence import EvidenceFile, add_evidence, evidence_on
from portal.domain.complaints.guards import ALLOWED
from portal.domain.complaints.kinds import BEYOND_STANDARD, EventKind, Outcome, Status
from portal.domain.complaints.permissions import (
    can_decide_escalation, can_exclude, can_respond, escalation_decision_refusal, exclude_refusal,
    direct_stage2_refusal, is_staff, respond_refusal,
)
from portal.domain.complaints.fold import History, as_state, fold
from portal.domain.complaints.ombudsman import ombudsman_refusal, record_ombudsman_decision, refer_to_ombudsman
from portal.domain.complaints.intake import convert_service_request, log_service_request, receive_complaint
from portal.domain.complaints.state import (
    ActionItem, ComplaintState, Due, ExGratiaCase, Representative, Responder, StageView,
)
from portal.domain.complaints.steps import (
    InformationAdded, acknowledge_complaint, add_information, add_note, close_complaint,
    complete_action, extend_complaint, log_contact, reopen_complaint, respond_to_complaint,
)
from portal.domain.complaints.timeline import TimelineEntry
from portal.domain.complaints.wording import long_date, money
from portal.domain.exgratia import approver_role, can_approve_ex_gratia, decide_ex_gratia, net_after_debt, propose_ex_gratia

__all__ = [
    "EvidenceFile", "add_evidence", "evidence_on", "confirm_contact", "to_confirm",
    "ALLOWED", "ActionItem", "BEYOND_STANDARD", "ComplaintState", "Due", "EventKind", "ExGratiaCase", "History", "InformationAdded",
    "Outcome", "Representative", "Responder", "StageView", "Status", "TimelineEntry",
    "acknowledge_complaint", "add_information", "add_note", "approver_role", "as_state", "can_approve_ex_gratia",
    "can_decide_escalation", "can_exclude", "can_respond", "close_complaint", "complete_action",
    "convert_service_request", "decide_ex_gratia", "escalate_complaint", "escalation_decision_refusal",
    "escalation_request_refusal",
    "exclude_complaint", "exclude_refusal", "extend_complaint", "fold", "is_staff", "log_contact",
    "log_service_request", "long_date", "money", "months_before", "net_after_debt", "ombudsman_refusal",
    "propose_ex_gratia", "receive_complaint", "record_ombudsman_decision", "refer_to_ombudsman", "refuse_escalation",
    "reopen_complaint", "request_escalation", "respond_refusal", "respond_to_complaint", "send_to_stage2",
    "direct_stage2_refusal",
]
