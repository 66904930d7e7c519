"""Crash soak: SIGKILL a store writer at random moments many times; count what survives.

The test suite does this 60 times; this runs it longer (default 500 kills) and prints how
many kills there were, how many writes were acknowledged, and how many of those were lost
(which must be 0), plus whether every file still parses.

    .venv/bin/python bench/store_crash.py [--kills 500]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import signal
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from portal.store import Store  # noqa: E402

FORK = multiprocessing.get_context("fork")


def _event(n: int) -> dict:
    return {"kind": "note", "on": "2025-12-01", "by": "U-1", "data": {"text": f"note {n}"}, "at": ""}


def keep_writing(folder: Path, conn, seed: int) -> None:
    """Append, create and update in a tight loop, reporting each acknowledged write, until killed."""
    rng = random.Random(seed)
    store = Store(folder)
    cid = None
    for n in range(1_000_000):
        if cid is None or rng.random() < 0.2:
            cid = store.complaints.create(landlord="torus", customer_id=f"U-{rng.randrange(50)}",
                                          events=[_event(n)])
            conn.send(("complaint", cid, 1))
        else:
            conn.send(("complaint", cid, store.complaints.append(cid, _event(n)).version))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--kills", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(11)
    acked: dict[str, int] = {}
    kills = 0
    began = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        for round_ in range(args.kills):
            receive, send = FORK.Pipe(duplex=False)
            child = FORK.Process(target=keep_writing, args=(folder, send, round_))
            child.start()
            send.close()
            for _ in range(rng.randint(1, 20)):
                _, key, version = receive.recv()
                acked[key] = max(version, acked.get(key, 0))
            spin_until = time.perf_counter() + rng.uniform(0, 0.003)
            while time.perf_counter() < spin_until:
                pass
            os.kill(child.pid, signal.SIGKILL)
            child.join()
            kills += child.exitcode == -signal.SIGKILL
            while True:
                try:
                    _, key, version = receive.recv()
                except EOFError:
                    break
                acked[key] = max(version, acked.get(key, 0))
            receive.close()
        bad_files, files = 0, list(folder.rglob("*.json"))
        assert files, "no store files found to check"
        for path in files:
            try:
                json.loads(path.read_bytes())
            except ValueError:
                bad_files += 1
        with Store(folder) as store:
            lost = sum(1 for key, version in acked.items()
                       if (record := store.complaints.get(key)) is None or record.version < version)
            events = sum(acked.values())
    print(f"kills: {kills} in {time.perf_counter() - began:.1f} s")
    print(f"complaints acknowledged: {len(acked):,}; events acknowledged: {events:,}")
    print(f"acknowledged writes lost: {lost}; unreadable files: {bad_files} of {len(files)}")
    return 1 if lost or bad_files else 0


if __name__ == "__main__":
    sys.exit(main())
