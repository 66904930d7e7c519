"""Forms for the unacceptable-behaviour process: incidents, warnings, assessment, protocol, appeal, review.

Field names match the domain steps' keywords, so a rule's message lands beside its input.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, TextAreaField

from portal.domain.conduct.kinds import AbuseKind, AppealOutcome, AssessmentOutcome, IncidentKind, ReviewOutcome
from portal.domain.profile import Profile
from portal.domain.roles import Role
from portal.staff.customers import staff_members
from portal.staff.fields import LONG, SHORT, DayField
from portal.staff.forms import CHANNEL_CHOICES
from portal.staff.conduct.protocol_form import TermsFields
from portal.choices import options

WARNING_LABELS = {
    "modify": "A warning, asking them to change their behaviour",
    "initial": "Initial warning",
    "formal": "Formal written warning",
}
FACTOR_LABELS = {
    "instances": "Number of instances",
    "contact_length_frequency": "Length and frequency of contact",
    "language": "Language used",
    "customer_needs": "The customer's needs, and any protected characteristics",
}
ASSESSMENT_LABELS = {
    AssessmentOutcome.NO_ACTION: "No further action (the case closes)",
    AssessmentOutcome.WARNING: "A warning is enough for now",
    AssessmentOutcome.PROTOCOL_RECOMMENDED: "Recommend a communication protocol",
}
APPEAL_LABELS = {
    AppealOutcome.UPHELD: "Upheld: the appeal succeeds and the protocol ends",
    AppealOutcome.DISMISSED: "Not upheld: the protocol stays as it is",
    AppealOutcome.VARIED: "Partly upheld: the protocol continues with new terms",
}
REVIEW_LABELS = {
    ReviewOutcome.CONTINUE: "Continue as it is",
    ReviewOutcome.VARY: "Continue with new terms",
    ReviewOutcome.END: "End the protocol",
}


def people_choices(profile: Profile, minimum: Role | None, *, blank: str, exclude: str = "") -> list[tuple[str, str]]:
    """A list of the landlord's staff at or above `minimum`, for 'agreed by' or 'signed off by'."""
    people = staff_members(profile.slug, minimum, exclude=exclude)
    return [("", blank)] + [(p["id"], f"{p['name']}, {profile.title(Role(p['role']))}") for p in people]


class IncidentForm(FlaskForm):
    kind = RadioField("What kind of behaviour?", choices=options([(k.value, k.label) for k in IncidentKind]),
                      validate_choice=False)
    sub_kind = RadioField("If aggressive or abusive: what kind?", validate_choice=False,
                          choices=options([(k.value, k.label) for k in AbuseKind]))
    occurred_on = DayField("Date it happened")
    channel = RadioField("How did the contact come in?", choices=options(CHANNEL_CHOICES), validate_choice=False)
    description = TextAreaField("What was said or done", validators=LONG,
                                description="The facts of words and actions. Being angry, forceful or persistent "
                                            "is not by itself unacceptable.")
    immediate_action = TextAreaField("Any action taken at the time (optional)", validators=LONG,
                                     description="For example: the call was ended after a warning.")
    immediate_action_signed_off_by = SelectField("Immediate action signed off by", validate_choice=False)
    complaint_id = StringField("Complaint reference, if it happened on a complaint (optional)", validators=SHORT)


class WarningForm(FlaskForm):
    level = RadioField("Which warning?", validate_choice=False)
    reasons = TextAreaField("The behaviour the warning is about, and what we expect instead", validators=LONG)
    complaint_id = StringField("Complaint reference, if given inside a complaint reply (optional)",
                               validators=SHORT)

    def for_profile(self, profile: Profile) -> "WarningForm":
        """The landlord's own warnings, in order."""
        self.level.choices = options([(w, WARNING_LABELS.get(w, w)) for w in profile.conduct.warnings])
        return self


def assessment_form(profile: Profile) -> FlaskForm:
    """The assessment form with one notes box per factor the landlord's policy lists."""
    fields = {f"factors_{name}": TextAreaField(FACTOR_LABELS.get(name, name.replace("_", " ").capitalize()),
                                               validators=LONG)
              for name in profile.conduct.assessment_factors}
    fields["outcome"] = RadioField("Outcome", choices=options([(o.value, ASSESSMENT_LABELS[o]) for o in AssessmentOutcome]),
                                   validate_choice=False)
    form = type("AssessmentForm", (FlaskForm,), fields)()
    form.factor_names = profile.conduct.assessment_factors
    return form


class ProtocolForm(TermsFields):
    reasons = TextAreaField("Why contact is being restricted", validators=LONG,
                            description="The customer is told this in writing.")
    adjustments_considered = TextAreaField("How the customer's needs and protected characteristics were considered",
                                           validators=LONG)
    start = DayField("Start date", description="Leave blank to start today.")
    ends_on = DayField("End date (optional)", description="The review date is set from the start date.")


class VaryForm(TermsFields):
    reasons = TextAreaField("Why the terms are changing", validators=LONG)
    adjustments_considered = TextAreaField("How the customer's needs were considered (optional)", validators=LONG)


class AppealForm(FlaskForm):
    grounds = TextAreaField("Why the customer disagrees", validators=LONG)
    lodged_on = DayField("Date the appeal was made", description="Leave blank for today.")
    received_by_channel = RadioField("How did the appeal reach us?", choices=options(CHANNEL_CHOICES), validate_choice=False)


class AppealDecisionForm(TermsFields):
    outcome = RadioField("Decision", choices=options([(o.value, APPEAL_LABELS[o]) for o in AppealOutcome]),
                         validate_choice=False)
    reasons = TextAreaField("Reasons for the decision", validators=LONG)


class ReviewForm(TermsFields):
    outcome = RadioField("Review decision", choices=options([(o.value, REVIEW_LABELS[o]) for o in ReviewOutcome]),
                         validate_choice=False)
    reasons = TextAreaField("What the review found about the customer's behaviour", validators=LONG)


class EndForm(FlaskForm):
    reason = TextAreaField("Why the protocol is ending", validators=LONG)


class PoliceReportForm(FlaskForm):
    incident = SelectField("Which incident was reported?", validate_choice=False)
    reported_on = DayField("Date it was reported")
    reference = StringField("Police reference (crime or incident number)", validators=SHORT)
    reported_by = SelectField("Who reported it", validate_choice=False)


class VexatiousForm(FlaskForm):
    complaint_id = SelectField("Which complaint?", validate_choice=False)
    presented_by = SelectField("Case presented by", validate_choice=False)
    vexatious = RadioField("Decision", validate_choice=False,
                           choices=options([("yes", "The complaint is vexatious"), ("no", "The complaint is not vexatious")]))
    reasons = TextAreaField("Reasons for the decision", validators=LONG)
