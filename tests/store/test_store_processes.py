"""Several processes and threads at once, and writers killed mid-write: nothing acknowledged is lost.

Children are forked (fast, and they inherit nothing they use: each opens its own Store).
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from store_helpers import assert_all_valid_json, event, open_store, summary_row

from portal.store import Conflict, Duplicate

FORK = multiprocessing.get_context("fork")
WORKERS, WRITES = 4, 250


def create_complaints(folder: Path, worker: int, out) -> None:
    with open_store(folder) as store:
        out.put([store.complaints.create(landlord="torus", customer_id=f"U-{worker}",
                                         events=[event("received", worker=worker, n=n)]) for n in range(WRITES)])


def test_four_processes_writing_at_once_lose_nothing_and_share_no_id(folder):
    open_store(folder).close()
    out = FORK.Queue()
    workers = [FORK.Process(target=create_complaints, args=(folder, w, out)) for w in range(WORKERS)]
    for p in workers:
        p.start()
    reported = [out.get(timeout=120) for _ in workers]
    for p in workers:
        p.join(timeout=120)
        assert p.exitcode == 0
    ids = [cid for batch in reported for cid in batch]
    assert len(ids) == len(set(ids)) == WORKERS * WRITES
    with open_store(folder) as store:
        assert store.complaints.ids() == sorted(ids)
        for batch in reported:  # each worker's ids, in its order, are its customer's complaints
            record = store.complaints.get(batch[0])
            theirs = store.complaints.for_customer(record.customer_id)
            assert [r.id for r in theirs] == batch
            assert [r.events[0]["data"]["n"] for r in theirs] == list(range(WRITES))
    assert_all_valid_json(folder)


def contend(folder: Path, cid: str, worker: int, out) -> None:
    with open_store(folder) as store:
        conflicts = 0
        for n in range(25):
            while True:
                seen = store.complaints.get(cid)
                try:
                    store.complaints.append(cid, event(worker=worker, n=n), expected_version=seen.version)
                    break
                except Conflict:
                    conflicts += 1
        won = []
        for n in range(12):
            try:
                won.append(store.users.create({"email": f"Person{n}@Example.org".swapcase() if worker % 2
                                               else f"person{n}@example.org", "worker": worker}))
            except Duplicate:
                pass
        out.put((worker, conflicts, won))


def test_processes_contending_for_one_record_and_one_email_serialise(folder):
    with open_store(folder) as store:
        cid = store.complaints.create(landlord="torus", customer_id="U-1", events=[event("received")])
    out = FORK.Queue()
    workers = [FORK.Process(target=contend, args=(folder, cid, w, out)) for w in range(WORKERS)]
    for p in workers:
        p.start()
    results = [out.get(timeout=120) for _ in workers]
    for p in workers:
        p.join(timeout=120)
    with open_store(folder) as store:
        events = store.complaints.get(cid).events[1:]
        assert Counter(e["data"]["worker"] for e in events) == {w: 25 for w in range(WORKERS)}
        for w in range(WORKERS):  # each worker's events kept their own order
            assert [e["data"]["n"] for e in events if e["data"]["worker"] == w] == list(range(25))
        won = [uid for _, _, ids in results for uid in ids]
        assert sorted(won) == sorted(u["id"] for u in store.users.all()) and len(won) == 12
        assert all(store.users.by_email(f"PERSON{n}@example.org") for n in range(12))


def test_threads_sharing_one_store_lose_nothing(store):
    cid = store.complaints.create(landlord="torus", customer_id="U-1", events=[])
    made: list[str] = []
    errors: list[BaseException] = []

    def work(worker: int) -> None:
        try:
            for n in range(20):
                store.complaints.append(cid, event(worker=worker, n=n))
                if n % 4 == 0:
                    made.append(store.complaints.create(landlord="torus", customer_id=f"U-{worker}", events=[]))
                store.users.create({"email": f"{worker}-{n}@example.org"})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.complaints.get(cid).version == 8 * 20
    assert len(set(made)) == len(made) == 8 * 5
    assert len(store.users.all()) == 8 * 20


# --- crashes -------------------------------------------------------------------------------

def keep_writing(folder: Path, conn, seed: int) -> None:
    """Write in a tight loop, reporting each acknowledged write, until killed."""
    rng = random.Random(seed)
    store = open_store(folder)
    cid = None
    for n in range(100_000):
        roll = rng.random()
        if cid is None or roll < 0.25:
            cid = store.complaints.create(landlord="torus", customer_id=f"U-{rng.randrange(4)}",
                                          events=[event("received")], summary=summary_row())
            conn.send(("complaint", cid, 1))
        elif roll < 0.8:
            conn.send(("complaint", cid, store.complaints.append(cid, event(n=n)).version))
        elif roll < 0.95:
            record = store.conduct.append(f"U-{rng.randrange(4)}", event("incident"), landlord="torus")
            conn.send(("conduct", record.customer_id, record.version))
        else:
            conn.send(("user", store.users.create({"email": f"{seed}-{n}@example.org"}), 0))


def check_acknowledged(folder: Path, acked: dict[tuple[str, str], int]) -> None:
    assert_all_valid_json(folder)
    with open_store(folder) as store:
        for (kind, key), version in acked.items():
            if kind == "complaint":
                assert store.complaints.get(key).version >= version, key
            elif kind == "conduct":
                assert store.conduct.get(key).version >= version, key
            else:
                assert store.users.get(key) is not None, key
        assert set(store.complaints.ids()) >= {k for (kind, k) in acked if kind == "complaint"}


def test_writers_killed_at_random_moments_never_lose_an_acknowledged_write(folder):
    rng = random.Random(7)
    acked: dict[tuple[str, str], int] = {}
    kills = 0
    for round_ in range(60):
        receive, send = FORK.Pipe(duplex=False)
        child = FORK.Process(target=keep_writing, args=(folder, send, round_))
        child.start()
        send.close()
        for _ in range(rng.randint(1, 12)):
            kind, key, version = receive.recv()
            acked[kind, key] = max(version, acked.get((kind, key), 0))
        spin_until = time.perf_counter() + rng.uniform(0, 0.003)  # land anywhere inside the next write
        while time.perf_counter() < spin_until:
            pass
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        kills += child.exitcode == -signal.SIGKILL
        while True:  # acknowledgements already sent count too
            try:
                kind, key, version = receive.recv()
            except EOFError:
                break
            acked[kind, key] = max(version, acked.get((kind, key), 0))
        receive.close()
        check_acknowledged(folder, acked)
    assert kills >= 50


def die_at(phase: str) -> None:
    """Make this process SIGKILL itself at one point inside the next durable write."""
    real_write, real_replace = os.write, os.replace
    die = lambda: os.kill(os.getpid(), signal.SIGKILL)  # noqa: E731
    if phase == "half way through the temp file":
        os.write = lambda fd, data: (real_write(fd, bytes(data[: len(data) // 2])), die())[0]
    elif phase == "before the temp file is fsynced":
        os.fsync = lambda fd: die()
    elif phase == "before the rename":
        os.replace = lambda a, b: die()
    elif phase == "after the rename, before the folder fsync":
        os.replace = lambda a, b: (real_replace(a, b), die())


def append_then_die(folder: Path, cid: str, phase: str) -> None:
    with open_store(folder) as store:
        store.complaints.get(cid)
        die_at(phase)
        store.complaints.append(cid, event("never acknowledged"))
    os._exit(3)  # not reached: the write above kills us


@pytest.mark.embedded_only
@pytest.mark.parametrize("phase, versions", [
    ("half way through the temp file", {1}),
    ("before the temp file is fsynced", {1}),
    ("before the rename", {1}),
    ("after the rename, before the folder fsync", {2}),  # the rename is done; only power loss could undo it
])
def test_a_writer_killed_at_each_step_of_a_write_leaves_a_whole_file(folder, phase, versions):
    with open_store(folder) as store:
        cid = store.complaints.create(landlord="torus", customer_id="U-1", events=[event("received")])
    child = FORK.Process(target=append_then_die, args=(folder, cid, phase))
    child.start()
    child.join()
    assert child.exitcode == -signal.SIGKILL
    assert_all_valid_json(folder)
    with open_store(folder) as store:
        assert store.complaints.get(cid).version in versions
        assert store.complaints.append(cid, event("after the crash")).version == max(versions) + 1
