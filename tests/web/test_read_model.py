"""The read model: rows written with each event, rebuilt identically, refused when stale, and pages that
fold only what they show."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_staff_conduct import ConductScene
from test_staff_kit import kit  # noqa: F401

from portal.domain import complaints as c
from portal.domain.profile import load_profile
from portal.projections import projection_version

ROOT = Path(__file__).resolve().parents[2]


def _rows(app):
    from portal.data import get_store

    with app.app_context():
        store = get_store()
        return list(store.summaries.every()), store.conduct_summaries.every()


@pytest.fixture
def mixed(kit):
    """Cases at several stages (one with an action), and conduct files up to an appeal."""
    officer, manager = kit.person("officer"), kit.person("manager")
    who = kit.customer(name="Ann Early", address=["1 Elm Road", "Oldtown", "OT1 1AA"], phone="01234 567890")
    kit.case(who, officer, received_on=date(2025, 11, 17))
    kit.case(who, officer, ((c.acknowledge_complaint, officer, {}),), what_went_wrong="Damp in the back bedroom")
    kit.case(kit.customer(name="Gus Both"), officer, (
        (c.acknowledge_complaint, officer, {}),
        (c.respond_to_complaint, officer, {"outcome": "upheld", "reasons": "Late",
                                           "actions": [{"text": "Fix the door", "target": "2025-12-03"}]}),
        (c.request_escalation, officer, {}), (c.escalate_complaint, manager, {})))
    scene = ConductScene(kit)
    scene.to("appealed")
    return kit, officer, who


def test_each_step_writes_the_row_a_rebuild_gives_again(mixed, runner):
    kit, _, _ = mixed
    written = _rows(kit.app)
    assert len(written[0]) == 3 and len(written[1]) == 1
    gus = next(r for r in written[0] if r.customer_name == "Gus Both")
    assert (gus.stage, gus.status, gus.actions_due) == (2, "awaiting_acknowledgement", date(2025, 12, 3))
    assert gus.ack2_due is not None and gus.reply1_due is None and gus.open
    conduct = written[1][0]
    assert conduct.protocol == 1 and conduct.appeal_waiting and conduct.no_personal_contact
    result = runner.invoke(args=["store", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "3 complaint(s) and 1 conduct file(s)" in result.output
    assert _rows(kit.app) == written


def test_a_rebuild_mends_rows_that_are_wrong_or_missing(mixed, runner):
    from dataclasses import replace

    from portal.data import get_store

    kit, _, _ = mixed
    written = _rows(kit.app)
    with kit.app.app_context():
        store = get_store()
        for row in written[0]:
            store.complaints.put_summary(row.id, replace(row, status="closed", open=False, search_text=""))
    assert _rows(kit.app) != written
    assert runner.invoke(args=["store", "rebuild"]).exit_code == 0
    assert _rows(kit.app) == written


def test_search_text_holds_name_address_postcode_phone_summary_and_own_words(mixed):
    kit, officer, who = mixed
    client = kit.client(officer)
    for text in ("Ann Early", "ot1 1aa", "01234 567890", "kitchen leak", "damp in the back", "elm road"):
        page = client.get(f"/staff/search?q={text}").get_data(as_text=True)
        assert "Ann Early" in page, text
    assert "1 complaint found" in client.get("/staff/search?q=back bedroom").get_data(as_text=True)


def test_rows_of_another_profile_version_are_refused_with_the_command(mixed, runner):
    kit, officer, _ = mixed
    client = kit.client(officer)
    assert client.get("/staff/").status_code == 200
    kit.app.extensions["projection_versions"]["torus"] = "a-newer-profile"
    for url in ("/staff/", "/staff/search?q=ann", "/staff/conduct"):
        refused = client.get(url)
        assert refused.status_code == 503, url
        assert "flask --app portal store rebuild" in refused.get_data(as_text=True)
    assert runner.invoke(args=["store", "rebuild"]).exit_code == 0
    assert client.get("/staff/").status_code == 200


def test_a_page_reading_several_lists_checks_the_rows_are_current_once(mixed, monkeypatch):
    from portal import data

    kit, officer, _ = mixed
    client = kit.client(officer)
    checks = []
    real = data.require_fresh
    monkeypatch.setattr(data, "require_fresh", lambda *a: checks.append(a[1]) or real(*a))
    assert client.get("/staff/").status_code == 200  # the open cases and the conduct reviews
    assert checks == ["torus"]


def test_the_version_follows_the_profile_file(tmp_path):
    source = ROOT / "content" / "landlords" / "torus.toml"
    copy = tmp_path / "torus.toml"
    copy.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    before = projection_version(load_profile(copy))
    copy.write_text(source.read_text(encoding="utf-8") + "\n# a changed line\n", encoding="utf-8")
    assert projection_version(load_profile(copy)) != before
    assert projection_version(load_profile(source)) == before


def test_queues_search_and_lists_fold_no_case(kit, monkeypatch):
    officer = kit.person("officer")
    people = [kit.customer(name=f"Pat Smith {n}") for n in range(3)]
    for n in range(60):
        kit.case(people[n % 3], officer, received_on=date(2025, 11, 3 + n % 20))
    client = kit.client(officer)
    folds = []
    real = c.fold
    monkeypatch.setattr(c, "fold", lambda *a, **k: folds.append(1) or real(*a, **k))
    for url in ("/staff/", "/staff/?what=ack1&page=2", "/staff/?when=overdue", "/staff/search?q=smith",
                "/staff/search?q=smith&page=2", "/staff/customers?q=smith", "/staff/conduct",
                "/staff/conduct/reviews"):
        page = client.get(url)
        assert page.status_code == 200, url
    assert folds == []
    assert "60 complaints found" in client.get("/staff/search?q=smith").get_data(as_text=True)
