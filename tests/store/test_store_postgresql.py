"""PostgreSQL only: the append-only key under real concurrency, and a server restart survived."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter

import psycopg
import pytest
from store_helpers import event, open_store

from portal.store import Conflict, Unavailable

FORK = multiprocessing.get_context("fork")
WORKERS, APPENDS = 4, 250


def append_many(url: str, cid: str, worker: int) -> None:
    with open_store(url) as store:
        for n in range(APPENDS):
            store.complaints.append(cid, event(worker=worker, n=n))


def test_four_processes_appending_to_one_complaint_keep_all_1000_events_once(database_url):
    with open_store(database_url) as store:
        cid = store.complaints.create(landlord="torus", customer_id="U-1", events=[])
    workers = [FORK.Process(target=append_many, args=(database_url, cid, w)) for w in range(WORKERS)]
    for p in workers:
        p.start()
    for p in workers:
        p.join(timeout=300)
        assert p.exitcode == 0
    with open_store(database_url) as store:
        record = store.complaints.get(cid)
    assert record.version == len(record.events) == WORKERS * APPENDS
    seen = Counter((e["data"]["worker"], e["data"]["n"]) for e in record.events)
    assert len(seen) == WORKERS * APPENDS and set(seen.values()) == {1}  # all present, none twice
    for w in range(WORKERS):  # each worker's events kept their order
        assert [e["data"]["n"] for e in record.events if e["data"]["worker"] == w] == list(range(APPENDS))


def test_two_writers_racing_from_one_version_one_wins_one_conflicts(database_url):
    with open_store(database_url) as a, open_store(database_url) as b:
        cid = a.complaints.create(landlord="torus", customer_id="U-1", events=[event("received")])
        for round_ in range(20):
            version = a.complaints.get(cid).version
            start, outcomes = threading.Barrier(2), []

            def write(store, who):
                start.wait()
                try:
                    store.complaints.append(cid, event(who=who, round=round_), expected_version=version)
                    outcomes.append("won")
                except Conflict:
                    outcomes.append("conflict")

            threads = [threading.Thread(target=write, args=(s, w)) for w, s in enumerate((a, b))]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert sorted(outcomes) == ["conflict", "won"]
        assert b.complaints.get(cid).version == 21


def test_events_cannot_be_changed_or_deleted_even_in_sql(database_url):
    with open_store(database_url) as store:
        cid = store.complaints.create(landlord="torus", customer_id="U-1", events=[event("received")])
    with psycopg.connect(database_url) as conn:
        for sql in ("UPDATE complaint_events SET body = '{}'", "DELETE FROM complaint_events"):
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute(sql)
            conn.rollback()


def test_a_restarted_server_is_unavailable_then_used_again_without_reopening(database_url, postgres_server):
    store = open_store(database_url)
    try:
        cid = store.complaints.create(landlord="torus", customer_id="U-1", events=[event("received")])
        postgres_server.stop()
        try:
            with pytest.raises(Unavailable):
                store.complaints.get(cid)
        finally:
            postgres_server.start()
        assert store.complaints.append(cid, event()).version == 2
    finally:
        store.close()
