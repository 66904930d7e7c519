"""Complaints in the store: ids, events, optimistic concurrency, summary rows, indexes, search."""

from __future__ import annotations

import pytest
from dataclasses import replace

from store_helpers import event, open_store, summary_row

from portal.store import ComplaintRecord, Conflict, NotFound, Store


def new(store: Store, customer: str = "U-000001", landlord: str = "torus", **fields: object) -> str:
    return store.complaints.create(landlord=landlord, customer_id=customer,
                                   events=[event("received", channel="phone")],
                                   summary=summary_row(landlord=landlord, customer_id=customer, **fields))


def test_create_then_get_returns_what_was_stored(store):
    cid = new(store, customer_name="Ann Lee")
    record = store.complaints.get(cid)
    assert record == ComplaintRecord(
        id=cid, landlord="torus", customer_id="U-000001",
        events=(event("received", channel="phone"),), row=record.row, version=1)
    assert record.summary == summary_row(id=cid, customer_name="Ann Lee")


def test_ids_are_readable_sequential_and_dated_by_the_clock(store):
    ids = [new(store) for _ in range(6)]
    assert ids == [f"C-2025-{n:06d}" for n in range(1, 7)]


@pytest.mark.parametrize("bad_id", ["", "C-2025-9", "C-2025-000099", "C-2024-000001", "X-2025-000001", "c-2025-000001"])
def test_unknown_or_malformed_ids_read_as_none(store, bad_id):
    new(store)
    assert store.complaints.get(bad_id) is None


@pytest.mark.parametrize("write", [
    lambda s, cid: s.complaints.append(cid, event()),
    lambda s, cid: s.complaints.put_summary(cid, summary_row(open=False)),
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


def test_put_summary_replaces_the_row_and_does_not_move_the_version(store):
    cid = new(store, customer_name="Ann Lee")
    record = store.complaints.put_summary(cid, summary_row(customer_name="Ann Smith"), expected_version=1)
    assert record.summary.customer_name == "Ann Smith" and record.summary.id == cid
    assert record.version == 1
    assert store.complaints.append(cid, event(), expected_version=1).version == 2
    with pytest.raises(Conflict):
        store.complaints.put_summary(cid, summary_row(), expected_version=1)


def test_append_replaces_the_row_in_the_same_write(store, folder):
    cid = new(store, customer_name="Ann Lee")
    closed = summary_row(id=cid, customer_name="Ann Lee", open=False, status="closed", version=2)
    record = store.complaints.append(cid, event(), expected_version=1, summary=closed)
    assert record.version == 2 and record.summary == closed
    with open_store(folder) as again:  # what another process sees
        assert again.complaints.get(cid).summary == closed
        assert again.summaries.open("torus") == []
    with pytest.raises(Conflict):
        store.complaints.append(cid, event(), expected_version=1, summary=replace(closed, open=True))
    assert store.complaints.get(cid).summary.open is False  # a refused write changes nothing


@pytest.mark.parametrize("mutate", [
    lambda r: r.events[0]["data"].update(channel="hacked"),
    lambda r: r.events[0].update(kind="hacked"),
])
def test_records_handed_out_are_copies(store, mutate):
    cid = new(store)
    mutate(store.complaints.get(cid))
    assert store.complaints.get(cid).events[0] == event("received", channel="phone")


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
    ("ann", "torus", [1]),
    ("ANN LEE", "torus", [1]),
    ("flat 2", "torus", [2]),
    ("rep-9", "connect", [3]),
    ("000002", "torus", [2]),
    ("c-2025-000003", "connect", [3]),
    ("c-2025-000003", "torus", []),
    ("joanna", "connect", [3]),
    ("", "torus", []),
    ("nobody", "torus", []),
])
def test_search_matches_id_and_search_text_in_any_case(store, text, landlord, expected):
    new(store, search_text="ann lee 1 high st")
    new(store, landlord="torus", search_text="bo yu flat 2, low rd")
    new(store, landlord="connect", search_text="joanna ng rep-9")
    found = store.summaries.search(landlord, text)
    assert [r.id for r in found.rows] == [f"C-2025-{n:06d}" for n in expected]


def test_open_lists_a_landlords_open_rows_and_closing_drops_one(store):
    ids = [new(store, landlord=who, open=is_open)
           for who, is_open in [("torus", True), ("torus", False), ("connect", True), ("torus", True)]]
    assert [r.id for r in store.summaries.open("torus")] == [ids[0], ids[3]]
    store.complaints.put_summary(ids[0], summary_row(open=False))
    assert [r.id for r in store.summaries.open("torus")] == [ids[3]]
    assert [r.id for r in store.summaries.open("connect")] == [ids[2]]


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
        a = first.complaints.create(landlord="torus", customer_id="U-1", events=[event()], summary=summary_row())
        b = first.complaints.create(landlord="connect", customer_id="U-1", events=[])
        first.complaints.append(b, event("acknowledged"))
        first.complaints.put_summary(a, summary_row(search_text="ann lee"))
        before = [first.complaints.get(a), first.complaints.get(b)]
    with open_store(folder) as again:
        assert [again.complaints.get(a), again.complaints.get(b)] == before
        assert again.complaints.for_customer("U-1") == before
        assert again.summaries.search("torus", "ann lee").rows == (before[0].summary,)
        assert again.complaints.create(landlord="torus", customer_id="U-2", events=[]) == "C-2025-000003"
