"""The flask CLI: init, create-staff, demo and overdue."""

from __future__ import annotations

import re


def test_init_reports_the_folders(runner):
    result = runner.invoke(args=["init"])
    assert result.exit_code == 0
    assert "Data:" in result.output and "Torus (torus)" in result.output


def test_create_staff_adds_a_member_who_can_sign_in(runner, app, client):
    result = runner.invoke(args=["create-staff", "--email", "Morgan@Example.org", "--name", "Morgan Lee",
                                 "--role", "manager", "--password", "a long staff password"])
    assert result.exit_code == 0, result.output
    assert "Service Manager at Torus" in result.output
    with app.app_context():
        from portal.data import get_store

        record = get_store().users.by_email("morgan@example.org")
    assert record["kind"] == "staff" and record["role"] == "manager"
    assert record["password_hash"].startswith("$argon2id$")


def test_create_staff_refuses_a_duplicate_email(runner):
    args = ["create-staff", "--email", "m@example.org", "--name", "M", "--role", "officer",
            "--password", "a long staff password"]
    assert runner.invoke(args=args).exit_code == 0
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "already has an account" in again.output


def test_create_staff_refuses_a_short_password_and_an_unknown_role(runner):
    short = runner.invoke(args=["create-staff", "--email", "a@example.org", "--name", "A", "--role", "officer",
                                "--password", "short"])
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    role = runner.invoke(args=["create-staff", "--email", "b@example.org", "--name", "B", "--role", "boss",
                               "--password", "a long staff password"])
    assert role.exit_code != 0 and "boss" in role.output


def test_demo_loads_every_stage_with_letters_and_overdue_lists_the_late_ones(runner, app):
    result = runner.invoke(args=["demo", "--no-build"])
    assert result.exit_code == 0, result.output
    assert "complaints.officer@torus.example" in result.output
    with app.app_context():
        from portal.casework import load_case
        from portal.clock import today
        from portal.data import get_store

        cases = [case for case in map(load_case, get_store().complaints.ids()) if case.record.landlord == "torus"]
        statuses = {case.state.status.value for case in cases}
        late = [case for case in cases if case.state.overdue(today())]
        store = get_store()
        aisha = store.users.by_email("aisha@torus.example")
        letters = store.letters.for_customer(aisha["id"])
        assert letters and all(store.letters.pdf_bytes(x["id"]).startswith(b"%PDF") for x in letters)
        assert all(x["large_print"] for x in letters)  # Aisha asked for large print
        ben = store.users.by_email("ben@torus.example")
        easy = [x for x in store.letters.for_customer(ben["id"]) if x["easy_read"]]  # Ben asked for Easy Read
        assert easy and all(x["title"].endswith("(Easy Read)") for x in easy)
    assert {"awaiting_acknowledgement", "investigating", "responded", "with_customer", "excluded",
            "service_request"} <= statuses
    assert any(case.state.stage == 2 for case in cases)
    overdue = runner.invoke(args=["overdue"])
    assert overdue.exit_code == 0
    assert f"{len(late)} overdue." in overdue.output
    assert len(re.findall(r"C-\d{4}-\d{6}", overdue.output)) == len(late) > 0


def test_send_mail_sends_what_is_waiting_through_smtp(mail_app, smtp):
    from portal import mail

    with mail_app.app_context():
        mail.queue("staff_waiting", to="ana@example.com", key="k-cli", what="An appeal")
    result = mail_app.test_cli_runner().invoke(args=["send-mail"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert [m["Subject"] for m in smtp.to("ana@example.com")] == ["Waiting for you: An appeal"]
    again = mail_app.test_cli_runner().invoke(args=["send-mail"])
    assert "Nothing to send." in again.output and len(smtp.messages) == 1
