"""The 'Your details' form: phone, address, how we contact you, and the help you need."""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, StringField, TextAreaField
from wtforms.validators import Length, ValidationError

from portal.choices import MultiCheckboxField, options
from portal.tenant.forms import CONTACT_CHOICES, ChosenFrom, clean, radios

SHORT_MAX = 200
# The help a tenant can ask for; each is kept as a reasonable adjustment on their record.
HELP_CHOICES = [
    ("large_print", "Letters in large print"),
    ("easy_read", "Easy Read letters and information"),
    ("phone_calls", "Phone calls rather than letters"),
    ("interpreter", "An interpreter (tell us the language below)"),
    ("bsl", "A British Sign Language interpreter"),
    ("contact_instead", "Contact someone else instead of me (tell us who below)"),
]
_PHONE = re.compile(r"^\+?[0-9 ()-]{7,20}$")


class DetailsForm(FlaskForm):
    phone = StringField("Phone number (optional)", filters=[clean],
                        validators=[Length(max=30, message="Enter a phone number of 30 characters or fewer")])
    address = TextAreaField("Address", filters=[clean],
                            validators=[Length(max=500, message="Use 500 characters or fewer")])
    contact = radios("How should we contact you?", "Select how we should contact you", CONTACT_CHOICES)
    help = MultiCheckboxField("What would help you? (optional)", choices=options(HELP_CHOICES), validate_choice=False,
                              validators=[ChosenFrom("Select from the list of things that would help")])
    language = StringField("Which language do you need an interpreter for?", filters=[clean],
                           validators=[Length(max=SHORT_MAX, message=f"Use {SHORT_MAX} characters or fewer")])
    contact_instead = StringField("Who should we contact instead, and how?", filters=[clean],
                                  validators=[Length(max=SHORT_MAX, message=f"Use {SHORT_MAX} characters or fewer")])

    def validate_phone(self, field: Field) -> None:
        """A number that looks like one; and one is needed when 'By phone' or phone calls are chosen."""
        if field.data and not _PHONE.match(field.data):
            raise ValidationError("Enter a phone number, like 0161 496 0000 or +44 7700 900000")
        wants_calls = self.contact.data == "phone" or "phone_calls" in (self.help.data or ())
        if wants_calls and not field.data:
            raise ValidationError("Enter the phone number we should call")

    def validate_address(self, field: Field) -> None:
        """Letters need an address to go to."""
        if self.contact.data == "letter" and not (field.data or "").strip():
            raise ValidationError("Enter the address we should write to")

    def validate_language(self, field: Field) -> None:
        """An interpreter needs a language."""
        if "interpreter" in (self.help.data or ()) and not field.data:
            raise ValidationError("Enter the language you need an interpreter for")

    def validate_contact_instead(self, field: Field) -> None:
        """Contacting someone else needs to know who."""
        if "contact_instead" in (self.help.data or ()) and not field.data:
            raise ValidationError("Enter who we should contact instead, and how")

    def adjustments(self) -> list[str]:
        """The ticked help as stored adjustment codes ('another_language:Polish', 'contact_instead:...')."""
        codes: list[str] = []
        for code in self.help.data or ():
            if code == "interpreter":
                codes += ["interpreter", f"another_language:{self.language.data}"]
            elif code == "contact_instead":
                codes.append(f"contact_instead:{self.contact_instead.data}")
            else:
                codes.append(code)
        return codes


def details_answers(record: dict[str, Any]) -> dict[str, Any]:
    """A stored record as the form's answers, to pre-fill it."""
    ticked, language, instead = [], "", ""
    for code in record.get("adjustments") or ():
        kind, _, detail = code.partition(":")
        if kind == "another_language":
            language = detail
        elif kind == "contact_instead":
            ticked.append("contact_instead")
            instead = detail
        elif kind in dict(HELP_CHOICES):
            ticked.append(kind)
    return {"phone": record.get("phone", ""), "address": "\n".join(record.get("address") or ()),
            "contact": record.get("contact_preference", ""), "help": ticked, "language": language,
            "contact_instead": instead}
