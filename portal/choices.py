"""Choices for WTForms fields, as the SelectChoice records WTForms 3.3+ expects."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms.fields.choices import SelectChoice


def options(pairs: Iterable[tuple[str, str] | SelectChoice]) -> list[SelectChoice]:
    """(value, label) pairs as the choices a radio, select or checkbox field takes."""
    return [p if isinstance(p, SelectChoice) else SelectChoice(p[0], p[1]) for p in pairs]
