"""Reading the small collections whole (for `store copy`): the same records, in the same order, on each backend."""

from __future__ import annotations

from datetime import timedelta

from store_helpers import FROZEN


def test_registers_and_answers_of_every_kind_and_landlord_in_key_order(store):
    note = {"by": "u1", "what": "Added"}
    store.registers.put("learning/b", {"what": "B"}, kind="learning", landlord="torus", note=note)
    store.registers.put("annual/a", {"what": "A"}, kind="annual", landlord="thenue", note=note)
    assert [(d["key"], d["kind"], d["landlord"], d["version"]) for d in store.registers.every()] == [
        ("annual/a", "annual", "thenue", 1), ("learning/b", "learning", "torus", 1)]
    for case_id, landlord in (("C-2025-000002", "torus"), ("C-2025-000001", "thenue")):
        store.surveys.answer(case_id, landlord=landlord, customer_id="U-000001", stage=1, score=3, why="",
                             at="2025-12-01T10:00:00+00:00")
    assert [(a["case_id"], a["landlord"]) for a in store.surveys.every()] == [
        ("C-2025-000001", "thenue"), ("C-2025-000002", "torus")]


def test_the_access_log_whole_is_by_customer_then_oldest_first(store):
    for n, customer in enumerate(("U-000002", "U-000001", "U-000002")):
        store.access.record(customer_id=customer, by="U-000009", at=f"2025-12-01T10:0{n}:00", what="case", ref=str(n))
    assert [(v["customer_id"], v["ref"]) for v in store.access.everything()] == [
        ("U-000001", "1"), ("U-000002", "0"), ("U-000002", "2")]


def test_sign_in_counts_whole_by_key(store):
    window = timedelta(minutes=15)
    store.limits.failed("address:10.0.0.1", FROZEN, window, lambda n: timedelta(0))
    store.limits.failed("account:a@example.com", FROZEN, window, lambda n: timedelta(minutes=1))
    store.limits.clear("address:10.0.0.1")
    assert store.limits.all() == {"account:a@example.com": {
        "failures": 1, "since": FROZEN.isoformat(), "locked_until": (FROZEN + timedelta(minutes=1)).isoformat()}}


def test_evidence_and_letter_pages_list_their_hashes_in_order(store):
    shas = sorted(store.evidence.put(data) for data in (b"photo one", b"photo two"))
    assert store.evidence.hashes() == shas
    store.letter_pages.put("b" * 64, "<p>B</p>")
    store.letter_pages.put("a" * 64, "<p>A</p>")
    assert store.letter_pages.hashes() == ["a" * 64, "b" * 64]
