"""Letters (PDF kept once per content, indexed by case and customer) and conduct files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from store_helpers import event, open_store

from portal.store import ConductRecord, Conflict, NotFound, StoreError

PDF_A, PDF_B = b"%PDF-1.7 letter A", b"%PDF-1.7 letter B"


def add(store, case="C-2025-000001", customer="U-000001", pdf=PDF_A, kind="acknowledgement", **extra):
    return store.letters.add(case_id=case, customer_id=customer, kind=kind, title=f"{kind} letter",
                             pdf=pdf, created="2025-06-02T09:30:00", **extra)


def test_add_then_get_describes_the_letter_and_its_pdf(store):
    lid = add(store, large_print=True)
    letter = store.letters.get(lid)
    letter.pop("path", None)  # the embedded store also says where the PDF's file is
    assert letter == {"id": "L-000001", "case_id": "C-2025-000001", "customer_id": "U-000001",
                      "kind": "acknowledgement", "title": "acknowledgement letter",
                      "sha256": hashlib.sha256(PDF_A).hexdigest(), "created": "2025-06-02T09:30:00",
                      "large_print": True, "easy_read": False}
    assert store.letters.pdf_bytes(lid) == PDF_A


@pytest.mark.embedded_only
def test_the_embedded_store_names_the_pdf_file(store):
    assert Path(store.letters.get(add(store))["path"]).read_bytes() == PDF_A


@pytest.mark.embedded_only
def test_the_same_pdf_is_kept_once(store, folder):
    first, second, other = add(store), add(store, case="C-2025-000002"), add(store, pdf=PDF_B)
    assert store.letters.get(first)["path"] == store.letters.get(second)["path"]
    assert store.letters.pdf_bytes(other) == PDF_B
    assert len(list((folder / "letters" / "pdf").rglob("*.pdf"))) == 2


@pytest.mark.parametrize("lookup, key, expected", [
    ("for_case", "C-1", ["L-000001", "L-000003", "L-000006"]),
    ("for_case", "C-2", ["L-000002", "L-000004", "L-000005"]),
    ("for_customer", "U-1", ["L-000001", "L-000002", "L-000003", "L-000004"]),
    ("for_customer", "U-2", ["L-000005", "L-000006"]),
    ("for_case", "C-404", []),
])
def test_letters_by_case_and_by_customer_oldest_first(store, lookup, key, expected):
    pairs = [("C-1", "U-1"), ("C-2", "U-1"), ("C-1", "U-1"), ("C-2", "U-1"), ("C-2", "U-2"), ("C-1", "U-2")]
    for case, customer in pairs:
        add(store, case=case, customer=customer)
    assert [letter["id"] for letter in getattr(store.letters, lookup)(key)] == expected


@pytest.mark.parametrize("lid", ["L-000404", "rubbish"])
def test_unknown_letters(store, lid):
    add(store)
    assert store.letters.get(lid) is None
    with pytest.raises(NotFound):
        store.letters.pdf_bytes(lid)


@pytest.mark.embedded_only
def test_a_tampered_pdf_is_refused(store):
    lid = add(store)
    Path(store.letters.get(lid)["path"]).write_bytes(b"%PDF-1.7 something else")
    with pytest.raises(StoreError):
        store.letters.pdf_bytes(lid)


def test_letters_survive_reopening(folder):
    with open_store(folder) as first:
        lid = add(first)
    with open_store(folder) as again:
        assert [letter["id"] for letter in again.letters.for_customer("U-000001")] == [lid]
        assert again.letters.pdf_bytes(lid) == PDF_A
        assert add(again, pdf=PDF_B) == "L-000002"


def test_conduct_file_opens_on_the_first_event_and_grows(store):
    assert store.conduct.get("U-1") is None
    store.conduct.append("U-1", event("incident"), landlord="torus")
    record = store.conduct.append("U-1", event("warning", level="first"), landlord="torus")
    assert record == ConductRecord(customer_id="U-1", landlord="torus",
                                   events=(event("incident"), event("warning", level="first")), version=2)
    assert store.conduct.get("U-1") == record


@pytest.mark.parametrize("before, expected, ok", [
    (0, 0, True), (0, 1, False), (2, 2, True), (2, 1, False), (2, 0, False),
])
def test_conduct_append_checks_the_expected_version(store, before, expected, ok):
    for _ in range(before):
        store.conduct.append("U-1", event("incident"), landlord="torus")
    if ok:
        assert store.conduct.append("U-1", event(), landlord="torus", expected_version=expected).version == before + 1
    else:
        with pytest.raises(Conflict):
            store.conduct.append("U-1", event(), landlord="torus", expected_version=expected)
        record = store.conduct.get("U-1")
        assert (record.version if record else 0) == before


def test_a_conduct_file_keeps_its_landlord(store):
    store.conduct.append("U-1", event("incident"), landlord="torus")
    with pytest.raises(StoreError):
        store.conduct.append("U-1", event("incident"), landlord="connect")
    assert store.conduct.get("U-1").version == 1


@pytest.mark.parametrize("landlord, expected", [(None, ["U-1", "U-2", "U-3", "U-4"]), ("torus", ["U-1", "U-3"]),
                                                ("thenue", [])])
def test_conduct_all_by_landlord(store, landlord, expected):
    for customer, who in [("U-3", "torus"), ("U-1", "torus"), ("U-4", "connect"), ("U-2", "connect")]:
        store.conduct.append(customer, event("incident"), landlord=who)
    assert [r.customer_id for r in store.conduct.all(landlord)] == expected


def test_all_letters_in_id_order(store):
    ids = [add(store, case=f"C-{n}", customer=f"U-{n % 2}") for n in range(6)]
    assert [letter["id"] for letter in store.letters.all()] == ids
