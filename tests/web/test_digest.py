"""`flask --app portal digest`: staff hear what falls due tomorrow or is overdue; tenants hear of a late reply."""

from __future__ import annotations

from datetime import date

import pytest
from test_staff_kit import kit  # noqa: F401

from portal.domain import complaints as c
from tests.conftest import email_text, send_mail


@pytest.fixture
def app(mail_app):
    return mail_app


def test_the_digest_lists_overdue_work_and_tells_the_tenant_once(app, kit, smtp):
    officer = kit.person("complaints_officer")
    tenant = kit.person(None, kind="tenant", name="Lena Late", address=["5 Slow Street", "Oldtown"])
    late = kit.case(tenant, officer, ((c.acknowledge_complaint, officer, {}, date(2025, 9, 2)),),
                    received_on=date(2025, 9, 1))
    kit.case(kit.customer(), officer)  # received today: nothing due tomorrow yet
    send_mail(app)
    smtp.messages.clear()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["digest", "--landlord", "torus"])
    assert result.exit_code == 0, result.output
    send_mail(app)
    [digest] = smtp.to(kit.record(officer)["email"])
    assert "item(s) due or overdue" in digest["Subject"]
    assert f"{late}: stage 1 reply" in email_text(digest)
    [notice] = smtp.to(kit.record(tenant)["email"])
    assert notice["Subject"] == f"Our reply about complaint {late} is late"
    runner.invoke(args=["digest", "--landlord", "torus"])  # again the same day: nothing new
    send_mail(app)
    assert len(smtp.messages) == 2
