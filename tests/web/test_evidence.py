"""Evidence: photos and documents on a complaint, checked by content, cleaned of metadata, kept by hash."""

from __future__ import annotations

import hashlib
import io

import pytest
from PIL import Image

from portal.domain.roles import Role
from portal.uploads import check_upload, sniff
from portal.domain.errors import DomainError
from tests.conftest import csrf_token
from tests.web.test_tenant import tess  # noqa: F401  (a fixture)
from tests.web.test_tenant_support import OFFICER, text_of, world  # noqa: F401  (world is a fixture)

GPS_TAG = 0x8825


def photo(fmt: str = "JPEG", *, gps: bool = True, size=(64, 48)) -> bytes:
    """A small photo, with a location and camera model in its metadata."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x0110] = "Phone Camera X"  # model
    if gps:
        exif[GPS_TAG] = {1: "N", 2: (53.0, 28.0, 0.0), 3: "W", 4: (2.0, 14.0, 0.0)}
    out = io.BytesIO()
    image.save(out, format=fmt, exif=exif.tobytes())
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _upload(client, url: str, files: list[tuple[bytes, str]]):
    page = client.get(url)
    data = {"csrf_token": csrf_token(text_of(page)), "files": [(io.BytesIO(b), name) for b, name in files]}
    return client.post(url, data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("data, kind", [
    (photo("JPEG"), "image/jpeg"), (photo("PNG"), "image/png"), (PDF, "application/pdf"),
    (b"GIF89a....", None), (b"<html>not a photo</html>", None),
])
def test_the_type_comes_from_the_content(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "HEIF"])
def test_photos_are_re_encoded_without_location_or_camera(fmt):
    raw = photo(fmt)
    checked = check_upload("IMG_0001.x", raw, max_bytes=10 ** 7)
    assert checked.content_type in ("image/jpeg", "image/png")
    with Image.open(io.BytesIO(checked.data)) as image:
        assert not image.getexif() and GPS_TAG not in image.getexif()
        assert image.size == (64, 48)
    assert b"Phone Camera X" not in checked.data


@pytest.mark.parametrize("name, data, message", [
    ("notes.jpg", b"just some text", "notes.jpg is not a JPEG, PNG, HEIC or PDF file"),
    ("broken.jpg", b"\xff\xd8\xff\xe0 truncated", "broken.jpg could not be read as a picture"),
    ("half.pdf", b"%PDF-1.4\n1 0 obj", "half.pdf is not a complete PDF"),
    ("big.pdf", PDF + b" " * 2000, "big.pdf is larger than"),
    ("empty.png", b"", "empty.png is empty"),
])
def test_a_file_that_fails_is_named_with_the_reason(name, data, message):
    with pytest.raises(DomainError) as err:
        check_upload(name, data, max_bytes=1500)
    assert message in str(err.value) and err.value.field == "files"


def test_a_tenant_sends_a_photo_listed_for_them_and_staff(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    raw = photo()
    reply = _upload(client, f"/complaints/{case_id}/evidence", [(raw, "mould.jpg"), (PDF, "letter.pdf")])
    assert reply.status_code == 302, text_of(reply)[:3000]
    case = world.case(case_id)
    from portal.domain import complaints as c
    files = c.evidence_on(case.state)
    assert [f.name for f in files] == ["mould.jpg", "letter.pdf"] and not files[0].by_staff
    assert case.state.events[-1].kind == "evidence_added"                  # in the record's history
    page = text_of(client.get(f"/complaints/{case_id}"))
    assert "mould.jpg" in page and "letter.pdf" in page
    served = client.get(f"/complaints/{case_id}/evidence/{files[0].sha256}")
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert hashlib.sha256(served.data).hexdigest() == files[0].sha256 and served.data != raw
    assert client.get(f"/complaints/{case_id}/evidence/{files[1].sha256}").data == PDF
    world.person("staff", "officer@torus.example", "Olu Officer", role=Role.COMPLAINTS_OFFICER.value)
    staff = world.client("officer@torus.example")
    assert "mould.jpg" in text_of(staff.get(f"/staff/cases/{case_id}"))
    assert staff.get(f"/staff/cases/{case_id}/evidence/{files[0].sha256}").status_code == 200


def test_a_failing_file_gets_a_message_beside_the_field_and_nothing_is_kept(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    reply = _upload(client, f"/complaints/{case_id}/evidence", [(photo(), "ok.jpg"), (b"MZ\x90\x00", "virus.jpg")])
    page = text_of(reply)
    assert reply.status_code == 400 and "virus.jpg is not a JPEG, PNG, HEIC or PDF file" in page
    assert 'id="files-error"' in page and 'href="#files"' in page and "<title>Error: " in page
    from portal.domain import complaints as c
    assert c.evidence_on(world.case(case_id).state) == ()


def test_another_person_cannot_read_the_files(world, tess):
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    _upload(client, f"/complaints/{case_id}/evidence", [(PDF, "letter.pdf")])
    sha = hashlib.sha256(PDF).hexdigest()
    world.tenant("other@example.com", "Other Person")
    other = world.client("other@example.com")
    assert other.get(f"/complaints/{case_id}/evidence/{sha}").status_code == 404
    assert client.get(f"/complaints/{case_id}/evidence/{'0' * 64}").status_code == 404


def test_the_count_limit_comes_from_configuration(app, world, tess):
    app.config["EVIDENCE_MAX_FILES"] = 1
    tenant_id, client = tess
    case_id = world.complaint(tenant_id)
    reply = _upload(client, f"/complaints/{case_id}/evidence", [(PDF, "a.pdf"), (photo(), "b.jpg")])
    assert reply.status_code == 400 and "A complaint can have up to 1 files" in text_of(reply)


def test_staff_attach_the_scan_of_a_posted_complaint(world):
    from datetime import date
    tenant_id = world.tenant()
    case_id = world.complaint(tenant_id, date(2025, 11, 28), channel="letter")
    world.person("staff", "officer@torus.example", "Olu Officer", role=Role.COMPLAINTS_OFFICER.value)
    staff = world.client("officer@torus.example")
    reply = _upload(staff, f"/staff/cases/{case_id}/evidence", [(PDF, "scan.pdf")])
    assert reply.status_code == 302, text_of(reply)[:2000]
    from portal.domain import complaints as c
    (scan,) = c.evidence_on(world.case(case_id).state)
    assert scan.name == "scan.pdf" and scan.by_staff
    assert "scan.pdf" in text_of(world.client("tess@example.com").get(f"/complaints/{case_id}"))


def test_a_photo_sent_with_a_new_complaint_is_on_its_record(world, tess):
    from tests.web.test_tenant_support import case_id_from, make_complaint
    tenant_id, client = tess
    reply = make_complaint(client, send=False)
    assert reply.headers["Location"].endswith("/check")
    bad = _upload(client, "/complaints/new/evidence", [(b"not a photo", "damp.jpg")])
    assert bad.status_code == 400 and "damp.jpg is not a JPEG, PNG, HEIC or PDF file" in text_of(bad)
    good = _upload(client, "/complaints/new/evidence", [(photo(), "damp.jpg")])
    assert good.status_code == 302
    assert "damp.jpg" in text_of(client.get("/complaints/new/check"))
    page = client.get("/complaints/new/check")
    sent = client.post("/complaints/new/check", data={"csrf_token": csrf_token(text_of(page))})
    from portal.domain import complaints as c
    (kept,) = c.evidence_on(world.case(case_id_from(sent)).state)
    assert kept.name == "damp.jpg" and kept.content_type == "image/jpeg"
    with world.app.app_context():
        from portal.data import get_store
        assert b"Phone Camera X" not in get_store().evidence.get(kept.sha256)
