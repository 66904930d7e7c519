"""Retention: exactly the cases past the period are anonymised, holds keep theirs, reports keep their figures."""

from __future__ import annotations

from datetime import date

from test_staff_kit import kit  # noqa: F401

from portal.domain import complaints as c
from portal.domain.retention import ANONYMOUS_NAME

# The clock is frozen at 1 December 2025 (tests/conftest.py): with 6 years, the cut-off is 1 December 2019.


def _closed_case(kit, officer, customer, received: date, summary: str) -> str:
    """A complaint received on `received`, acknowledged, answered and closed within days."""
    return kit.case(customer, officer, (
        (c.acknowledge_complaint, officer, {}, received),
        (c.respond_to_complaint, officer, {"outcome": "upheld", "reasons": f"We were wrong about {summary}"},
         date.fromordinal(received.toordinal() + 7)),
        (c.close_complaint, officer, {}, date.fromordinal(received.toordinal() + 9)),
    ), received_on=received, summary=summary)


def _old(kit, customer_id: str) -> None:
    """Make a customer record look untouched since 2018."""
    from portal.data import get_store

    with kit.app.app_context():
        history = get_store().users.get(customer_id)["history"]
        get_store().users.replace_history(customer_id, [{**n, "at": "2018-03-01T09:00:00+00:00"} for n in history])


def _world(kit):
    officer = kit.person("officer", name="Olu Officer")
    old = kit.customer(name="Olive Oldcase", email="olive@example.com", phone="0161 496 0001")
    recent = kit.customer(name="Rita Recent")
    held = kit.customer(name="Hal Held")
    for who in (old, held):
        _old(kit, who)
    cases = {
        "old": _closed_case(kit, officer, old, date(2019, 3, 4), "the leaking roof at Olive's"),
        "recent": _closed_case(kit, officer, recent, date(2020, 6, 1), "the broken lift"),
        "held": _closed_case(kit, officer, held, date(2019, 2, 4), "a disputed repair"),
    }
    return officer, {"old": old, "recent": recent, "held": held}, cases


def _hold(kit, case_id: str) -> None:
    from portal import retention

    with kit.app.app_context():
        retention.set_hold(case_id, on=True, reason="A disrepair claim is open", by="U-000001", landlord="torus")


def test_the_dry_run_lists_exactly_what_is_due_and_changes_nothing(app, kit, runner):
    _, people, cases = _world(kit)
    _hold(kit, cases["held"])
    before = kit.load(cases["old"]).record.events
    result = runner.invoke(args=["retention", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"complaint     {cases['old']}" in result.output
    assert cases["recent"] not in result.output
    assert f"kept by a legal hold: {cases['held']}" in result.output
    assert f"customer      {people['old']}" in result.output and people["held"] not in result.output
    assert "1 complaint(s), 0 conduct file(s), 1 customer(s). Dry run: nothing was changed." in result.output
    assert kit.load(cases["old"]).record.events == before


def test_a_run_anonymises_the_old_case_its_letters_and_its_customer_and_nothing_else(app, kit, runner):
    from portal.data import get_store

    _, people, cases = _world(kit)
    _hold(kit, cases["held"])
    letters = kit.letters(cases["old"])
    assert letters
    result = runner.invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    old = kit.load(cases["old"])
    text = str(old.record.events)
    assert "leaking roof" not in text and "We were wrong" not in text
    assert [e["kind"] for e in old.record.events] == [e["kind"] for e in kit.load(cases["recent"]).record.events]
    assert old.state.status is c.Status.CLOSED and old.state.received_on == date(2019, 3, 4)
    with app.app_context():
        row = get_store().summaries.get(cases["old"])
        assert row.customer_name == "" and "olive" not in row.search_text.lower()
        for letter in kit.letters(cases["old"]):
            assert letter["erased"] and letter["title"] == ""
        customer = get_store().users.get(people["old"])
        assert customer["name"] == ANONYMOUS_NAME and customer["email"] == "" and customer["phone"] == ""
        assert customer["disabled"] and get_store().users.by_email("olive@example.com") is None
        assert all("Olive" not in n["what"] for n in customer["history"])
        assert customer["history"][-1]["what"] == "Anonymised under the retention policy"
        assert "broken lift" in str(kit.load(cases["recent"]).record.events)
        assert "disputed repair" in str(kit.load(cases["held"]).record.events)
        assert get_store().users.get(people["held"])["name"] == "Hal Held"
    again = runner.invoke(args=["retention", "--dry-run"])
    assert "0 complaint(s), 0 conduct file(s), 0 customer(s)" in again.output


def test_a_report_for_a_past_year_gives_the_same_figures_before_and_after(app, kit, runner):
    from portal import reporting
    from portal.reports.periods import financial_year

    _world(kit)

    def figures():
        with app.app_context():
            report = reporting.tsm_report(financial_year(2018))
            return [(t.title, [tuple(r) for r in t.rows]) for t in report.tables()]

    before = figures()
    assert any(rows for _, rows in before)
    assert runner.invoke(args=["retention"]).exit_code == 0
    assert figures() == before


def test_each_run_is_recorded_with_what_when_and_by_whom(app, kit, runner):
    from portal import retention

    _, _, cases = _world(kit)
    runner.invoke(args=["retention"])
    with app.app_context():
        (run,) = retention.runs("torus")
    assert run["ran_on"] == "2025-12-01" and run["cut_off"] == "2019-12-01"
    assert cases["old"] in run["complaints"] and cases["held"] in run["complaints"]
    assert run["history"][-1]["by"] == "flask retention"


def test_a_hold_can_be_placed_and_lifted_from_the_cli_and_names_a_missing_case(app, kit, runner):
    _, _, cases = _world(kit)
    assert runner.invoke(args=["retention", "hold", cases["held"], "--reason", "Claim"]).exit_code == 0
    assert f"kept by a legal hold: {cases['held']}" in runner.invoke(args=["retention", "--dry-run"]).output
    assert runner.invoke(args=["retention", "hold", cases["held"], "--reason", "Settled", "--lift"]).exit_code == 0
    assert "kept by a legal hold" not in runner.invoke(args=["retention", "--dry-run"]).output
    result = runner.invoke(args=["retention", "hold", "C-2099-999999", "--reason", "x"])
    assert result.exit_code == 2 and "there is no complaint C-2099-999999" in result.output


def test_a_run_deletes_the_evidence_of_an_anonymised_case(app, kit, runner):
    import pytest

    from portal.data import get_store
    from portal.store import NotFound

    officer = kit.person("officer")
    customer = kit.customer(name="Pat Photo")
    with app.app_context():
        sha = get_store().evidence.put(b"\xff\xd8 a photo of the leak")
    case = kit.case(customer, officer, (
        (c.acknowledge_complaint, officer, {}, date(2019, 3, 4)),
        (c.respond_to_complaint, officer, {"outcome": "upheld", "reasons": "We were wrong"}, date(2019, 3, 8)),
        (c.close_complaint, officer, {}, date(2019, 3, 11)),
    ), received_on=date(2019, 3, 4), evidence=[{"sha256": sha, "name": "leak.jpg", "content_type": "image/jpeg",
                                                "size": 22}])
    assert runner.invoke(args=["retention"]).exit_code == 0
    assert "leak.jpg" not in str(kit.load(case).record.events)
    with app.app_context(), pytest.raises(NotFound):
        get_store().evidence.get(sha)
