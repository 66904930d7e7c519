"""Importing customers from a housing system's CSV: refusals row by row, nothing half-imported, re-runs change nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from portal.staff.imports import apply_import, plan_import
from test_staff_kit import kit  # noqa: F401

HEADER = "Reference,Name,Address 1,Address 2,Postcode,Phone,Email,Tenure,Adjustments\n"
GOOD = HEADER + (
    "T-1,Aisha Khan,12 Mill Lane,Salford,m54wt,0161 496 0001,Aisha.Khan@Example.com,General needs,Large print\n"
    "T-2,Brian O'Neill,Flat 3 Canal House,Eccles,M30 0AB,07700 900123,,Shared ownership,\n"
    "T-3,Chen Wei,7 Orchard Close,Salford,M6 8QR,,chen@example.com,SUPPORTED HOUSING,Interpreter: Mandarin\n"
)


def _users(app) -> list[dict]:
    from portal.data import get_store
    with app.app_context():
        return get_store().users.all()


def _plan(app, text: str):
    with app.app_context():
        return plan_import(text, app.config["LANDLORD"])


def _import(app, text: str, source: str = "hms.csv"):
    with app.app_context():
        plan = plan_import(text, app.config["LANDLORD"])
        return apply_import(plan, landlord=app.config["LANDLORD"], by="test", source=source)


def test_good_file_creates_each_customer_with_its_home_tenure_and_history(app):
    done = _import(app, GOOD)
    assert [r.action for r in done.rows] == ["create", "create", "create"]
    people = {u["customer_ref"]: u for u in _users(app)}
    aisha = people["T-1"]
    assert aisha["address"] == ["12 Mill Lane", "Salford", "M5 4WT"]
    assert aisha["email"] == "aisha.khan@example.com"
    assert aisha["tenure"] == "general_needs" and aisha["kind"] == "tenant" and not aisha["password_hash"]
    assert aisha["adjustments"] == ["large_print"]
    assert people["T-2"]["tenure"] == "shared_ownership" and people["T-2"]["email"] == ""
    assert people["T-3"]["adjustments"] == ["another_language:Mandarin"]
    assert "imported from hms.csv (line 2)" in aisha["history"][-1]["what"]
    assert done.rows[0].customer_id == aisha["id"]


def test_running_the_same_file_again_changes_nothing(app):
    _import(app, GOOD)
    before = _users(app)
    again = _import(app, GOOD)
    assert [r.action for r in again.rows] == ["unchanged"] * 3
    assert _users(app) == before


@pytest.mark.parametrize("row, reason", [
    ("T-9,Dee Bad,1 Road,Town,NOT A CODE,,,General needs,", "'NOT A CODE' is not a UK postcode"),
    ("T-9,Dee Bad,1 Road,Town,M5 4WT,,dee@@example,General needs,", "'dee@@example' is not an email address"),
    ("T-9,Dee Bad,1 Road,Town,M5 4WT,,,Castle,", "'Castle' is not a tenure we know"),
    ("T-9,,1 Road,Town,M5 4WT,,,General needs,", "There is no name"),
    (",Dee Bad,1 Road,Town,M5 4WT,,,General needs,", "There is no reference"),
    ("T-9,Dee Bad,1 Road,Town,M5 4WT,12,,General needs,", "'12' is not a phone number"),
    ("T-9,Dee Bad,1 Road,Town,M5 4WT,,,,", "There is no tenure"),
    ("T-9,Dee Bad,1 Road,Town,M5 4WT,,,General needs,,surplus", "more cells than the header has columns"),
])
def test_each_bad_row_is_refused_with_its_reason_and_nothing_is_stored(app, row, reason):
    text = GOOD + row + "\n"
    plan = _plan(app, text)
    refused = [r for r in plan.rows if r.action == "refuse"]
    assert len(refused) == 1 and refused[0].line == 5
    assert any(reason in why for why in refused[0].reasons), refused[0].reasons
    assert not plan.ok
    with app.app_context(), pytest.raises(ValueError):
        apply_import(plan, landlord=app.config["LANDLORD"], by="test", source="x.csv")
    assert _users(app) == []


def test_a_duplicate_reference_refuses_every_line_that_has_it(app):
    text = GOOD + "T-2,Someone Else,2 Road,Town,M5 4WT,,,General needs,\n"
    plan = _plan(app, text)
    assert [(r.line, r.action) for r in plan.rows if r.action == "refuse"] == [(3, "refuse"), (5, "refuse")]
    assert "The reference T-2 is on more than one line (3, 5)" in plan.rows[1].reasons


def test_an_email_that_belongs_to_another_record_is_refused(app, auth):
    other = auth.create(email="chen@example.com", name="Someone Else")
    plan = _plan(app, GOOD)
    assert plan.rows[2].action == "refuse"
    assert f"The email chen@example.com belongs to another record ({other})" in plan.rows[2].reasons


def test_a_file_without_a_required_column_is_refused_whole(app):
    plan = _plan(app, "Reference,Name,Postcode\nT-1,Aisha,M5 4WT\n")
    assert not plan.ok and plan.rows == ()
    assert any("no column for the tenure" in p for p in plan.problems)


def test_a_changed_row_updates_the_record_noting_it_and_only_adds_adjustments(app):
    _import(app, GOOD)
    from portal.data import get_store
    with app.app_context():
        aisha = next(u for u in get_store().users.all() if u["customer_ref"] == "T-1")
        get_store().users.update(aisha["id"], adjustments=["large_print", "easy_read"])
    changed = GOOD.replace("Aisha Khan,12 Mill Lane", "Aisha Begum,14 Mill Lane").replace(
        "Large print", "Interpreter: Urdu")
    done = _import(app, changed, source="second.csv")
    assert [r.action for r in done.rows] == ["update", "unchanged", "unchanged"]
    assert done.rows[0].changes == ("name", "address", "adjustments")
    with app.app_context():
        aisha = get_store().users.get(aisha["id"])
    assert aisha["name"] == "Aisha Begum" and aisha["address"][0] == "14 Mill Lane"
    assert aisha["adjustments"] == ["large_print", "easy_read", "another_language:Urdu"]
    assert aisha["history"][-1]["what"] == ("Record changed by an import from second.csv (line 2): "
                                            "name, address, adjustments")
    assert aisha["history"][-1]["by"] == "test"


def test_the_cli_dry_run_stores_nothing_and_the_real_run_imports(app, runner, tmp_path: Path):
    csv_file = tmp_path / "hms.csv"
    csv_file.write_text(GOOD, encoding="utf-8")
    result = runner.invoke(args=["import", "customers", str(csv_file), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "3 to create, 0 to update, 0 unchanged, 0 refused" in result.output
    assert "Dry run: nothing was stored." in result.output
    assert _users(app) == []
    result = runner.invoke(args=["import", "customers", str(csv_file)])
    assert result.exit_code == 0, result.output
    assert len(_users(app)) == 3


def test_the_cli_refuses_a_file_with_a_bad_row_and_names_it(app, runner, tmp_path: Path):
    csv_file = tmp_path / "hms.csv"
    csv_file.write_text(GOOD + "T-9,Dee Bad,1 Road,Town,ZZ,,,General needs,\n", encoding="utf-8")
    result = runner.invoke(args=["import", "customers", str(csv_file)])
    assert result.exit_code == 1
    assert "line 5 (T-9): refused: 'ZZ' is not a UK postcode" in result.output
    assert "nothing was imported" in result.output
    assert _users(app) == []


def test_the_sample_file_in_the_readme_imports(app):
    sample = (Path(__file__).resolve().parents[2] / "examples" / "customers.csv").read_text(encoding="utf-8")
    assert _plan(app, sample).ok


# -- the staff page ------------------------------------------------------------------------------

def _upload(client, text: str | bytes, name: str = "hms.csv"):
    import io
    from tests.conftest import csrf_token

    page = client.get("/staff/customers/import")
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return client.post("/staff/customers/import", content_type="multipart/form-data",
                       data={"csrf_token": csrf_token(page.get_data(as_text=True)), "csv_file": (io.BytesIO(raw), name)})


def test_only_managers_and_above_may_import(kit):
    _, officer = kit.staff_client("officer")
    assert officer.get("/staff/customers/import").status_code == 403
    assert "Import customers" not in officer.get("/staff/customers").get_data(as_text=True)
    _, manager = kit.staff_client("manager")
    assert manager.get("/staff/customers/import").status_code == 200
    assert "Import customers from the housing system" in manager.get("/staff/customers").get_data(as_text=True)


def test_the_page_shows_the_dry_run_then_imports_on_confirmation(app, kit):
    from tests.conftest import csrf_token

    manager_id, manager = kit.staff_client("manager")
    response = _upload(manager, GOOD)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "3 new customer records" in html and "Import these customers" in html
    assert len(_users(app)) == 1  # only the manager: the check stores nothing
    response = manager.post("/staff/customers/import/confirm",
                            data={"csrf_token": csrf_token(html),
                                  "file_id": __import__("re").search(r'name="file_id"[^>]*value="([0-9a-f]+)"', html).group(1)})
    assert response.status_code == 302
    people = [u for u in _users(app) if u.get("customer_ref")]
    assert len(people) == 3
    assert people[0]["history"][-1]["by"] == manager_id


def test_a_bad_row_is_shown_with_its_reason_and_no_import_button(app, kit):
    _, manager = kit.staff_client("manager")
    html = _upload(manager, GOOD + "T-9,Dee Bad,1 Road,Town,ZZ,,,General needs,\n").get_data(as_text=True)
    assert "&#39;ZZ&#39; is not a UK postcode" in html or "'ZZ' is not a UK postcode" in html
    assert "Import these customers" not in html
    assert "1 row refused" in html


@pytest.mark.parametrize("content, message", [
    (b"", "Choose the CSV file to import"),
    (b"\xff\xfe\x00bad", "The file is not UTF-8 text"),
    (b"Name,Postcode\nA,M5 4WT\n", "There is no column for the reference"),
])
def test_a_file_that_cannot_be_read_gets_a_message_beside_the_field(kit, content, message):
    from test_staff_kit import error_beside

    _, manager = kit.staff_client("manager")
    response = _upload(manager, content, name="hms.csv" if content else "")
    assert response.status_code == 400
    assert message in error_beside(response.get_data(as_text=True), "csv_file")


def test_a_forged_confirmation_imports_nothing(app, kit):
    from tests.conftest import csrf_token

    _, manager = kit.staff_client("manager")
    page = manager.get("/staff/customers/import").get_data(as_text=True)
    response = manager.post("/staff/customers/import/confirm",
                            data={"csrf_token": csrf_token(page), "file_id": "../../secret"})
    assert response.status_code == 302 and len(_users(app)) == 1
