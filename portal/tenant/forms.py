"""Forms for tenants and advocates: they check the shape of input; the domain checks the rules.

Every text field is trimmed, has control characters removed and has a size cap, so no
input can reach the domain, the store or a letter in a shape they do not expect.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Iterable

from flask_wtf import FlaskForm
from wtforms import EmailField, Field, Form, MultipleFileField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, StopValidation, ValidationError
from portal.choices import MultiCheckboxField, options

TEXT_MAX = 5000    # a long answer: what went wrong, new information, an appeal
SHORT_MAX = 200    # a short answer: a name, a one-line summary, a language
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


def clean(value: Any) -> Any:
    """Trim text and drop control characters (a PDF or a log cannot show them)."""
    if not isinstance(value, str):
        return value
    return _CONTROL.sub("", value.replace("\r\n", "\n")).strip()


class ChosenFrom:
    """The answer must be one of the field's choices, with a message that says what to do."""

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        values = {str(choice.value) for choice in field.choices or ()}
        given = field.data if isinstance(field.data, list) else [field.data]
        if any(str(v) not in values for v in given if v not in (None, "")):
            field.errors[:] = []
            raise StopValidation(self.message)


def answer(label: str, required: str | None = None, max_chars: int = TEXT_MAX, area: bool = True) -> Field:
    """A trimmed, capped text answer; `required` is the message when it is left empty."""
    validators = [DataRequired(required) if required else Optional(),
                  Length(max=max_chars, message=f"Use {max_chars:,} characters or fewer")]
    kind = TextAreaField if area else StringField
    return kind(label, validators=validators, filters=[clean])


def radios(label: str, required: str, choices: Iterable[tuple[str, str]] = ()) -> RadioField:
    """A one-of-several question with a plain message for a missing or unknown answer."""
    return RadioField(label, choices=options(choices), validate_choice=False,
                      validators=[DataRequired(required), ChosenFrom(required)])


# -- making a complaint, one question per page --------------------------------------------


class WhoForm(FlaskForm):
    person = radios("Who is the complaint for?", "Select who the complaint is for")
    relationship = radios("How do you know them?", "Select how you know the person")


class PersonForm(FlaskForm):
    name = answer("Their full name", "Enter their full name", SHORT_MAX, area=False)
    address = answer("Their address", "Enter their address", 500)
    phone = answer("Their phone number (optional)", None, 40, area=False)
    email = EmailField("Their email address (optional)", filters=[clean], validators=[
        Optional(), Email("Enter an email address like name@example.com"), Length(max=254)])


class VisitorForm(FlaskForm):
    name = answer("Your full name", "Enter your full name", SHORT_MAX, area=False)
    email = EmailField("Your email address", filters=[clean], validators=[
        Optional(), Email("Enter an email address like name@example.com"), Length(max=254)])
    phone = answer("Your phone number", None, 40, area=False)
    address = answer("Your address, or the address of the home the complaint is about",
                     "Enter your address, or the address of the home the complaint is about", 500)


TRIAGE_CHOICES = [
    ("complaint", "Complain about a service we gave, or failed to give"),
    ("repair", "Ask for a repair for the first time"),
    ("asb", "Report anti-social behaviour for the first time"),
    ("other_service", "Ask for another service for the first time"),
]


class TriageForm(FlaskForm):
    triage = radios("What do you want to do?", "Select what you want to do", TRIAGE_CHOICES)


TOPIC_CHOICES = [
    ("emergency_repair", "An emergency repair"),
    ("health_and_safety", "A risk to someone's health or safety"),
    ("new_issue", "A new issue we have not dealt with before"),
    ("existing_case", "A complaint you have already made"),
    ("general", "Something else"),
]


class TopicForm(FlaskForm):
    topic = radios("What is this about?", "Select what this is about", TOPIC_CHOICES)


class RiskForm(FlaskForm):
    risk = radios("Is anyone at risk of harm right now?", "Select yes if anyone is at risk of harm right now",
                  [("yes", "Yes"), ("no", "No")])


class WhatForm(FlaskForm):
    summary = answer("In a sentence, what is your complaint about?", "Say in a sentence what your complaint is about",
                   SHORT_MAX, area=False)
    what_went_wrong = answer("What went wrong?", "Tell us what went wrong")


class WhenForm(FlaskForm):
    issue_day = StringField("Day", filters=[clean], validators=[Length(max=4, message="Enter the day as a number")])
    issue_month = StringField("Month", filters=[clean],
                              validators=[Length(max=4, message="Enter the month as a number")])
    issue_year = StringField("Year", filters=[clean], validators=[Length(max=6, message="Enter the year as 4 numbers")])
    when_it_happened = answer("Anything else about when it happened (optional)", None, 1000)

    def __init__(self, *args: Any, today: date | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self.issue_date: date | None = None

    def validate_issue_day(self, field: Field) -> None:
        """The three boxes make one real date in the past, or are all left empty."""
        parts = [self.issue_day.data or "", self.issue_month.data or "", self.issue_year.data or ""]
        if not any(parts):
            return
        if not all(parts):
            raise ValidationError("Enter the day, month and year, or leave all three empty")
        if not all(p.isascii() and p.isdigit() for p in parts):
            raise ValidationError("Enter the date using numbers, for example 27 3 2025")
        if any(len(p) > 4 for p in parts):  # checked here too: the boxes' own limits do not stop this check
            raise ValidationError("Enter a real date, for example 27 3 2025")
        day, month, year = (int(p) for p in parts)
        try:
            found = date(year, month, day)
        except ValueError:
            raise ValidationError("Enter a real date, for example 27 3 2025") from None
        if year < 1900:
            raise ValidationError("Enter the year as 4 numbers, for example 2025")
        if found > self.today:
            raise ValidationError("The date cannot be in the future")
        self.issue_date = found


class OutcomeForm(FlaskForm):
    outcome_wanted = answer("What would put things right for you?",
                          "Tell us what would put things right, or say that you are not sure")


CONTACT_CHOICES = [
    ("portal", "Through this website (we will email you when there is something new)"),
    ("email", "By email"),
    ("phone", "By phone"),
    ("letter", "By letter"),
]


class ContactForm(FlaskForm):
    contact = radios("How should we contact you?", "Select how we should contact you", CONTACT_CHOICES)
    detail = answer("Phone number, email address or postal address to use (optional)", None, 500, area=False)


ADJUSTMENT_CHOICES = [
    ("large_print", "Letters in large print"),
    ("easy_read", "Easy Read letters and information"),
    ("another_language", "Information in another language, or an interpreter"),
    ("via_representative", "Contact through someone acting for me"),
    ("preferred_times", "Contact only at certain times"),
]


class AdjustmentsForm(FlaskForm):
    adjustments = MultiCheckboxField("What would help you? (optional)", choices=options(ADJUSTMENT_CHOICES),
                                     validate_choice=False,
                                     validators=[ChosenFrom("Select from the list of things that would help")])
    # No Optional() here: it would stop the checks below that need these when their box is ticked.
    language = StringField("If you need another language: which language?", filters=[clean],
                           validators=[Length(max=SHORT_MAX, message=f"Use {SHORT_MAX} characters or fewer")])
    preferred_times = StringField("If you want contact at certain times: when is best?", filters=[clean],
                                  validators=[Length(max=SHORT_MAX, message=f"Use {SHORT_MAX} characters or fewer")])

    def validate_language(self, field: Field) -> None:
        """A language is needed once 'another language' is ticked."""
        if "another_language" in (self.adjustments.data or ()) and not field.data:
            raise ValidationError("Enter the language you would like us to use")

    def validate_preferred_times(self, field: Field) -> None:
        """Times are needed once 'certain times' is ticked."""
        if "preferred_times" in (self.adjustments.data or ()) and not field.data:
            raise ValidationError("Enter when is best to contact you")


class EvidenceStepForm(FlaskForm):
    files = MultipleFileField("Do you have photos or documents to send? (optional)", render_kw={
        "accept": "image/jpeg,image/png,image/heic,image/heif,application/pdf,.heic,.heif"})


# -- following a complaint ---------------------------------------------------------------


class Stage2Form(FlaskForm):
    reason = answer("Why are you unhappy with our reply? (optional)", None)
    late_reason = answer("Why are you asking now?", None)


class AddInformationForm(FlaskForm):
    text = answer("What do you want to add?", "Write the information you want to add")


class AppealForm(FlaskForm):
    grounds = answer("Why do you disagree with the decision?", "Say why you disagree with the decision")


class NameAdvocateForm(FlaskForm):
    email = EmailField("Their email address", filters=[clean], validators=[
        InputRequired("Enter the email address they use to sign in"),
        Email("Enter an email address like name@example.com"), Length(max=254)])
