"""The communication protocol builder: the landlord's allowed restrictions as form sections.

Each restriction the profile allows is one fieldset: a tick box, its details, and the
reason for it. `terms_from_form` turns the ticked sections into `ProtocolTerms`; the
domain's `check_terms` then checks them against the profile (at least one way to
contact us must remain, each restriction needs its reason, and so on).
"""

from __future__ import annotations

from datetime import time

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, StringField, TextAreaField
from wtforms.validators import NumberRange, Optional

from portal.domain.conduct.wording import WEEKDAYS
from portal.domain.errors import DomainError
from portal.domain.profile import Profile
from portal.domain.conduct.protocol import (
    CONTACT_CHANNELS, RESTRICTION_LABELS, IssueLimit, ProtocolTerms, SetTimes, restrictions_used,
)
from portal.choices import MultiCheckboxField
from portal.staff.fields import LONG, SHORT, DayField, IdsField, LinesField
from portal.staff.form_errors import ErrorAnchor
from portal.choices import options

CHANNEL_LABELS = {"phone": "Phone", "letter": "Letter", "email": "Email", "online": "Online (this portal)",
                  "in_person": "In person"}
# The detail inputs of each restriction, in the order the page shows them.
DETAILS = {
    "written_only": ("channels_allowed",),
    "third_party_only": ("third_party_only",),
    "no_personal_contact": (),
    "set_times": ("set_times_days", "set_times_start", "set_times_end", "set_times_channels"),
    "named_contact": ("named_contact", "named_contact_details"),
    "appointment_only": (),
    "issues_per_period": ("issues", "weeks", "topics"),
    "health_and_safety_only": ("health_and_safety_only_until",),
    "read_and_file": ("read_and_file",),
    "return_documents": (),
    "decline_investigation": ("decline_investigation",),
    "close_abused_cases": ("close_abused_cases",),
}
_CHANNELS = [(c, CHANNEL_LABELS[c]) for c in CONTACT_CHANNELS]
USE = "Use this restriction"
_DAYS = [(str(i), day) for i, day in enumerate(WEEKDAYS)]


def _reason() -> TextAreaField:
    return TextAreaField("Why this restriction is needed", validators=LONG)


class TermsFields(FlaskForm):
    """The restriction sections; forms that set or change terms extend this."""

    terms = ErrorAnchor()
    use_written_only = BooleanField(USE)
    channels_allowed = MultiCheckboxField("Ways they may contact us", choices=options(_CHANNELS))
    reasons_written_only = _reason()
    use_third_party_only = BooleanField(USE)
    third_party_only = StringField("Name of the representative", validators=SHORT)
    reasons_third_party_only = _reason()
    use_no_personal_contact = BooleanField(USE)
    reasons_no_personal_contact = _reason()
    use_set_times = BooleanField(USE)
    set_times = ErrorAnchor()
    set_times_days = MultiCheckboxField("Days", choices=options(_DAYS))
    set_times_start = StringField("From (24-hour time, like 10:00)", validators=SHORT)
    set_times_end = StringField("Until (24-hour time, like 12:00)", validators=SHORT)
    set_times_channels = MultiCheckboxField("For these ways of contact", choices=options(_CHANNELS), default=["phone"])
    reasons_set_times = _reason()
    use_named_contact = BooleanField(USE)
    named_contact = StringField("Name of the member of staff", validators=SHORT)
    named_contact_details = StringField("Their phone number or email, for the customer", validators=SHORT)
    reasons_named_contact = _reason()
    use_appointment_only = BooleanField(USE)
    reasons_appointment_only = _reason()
    use_issues_per_period = BooleanField(USE)
    issues_per_period = ErrorAnchor()
    issues = IntegerField("Number of issues (optional)", validators=[Optional(), NumberRange(min=1, max=99)])
    weeks = IntegerField("In a period of this many weeks", validators=[Optional(), NumberRange(min=1, max=52)])
    topics = LinesField("Subjects we will still discuss (optional, one on each line)", validators=LONG)
    reasons_issues_per_period = _reason()
    use_health_and_safety_only = BooleanField(USE)
    health_and_safety_only_until = DayField("Until")
    reasons_health_and_safety_only = _reason()
    use_read_and_file = BooleanField(USE)
    read_and_file = IdsField("Closed case references", validators=SHORT,
                             description="Separate them with commas.")
    reasons_read_and_file = _reason()
    use_return_documents = BooleanField(USE)
    reasons_return_documents = _reason()
    use_decline_investigation = BooleanField(USE)
    decline_investigation = IdsField("Complaint references", validators=SHORT,
                                     description="Separate them with commas.")
    reasons_decline_investigation = _reason()
    use_close_abused_cases = BooleanField(USE)
    close_abused_cases = IdsField("Case references", validators=SHORT, description="Separate them with commas.")
    reasons_close_abused_cases = _reason()


def _time(text: str | None, which: str) -> time:
    try:
        return time.fromisoformat((text or "").strip())
    except ValueError:
        raise DomainError(f"Enter the {which} time as hours and minutes, like 10:00.", field="set_times") from None


def terms_from_form(form: TermsFields, profile: Profile) -> ProtocolTerms:
    """The ticked restrictions (only those the profile allows) as ProtocolTerms; DomainError if one is incomplete."""
    allowed = set(profile.conduct.restrictions)

    def used(code: str) -> bool:
        return code in allowed and bool(form[f"use_{code}"].data)

    kwargs: dict = {}
    if used("written_only"):
        if not form.channels_allowed.data:
            raise DomainError("Choose the ways they may still contact us.", field="channels_allowed")
        kwargs["channels_allowed"] = tuple(form.channels_allowed.data)
    if used("third_party_only"):
        kwargs["third_party_only"] = _required(form.third_party_only.data, "third_party_only",
                                               "Enter the name of the representative.")
    if used("set_times"):
        if not form.set_times_days.data:
            raise DomainError("Choose the days contact is taken.", field="set_times")
        kwargs["set_times"] = SetTimes(
            tuple(int(d) for d in form.set_times_days.data), _time(form.set_times_start.data, "start"),
            _time(form.set_times_end.data, "end"), tuple(form.set_times_channels.data or ("phone",)))
    if used("named_contact"):
        kwargs["named_contact"] = _required(form.named_contact.data, "named_contact",
                                            "Enter the name of the member of staff.")
        kwargs["named_contact_details"] = _required(form.named_contact_details.data, "named_contact_details",
                                                    "Enter the phone number or email the customer should use.")
    if used("issues_per_period"):
        if not form.topics.data and not (form.issues.data and form.weeks.data):
            raise DomainError("Give the subjects still discussed, or a number of issues and a period in weeks.",
                              field="issues_per_period")
        kwargs["topics"] = tuple(form.topics.data or ())
        if form.issues.data and form.weeks.data:
            kwargs["issues_per_period"] = IssueLimit(form.issues.data, form.weeks.data)
    if used("health_and_safety_only"):
        if form.health_and_safety_only_until.data is None:
            raise DomainError("Enter the date this ends.", field="health_and_safety_only_until")
        kwargs["health_and_safety_only_until"] = form.health_and_safety_only_until.data
    for code in ("read_and_file", "decline_investigation", "close_abused_cases"):
        if used(code):
            if not form[code].data:
                raise DomainError("Enter at least one case reference.", field=code)
            kwargs[code] = tuple(form[code].data)
    for code in ("no_personal_contact", "appointment_only", "return_documents"):
        if used(code):
            kwargs[code] = True
    terms = ProtocolTerms(**kwargs)
    codes = set(restrictions_used(terms))
    reasons = {code: form[f"reasons_{code}"].data or "" for code in allowed if used(code) and code in codes}
    if "channels" in codes:
        reasons["channels"] = form.reasons_written_only.data or ""
    return ProtocolTerms(**kwargs, reasons=reasons)


def _required(value: str | None, field: str, message: str) -> str:
    text = (value or "").strip()
    if not text:
        raise DomainError(message, field=field)
    return text


def fill_terms(form: TermsFields, terms: ProtocolTerms) -> None:
    """Show the terms in force, so a change starts from what applies now."""
    for code in restrictions_used(terms):
        code = "written_only" if code == "channels" else code
        form[f"use_{code}"].data = True
        form[f"reasons_{code}"].data = terms.reasons.get(code, "")
    form.channels_allowed.data = list(terms.channels_allowed)
    form.third_party_only.data = terms.third_party_only
    if terms.set_times:
        form.set_times_days.data = [str(d) for d in terms.set_times.weekdays]
        form.set_times_start.data = terms.set_times.start.isoformat("minutes")
        form.set_times_end.data = terms.set_times.end.isoformat("minutes")
        form.set_times_channels.data = list(terms.set_times.channels)
    form.named_contact.data = terms.named_contact
    form.named_contact_details.data = terms.named_contact_details
    if terms.issues_per_period:
        form.issues.data, form.weeks.data = terms.issues_per_period.issues, terms.issues_per_period.weeks
    form.topics.data = list(terms.topics)
    form.health_and_safety_only_until.data = terms.health_and_safety_only_until
    form.read_and_file.data = list(terms.read_and_file)
    form.decline_investigation.data = list(terms.decline_investigation)
    form.close_abused_cases.data = list(terms.close_abused_cases)


def sections(profile: Profile) -> list[tuple[str, str, tuple[str, ...]]]:
    """(code, label, detail field names) for each restriction the landlord allows, in profile order."""
    return [(code, RESTRICTION_LABELS[code], DETAILS[code]) for code in profile.conduct.restrictions]


# Every field TermsFields adds, so a page can draw them as restriction sections, apart from the rest.
TERM_FIELD_NAMES = frozenset({
    "terms", "set_times", "issues_per_period",
    *(f"use_{code}" for code in DETAILS), *(f"reasons_{code}" for code in DETAILS),
    *(name for names in DETAILS.values() for name in names),
})
