"""Registers, the access log and batch user writes, on every backend."""

from __future__ import annotations

import pytest

from portal.store import Conflict, Duplicate, NotFound

NOTE = {"by": "S-1", "at": "2025-06-02T09:30:00", "what": "edited"}


def test_a_register_document_moves_its_version_and_keeps_its_history(store):
    first = store.registers.put("actions:1", {"title": "Fix repairs"}, kind="action", landlord="torus", note=NOTE)
    assert first["version"] == 1 and store.registers.get("actions:1") == first
    second = store.registers.put("actions:1", {"title": "Fix repairs soon"}, kind="action", landlord="torus",
                                 note={**NOTE, "what": "again"}, expected_version=1)
    assert second["version"] == 2 and [n["what"] for n in second["history"]] == ["edited", "again"]
    with pytest.raises(Conflict):
        store.registers.put("actions:1", {"title": "stale"}, kind="action", landlord="torus", note=NOTE,
                            expected_version=1)
    with pytest.raises(Conflict):
        store.registers.put("actions:2", {"title": "new"}, kind="action", landlord="torus", note=NOTE,
                            expected_version=1)
    assert store.registers.get("actions:1")["title"] == "Fix repairs soon"
    assert store.registers.get("actions:2") is None


def test_registers_list_by_kind_and_landlord_in_key_order(store):
    for key, kind, landlord in [("b", "action", "torus"), ("a", "action", "torus"), ("c", "action", "connect"),
                                ("d", "review", "torus")]:
        store.registers.put(key, {}, kind=kind, landlord=landlord, note=NOTE)
    assert [d["key"] for d in store.registers.all("action", "torus")] == ["a", "b"]


def test_the_access_log_reads_newest_first(store):
    for n in range(4):
        store.access.record(customer_id="U-000001", by="S-1", at=f"2025-06-02T09:3{n}:00", what="case", ref=f"C-{n}")
    store.access.record(customer_id="U-000002", by="S-2", at="2025-06-02T10:00:00", what="customer")
    assert [e["ref"] for e in store.access.for_customer("U-000001")] == ["C-3", "C-2", "C-1", "C-0"]
    assert [e["ref"] for e in store.access.for_customer("U-000001", newest=2)] == ["C-3", "C-2"]
    assert store.access.for_customer("U-000002") == [{"at": "2025-06-02T10:00:00", "by": "S-2",
                                                      "what": "customer", "ref": ""}]
    with pytest.raises(ValueError):
        store.access.record(customer_id="../etc", by="S-1", at="x", what="case")


def test_create_many_users_is_all_or_nothing(store):
    store.users.create({"email": "ann@example.org"})
    with pytest.raises(Duplicate):
        store.users.create_many([{"email": "new@example.org"}, {"email": "ANN@example.org"}])
    with pytest.raises(Duplicate):
        store.users.create_many([{"email": "x@example.org"}, {"email": "X@example.org"}])
    assert len(store.users.all()) == 1
    ids = store.users.create_many([{"email": "bo@example.org", "kind": "tenant"}, {"name": "No Email"}])
    assert [store.users.get(uid)["id"] for uid in ids] == ids
    assert store.users.by_email("BO@example.org")["id"] == ids[0]


def test_update_many_changes_fields_and_notes_history(store):
    a, b = store.users.create({"email": "a@example.org"}), store.users.create({"email": "b@example.org"})
    store.users.update_many({a: {"phone": "1"}, b: {"phone": "2"}}, {a: NOTE})
    assert store.users.get(a)["history"] == [NOTE] and store.users.get(b)["phone"] == "2"
    assert "history" not in store.users.get(b)
    with pytest.raises(NotFound):
        store.users.update_many({"U-000404": {"phone": "9"}}, {})
    with pytest.raises(ValueError):
        store.users.update_many({a: {"email": "c@example.org"}}, {})

