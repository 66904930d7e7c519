"""Two handles on one folder (as two processes would hold): no stale reads, no shared ids.

Each handle has its own caches and indexes, exactly like a second process, so these
tests pin the freshness rules without the cost of spawning processes.
"""

from __future__ import annotations

import pytest
from store_helpers import TINY, assert_all_valid_json, event, open_store, summary_row

from portal.store import Conflict, Duplicate, Store, StoreError


@pytest.fixture
def pair(folder):
    a, b = open_store(folder), open_store(folder)
    yield a, b
    a.close()
    b.close()


def complaint(store: Store, customer: str = "U-1", **fields: object) -> str:
    return store.complaints.create(landlord="torus", customer_id=customer, events=[event("received")],
                                   summary=summary_row(customer_id=customer, **fields))


def sees_appended_event(a, b):
    cid = complaint(a)
    assert b.complaints.get(cid).version == 1
    a.complaints.append(cid, event())
    assert b.complaints.get(cid).version == 2


def sees_same_size_row_changes_in_quick_succession(a, b):
    cid = complaint(a, customer_name="Ann")
    for name in ["Bob", "Cat", "Dan", "Eve", "Fay", "Guy", "Hal", "Ivy"] * 3:
        a.complaints.put_summary(cid, summary_row(customer_id="U-1", customer_name=name))  # same file size each time
        assert b.complaints.get(cid).summary.customer_name == name
        assert b.summaries.get(cid).customer_name == name


def sees_new_complaints_of_a_customer_even_in_a_new_shard(a, b):
    mine = [complaint(a)]
    assert [r.id for r in b.complaints.for_customer("U-1")] == mine
    for n in range(TINY["complaints_per_shard"] + 1):
        mine.append(complaint(a, customer="U-1" if n % 2 else "U-2"))
        theirs = [i for i in mine if a.complaints.get(i).customer_id == "U-1"]
        assert [r.id for r in b.complaints.for_customer("U-1")] == theirs


def sees_row_changes_in_old_shards_when_searching(a, b):
    old = complaint(a, search_text="1 high st")
    for _ in range(2 * TINY["complaints_per_shard"]):
        complaint(a)
    assert b.summaries.search("torus", "mill lane").total == 0
    a.complaints.put_summary(old, summary_row(customer_id="U-1", search_text="3 mill lane"))
    assert [r.id for r in b.summaries.search("torus", "MILL LANE").rows] == [old]


def sees_a_closed_complaint_leave_the_open_queue(a, b):
    cid = complaint(a, open=True)
    assert [r.id for r in b.summaries.open("torus")] == [cid]
    a.complaints.put_summary(cid, summary_row(customer_id="U-1", open=False))
    assert b.summaries.open("torus") == []


def never_hands_out_the_same_id(a, b):
    ids = [complaint(x) for x in (a, b, b, a, a, b, a, b, b, a)]
    assert len(set(ids)) == len(ids) == 10
    assert sorted(ids) == [f"C-2025-{n:06d}" for n in range(1, 11)]


def sees_an_email_change(a, b):
    uid = a.users.create({"email": "ann@example.org"})
    assert b.users.by_email("ann@example.org")["id"] == uid
    a.users.update(uid, email="ann.lee@example.org")
    assert b.users.by_email("ann@example.org") is None
    assert b.users.by_email("ann.lee@example.org")["id"] == uid


def refuses_an_email_taken_by_the_other_handle(a, b):
    b.users.create({"email": "zed@example.org"})  # b builds its index first
    a.users.create({"email": "ann@example.org"})
    with pytest.raises(Duplicate):
        b.users.create({"email": "ANN@example.org"})
    uid = a.users.create({"email": "bo@example.org"})
    with pytest.raises(Duplicate):
        b.users.update(uid, email="Zed@example.org")


def sees_new_users_in_lists(a, b):
    assert b.users.all() == []
    for n in range(TINY["users_per_shard"] + 2):
        a.users.create({"email": f"{n}@example.org", "kind": "staff"})
    assert len(b.users.all("staff")) == TINY["users_per_shard"] + 2


def sees_new_letters_of_a_case(a, b):
    first = a.letters.add(case_id="C-1", customer_id="U-1", kind="ack", title="t", pdf=b"%PDF a", created="x")
    assert [x["id"] for x in b.letters.for_case("C-1")] == [first]
    second = a.letters.add(case_id="C-1", customer_id="U-1", kind="ack", title="t", pdf=b"%PDF b", created="x")
    assert [x["id"] for x in b.letters.for_case("C-1")] == [first, second]
    assert b.letters.pdf_bytes(second) == b"%PDF b"


def sees_a_deleted_token_go(a, b):
    a.tokens.put("key", {"user_id": "U-1"}, "2999-01-01T00:00:00")
    assert b.tokens.get("key")["user_id"] == "U-1"
    a.tokens.delete("key")
    assert b.tokens.get("key") is None


def sees_conduct_events(a, b):
    a.conduct.append("U-1", event("incident"), landlord="torus")
    assert b.conduct.get("U-1").version == 1
    a.conduct.append("U-1", event("warning"), landlord="torus")
    assert [r.version for r in b.conduct.all()] == [2]


@pytest.mark.parametrize("scenario", [
    sees_appended_event, sees_same_size_row_changes_in_quick_succession,
    sees_new_complaints_of_a_customer_even_in_a_new_shard, sees_row_changes_in_old_shards_when_searching,
    sees_a_closed_complaint_leave_the_open_queue, never_hands_out_the_same_id, sees_an_email_change,
    refuses_an_email_taken_by_the_other_handle, sees_new_users_in_lists, sees_new_letters_of_a_case,
    sees_a_deleted_token_go, sees_conduct_events,
])
def test_a_second_handle_never_reads_stale_data(pair, folder, scenario):
    scenario(*pair)
    assert_all_valid_json(folder)


def test_optimistic_concurrency_holds_between_handles(pair):
    a, b = pair
    cid = complaint(a)
    seen_by_a, seen_by_b = a.complaints.get(cid), b.complaints.get(cid)
    a.complaints.append(cid, event("acknowledged"), expected_version=seen_by_a.version)
    with pytest.raises(Conflict):
        b.complaints.append(cid, event("acknowledged"), expected_version=seen_by_b.version)
    assert [e["kind"] for e in b.complaints.get(cid).events] == ["received", "acknowledged"]


@pytest.mark.embedded_only
def test_the_layout_is_fixed_when_the_store_is_made(folder):
    open_store(folder).close()
    with Store(folder, layout={"complaints_per_shard": 1000}) as again:
        assert again.layout["complaints_per_shard"] == TINY["complaints_per_shard"]


@pytest.mark.parametrize("layout", [{"complaints_per_shard": 0}, {"pages_per_shard": 4}, {"token_shards": "2"}])
def test_a_bad_layout_is_refused(tmp_path, layout):
    with pytest.raises(StoreError):
        Store(tmp_path / "new", layout=layout)


@pytest.mark.parametrize("use", [
    lambda s: s.complaints.get("C-2025-000001"),
    lambda s: s.users.by_email("a@b"),
    lambda s: s.tokens.put("k", {}, "2999-01-01"),
    lambda s: list(s.conduct.all()),
])
def test_a_closed_store_refuses_work(folder, use):
    store = open_store(folder)
    store.complaints.create(landlord="torus", customer_id="U-1", events=[])
    store.close()
    with pytest.raises(StoreError):
        use(store)


@pytest.mark.embedded_only
def test_a_leftover_temp_file_from_a_crash_is_harmless(store, folder):
    cid = complaint(store)
    (folder / "complaints" / ".000000.json.tmp").write_bytes(b'{"records": {"C-2025-0000')
    store.complaints.append(cid, event())
    with open_store(folder) as again:
        assert again.complaints.get(cid).version == 2
    assert_all_valid_json(folder)


@pytest.mark.embedded_only
def test_a_broken_data_file_is_reported_not_read_as_empty(store, folder):
    cid = complaint(store)
    (folder / "complaints" / "000000.json").write_bytes(b'{"records": {"C-2025-0000')
    with open_store(folder) as again, pytest.raises(StoreError):
        again.complaints.get(cid)
