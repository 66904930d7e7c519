"""Domain errors: a plain-language message a view can show beside a form field."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the landlord's policy was broken; `field` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class ProfileError(ValueError):
    """A landlord profile is missing a key or has a malformed one."""


class PermissionDenied(DomainError):
    """The acting person's role does not allow this step."""
