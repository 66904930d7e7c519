"""Back up and restore a store folder: a consistent snapshot taken while the server writes.

Every write replaces whole files by rename and holds the store's snapshot barrier
(`files.Barrier`) shared, so a snapshot closes the barrier, hard-links every file into a
staging folder inside the store (milliseconds: no data is copied), opens the barrier
again and only then copies the staging folder to its destination. What it holds is the
store at one instant: every write acknowledged before the snapshot began, nothing half
written. Access logs are appended to in place, so they are copied, not linked: lines
written during the copy may be in the backup too.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from portal.store.errors import StoreError
from portal.store.files import Barrier, sync_folder
from portal.store.layout import holds_data
from portal.store.manifest import NAME as MANIFEST

_SKIP_SUFFIXES = (".lock", ".tmp", ".gate", ".barrier")
_APPENDED = "access"  # folders whose files grow in place


@dataclass(frozen=True)
class Copied:
    """What a backup or restore copied."""

    files: int
    bytes: int


def backup(store: Path, dest: Path) -> Copied:
    """Snapshot the store folder into `dest` (which must not exist yet, or be empty)."""
    _require_store(store)
    _require_empty(dest)
    staging = store / f".snapshot-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        with Barrier(store).alone():
            for path in _files(store, skip=_APPENDED):
                target = staging / path.relative_to(store)
                target.parent.mkdir(parents=True, exist_ok=True)
                os.link(path, target)
        copied = _copy_tree(staging, dest)
        for path in _files(store / _APPENDED):
            copied = _add(copied, _copy_file(path, dest / path.relative_to(store)))
        _sync_tree(dest)
        return copied
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def restore(src: Path, dest: Path) -> Copied:
    """Copy a backup into `dest`: a new folder, an empty one, or a new store holding no records yet.

    Never over a store that holds data: that is refused, and nothing is changed.
    """
    _require_store(src)
    if (dest / "store.json").is_file() and not holds_data(dest):
        for entry in list(dest.iterdir()):  # a store just opened on an empty folder: only its empty frame
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    _require_empty(dest)
    copied = _copy_tree(src, dest)
    _sync_tree(dest)
    return copied


def _require_store(folder: Path) -> None:
    for name in ("store.json", MANIFEST):
        if not (folder / name).is_file():
            raise StoreError(f"{folder} is not a store folder: it has no {name}")


def _require_empty(folder: Path) -> None:
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StoreError(f"{folder} is not an empty folder: choose a new one, nothing is overwritten")


def _files(root: Path, skip: str = "") -> list[Path]:
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".snapshot-") and not (folder == str(root) and d == skip)]
        found += [Path(folder) / n for n in names if not n.endswith(_SKIP_SUFFIXES) and not n.startswith(".")]
    return sorted(found)


def _copy_file(path: Path, target: Path) -> Copied:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    return Copied(1, target.stat().st_size)


def _copy_tree(src: Path, dest: Path) -> Copied:
    copied = Copied(0, 0)
    dest.mkdir(parents=True, exist_ok=True)
    for path in _files(src):
        copied = _add(copied, _copy_file(path, dest / path.relative_to(src)))
    return copied


def _add(a: Copied, b: Copied) -> Copied:
    return Copied(a.files + b.files, a.bytes + b.bytes)


def _sync_tree(root: Path) -> None:
    for folder, _dirs, _names in os.walk(root):
        sync_folder(Path(folder))
    sync_folder(root.parent)
