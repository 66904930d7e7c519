"""The letter kinds, the elements a letter can be checked for, and each kind's minimum.

A template declares its elements in its front matter; the minimum here is the floor the
complaint-handling rules set, so deleting "reasons" from a template and its declaration
together is still caught.
"""

from __future__ import annotations

LETTER_KINDS: tuple[str, ...] = (
    "stage1_acknowledgement",
    "extension",
    "stage1_response",
    "stage2_acknowledgement",
    "stage2_response",
    "escalation_refused",
    "exclusion",
    "service_request_redirect",
    "initial_warning",
    "formal_warning",
    "protocol_imposed",
    "protocol_changed",
    "appeal_outcome",
    "review_outcome",
    "vexatious_decision",
    "ex_gratia_decision",
)

# Every element name a template may declare, with what the section must say.
ELEMENTS: dict[str, str] = {
    "stage": "which stage of the complaints procedure this letter belongs to",
    "understanding": "our understanding of the complaint and the outcome the customer wants",
    "response_due": "the date we will reply by, and who will reply",
    "extension_reason": "why we need more time",
    "new_due": "the new date we will reply by",
    "outcome": "the outcome: upheld, partly upheld, not upheld or resolved",
    "decision": "what we decided",
    "reasons": "why we decided it",
    "remedy": "what we will do to put things right, including any compensation",
    "outstanding_actions": "actions still to do, with target dates",
    "how_to_escalate": "how, and by when, to ask for the next stage",
    "final": "that this is our final response",
    "ombudsman": "the ombudsman's contact details and when the customer can use them",
    "service_request": "that this is a request for a service, not a complaint",
    "right_route": "the right route for the request",
    "can_still_complain": "that the customer can still complain",
    "incidents": "what happened, and when",
    "behaviour_expected": "the behaviour we ask for from now on",
    "consequences": "what happens if the behaviour goes on",
    "why": "why contact is being restricted",
    "arrangements": "how the customer can contact us while the restriction lasts",
    "how_long": "how long the arrangements last",
    "review_date": "when the arrangements will be reviewed",
    "how_to_appeal": "how, to whom and by when to appeal",
    "always_allowed": "the contact that is always allowed",
    "next_steps": "what happens next",
    "payment": "the payment: amount, any debt deducted, and what is paid",
    "how_to_complain": "how to complain if the customer is unhappy with the decision",
}

COMPLAINT_RESPONSE = frozenset(
    {"stage", "outcome", "reasons", "remedy", "outstanding_actions", "how_to_escalate", "ombudsman"}
)
RESTRICTION = frozenset({"why", "arrangements", "how_long", "review_date", "how_to_appeal", "always_allowed"})

# The least each kind must declare (from RULES.md: "Every written response states…").
REQUIRED_ELEMENTS: dict[str, frozenset[str]] = {
    "stage1_acknowledgement": frozenset({"stage", "understanding", "response_due", "ombudsman"}),
    "extension": frozenset({"stage", "extension_reason", "new_due", "ombudsman"}),
    "stage1_response": COMPLAINT_RESPONSE,
    "stage2_acknowledgement": frozenset({"stage", "understanding", "response_due", "ombudsman"}),
    "stage2_response": COMPLAINT_RESPONSE | {"final"},
    "escalation_refused": frozenset({"stage", "decision", "reasons", "ombudsman"}),
    "exclusion": frozenset({"decision", "reasons", "ombudsman"}),
    "service_request_redirect": frozenset({"service_request", "right_route", "can_still_complain"}),
    "initial_warning": frozenset({"incidents", "behaviour_expected", "consequences"}),
    "formal_warning": frozenset({"incidents", "behaviour_expected", "consequences"}),
    "protocol_imposed": RESTRICTION,
    "protocol_changed": frozenset({"decision", "why", "arrangements", "always_allowed", "review_date"}),
    "appeal_outcome": frozenset({"decision", "reasons", "next_steps"}),
    "review_outcome": frozenset({"decision", "reasons", "arrangements", "review_date"}),
    "vexatious_decision": frozenset({"decision", "reasons", "next_steps", "ombudsman"}),
    "ex_gratia_decision": frozenset({"decision", "reasons", "payment", "how_to_complain"}),
}
