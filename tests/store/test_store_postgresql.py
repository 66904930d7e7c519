"""PostgreSQL only: the append-only key under real concurrency, a server restart survived, and the
count of complaint writes that lets a process keep its open cases between writes."""

from __future__ import annotations

import multiprocessing
import threading
from collections import Counter

import psycopg
import pytest
from store_helpers import event, open_store, summary_row

from dataclasses import replace

from portal.store import Conflict, Unavailable
from portal.store.pg.database import Database

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


def test_open_cases_are_kept_until_a_complaint_is_written(database_url):
    with open_store(database_url) as reader, open_store(database_url) as writer:
        cid = writer.complaints.create(landlord="torus", customer_id="U-1", events=[event("received")],
                                       summary=summary_row(customer_id="U-1", summary="first"))
        assert [r.summary for r in reader.summaries.open("torus")] == ["first"]
        with psycopg.connect(database_url, autocommit=True) as conn:  # a change the count does not see
            conn.execute("SET session_replication_role = replica")
            conn.execute("UPDATE complaints SET summary = summary || '{\"summary\": \"unseen\"}'")
        assert [r.summary for r in reader.summaries.open("torus")] == ["first"]  # nothing read again
        other = writer.complaints.create(landlord="torus", customer_id="U-2", events=[event("received")],
                                         summary=summary_row(customer_id="U-2", summary="second"))
        assert [(r.id, r.summary) for r in reader.summaries.open("torus")] == [(cid, "unseen"), (other, "second")]


def test_every_way_of_writing_complaints_is_counted(database_url):
    with open_store(database_url) as reader, open_store(database_url) as writer:
        def add(summary: str) -> str:
            return writer.complaints.create(landlord="torus", customer_id="U-1", events=[event("received")],
                                            summary=summary_row(customer_id="U-1", summary=summary))

        def shown() -> list[str]:
            return [r.summary for r in reader.summaries.open("torus")]

        first = add("first")
        assert shown() == ["first"]
        writer.complaints.create_many([{"landlord": "torus", "customer_id": "U-1", "events": [event("received")],
                                        "summary": summary_row(customer_id="U-1", summary="many")}])
        assert shown() == ["first", "many"]
        writer.complaints.append(first, event(), summary=replace(summary_row(summary="appended"), version=2))
        assert shown() == ["appended", "many"]
        writer.complaints.put_summary(first, summary_row(summary="rebuilt"))
        assert shown() == ["rebuilt", "many"]
        writer.complaints.put_summaries({first: (summary_row(summary="rebuilt again"), 2)})
        assert shown() == ["rebuilt again", "many"]
        database = Database(database_url, max_size=1)
        try:
            database.wipe()
        finally:
            database.close()
        assert shown() == []
        add("after the wipe")
        assert shown() == ["after the wipe"]
