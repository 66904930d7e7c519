"""Choices for WTForms fields: SelectChoice records (WTForms 3.3+) and a tick-box group."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectMultipleField
from wtforms.validators import ValidationError
from wtforms.fields.choices import SelectChoice


def options(pairs: Iterable[tuple[str, str] | SelectChoice]) -> list[SelectChoice]:
    """(value, label) pairs as the choices a radio, select or checkbox field takes."""
    return [p if isinstance(p, SelectChoice) else SelectChoice(p[0], p[1]) for p in pairs]


class MultiCheckboxField(SelectMultipleField):
    """Several tick boxes under one question (macros/forms.html draws them)."""

    def pre_validate(self, form):
        values = {str(choice.value) for choice in self.choices or ()}
        for item in self.data or ():
            if str(item) not in values:
                raise ValidationError("Choose from the options given")
