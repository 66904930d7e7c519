"""Complaints in the store: ids, events, optimistic concurrency, metadata, indexes, search."""

from __future__ import annotations

import pytest
from store_helpers import event, open_store

from portal.store import ComplaintRecord, Conflict, NotFound, Store


def new(store: Store, customer: str = "U-000001", landlord: str = "torus", **meta: object) -> str:
    return store.complaints.create(landlord=landlord, customer_id=customer,
                                   events=[event("received", channel="phone")], meta=meta)


def test_create_then_get_returns_what_was_stored(store):
    cid = new(store, customer_name="Ann Lee", open=True)
    assert store.complaints.get(cid) == ComplaintRecord(
        id=cid, landlord="torus", customer_id="U-000001",
        events=(event("received", channel="phone"),), meta={"customer_name": "Ann Lee", "open": True},
        version=1)


def test_ids_are_readable_sequential_and_dated_by_the_clock(store):
    ids = [new(store) for _ in range(6)]
    assert ids == [f"C-2025-{n:06d}" for n in range(1, 7)]


@pytest.mark.parametrize("bad_id", ["", "C-2025-9", "C-2025-000099", "C-2024-000001", "X-2025-000001", "c-2025-000001"])
def test_unknown_or_malformed_ids_read_as_none(store, bad_id):
    new(store)
    assert store.complaints.get(bad_id) is None


@pytest.mark.parametrize("write", [
    lambda s, cid: s.complaints.append(cid, event()),
    lambda s, cid: s.complaints.set_meta(cid, open=False),
])
@pytest.mark.parametrize("cid", ["C-2025-000042", "nonsense"])
def test_writes_to_a_missing_complaint_raise_not_found(store, write, cid):
    new(store)
    with pytest.raises(NotFound):
        write(store, cid)


def test_append_adds_events_in_order_and_counts_versions(store):
    cid = new(store)
    store.complaints.append(cid, event("acknowledged"))
    record = store.complaints.append(cid, event("responded", outcome="upheld"))
    assert [e["kind"] for e in record.events] == ["received", "acknowledged", "responded"]
    assert record.version == 3
    assert store.complaints.get(cid) == record


@pytest.mark.parametrize("expected, ok", [(1, True), (0, False), (2, False)])
def test_append_with_expected_version_raises_conflict_when_it_moved(store, expected, ok):
    cid = new(store)
    if ok:
        assert store.complaints.append(cid, event(), expected_version=expected).version == 2
    else:
        with pytest.raises(Conflict):
            store.complaints.append(cid, event(), expected_version=expected)
        assert store.complaints.get(cid).version == 1


def test_set_meta_merges_and_does_not_move_the_version(store):
    cid = new(store, customer_name="Ann Lee", open=True)
    record = store.complaints.set_meta(cid, open=False, reference="REP-7")
    assert record.meta == {"customer_name": "Ann Lee", "open": False, "reference": "REP-7"}
    assert record.version == 1
    assert store.complaints.append(cid, event(), expected_version=1).version == 2


def test_append_can_merge_metadata_in_the_same_write(store, folder):
    cid = new(store, customer_name="Ann Lee", open=True)
    record = store.complaints.append(cid, event(), expected_version=1, meta={"open": False, "status": "closed"})
    assert record.version == 2
    assert record.meta == {"customer_name": "Ann Lee", "open": False, "status": "closed"}
    with open_store(folder) as again:  # what another process sees
        assert again.complaints.get(cid).meta == record.meta
        assert [r.id for r in again.complaints.all(open_only=True)] == []
    with pytest.raises(Conflict):
        store.complaints.append(cid, event(), expected_version=1, meta={"open": True})
    assert store.complaints.get(cid).meta["open"] is False  # a refused write changes nothing


@pytest.mark.parametrize("mutate", [
    lambda r: r.events[0]["data"].update(channel="hacked"),
    lambda r: r.events[0].update(kind="hacked"),
    lambda r: r.meta.update(open=False),
])
def test_records_handed_out_are_copies(store, mutate):
    cid = new(store, open=True)
    mutate(store.complaints.get(cid))
    assert store.complaints.get(cid).events[0] == event("received", channel="phone")
    assert store.complaints.get(cid).meta == {"open": True}


@pytest.mark.parametrize("bad", [
    {"kind": "note", "on": object()},
    {"kind": "note", "data": {1: "non-string key"}},
])
def test_events_must_be_plain_json(store, bad):
    cid = new(store)
    with pytest.raises(TypeError):
        store.complaints.append(cid, bad)
    assert store.complaints.get(cid).version == 1


def test_for_customer_lists_only_that_customers_complaints_oldest_first(store):
    made = {c: [] for c in ("U-1", "U-2", "U-3")}
    for n in range(10):  # spans several tiny shards
        customer = ("U-1", "U-2", "U-3")[n % 3]
        made[customer].append(new(store, customer=customer))
    for customer, ids in made.items():
        assert [r.id for r in store.complaints.for_customer(customer)] == ids
    assert store.complaints.for_customer("U-404") == []


@pytest.mark.parametrize("text, landlord, expected", [
    ("ann", None, [1, 3]),
    ("ANN LEE", None, [1]),
    ("flat 2", None, [2]),
    ("rep-9", None, [3]),
    ("000002", None, [2]),
    ("c-2025-000003", None, [3]),
    ("ann", "connect", [3]),
    ("", None, []),
    ("nobody", None, []),
])
def test_search_matches_id_name_address_and_reference_in_any_case(store, text, landlord, expected):
    new(store, customer_name="Ann Lee", address="1 High St")
    new(store, landlord="torus", customer_name="Bo Yu", address="Flat 2, Low Rd")
    new(store, landlord="connect", customer_name="Joanna Ng", reference="REP-9")
    found = store.complaints.search(text, landlord=landlord)
    assert [r.id for r in found] == [f"C-2025-{n:06d}" for n in expected]


@pytest.mark.parametrize("landlord, open_only, expected", [
    (None, False, [1, 2, 3, 4]),
    (None, True, [1, 4]),
    ("torus", False, [1, 2]),
    ("connect", True, [4]),
])
def test_all_filters_by_landlord_and_the_open_flag(store, landlord, open_only, expected):
    for who, is_open in [("torus", True), ("torus", False), ("connect", None), ("connect", True)]:
        cid = new(store, landlord=who)
        if is_open is not None:
            store.complaints.set_meta(cid, open=is_open)
    found = store.complaints.all(landlord=landlord, open_only=open_only)
    assert [r.id for r in found] == [f"C-2025-{n:06d}" for n in expected]


def test_closing_a_complaint_drops_it_from_the_open_queue(store):
    cid = new(store, open=True)
    assert [r.id for r in store.complaints.all(open_only=True)] == [cid]
    store.complaints.set_meta(cid, open=False)
    assert list(store.complaints.all(open_only=True)) == []


def test_create_many_numbers_in_order_and_indexes_everything(store):
    first = new(store)
    items = [{"landlord": "torus", "customer_id": f"U-{n % 2}", "events": [event(n=n)]} for n in range(9)]
    ids = store.complaints.create_many(items)
    assert ids == [f"C-2025-{n:06d}" for n in range(2, 11)]
    assert [r.events[0]["data"]["n"] for r in store.complaints.for_customer("U-1")] == [1, 3, 5, 7]
    assert store.complaints.get(first).version == 1


@pytest.mark.parametrize("field", ["landlord", "customer_id"])
def test_create_needs_a_landlord_and_a_customer(store, field):
    args = {"landlord": "torus", "customer_id": "U-1", "events": []}
    with pytest.raises(ValueError):
        store.complaints.create(**{**args, field: ""})


def test_reopening_sees_everything(folder):
    with open_store(folder) as first:
        a = first.complaints.create(landlord="torus", customer_id="U-1", events=[event()], meta={"open": True})
        b = first.complaints.create(landlord="connect", customer_id="U-1", events=[])
        first.complaints.append(b, event("acknowledged"))
        first.complaints.set_meta(a, customer_name="Ann Lee")
        before = [first.complaints.get(a), first.complaints.get(b)]
    with open_store(folder) as again:
        assert [again.complaints.get(a), again.complaints.get(b)] == before
        assert again.complaints.for_customer("U-1") == before
        assert again.complaints.search("ann lee") == [before[0]]
        assert again.complaints.create(landlord="torus", customer_id="U-2", events=[]) == "C-2025-000003"
