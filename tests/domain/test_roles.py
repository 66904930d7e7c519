"""Role ranks: officer < manager < head of service < director < executive < board."""

from __future__ import annotations

import pytest

from portal.domain.roles import Role, holds_rank

LADDER = [Role.OFFICER, Role.MANAGER, Role.HEAD_OF_SERVICE, Role.DIRECTOR, Role.EXECUTIVE, Role.BOARD]


@pytest.mark.parametrize("junior, senior", list(zip(LADDER, LADDER[1:])))
def test_each_rung_is_senior_to_the_one_below(junior, senior):
    assert senior.at_least(junior)
    assert not junior.at_least(senior)
    assert senior.rank > junior.rank


def test_a_complaints_officer_works_at_officer_rank():
    assert Role.COMPLAINTS_OFFICER.rank == Role.OFFICER.rank
    assert Role.COMPLAINTS_OFFICER.at_least(Role.OFFICER)
    assert not Role.COMPLAINTS_OFFICER.at_least(Role.MANAGER)


@pytest.mark.parametrize(
    "role, minimum, expected",
    [
        (Role.MANAGER, Role.MANAGER, True),
        (Role.DIRECTOR, Role.MANAGER, True),
        (Role.OFFICER, Role.MANAGER, False),
        (Role.HEAD_OF_SERVICE, Role.DIRECTOR, False),
        (Role.BOARD, Role.DIRECTOR, True),
        (None, Role.OFFICER, False),  # customers and advocates hold no rank
    ],
)
def test_holds_rank(role, minimum, expected):
    assert holds_rank(role, minimum) is expected
