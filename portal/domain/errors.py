"""Domain errors: a plain-language message a view can show beside a form field."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the landlord's policy was broken; `field` names the form field to blame."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    @property
    def each(self) -> tuple["DomainError", ...]:
        """Every broken rule this error stands for (itself; several for DomainErrors)."""
        return (self,)


class ProfileError(ValueError):
    """A landlord profile is missing a key or has a malformed one."""


class PermissionDenied(DomainError):
    """The acting person's role does not allow this step."""


class DomainErrors(DomainError):
    """Several rules broken at once, so a form can show every message beside its own field."""

    def __init__(self, errors: list[DomainError]):
        super().__init__(errors[0].message, errors[0].field)
        self.errors = list(errors)

    @property
    def each(self) -> tuple[DomainError, ...]:
        return tuple(self.errors)


class Collect:
    """Run independent checks, keeping each DomainError, then raise them together (`done`).

    with collect: ...  # one check; a DomainError inside is kept and the block ends
    """

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def __enter__(self) -> "Collect":
        return self

    def __exit__(self, kind, error, trace) -> bool:
        if isinstance(error, DomainErrors):
            self.errors.extend(error.errors)
            return True
        if isinstance(error, DomainError):
            self.errors.append(error)
            return True
        return False

    def check(self, function, *args, **kwargs):
        """`function(*args, **kwargs)`, keeping a DomainError it raises (then None)."""
        with self:
            return function(*args, **kwargs)
        return None

    def done(self) -> None:
        """Raise every kept error at once (nothing if all checks passed)."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise DomainErrors(self.errors)
