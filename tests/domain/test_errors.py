"""Domain errors: several broken rules travel together so a form can show each beside its own field."""

from __future__ import annotations

import pytest

from portal.domain.errors import Collect, DomainError, DomainErrors


def test_collect_raises_every_kept_error_at_once_and_each_lists_them():
    checks = Collect()
    checks.check(lambda: (_ for _ in ()).throw(DomainError("Enter a summary", field="summary")))
    with checks:
        raise DomainErrors([DomainError("Enter a date", field="issue_date"), DomainError("Choose one", field="who")])
    assert checks.check(lambda: "kept") == "kept"
    with pytest.raises(DomainErrors) as raised:
        checks.done()
    assert [(e.field, e.message) for e in raised.value.each] == [
        ("summary", "Enter a summary"), ("issue_date", "Enter a date"), ("who", "Choose one")]


def test_one_error_stands_for_itself():
    checks = Collect()
    checks.check(lambda: (_ for _ in ()).throw(DomainError("Enter a summary", field="summary")))
    with pytest.raises(DomainError) as raised:
        checks.done()
    assert not isinstance(raised.value, DomainErrors)
    assert raised.value.each == (raised.value,)
    Collect().done()  # nothing kept: nothing raised
