"""Issue 8 rules on the unacceptable-behaviour process, one table per rule, citing the source section."""

from __future__ import annotations

import pytest

from test_conduct import CUSTOMER, DAY, File, staff
from portal.domain.conduct.actions import decide_appeal, lodge_appeal
from portal.domain.conduct.explain import explain_protocol
from portal.domain.conduct.permissions import can_lodge_appeal
from portal.domain.errors import DomainError

# Housing Solutions 6.5.5: "they may request one further assessment by a Director".
# Torus 3.x, Thenue and the Connect appendix set no such limit.
ONE_APPEAL = [
    ("housing-solutions", False),  # HS 6.5.5: one further assessment
    ("torus", True),
    ("thenue", True),
    ("connect", True),
]


@pytest.mark.parametrize("slug, second_allowed", ONE_APPEAL)
def test_a_second_appeal_against_the_same_protocol(slug: str, second_allowed: bool) -> None:
    f = File(slug).to_protocol()
    hearer = staff(f.profile.conduct.appeal_role, "first-hearer")
    f.do(lodge_appeal, CUSTOMER, DAY, grounds="I only call because the leak is not fixed")
    f.do(decide_appeal, hearer, DAY, outcome="dismissed", reasons="Calls are still daily")
    assert can_lodge_appeal(f.state, f.profile) is second_allowed
    if second_allowed:
        f.do(lodge_appeal, CUSTOMER, DAY, grounds="I still disagree")
        assert f.state.protocol.open_appeal is not None
    else:
        with pytest.raises(DomainError, match="one further look") as err:
            f.do(lodge_appeal, CUSTOMER, DAY, grounds="I still disagree")
        assert err.value.field == "grounds"
        lines = dict((s.heading, s.lines) for s in explain_protocol(f.state, f.profile, DAY).sections)
        assert "only appeal against this decision once" in lines["If you disagree"][0]
