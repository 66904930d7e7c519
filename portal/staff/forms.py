"""Complaint forms for staff: customers, intake and every step on a case.

Field names match the domain step's keywords, so a DomainError's `field` lands beside the
input that caused it. Forms check the shape of input only; the domain checks the rules.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from portal.domain.complaints.kinds import CONTACT_DIRECTIONS, OMBUDSMAN_DECISIONS, OMBUDSMAN_FINDINGS, Outcome
from portal.domain.complaints.timeline import CHANNEL_WORDS
from portal.domain.profile import CHANNELS, Profile
from portal.staff.customers import ADJUSTMENTS, TENURE_CHOICES, adjustment_codes, clean_fields
from portal.choices import MultiCheckboxField
from portal.staff.fields import LONG, SHORT, DayField, LinesField, MoneyField, trimmed
from portal.staff.form_errors import ErrorAnchor
from portal.choices import options

CHANNEL_CHOICES = [(c, CHANNEL_WORDS[c].capitalize()) for c in CHANNELS]
DIRECTION_WORDS = {"in": "They contacted us", "out": "We contacted them"}
RELATIONSHIP_WORDS = {"mp": "MP", "councillor": "Councillor"}


class VersionedForm(FlaskForm):
    """A step on a case: carries the version it was drawn from, so a clash with a colleague shows."""

    version = HiddenField()

    def expected_version(self) -> int | None:
        """The case version the form was drawn from, or None if missing."""
        return int(self.version.data) if (self.version.data or "").isdigit() else None


class CustomerForm(FlaskForm):
    """A customer's record: adding one for someone with no account, or changing one."""

    name = StringField("Full name", validators=[DataRequired("Enter the customer's full name"), *SHORT])
    address = LinesField("Address", validators=LONG, description="One line of the address on each line.")
    phone = StringField("Phone number (optional)", validators=[Optional(), *SHORT])
    email = EmailField("Email address (optional)", filters=[trimmed], validators=[
        Optional(), Email("Enter an email address like name@example.com"), Length(max=254)],
        description="Leave blank if they have none: letters go by post.")
    customer_ref = StringField("Tenancy or customer reference (optional)", validators=[Optional(), *SHORT])
    adjustments = MultiCheckboxField("Reasonable adjustments", choices=options(list(ADJUSTMENTS)),
                                     description="Tick any they have asked for or need.")
    language = StringField("Information in another language (optional)", validators=[Optional(), *SHORT],
                           description="For example Polish, or British Sign Language.")
    preferred_times = StringField("Best times to contact them (optional)", validators=[Optional(), *SHORT])
    contact_instead = StringField("Someone to contact instead of them (optional)", validators=[Optional(), *SHORT],
                                  description="Their name and how to reach them.")
    other_adjustment = StringField("Any other adjustment (optional)", validators=[Optional(), *SHORT])
    vulnerability = TextAreaField("Vulnerability note (staff only, optional)", validators=LONG,
                                  description="Anything staff must know before contacting them. Never shown to "
                                              "the customer.")
    version = HiddenField()  # the record's version when the page was opened (a change meanwhile is shown)
    tenure = RadioField("Tenure", choices=options(list(TENURE_CHOICES)), default="", validate_choice=False,
                        description="The regulator's complaint figures count each tenure separately.")

    def adjustment_codes(self) -> list[str]:
        """The ticked adjustments plus the free-text ones as 'code:text'."""
        return adjustment_codes(self.data)

    def record_fields(self) -> dict:
        """The answers as a customer record keeps them (see `customers.clean_fields`)."""
        return clean_fields(name=self.name.data or "", address=self.address.data or (), phone=self.phone.data or "",
                            email=self.email.data or "", customer_ref=self.customer_ref.data or "",
                            adjustments=self.adjustment_codes(), vulnerability=self.vulnerability.data or "",
                            tenure=self.tenure.data or "")


class ComplaintForm(FlaskForm):
    """A complaint logged by staff (also used to turn a service request into a complaint)."""

    channel = RadioField("How was the complaint made?", choices=options(CHANNEL_CHOICES), validate_choice=False)
    received_on = DayField("Date received", description="Deadlines count from this date. Leave blank for today.")
    summary = TextAreaField("What is the complaint about?", validators=LONG)
    what_went_wrong = TextAreaField("What went wrong (optional)", validators=LONG)
    when_it_happened = StringField("When it happened, in their words (optional)", validators=SHORT)
    issue_date = DayField("Date the problem started (optional)",
                          description="Used to check whether the complaint is within the time limit.")
    known_on = DayField("Date they first knew of the problem (optional)",
                        description="Some policies ask for a complaint within a time of knowing.")
    late_reason = TextAreaField("Why it is taken on although late (only if it is)", validators=LONG)
    outcome_wanted = TextAreaField("What outcome do they want? (optional)", validators=LONG)
    on_behalf_of = ErrorAnchor()
    rep_name = StringField("Name of the person complaining for them (optional)", validators=SHORT)
    rep_relationship = SelectField("Who they are to the customer", validate_choice=False)
    anonymous = BooleanField("The complaint was made anonymously")
    risk_of_harm = BooleanField("There is a risk of harm (health and safety or safeguarding)",
                                description="Make the referral first, then log the complaint.")
    petition = BooleanField("It is a petition, or a letter from a residents' association or other group")
    group_members = LinesField("Other people making this complaint together (optional)", validators=LONG,
                               description="One person on each line: their name, then their email or address, "
                                           "separated by commas. Each named person gets the reply.")
    contact_preference = StringField("How they would like us to contact them (optional)", validators=SHORT)

    def for_profile(self, profile: Profile) -> "ComplaintForm":
        """Offer the landlord's own third parties."""
        self.rep_relationship.choices = options([("", "Not applicable")] + [
            (r, RELATIONSHIP_WORDS.get(r, r.capitalize())) for r in profile.complaints.third_parties])
        return self

    def fields(self, adjustments: list[str]) -> dict:
        """The keywords for `receive_complaint` / `convert_service_request`."""
        rep = None
        if (self.rep_name.data or "").strip() or self.rep_relationship.data:
            rep = {"name": self.rep_name.data or "", "relationship": self.rep_relationship.data or ""}
        return {
            "channel": self.channel.data or "", "received_on": self.received_on.data,
            "summary": self.summary.data, "what_went_wrong": self.what_went_wrong.data,
            "when_it_happened": self.when_it_happened.data, "issue_date": self.issue_date.data,
            "outcome_wanted": self.outcome_wanted.data, "on_behalf_of": rep,
            "anonymous": self.anonymous.data, "risk_of_harm": self.risk_of_harm.data,
            "group_members": self.group_members.data, "contact_preference": self.contact_preference.data,
            "petition": self.petition.data,
            "adjustments": adjustments, "known_on": self.known_on.data, "late_reason": self.late_reason.data,
        }


class ServiceRequestForm(FlaskForm):
    channel = RadioField("How was the request made?", choices=options(CHANNEL_CHOICES), validate_choice=False)
    received_on = DayField("Date received", description="Leave blank for today.")
    summary = TextAreaField("What is the request?", validators=LONG)


class AcknowledgeForm(VersionedForm):
    understanding = TextAreaField("Our understanding of the complaint", validators=LONG)
    outcome_sought = TextAreaField("The outcome they want", validators=LONG)


class ExtendForm(VersionedForm):
    reason = TextAreaField("Why more time is needed", validators=LONG,
                           description="The customer is told this in writing.")
    new_due = DayField("New reply date")
    customer_agreed = RadioField("Did the customer agree to the new date?", validate_choice=False,
                                 choices=options([("yes", "Yes, they agreed"), ("no", "No, they did not agree"),
                                          ("", "Not asked")]))

    good_reason = TextAreaField("The good reason for going past the standard time (only if you are)",
                                validators=LONG, description="Recorded on the case; the case is flagged. A date past "
                                "the standard goes to someone a rank above you to approve: nothing changes until then.")

    def agreed(self) -> bool | None:
        """The answer as the domain wants it: True, False or None (not asked)."""
        return {"yes": True, "no": False}.get(self.customer_agreed.data or "")


class RespondForm(VersionedForm):
    outcome = RadioField("Outcome", choices=options([(o.value, o.label) for o in Outcome]), validate_choice=False)
    reasons = TextAreaField("Reasons for the decision", validators=LONG)
    remedy = TextAreaField("What we will do to put things right (optional)", validators=LONG)
    compensation_pence = MoneyField("Compensation in pounds (optional)", description="For example 150.00")
    actions = ErrorAnchor()
    category = RadioField("What the complaint was about", validate_choice=False,
                          description="For the reports: choose the closest.")
    root_cause = TextAreaField("The root cause (staff only)", validators=LONG,
                               description="Why it went wrong, not what went wrong.")
    learning = TextAreaField("What we have learned (staff only, optional)", validators=LONG)

    def for_profile(self, profile: Profile) -> "RespondForm":
        """The landlord's own list of complaint categories."""
        self.category.choices = options([(c, c) for c in profile.complaints.categories])
        return self


class ReferralForm(VersionedForm):
    team = RadioField("Which team was told?", validate_choice=False,
                      choices=options([("health_and_safety", "Health and safety"), ("safeguarding", "Safeguarding")]))
    told = StringField("Who was told", validators=SHORT, description="Their name, or the duty line you reported it to.")
    told_on = DayField("Date they were told", description="Leave blank for today.")


class AssignForm(VersionedForm):
    owner = RadioField("Who should own this complaint?", validate_choice=False)


class EscalationRequestForm(VersionedForm):
    requested_on = DayField("Date they asked for stage 2", description="Leave blank for today.")
    reason = TextAreaField("What is still unresolved (their reasons)", validators=LONG)
    late_reason = TextAreaField("Why the request is late (only if it is)", validators=LONG)


class NoteForm(VersionedForm):
    note = TextAreaField("Note (optional)", validators=LONG)


class ReasonForm(VersionedForm):
    reason = TextAreaField("Reason", validators=LONG)


class ExcludeForm(VersionedForm):
    reason = RadioField("Why is the complaint not being taken on?", validate_choice=False)
    explanation = TextAreaField("Explanation for the customer", validators=LONG,
                                description="The letter gives this, with their right to ask the ombudsman to "
                                            "review the decision.")

    def for_profile(self, profile: Profile) -> "ExcludeForm":
        """The landlord's own list of reasons."""
        self.reason.choices = options([(e.code, e.label) for e in profile.complaints.exclusions])
        return self


class InternalNoteForm(VersionedForm):
    text = TextAreaField("Note", validators=LONG, description="Internal: the customer never sees it.")


class ContactForm(VersionedForm):
    channel = RadioField("How", choices=options(CHANNEL_CHOICES), validate_choice=False)
    direction = RadioField("Who made contact", choices=options([(d, DIRECTION_WORDS[d]) for d in CONTACT_DIRECTIONS]),
                           validate_choice=False)
    summary = TextAreaField("What was said", validators=LONG)


class ConfirmByPhoneForm(VersionedForm):
    summary = TextAreaField("What you checked on the call", validators=LONG,
                            description="For example: spoke to them on the number given; name, address and "
                                        "what the complaint is about confirmed.")


class InformationForm(VersionedForm):
    text = TextAreaField("The new information", validators=LONG)
    from_customer = BooleanField("It came from the customer", default=True)


class ProposeExGratiaForm(VersionedForm):
    amount_pence = MoneyField("Payment in pounds")
    basis = TextAreaField("The direct loss it is for", validators=LONG)
    debt_pence = MoneyField("Money the customer owes us, in pounds (optional)",
                            description="It is taken off the payment unless that causes hardship.")
    hardship = BooleanField("Taking the debt off would cause hardship")
    substantiated = BooleanField("The loss is direct and substantiated (a receipt, an estimate or photos)")
    insured = BooleanField("The item is insured (by us, the customer or someone else)")
    excess_pence = MoneyField("The insurance policy excess, in pounds (only if insured)")
    rent_pence = MoneyField("For a rent-equivalent payment: the rent for the period, in pounds (optional)")
    housing_benefit_pence = MoneyField("The part of that rent paid by Housing Benefit, in pounds (optional)",
                                       description="It is not paid back to the tenant.")


class DecideExGratiaForm(VersionedForm):
    decision = RadioField("Decision", choices=options([("approve", "Approve"), ("refuse", "Refuse")]), validate_choice=False)
    amount_pence = MoneyField("Amount approved, in pounds (optional)", blank=None,
                              description="Leave blank to approve the amount proposed.")
    reason = TextAreaField("Reason (needed to refuse)", validators=LONG)


class DecideExtensionForm(VersionedForm):
    decision = RadioField("Decision", choices=options([("approve", "Approve the new date"), ("refuse", "Refuse it")]),
                          validate_choice=False)
    reasons = TextAreaField("Why it is refused (only if it is)", validators=LONG)


class ConfirmAdvocateForm(VersionedForm):
    """Button-only: confirm a third party's authority to act, noted on the case."""


class OmbudsmanReferralForm(VersionedForm):
    referred_on = DayField("Date the ombudsman told us it had taken the complaint up")
    note = TextAreaField("Note (optional)", validators=[Optional()])


class OmbudsmanDecisionForm(VersionedForm):
    decision = RadioField("What did the ombudsman issue?", choices=options(list(OMBUDSMAN_DECISIONS.items())),
                          validate_choice=False)
    finding = RadioField("Its finding", choices=options(list(OMBUDSMAN_FINDINGS.items())), validate_choice=False)
    decided_on = DayField("Date of the decision")
    details = TextAreaField("What it decided or ordered", validators=LONG)
    compensation_ordered_pence = MoneyField("Compensation ordered, in pounds (optional)")
