"""Subject access: a request tracked to its deadline, an export with everything held, names redacted on review."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date

from pypdf import PdfReader
from test_staff_kit import error_beside, kit, post  # noqa: F401

from portal.domain import complaints as c
from portal.domain.subject_access import REDACTED


def _world(kit):
    manager = kit.person("manager", name="Mo Manager")
    officer = kit.person("officer", name="Olu Officer")
    customer = kit.customer(name="Sid Subject", email="sid@example.com")
    case = kit.case(customer, officer, ((c.acknowledge_complaint, officer, {}),), summary="Damp in the bathroom")
    return manager, officer, customer, case


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200 and response.mimetype == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.data))


def test_a_request_is_recorded_with_its_deadline_and_waits_in_the_queue(kit):
    manager, _, customer, _ = _world(kit)
    client = kit.client(manager)
    response = post(client, f"/staff/customers/{customer}/subject-access/new", {"received_on": "2025-11-28"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/staff/customers/{customer}/subject-access/2025-11-28")
    queue = client.get("/staff/subject-access").get_data(as_text=True)
    assert "Fri 28 Nov 2025" in queue and "Mon 29 Dec 2025" in queue  # 28 Dec is a Sunday
    page = client.get(f"/staff/customers/{customer}").get_data(as_text=True)
    assert "answer due by Mon 29 Dec 2025" in page


def test_the_deadline_date_is_checked_beside_the_field(kit):
    manager, _, customer, _ = _world(kit)
    client = kit.client(manager)
    url = f"/staff/customers/{customer}/subject-access/new"
    response = post(client, url, {"received_on": "2025-12-25"})
    assert response.status_code == 400
    assert error_beside(response.get_data(as_text=True), "received_on") == (
        "The date the request arrived cannot be in the future")
    post(client, url, {"received_on": "2025-11-28"})
    response = post(client, url, {"received_on": "2025-11-28"})
    assert "already recorded" in error_beside(response.get_data(as_text=True), "received_on")


def test_the_export_holds_everything_and_nothing_private(kit):
    manager, officer, customer, case = _world(kit)
    received = kit.subject_access(customer, manager, date(2025, 11, 28))
    client = kit.client(manager)
    client.get(f"/staff/cases/{case}")  # a view that must appear in the access log
    from datetime import datetime, timezone

    from portal.data import get_store
    from portal.store import OutboxItem
    with kit.app.app_context():  # an email about the case, and one about the account
        get_store().outbox.add([OutboxItem(key=f"{case}/1/ack", channel="email", case_id=case, to="sid@example.com",
                                           subject="We have your complaint"),
                                OutboxItem(key="account/sid", channel="email", case_id="", to="sid@example.com",
                                           subject="Confirm your email address")],
                               datetime(2025, 12, 1, 10, tzinfo=timezone.utc))
    archive = _zip(client.get(f"/staff/customers/{customer}/subject-access/{received}/export.zip"))
    names = set(archive.namelist())
    letters = kit.letters(case)
    assert {"index.pdf", "customer.json", "account-history.json", "access-log.json",
            f"complaints/{case}/events.json"} <= names
    assert {f"complaints/{case}/letters/{letter['id']}.pdf" for letter in letters} <= names and letters
    record = archive.read("customer.json").decode()
    assert "Sid Subject" in record and "password_hash" not in record
    events = archive.read(f"complaints/{case}/events.json").decode()
    assert "Damp in the bathroom" in events and "Olu Officer" in events
    assert f'"ref": "{case}"' in archive.read("access-log.json").decode()
    messages = archive.read("messages.json").decode()
    assert "We have your complaint" in messages and "Confirm your email address" in messages
    index = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(archive.read("index.pdf"))).pages)
    assert "Sid Subject" in index and f"complaints/{case}/events.json" in re.sub(r"\s+", "", index)
    assert "28 November 2025" in index


def test_chosen_names_and_their_ids_are_redacted_from_the_export(kit):
    manager, officer, customer, case = _world(kit)
    received = kit.subject_access(customer, manager, date(2025, 11, 28))
    client = kit.client(manager)
    url = f"/staff/customers/{customer}/subject-access/{received}"
    page = client.get(url).get_data(as_text=True)
    assert "Olu Officer (staff)" in page
    assert post(client, url, {"names": ["Olu Officer"]}).status_code == 302
    archive = _zip(client.get(f"{url}/export.zip"))
    text = " ".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".json"))
    assert "Olu Officer" not in text and officer not in text and REDACTED in text
    assert "Sid Subject" in text and "Damp in the bathroom" in text
    index = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(archive.read("index.pdf"))).pages)
    assert "removed 1 name" in index


def test_releasing_closes_the_request_and_every_step_is_in_its_history(kit):
    manager, _, customer, _ = _world(kit)
    received = kit.subject_access(customer, manager, date(2025, 11, 28))
    client = kit.client(manager)
    url = f"/staff/customers/{customer}/subject-access/{received}"
    post(client, url, {"names": []})
    assert post(client, f"{url}/release", page_url=url).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Sent to the customer on Mon 1 Dec 2025" in page
    assert len(re.findall(r"<td>" + manager + "</td>", page)) == 3  # received, reviewed, released
    assert "No subject access requests are waiting" in client.get("/staff/subject-access").get_data(as_text=True)
    post(client, url, {"names": ["Mo Manager"]})  # a closed request: changes nothing
    assert "Names removed: none" in client.get(url).get_data(as_text=True)


def test_the_export_holds_the_photos_sent_with_a_complaint(kit):
    from portal.data import get_store

    manager = kit.person("manager")
    officer = kit.person("officer")
    customer = kit.customer(name="Pat Photo")
    with kit.app.app_context():
        sha = get_store().evidence.put(b"\xff\xd8 a photo of the mould")
    case = kit.case(customer, officer, evidence=[{"sha256": sha, "name": "bedroom mould.jpg",
                                                  "content_type": "image/jpeg", "size": 24}])
    received = kit.subject_access(customer, manager, date(2025, 11, 28))
    archive = _zip(kit.client(manager).get(f"/staff/customers/{customer}/subject-access/{received}/export.zip"))
    assert archive.read(f"complaints/{case}/evidence/01-bedroom-mould.jpg") == b"\xff\xd8 a photo of the mould"
