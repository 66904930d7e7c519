"""The read model in the store: rows written with the event, queues and search paged from the rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from store_helpers import event, open_store

from portal.store import CaseSummary, ConductSummary, NotFound
from portal.store.summaries import MOST_COUNTED

TODAY = date(2025, 12, 1)


def row(**fields) -> CaseSummary:
    """A summary row with everything empty but what the test sets."""
    base = dict(id="", landlord="torus", customer_id="U-000001", version=1, computed_with="v1", stage=1,
                status="awaiting_acknowledgement", open=True, received_on=date(2025, 11, 17), channel="online",
                ack1_due=None, reply1_due=None, ack2_due=None, reply2_due=None, actions_due=None, request_due=None,
                risk_of_harm=False)
    return CaseSummary(**{**base, **fields})


def add(store, **fields) -> str:
    return store.complaints.create(landlord=fields.get("landlord", "torus"), customer_id="U-000001",
                                   events=[event("received")], summary=row(**fields))


@pytest.fixture
def queued(store):
    ids = {name: add(store, ack1_due=due, summary=name)
           for name, due in (("late", date(2025, 11, 24)), ("today", date(2025, 12, 1)),
                             ("friday", date(2025, 12, 5)), ("next-week", date(2025, 12, 8)))}
    ids["s2"] = add(store, reply2_due=date(2025, 12, 2), stage=2, summary="s2")
    ids["closed"] = add(store, ack1_due=date(2025, 11, 20), open=False, summary="closed")
    ids["other"] = add(store, landlord="thenue", ack1_due=date(2025, 11, 20), summary="other")
    return store


def names(found) -> list[str]:
    return [r.summary for r in found.rows]


@pytest.mark.parametrize("queue, args, expected", [
    ("ack1", {}, ["late", "today", "friday", "next-week"]),
    ("ack1", {"due_before": TODAY}, ["late"]),
    ("ack1", {"due_from": TODAY, "due_before": date(2025, 12, 2)}, ["today"]),
    ("ack1", {"due_from": TODAY, "due_before": date(2025, 12, 8)}, ["today", "friday"]),
    ("ack1", {"newest_first": True}, ["next-week", "friday", "today", "late"]),
    ("ack1", {"stage": 2}, []),
    ("reply2", {"stage": 2}, ["s2"]),
    ("ack1", {"offset": 1, "limit": 2}, ["today", "friday"]),
])
def test_a_queue_filters_sorts_and_pages_open_rows_of_one_landlord(queued, queue, args, expected):
    found = queued.summaries.queue("torus", queue, **args)
    assert names(found) == expected
    assert found.total == (4 if queue == "ack1" and set(args) <= {"offset", "limit", "newest_first"} else len(expected))


def test_rows_come_back_with_their_id_and_dates_through_a_reopened_store(queued, folder):
    first = queued.summaries.queue("torus", "ack1").rows[0]
    queued.close()
    with open_store(folder) as again:
        assert again.summaries.get(first.id) == first
        assert first.id.startswith("C-") and first.ack1_due == date(2025, 11, 24)


def test_an_append_replaces_the_row_in_the_same_write(store):
    case_id = add(store, ack1_due=date(2025, 11, 24))
    done = replace(row(), id=case_id, status="closed", open=False, version=2)
    record = store.complaints.append(case_id, event("closed"), summary=done, expected_version=1)
    assert record.summary == done and store.summaries.get(case_id) == done
    assert store.summaries.queue("torus", "ack1").total == 0


def test_search_matches_word_starts_and_the_whole_phrase_and_pages(store):
    for n in range(7):
        add(store, search_text=f"pat smith {n} mill lane, oldtown")
    add(store, search_text="sam smithers quay street")
    add(store, search_text="ann lee mill lane", landlord="thenue")
    assert store.summaries.search("torus", "smith").total == 8
    assert store.summaries.search("torus", "PAT  Smith").total == 7
    assert store.summaries.search("torus", "mith").total == 0  # words are matched from their start
    page = store.summaries.search("torus", "mill lane", offset=5, limit=5)
    assert len(page.rows) == 2 and page.total == 7
    some = store.summaries.search("torus", "smith").rows[3].id
    assert [r.id for r in store.summaries.search("torus", some).rows] == [some]


def test_search_counts_up_to_the_cap_and_still_pages_oldest_first(store):
    items = [{"landlord": "torus", "customer_id": "U-000001", "events": [event("received")],
              "summary": row(search_text=f"jo smith {n}" + (" mill lane" if n % 500 == 0 else ""))}
             for n in range(MOST_COUNTED + 1)]
    ids = store.complaints.create_many(items)
    every = store.summaries.search("torus", "smith", offset=0, limit=50)
    assert (every.total, every.more, [r.id for r in every.rows]) == (MOST_COUNTED, True, ids[:50])
    last = store.summaries.search("torus", "smith", offset=MOST_COUNTED - 50, limit=50)
    assert [r.id for r in last.rows] == ids[MOST_COUNTED - 50:MOST_COUNTED]
    assert store.summaries.search("torus", "smith", offset=MOST_COUNTED - 10, limit=50).rows == last.rows[-10:]
    assert store.summaries.search("torus", "smith", offset=MOST_COUNTED, limit=50).rows == ()  # pages stop at the cap
    rare = store.summaries.search("torus", "mill lane")
    assert (rare.total, rare.more, [r.id for r in rare.rows]) == (3, False, [ids[0], ids[500], ids[1000]])
    store.complaints.put_summary(ids[-1], row(search_text="moved away"))
    exactly = store.summaries.search("torus", "smith", offset=MOST_COUNTED - 1, limit=50)
    assert (exactly.total, exactly.more, [r.id for r in exactly.rows]) == (MOST_COUNTED, False, [ids[-2]])


def test_rows_of_another_version_or_none_at_all_are_counted_stale(store):
    add(store, computed_with="v1")
    add(store, computed_with="v0")
    store.complaints.create(landlord="torus", customer_id="U-000002", events=[event("received")])
    assert store.summaries.stale("torus", "v1") == 2
    assert store.summaries.stale("thenue", "v1") == 0


def test_conduct_rows_give_reviews_of_live_protocols(store):
    def conduct_row(customer_id: str, **fields) -> ConductSummary:
        base = dict(customer_id=customer_id, landlord="torus", version=1, computed_with="v1", customer_name="",
                    protocol=1, protocol_start=date(2025, 6, 1), protocol_ends_on=None, protocol_ended=False,
                    review_on=date(2025, 12, 5), no_personal_contact=False, appeal_waiting=False,
                    approval_waiting=False, open_case=True)
        return ConductSummary(**{**base, **fields})

    for customer_id, fields in (("U-1", {}), ("U-2", {"protocol_ended": True}),
                                ("U-3", {"review_on": date(2026, 3, 1)}), ("U-4", {"review_on": date(2025, 11, 1)})):
        store.conduct.append(customer_id, event("incident"), landlord="torus", summary=conduct_row(customer_id, **fields))
    due = store.conduct_summaries.reviews("torus", today=TODAY, due_by=date(2025, 12, 15))
    assert [r.customer_id for r in due] == ["U-4", "U-1"]


@pytest.mark.embedded_only
def test_a_tiny_shard_cache_keeps_memory_bounded_and_reads_right(folder):
    from store_helpers import TINY

    from portal.store import Store

    with Store(folder, layout=TINY, cache_shards=2) as store:
        ids = [add(store, ack1_due=date(2025, 11, 20 + n % 5), search_text=f"tenant {n}") for n in range(20)]
        assert len(store.cache) <= 2
        for case_id in ids:
            assert store.complaints.get(case_id).summary.id == case_id
        assert len(store.cache) <= 2
        with Store(folder, layout=TINY, cache_shards=2) as other:  # another process changes a dropped shard
            other.complaints.put_summary(ids[0], row(search_text="moved away", open=False))
        assert [r.id for r in store.summaries.search("torus", "moved").rows] == [ids[0]]
        assert store.summaries.queue("torus", "ack1").total == 19
        assert len(store.cache) <= 2


def test_report_facts_come_back_whole_with_the_full_row(store, folder):
    facts = {"format": 2, "stages": [{"number": 1, "responded_on": "2025-11-20", "extensions": []}], "ombudsman": []}
    first = add(store, report=facts)
    second = add(store, report={**facts, "status": "closed"})
    plain_row = add(store)
    assert store.summaries.full(first).report == facts
    assert store.summaries.full(plain_row).report is None
    moved = replace(row(report={"format": 2, "stages": []}), version=2)
    store.complaints.append(second, event("replied"), summary=moved, expected_version=1)
    assert store.summaries.full(second).report == {"format": 2, "stages": []}
    store.complaints.put_summary(first, row())  # a rebuild that finds no facts forgets them
    assert store.summaries.full(first).report is None
    store.close()
    with open_store(folder) as again:
        assert [r.report for r in again.summaries.every("torus")] == [None, {"format": 2, "stages": []}, None]


@pytest.mark.embedded_only
def test_report_facts_are_read_from_memory_kept_packed_not_from_the_shards(folder, monkeypatch):
    from store_helpers import TINY

    from portal.store import Store, shards

    facts = {"format": 2, "stages": [{"number": n, "outcome": "upheld"} for n in (1, 2)], "learning": []}
    with Store(folder, layout=TINY, cache_shards=2) as store:
        ids = [add(store, report={**facts, "n": n}) for n in range(20)]
    with Store(folder, layout=TINY, cache_shards=2) as store:
        store.warm()
        assert store.summaries.get(ids[0]).report is None  # the rows kept for pages leave them out
        assert all(r.report is None for r in store.summaries.kept("torus"))
        reads = []
        real = shards.read_with_signature
        monkeypatch.setattr(shards, "read_with_signature", lambda path: reads.append(path) or real(path))
        assert [r.report["n"] for r in store.summaries.every("torus")] == list(range(20))
        assert store.summaries.full(ids[7]).report == {**facts, "n": 7}
        assert reads == []  # 5 shards, a cache of 2: reading the files would show here
        packed = store.summaries._facts
        assert len(packed) == 20 and all(isinstance(v, bytes) for v in packed._packed.values())


def test_open_rows_read_again_follow_every_change(store):
    first, second = add(store, summary="first"), add(store, summary="second")
    assert [r.summary for r in store.summaries.open("torus")] == ["first", "second"]
    store.complaints.put_summary(first, row(summary="first, moved"))
    store.complaints.append(second, event("closed"), summary=replace(row(), open=False, version=2))
    assert [r.summary for r in store.summaries.open("torus")] == ["first, moved"]
    assert store.summaries.open("torus")[0].id == first


def test_many_rows_are_put_together_and_a_case_moved_on_keeps_its_own(store):
    ids = [add(store, summary=f"case {n}") for n in range(6)]
    store.complaints.append(ids[2], event("note"), summary=replace(row(summary="moved on"), version=2))
    written = store.complaints.put_summaries({i: (row(summary=f"rebuilt {n}"), 1) for n, i in enumerate(ids)})
    assert written == [i for i in ids if i != ids[2]]
    assert [store.complaints.get(i).summary.summary for i in ids] == [
        "rebuilt 0", "rebuilt 1", "moved on", "rebuilt 3", "rebuilt 4", "rebuilt 5"]
    assert [r.summary for r in store.summaries.open("torus")] == [
        "rebuilt 0", "rebuilt 1", "moved on", "rebuilt 3", "rebuilt 4", "rebuilt 5"]
    with pytest.raises(NotFound):
        store.complaints.put_summaries({"C-2025-999999": (row(), 1)})
