"""The vocabulary of a complaint: what can happen to it, where it can stand, how it ends.

Kept apart from the fold and the transitions so both (and the views) can share it
without importing each other.
"""

from __future__ import annotations

from enum import Enum


class EventKind(str, Enum):
    """Everything that can happen to a complaint; the value is what the store keeps."""

    SERVICE_REQUEST_LOGGED = "service_request_logged"
    CONVERTED_TO_COMPLAINT = "converted_to_complaint"
    RECEIVED = "received"
    ACKNOWLEDGED = "acknowledged"
    EXTENDED = "extended"
    RESPONDED = "responded"
    ESCALATION_REQUESTED = "escalation_requested"
    ESCALATED = "escalated"
    ESCALATION_REFUSED = "escalation_refused"
    SENT_TO_STAGE2 = "sent_to_stage2"
    EXCLUDED = "excluded"
    RESTRICTED = "restricted"  # closed or not investigated under a communication protocol
    CLOSED = "closed"
    ACTION_COMPLETED = "action_completed"
    REOPENED = "reopened"
    NOTE = "note"
    CONTACT_LOGGED = "contact_logged"
    INFORMATION_ADDED = "information_added"
    EVIDENCE_ADDED = "evidence_added"
    CONTACT_CONFIRMED = "contact_confirmed"  # a complaint made without an account: its sender confirmed (see confirming.py)
    EX_GRATIA_PROPOSED = "ex_gratia_proposed"
    EX_GRATIA_DECIDED = "ex_gratia_decided"
    REFERRED = "referred"  # a risk of harm passed to health and safety or safeguarding (see referral.py)
    ASSIGNED = "assigned"  # the case given to, or taken by, an owner (see ownership.py)
    EXTENSION_PROPOSED = "extension_proposed"  # more time past the standard, waiting for approval (extensions.py)
    EXTENSION_REFUSED = "extension_refused"  # that proposal refused by the approver (extensions.py)
    OMBUDSMAN_REFERRED = "ombudsman_referred"
    OMBUDSMAN_DECIDED = "ombudsman_decided"
    LETTER_POSTED = "letter_posted"  # a letter went in the post (see posting.py)


class Status(str, Enum):
    """Where a complaint stands; each status knows whether the case is still open."""

    NEW = "new"  # no events yet
    SERVICE_REQUEST = "service_request"
    AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement"
    INVESTIGATING = "investigating"
    RESPONDED = "responded"
    ESCALATION_REQUESTED = "escalation_requested"
    WITH_CUSTOMER = "with_customer"  # closed, agreed actions still being monitored
    CLOSED = "closed"
    EXCLUDED = "excluded"

    @property
    def is_open(self) -> bool:
        """True while the landlord still owes a decision, an acknowledgement or a reply."""
        return self in _OPEN

    @property
    def label(self) -> str:
        """A short label for staff queues."""
        return _LABELS[self]


_OPEN = frozenset({
    Status.SERVICE_REQUEST, Status.AWAITING_ACKNOWLEDGEMENT, Status.INVESTIGATING,
    Status.RESPONDED, Status.ESCALATION_REQUESTED,
})

_LABELS = {
    Status.NEW: "Not yet received",
    Status.SERVICE_REQUEST: "Service request",
    Status.AWAITING_ACKNOWLEDGEMENT: "Awaiting acknowledgement",
    Status.INVESTIGATING: "Investigating",
    Status.RESPONDED: "Reply sent",
    Status.ESCALATION_REQUESTED: "Stage 2 asked for",
    Status.WITH_CUSTOMER: "Closed: with customer",
    Status.CLOSED: "Closed",
    Status.EXCLUDED: "Not taken on",
}


class Outcome(str, Enum):
    """The decision a written reply gives."""

    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    NOT_UPHELD = "not_upheld"
    RESOLVED = "resolved"

    @property
    def label(self) -> str:
        """The outcome in words a customer reads."""
        return _OUTCOME_LABELS[self]


_OUTCOME_LABELS = {
    Outcome.UPHELD: "Upheld: we agree something went wrong",
    Outcome.PARTLY_UPHELD: "Partly upheld: we agree with some of the complaint",
    Outcome.NOT_UPHELD: "Not upheld: we do not find that we got it wrong",
    Outcome.RESOLVED: "Resolved: we have put things right",
}

# What `Due.what` can say is owed next.
OWED_ACKNOWLEDGEMENT = {1: "acknowledgement", 2: "stage 2 acknowledgement"}
OWED_REPLY = {1: "stage 1 reply", 2: "stage 2 reply"}
OWED_ACTION = "outstanding action"
OWED_SERVICE_REQUEST = "service request"

CONTACT_DIRECTIONS = ("in", "out")

BEYOND_STANDARD = "Beyond the Code's standard"
"""The flag on a case extended past the standard time (Housing Ombudsman Code 5.8)."""

# What the ombudsman can issue, and what it can find (recorded by staff on the case).
OMBUDSMAN_DECISIONS = {
    "determination": "Determination",
    "order": "Order",
    "complaint_handling_failure_order": "Complaint-handling failure order",
}
OMBUDSMAN_FINDINGS = {
    "severe_maladministration": "Severe maladministration",
    "maladministration": "Maladministration",
    "service_failure": "Service failure",
    "no_maladministration": "No maladministration",
    "reasonable_redress": "Reasonable redress offered",
    "outside_jurisdiction": "Outside the ombudsman's jurisdiction",
    "not_applicable": "No finding (an order about complaint handling)",
}
