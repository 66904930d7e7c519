"""Backup while writers write, then restore: every write acknowledged before the snapshot began is back."""

from __future__ import annotations

import os
import signal

import pytest
from store_helpers import event, open_store
from test_store_processes import FORK, check_acknowledged, keep_writing

from portal.store import StoreError
from portal.store.backup import backup, restore
from portal.store.check import check_files

pytestmark = pytest.mark.embedded_only  # the embedded store's files; PostgreSQL is backed up by pg_dump


def _drain(receive, acked: dict, count: int | None = None) -> None:
    got = 0
    while count is None or got < count:
        if count is None and not receive.poll():
            return
        kind, key, version = receive.recv()
        acked[kind, key] = max(version, acked.get((kind, key), 0))
        got += 1


def test_a_backup_under_write_load_restores_every_write_acknowledged_before_it(folder, tmp_path):
    open_store(folder).close()
    pipes, writers = [], []
    for seed in range(2):
        receive, send = FORK.Pipe(duplex=False)
        child = FORK.Process(target=keep_writing, args=(folder, send, seed))
        child.start()
        send.close()
        pipes.append(receive)
        writers.append(child)
    acked: dict = {}
    try:
        for receive in pipes:
            _drain(receive, acked, 40)
        for receive in pipes:
            _drain(receive, acked)  # everything acknowledged so far: the snapshot begins after this
        before = dict(acked)
        copied = backup(folder, tmp_path / "backup")
        for receive in pipes:
            _drain(receive, acked, 5)  # the writers carried on through the snapshot
    finally:
        for child in writers:
            os.kill(child.pid, signal.SIGKILL)
            child.join()
    assert copied.files > 5 and len(acked) > len(before)
    restore(tmp_path / "backup", tmp_path / "restored")
    check_acknowledged(tmp_path / "restored", before)
    with open_store(tmp_path / "restored") as store:
        assert check_files(store) == []


def test_restore_refuses_a_folder_holding_a_store(folder, tmp_path):
    with open_store(folder) as store:
        store.complaints.create(landlord="torus", customer_id="U-1", events=[event()])
    backup(folder, tmp_path / "backup")
    with pytest.raises(StoreError, match="not an empty folder"):
        restore(tmp_path / "backup", folder)
    with pytest.raises(StoreError, match="not an empty folder"):
        backup(folder, tmp_path / "backup")
    with pytest.raises(StoreError, match="not a store folder"):
        restore(tmp_path, tmp_path / "elsewhere")


def test_restore_after_losing_a_file_brings_back_every_record(folder, tmp_path):
    with open_store(folder) as store:
        ids = [store.complaints.create(landlord="torus", customer_id="U-1", events=[event()]) for _ in range(9)]
    backup(folder, tmp_path / "backup")
    sorted((folder / "complaints").glob("*.json"))[1].unlink()
    open_store(tmp_path / "fresh").close()  # a new, empty store in the folder to restore into
    restore(tmp_path / "backup", tmp_path / "fresh")
    with open_store(tmp_path / "fresh") as store:
        assert store.complaints.ids() == ids
        assert store.complaints.create(landlord="torus", customer_id="U-1", events=[]) not in ids
