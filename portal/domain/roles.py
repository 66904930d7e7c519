"""Staff roles with rank, and the separation-of-duty checks the policies require."""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    """A staff rank. Titles differ by landlord (see Profile.title); ranks do not."""

    OFFICER = "officer"
    COMPLAINTS_OFFICER = "complaints_officer"
    MANAGER = "manager"
    HEAD_OF_SERVICE = "head_of_service"
    DIRECTOR = "director"
    EXECUTIVE = "executive"
    BOARD = "board"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def at_least(self, other: "Role") -> bool:
        """True if this role is as senior as `other` or more."""
        return self.rank >= other.rank


# A complaints officer co-ordinates and works at officer rank; executive and board sit
# above director for ex-gratia approvals.
_RANK = {
    Role.OFFICER: 1,
    Role.COMPLAINTS_OFFICER: 1,
    Role.MANAGER: 2,
    Role.HEAD_OF_SERVICE: 3,
    Role.DIRECTOR: 4,
    Role.EXECUTIVE: 5,
    Role.BOARD: 6,
}


def holds_rank(role: Role | None, minimum: Role) -> bool:
    """True if `role` is a staff role at least as senior as `minimum`; customers (None) never are."""
    return role is not None and role.at_least(minimum)

