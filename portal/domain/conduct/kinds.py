"""The vocabulary of a conduct file: what can happen, kinds of behaviour, and outcomes.

Kept apart from the fold and the transitions so both (and the views) can share it.
Labels are plain English for staff forms and letters.
"""

from __future__ import annotations

from enum import Enum


class ConductEventKind(str, Enum):
    """Everything that can happen on a conduct file; the value is what the store keeps."""

    INCIDENT_RECORDED = "incident_recorded"
    WARNING_ISSUED = "warning_issued"
    ASSESSMENT_COMPLETED = "assessment_completed"
    PROTOCOL_IMPOSED = "protocol_imposed"
    PROTOCOL_VARIED = "protocol_varied"
    APPEAL_LODGED = "appeal_lodged"
    APPEAL_DECIDED = "appeal_decided"
    REVIEW_COMPLETED = "review_completed"
    PROTOCOL_ENDED = "protocol_ended"
    VEXATIOUS_DECISION = "vexatious_decision"
    ASSESSMENT_AGREED = "assessment_agreed"
    CHANGE_PROPOSED = "change_proposed"
    PROPOSAL_REFUSED = "proposal_refused"
    POLICE_REPORTED = "police_reported"


class IncidentKind(str, Enum):
    """Behaviour the policies treat as unacceptable (being angry or persistent is not one)."""

    AGGRESSIVE_ABUSIVE = "aggressive_abusive"
    UNREASONABLE_DEMANDS = "unreasonable_demands"
    UNREASONABLE_PERSISTENCE = "unreasonable_persistence"
    UNREASONABLE_CONTACT_LEVELS = "unreasonable_contact_levels"
    VEXATIOUS_COMPLAINT = "vexatious_complaint"
    HARASSMENT = "harassment"
    REFUSAL_TO_COOPERATE = "refusal_to_cooperate"

    @property
    def label(self) -> str:
        """Plain English for forms and letters."""
        return _INCIDENT_LABELS[self]


_INCIDENT_LABELS = {
    IncidentKind.AGGRESSIVE_ABUSIVE: "Aggressive or abusive behaviour",
    IncidentKind.UNREASONABLE_DEMANDS: "Unreasonable demands",
    IncidentKind.UNREASONABLE_PERSISTENCE: "Unreasonable persistence",
    IncidentKind.UNREASONABLE_CONTACT_LEVELS: "Unreasonable levels of contact",
    IncidentKind.VEXATIOUS_COMPLAINT: "Vexatious complaint",
    IncidentKind.HARASSMENT: "Harassment of staff (including publishing their details or calls)",
    IncidentKind.REFUSAL_TO_COOPERATE: "Refusal to co-operate",
}


class AbuseKind(str, Enum):
    """The kinds of aggressive or abusive behaviour (required for that incident kind)."""

    PHYSICAL = "physical"
    VERBAL = "verbal"
    THREATS = "threats"
    DISCRIMINATORY = "discriminatory"
    UNSUBSTANTIATED_ALLEGATIONS = "unsubstantiated_allegations"

    @property
    def label(self) -> str:
        """Plain English for forms and letters."""
        return _ABUSE_LABELS[self]


_ABUSE_LABELS = {
    AbuseKind.PHYSICAL: "Physical violence or threatening gestures",
    AbuseKind.VERBAL: "Verbal abuse, rudeness or derogatory remarks",
    AbuseKind.THREATS: "Threats or intimidation",
    AbuseKind.DISCRIMINATORY: "Discriminatory language",
    AbuseKind.UNSUBSTANTIATED_ALLEGATIONS: "Serious allegations made without evidence",
}


class AssessmentOutcome(str, Enum):
    """What an assessment concluded; `no_action` closes the case."""

    NO_ACTION = "no_action"
    WARNING = "warning"
    PROTOCOL_RECOMMENDED = "protocol_recommended"


class AppealOutcome(str, Enum):
    """`upheld`: the appeal succeeds and the protocol ends; `dismissed`: it stays; `varied`: new terms."""

    UPHELD = "upheld"
    DISMISSED = "dismissed"
    VARIED = "varied"


class ReviewOutcome(str, Enum):
    """What a review decided: keep the protocol, change its terms, or end it."""

    CONTINUE = "continue"
    VARY = "vary"
    END = "end"
