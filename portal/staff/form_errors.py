"""Domain errors onto forms: the message beside the field the rule names, or in the summary."""

from __future__ import annotations

from typing import Any, Callable, Mapping

from flask_wtf import FlaskForm
from wtforms import Field

from portal.domain.errors import DomainError, DomainErrors


class ErrorAnchor(Field):
    """A field with no input of its own: somewhere for a rule about a group of inputs to land.

    Its id goes on the group's fieldset, so the error summary link still reaches it.
    """

    def __call__(self, **kwargs):  # renders nothing; the template draws the group
        return ""

    def _value(self) -> str:
        return ""


def check_anyway(form: FlaskForm, check: Callable[[], Any]) -> None:
    """The form's own checks failed: run the step's rules too (nothing is kept), so every error shows at once.

    `check` only builds the event. A rule about a field the form already blamed is left out (one
    message a field), and a value the form refused arrives as None: a rule that cannot judge it
    (TypeError, ValueError) is left to the form's own message.
    """
    try:
        check()
    except DomainError as error:
        blamed = {name for name, field in form._fields.items() if field.errors}
        for each in error.each:
            if (each.field or "").replace(".", "_") not in blamed:
                place_error(form, each)
    except (TypeError, ValueError):
        pass


def place_error(form: FlaskForm, error: DomainError, aliases: Mapping[str, str] | None = None) -> None:
    """Show `error` beside its field (dots become underscores: 'factors.language' -> 'factors_language').

    Several errors raised together (DomainErrors) each go beside their own field.
    """
    if isinstance(error, DomainErrors):
        for each in error.errors:
            place_error(form, each, aliases)
        return
    name = error.field
    if name:
        name = (aliases or {}).get(name, name).replace(".", "_")
    if name and name in form._fields and name != "csrf_token":
        field = form[name]
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)
